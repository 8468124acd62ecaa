"""HTTP for the fake Bot API: an ``aiohttp.web`` application on 127.0.0.1, served from a thread.

This module knows HTTP, not Telegram: ``api.py`` gives ``ServerThread`` one request handler and
reads back a port. The thread runs its own event loop (the shape of httpx's ``serve_in_thread``
test server), so the fake answers while a test's own loop, or a test's thread, is blocked. One
loop serves every keep-alive connection; handlers that wait (``asyncio.sleep``, a long poll)
hold up no other request. ``stop()`` closes the listener and every connection, cancels handlers
still running after ``SHUTDOWN_SECONDS``, and joins the thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# How long stop() lets running handlers finish before cancelling them (a delayed answer).
SHUTDOWN_SECONDS: Final = 1.0


class ServerThread:
    """Serves ``handler`` for every path and HTTP verb on a free loopback port.

    Args:
        handler: answers one request; runs on the server's loop.
        name: the name of the thread.
    """

    def __init__(self, handler: Handler, *, name: str) -> None:
        self._handler = handler
        self._name = name
        self._port = 0
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._failure: BaseException | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The server's event loop; only while it runs."""
        if self._loop is None:
            raise RuntimeError("the server is not running")
        return self._loop

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
        """Close the listener and every connection, then join the thread."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None:
            loop.call_soon_threadsafe(stopping.set)
        thread.join()
        self._thread = self._loop = self._stopping = None

    async def _serve(self, ready: threading.Event) -> None:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._handler)
        # No access log: request lines carry the bot token.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        stopping = asyncio.Event()
        try:
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self._port = int(runner.addresses[0][1])
            self._loop, self._stopping = asyncio.get_running_loop(), stopping
        except BaseException as exc:
            self._failure = exc  # start() raises it in the caller's thread
            await runner.cleanup()
            return
        finally:
            ready.set()
        await stopping.wait()
        await runner.cleanup()
