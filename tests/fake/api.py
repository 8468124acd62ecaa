"""``FakeTelegram``: the fake Bot API that tests start, feed, break and read.

PTB talks to it exactly as it talks to api.telegram.org (``base_url=fake.base_url``); tests queue
updates, inject faults and assert on the recorded calls. Each request is recorded and its fault
picked as it arrives; ``latency`` and ``timeout()`` faults then wait with ``asyncio.sleep`` on the
server's loop, and the method runs under the state's lock. Tests read and change the same state
from their own threads.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import threading
import traceback
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Final, Self

from aiohttp import web

from tests.fake.errors import NOT_FOUND, UNAUTHORIZED, ApiError, Fault, JSONDict
from tests.fake.methods import METHODS, POLL, State, canonical
from tests.fake.objects import DEFAULT_BOT_ID, DEFAULT_BOT_NAME, DEFAULT_BOT_USERNAME, bot_user
from tests.fake.params import read_params
from tests.fake.polling import Updates
from tests.fake.recording import Recorder
from tests.fake.server import ServerThread

DEFAULT_TOKEN: Final = "123456789:AAFakeTokenForMemoriaTests_0123456789"

_PATH: Final = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?")
_INTERNAL: Final = Fault(500, "Internal Server Error: the fake failed")

Answer = tuple[int, JSONDict]
"""An HTTP status and the JSON body."""


class FakeTelegram(Recorder):
    """A Bot API server on 127.0.0.1, answering from its own thread; see the module docstring.

    Args:
        token: the only token it accepts (others get 401 Unauthorized).
        username: the bot's username; ``first_name`` its name.
        latency: seconds every call waits before it is answered; tests may change it any time.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = DEFAULT_BOT_USERNAME,
        first_name: str = DEFAULT_BOT_NAME,
        latency: float = 0.0,
    ) -> None:
        lock = threading.RLock()
        super().__init__(lock)
        self.token = token
        prefix = token.split(":", 1)[0]
        bot_id = int(prefix) if prefix.isdigit() else DEFAULT_BOT_ID
        self.bot_user = bot_user(bot_id, username, first_name)
        self.latency = latency
        self.internal_errors: list[str] = []
        self._lock = lock
        self._updates = Updates(lock)
        self._state = State(bot=self.bot_user, updates=self._updates)
        self._server: ServerThread | None = None

    # Lifecycle

    def start(self) -> Self:
        """Listen on a free loopback port."""
        if self._server is not None:
            raise RuntimeError("FakeTelegram is already running")
        server = ServerThread(self._handle, name="faketelegram")
        server.start()
        self._updates.open(server.loop)
        self._server = server
        return self

    def stop(self) -> None:
        """Answer waiting polls, close every connection and join the server's thread."""
        server = self._server
        if server is None:
            return
        self._updates.close()
        server.stop()
        self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not running")
        return self._server.port

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` takes; PTB appends ``<token>/<method>``."""
        return f"http://127.0.0.1:{self.port}/bot"

    # State tests read and set

    def messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """The bot's messages as Telegram now stores them: delivered, edited."""
        with self._lock:
            return [
                copy.deepcopy(message)
                for (chat, _), message in self._state.messages.items()
                if chat_id is None or chat == chat_id
            ]

    def set_admins(
        self, chat_id: int, user_ids: Iterable[int], *, creator: int | None = None
    ) -> None:
        """Who getChatMember reports as administrator (and creator) of ``chat_id``."""
        statuses = {user_id: "administrator" for user_id in user_ids}
        if creator is not None:
            statuses[creator] = "creator"
        with self._lock:
            self._state.statuses[chat_id] = statuses

    def push_update(self, update: Mapping[str, Any]) -> int:
        """Queue an update for getUpdates; assign ``update_id`` if missing and return it."""
        return self._updates.push(update)

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by an ``offset``."""
        return self._updates.pending

    @property
    def webhook(self) -> Mapping[str, Any]:
        """The parameters of the last setWebhook ({} when none is set)."""
        return self._updates.webhook

    # Requests (on the server's loop)

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            status, body = await self._answer(request)
        except ConnectionError:
            return web.Response(status=400)  # the client hung up mid-request: nobody reads this
        except Exception:
            self.internal_errors.append(traceback.format_exc())
            status, body = _INTERNAL.error_code, _INTERNAL.body()
        data = json.dumps(body, ensure_ascii=False).encode()
        return web.Response(body=data, status=status, content_type="application/json")

    async def _answer(self, request: web.Request) -> Answer:
        """Record the call, pick its fault, wait, then run its method or answer the fault."""
        match = _PATH.fullmatch(request.path)
        if match is None:
            return _error(NOT_FOUND)
        method = canonical(match["method"])
        try:
            params = await read_params(request)
        except ApiError as exc:
            return _error(exc.fault)
        self.record(method, params)
        if match["token"] != self.token:
            return _error(UNAUTHORIZED)
        fault = self.pick_fault(method, params)
        delay = self.latency + (fault.delay if fault else 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is not None and fault.error_code:
            return _error(fault)
        try:
            result = await self._run(method, params, request)
        except ApiError as exc:
            return _error(exc.fault)
        return 200, {"ok": True, "result": result}

    async def _run(self, method: str, params: Mapping[str, Any], request: web.Request) -> Any:
        if method == POLL:
            return await self._updates.poll(params, gone=lambda: _gone(request))
        run = METHODS.get(method)
        if run is None:
            raise ApiError(NOT_FOUND)
        with self._lock:
            return run(self._state, params)


def _error(fault: Fault) -> Answer:
    return fault.error_code, fault.body()


def _gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()
