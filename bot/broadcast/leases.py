"""The rows one sender holds, and the renewal of their leases while it holds them.

A claimed delivery carries a short lease (bot/store/deliveries.py). While a row waits for its
turn or is on the wire, this keeps the lease alive; once the outcome is committed the row is let
go. If the process dies, renewals stop, the leases expire and another run claims the rows again.
"""

from __future__ import annotations

import asyncio
import logging

from bot.clock import Clock
from bot.store import Store

logger = logging.getLogger(__name__)


class Leases:
    """The delivery ids this sender holds; ``keep_alive`` renews their leases until cancelled."""

    def __init__(self, store: Store, *, worker: str, seconds: float, clock: Clock) -> None:
        self.store = store
        self.worker = worker
        self.seconds = seconds
        self.clock = clock
        self._held: set[int] = set()

    def hold(self, delivery_id: int) -> None:
        """Start renewing this row's lease."""
        self._held.add(delivery_id)

    def let_go(self, delivery_id: int) -> None:
        """Stop renewing it: its outcome is recorded, or it is left for the lease to expire."""
        self._held.discard(delivery_id)

    async def keep_alive(self) -> None:
        """Renew every held lease three times per lease period, forever (cancel to stop)."""
        while True:
            await asyncio.sleep(self.seconds / 3)
            if not self._held:
                continue
            try:
                await self.store.deliveries.renew_leases(
                    worker=self.worker,
                    delivery_ids=sorted(self._held),
                    lease_seconds=self.seconds,
                    now=self.clock(),
                )
            except Exception:
                # The next renewal may succeed; if none does, the leases expire and another
                # run sends these rows (counted as possible duplicates).
                logger.warning("event=lease_renewal_failed", exc_info=True)
