"""HTTP/1.1 for the fake Bot API: one asyncio event loop in one daemon thread, JSON answers.

This module knows HTTP, not Telegram: ``faketelegram.py`` hands ``LoopbackServer`` an ``accept``
function and reads back a port. Each request is read with asyncio streams (request line, headers,
a ``Content-Length`` body; keep-alive as httpx expects) and given to ``accept``, which records it
and returns an ``Exchange``: how long to wait, then how to finish. Waits are ``asyncio.sleep``;
finishes that can block (a long poll) run in a worker thread; all others run inline on the loop,
which is what lets one thread serve thousands of requests a second to many connections at once.
"""

from __future__ import annotations

import asyncio
import json
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

Answer = tuple[int, dict[str, Any]]
"""An HTTP status and the JSON object sent as the body."""

Gone = Callable[[], bool]
"""Whether the client has closed its connection since the request arrived."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """What ``accept`` decided for one request: wait ``delay`` seconds, then call ``finish``.

    A ``blocking`` finish may wait (a long poll): it runs in a worker thread while the loop serves
    other connections. Any other finish runs on the loop's thread and must return at once.
    """

    finish: Callable[[Gone], Answer]
    delay: float = 0.0
    blocking: bool = False


Accept = Callable[[str, str, str, bytes], Exchange]
"""Record a request and decide its ``Exchange``: (path, query, content type, body)."""

# Long polls are the only blocking finishes, and a newer one ends the one waiting: few at a time.
MAX_WORKERS = 32

_PHRASES = {status.value: status.phrase for status in HTTPStatus}
_CLOSE = "Connection: close\r\n"


def _empty(status: int) -> bytes:
    phrase = _PHRASES[status]
    return f"HTTP/1.1 {status} {phrase}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()


class _BadRequest(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class LoopbackServer:
    """Serves ``accept`` on 127.0.0.1 from a daemon thread that runs its own event loop.

    Args:
        accept: records each request and decides its ``Exchange``; called on the loop's thread.
        on_error: receives the traceback of anything unexpected that ends a connection.
        name: the name of the thread (and the prefix of its workers).
    """

    def __init__(
        self, accept: Accept, *, on_error: Callable[[str], None], name: str = "fakeserver"
    ) -> None:
        self._accept = accept
        self._on_error = on_error
        self._name = name
        self._port = 0
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing: asyncio.Event | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._failure: BaseException | None = None

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> int:
        """Listen on a free loopback port; return it once connections are accepted."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        ready = threading.Event()
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._serve(ready),), name=self._name, daemon=True
        )
        self._thread.start()
        ready.wait()
        if self._failure is not None:
            self._thread.join()
            self._thread = None
            raise self._failure
        return self._port

    def stop(self) -> None:
        """Close the listener and every connection, then join the loop's thread and its workers.

        Long polls in worker threads must already have been told to return (the caller owns
        what they wait on); a worker still busy delays ``stop`` until it is done.
        """
        thread, loop, closing = self._thread, self._loop, self._closing
        if thread is None:
            return
        if loop is not None and closing is not None:
            loop.call_soon_threadsafe(closing.set)
        thread.join()
        self._thread = self._loop = self._closing = None

    async def _serve(self, ready: threading.Event) -> None:
        loop = asyncio.get_running_loop()
        # asyncio.run() joins the default executor's threads when the loop ends.
        loop.set_default_executor(
            ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix=f"{self._name}-worker")
        )
        self._loop, self._closing = loop, asyncio.Event()
        try:
            server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
            self._port = int(server.sockets[0].getsockname()[1])
        except BaseException as exc:
            self._failure = exc  # start() raises it in the caller's thread
            return
        finally:
            ready.set()
        await self._closing.wait()
        server.close()
        await asyncio.sleep(0)  # connections accepted just now start, and so can be cancelled
        for task in self._connections:
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await server.wait_closed()

    async def _connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            # asyncio sets TCP_NODELAY on its sockets: no delayed-ACK wait after each answer.
            while await self._exchange(reader, writer):
                pass
        except _BadRequest as exc:
            writer.write(_empty(exc.status))
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client closed mid-request (a read timeout, a cancelled poll, a kill)
        except Exception:
            self._on_error(traceback.format_exc())
        finally:
            self._connections.discard(task)
            writer.close()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Read one request and write its answer; whether the connection stays open."""
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lstrip("\r\n")
        lines = head.split("\r\n")
        request_line = lines[0].split(" ")
        if len(request_line) != 3:
            raise _BadRequest(400)
        verb, target, version = request_line
        headers = {}
        for line in lines[1:-2]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "transfer-encoding" in headers:
            raise _BadRequest(411)  # clients of the Bot API send Content-Length
        if verb not in ("GET", "POST"):
            raise _BadRequest(501)
        try:
            length = int(headers.get("content-length") or 0)
        except ValueError:
            raise _BadRequest(400) from None
        body = await reader.readexactly(length) if length > 0 else b""
        connection = headers.get("connection", "").lower()
        keep_alive = connection == "keep-alive" or (
            version == "HTTP/1.1" and connection != "close"
        )

        def gone() -> bool:
            # The loop keeps reading while a worker waits: a hang-up shows as EOF or an error.
            return reader.at_eof() or reader.exception() is not None

        path, _, query = target.partition("?")
        exchange = self._accept(path, query, headers.get("content-type", ""), body)
        if exchange.delay > 0:
            await asyncio.sleep(exchange.delay)
        if exchange.blocking:
            loop = asyncio.get_running_loop()
            status, payload = await loop.run_in_executor(None, exchange.finish, gone)
        else:
            status, payload = exchange.finish(gone)

        data = json.dumps(payload, ensure_ascii=False).encode()
        head = (
            f"HTTP/1.1 {status} {_PHRASES[status]}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n{'' if keep_alive else _CLOSE}\r\n"
        )
        writer.write(head.encode() + data)  # one write: one segment for the whole answer
        await writer.drain()
        return keep_alive
