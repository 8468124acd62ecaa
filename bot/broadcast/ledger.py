"""Group commit of successful sends: one transaction for every send that finished meanwhile.

A sender commits each outcome right after its send, but one transaction per message caps a
broadcast at what the database commits per second (SQLite takes one writer at a time). Here a
successful send waits for the next flush, and each flush commits everything that arrived while
the previous one ran: no added delay when idle, fewer transactions under load. The row stays
held (and its lease renewed) until its flush commits, so the in-flight bound, and with it the
duplicate bound after a crash, is unchanged. Failures are rare and stay one transaction each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from bot.store import Store

MAX_BATCH = 500


class Ledger:
    """Records successful sends in groups; ``sent`` returns once the outcome is committed."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock
        self._waiting: list[tuple[int, int | None, asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def sent(self, delivery_id: int, message_id: int | None) -> None:
        """Record one successful send; raises what the database raised, if it failed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((delivery_id, message_id, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        await future

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                await self.store.mark_sent_many([(d, m) for d, m, _ in batch], self.clock())
            except Exception as error:
                for *_, future in batch:
                    if not future.done():
                        future.set_exception(error)
            else:
                for *_, future in batch:
                    if not future.done():
                        future.set_result(None)
