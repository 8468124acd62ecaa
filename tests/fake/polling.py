"""How updates reach the bot: queued for getUpdates (long polling), or pushed to a webhook.

Tests push updates from their own threads; long polls wait on the server's event loop. A poll
waits on a future that ``push`` resolves from any thread (``loop.call_soon_threadsafe``), so no
thread sleeps and an update is answered as soon as it is queued. As on the real server, a newer
getUpdates ends the one still waiting (409 Conflict), an ``offset`` confirms what came before it,
and getUpdates is refused while a webhook is set. ``post_update`` pushes an update to a webhook
as Telegram does, with the secret given to setWebhook in ``X-Telegram-Bot-Api-Secret-Token``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, Final

import aiohttp

from tests.fake.errors import ApiError, Fault, JSONDict, bad_request

CONFLICT_POLLING: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
# What the server leaves out when allowed_updates was never set or set to [].
NOT_BY_DEFAULT: Final = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# How often a waiting poll checks that its client is still connected.
GONE_CHECK_SECONDS: Final = 0.1

_SECRET: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")

Gone = Callable[[], bool]
"""Whether the client has closed its connection since the request arrived."""


class Updates:
    """Queued updates, waiting long polls and the webhook; safe to use from any thread.

    Args:
        lock: the lock of the fake's whole state.
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._queued: list[JSONDict] = []
        self._last_id = 0
        self._allowed: frozenset[str] = frozenset()
        self._generation = 0
        self._webhook: JSONDict = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: set[asyncio.Future[None]] = set()  # touched on the loop's thread only
        self._closed = False

    def open(self, loop: asyncio.AbstractEventLoop) -> None:
        """Serve long polls on ``loop``."""
        with self._lock:
            self._loop, self._closed = loop, False

    def close(self) -> None:
        """Answer every waiting poll now, with what is queued."""
        with self._lock:
            self._closed = True
        self._notify()

    def push(self, update: Mapping[str, Any]) -> int:
        """Queue an update; assign ``update_id`` if missing and return it."""
        queued = copy.deepcopy(dict(update))
        with self._lock:
            update_id = queued.get("update_id")
            if update_id is None:
                update_id = self._last_id + 1
            elif update_id <= self._last_id:
                raise ValueError(f"update_id {update_id} is not above the last ({self._last_id})")
            queued["update_id"] = self._last_id = update_id
            self._queued.append(queued)
        self._notify()
        return int(update_id)

    @property
    def pending(self) -> int:
        """Updates queued and not yet confirmed by an ``offset``."""
        with self._lock:
            return len(self._queued)

    @property
    def webhook(self) -> JSONDict:
        """The parameters of the last setWebhook ({} when none is set)."""
        with self._lock:
            return dict(self._webhook)

    async def poll(self, params: Mapping[str, Any], gone: Gone) -> list[JSONDict]:
        """getUpdates: what is queued, or wait up to ``timeout`` seconds for something."""
        loop = asyncio.get_running_loop()
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = loop.time() + float(params.get("timeout") or 0)
        with self._lock:
            if self._webhook:
                raise ApiError(Fault(409, CONFLICT_WEBHOOK))
            self._generation += 1
            generation = self._generation
            self._set_allowed(params.get("allowed_updates"))
            self._confirm(params.get("offset"))
        self._wake()  # the poll waiting until now ends with a conflict
        while True:
            with self._lock:
                if self._generation != generation:
                    raise ApiError(Fault(409, CONFLICT_POLLING))
                self._queued = [u for u in self._queued if self._is_allowed(u)]
                remaining = deadline - loop.time()
                if self._queued or remaining <= 0 or self._closed or gone():
                    return copy.deepcopy(self._queued[:limit])
            waiter = loop.create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, min(remaining, GONE_CHECK_SECONDS))
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(waiter)

    def set_webhook(self, params: Mapping[str, Any]) -> bool:
        """setWebhook: any URL, even plain http (the real server wants https on a few ports)."""
        if not params.get("url"):
            return self.delete_webhook(params)
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        with self._lock:
            self._webhook = {key: value for key, value in params.items() if key != "certificate"}
            self._set_allowed(params.get("allowed_updates"))
            if params.get("drop_pending_updates"):
                self._queued.clear()
        return True

    def delete_webhook(self, params: Mapping[str, Any]) -> bool:
        """deleteWebhook, and drop what is queued if asked."""
        with self._lock:
            self._webhook = {}
            if params.get("drop_pending_updates"):
                self._queued.clear()
        return True

    def _set_allowed(self, allowed: object) -> None:
        if isinstance(allowed, list):
            self._allowed = frozenset(allowed)

    def _is_allowed(self, update: Mapping[str, Any]) -> bool:
        kinds = [kind for kind in update if kind != "update_id"]
        if self._allowed:
            return any(kind in self._allowed for kind in kinds)
        return any(kind not in NOT_BY_DEFAULT for kind in kinds)

    def _confirm(self, offset: object) -> None:
        if isinstance(offset, int) and offset < 0:
            del self._queued[: max(len(self._queued) + offset, 0)]
        elif isinstance(offset, int):
            self._queued = [u for u in self._queued if u["update_id"] >= offset]

    def _notify(self) -> None:
        """Wake the waiting polls from any thread."""
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has ended: nothing waits
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()


async def post_update(
    url: str, update: Mapping[str, Any], secret_token: str | None = None
) -> tuple[int, str]:
    """POST ``update`` to a webhook as Telegram does; the status and body of its answer."""
    headers = {} if secret_token is None else {"X-Telegram-Bot-Api-Secret-Token": secret_token}
    timeout = aiohttp.ClientTimeout(total=5.0)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(url, json=update, headers=headers) as response,
    ):
        return response.status, await response.text()
