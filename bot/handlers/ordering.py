"""Updates from different chats are handled at the same time; one chat's, in the order they came.

PTB handles updates one after another by default, so every reply waits for the previous one's
round trip to Telegram and to the database. ``ChatOrderedProcessor`` lets up to
``max_concurrent_updates`` run at once while keeping each chat's updates in arrival order: a
user who sends two questions gets two answers in that order, and a button pressed after a
command sees that command's effect. Inline queries have no chat; they are ordered by their user.

Order is fixed when an update starts: PTB starts update tasks in arrival order, and each takes
its place in its chat's queue before it first waits. An update that waits for an earlier one of
its chat holds one of the concurrent slots while it waits.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Enough to overlap many round trips to Telegram; each in-flight update costs a few kilobytes.
DEFAULT_CONCURRENCY = 64


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one (see the module docstring)."""

    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        super().__init__(max_concurrent_updates)
        # The last update queued per chat: the next one of that chat waits for it to finish.
        self._last: dict[int, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's previous update, then run this one."""
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        previous = self._last.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[key] = done
        try:
            if previous is not None:
                try:
                    await asyncio.shield(previous)  # a cancelled waiter must not cancel the chain
                except asyncio.CancelledError:
                    if inspect.iscoroutine(coroutine):
                        coroutine.close()  # never started: close it so nothing warns
                    raise
            await coroutine
        finally:
            # The next update of this chat starts only when this one and every earlier one
            # are over, even if this one was cancelled while it waited.
            if previous is None or previous.done():
                self._finish(key, done)
            else:
                previous.add_done_callback(lambda _: self._finish(key, done))

    def _finish(self, key: int, done: asyncio.Future[None]) -> None:
        done.set_result(None)
        if self._last.get(key) is done:
            del self._last[key]

    @property
    def chats_in_flight(self) -> int:
        """How many chats have an update running or queued (tests read it)."""
        return len(self._last)

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for running updates before it shuts down."""


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
