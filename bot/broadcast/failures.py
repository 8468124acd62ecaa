"""What a failed send does to its delivery, its chat and its campaign.

``outcomes.classify`` says what an error means; this applies it: pause everything for a 429,
follow a migrated group, unsubscribe a chat that is gone, retry with backoff, and stop a
campaign whose own text fails (bad HTML, too long) ``STOP_AFTER`` times in a row for one
language. After such a failure, that language's sends go one at a time until one succeeds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.broadcast.outcomes import Failure
from bot.broadcast.pacing import Pacer
from bot.clock import Clock
from bot.store import Campaign, Delivery, Store

logger = logging.getLogger(__name__)

# Consecutive message-level 400s (bad HTML, too long) in one campaign and language that stop it.
STOP_AFTER = 3
MAX_ATTEMPTS = 8

EndHandler = Callable[[Campaign, str | None], Awaitable[None]]
TextKey = tuple[int, str]  # (campaign id, language): one text of one campaign


class Failures:
    """Records failed sends and keeps each campaign text's run of failures."""

    def __init__(
        self,
        store: Store,
        pacer: Pacer,
        *,
        clock: Clock,
        backoff: float,
        max_backoff: float,
        on_end: EndHandler | None,
    ) -> None:
        self.store = store
        self.pacer = pacer
        self.clock = clock
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.on_end = on_end
        self.stopped: set[int] = set()
        self._strikes: dict[TextKey, int] = {}
        self._probing: dict[TextKey, asyncio.Lock] = {}

    def probe(self, key: TextKey) -> asyncio.Lock | None:
        """The lock that serialises this text's sends after it failed for its own sake."""
        return self._probing.get(key)

    def succeeded(self, key: TextKey) -> None:
        """A send of this text went through: its run of failures is over."""
        self._strikes.pop(key, None)
        self._probing.pop(key, None)

    async def record(
        self, row: Delivery, campaign: Campaign, key: TextKey, failure: Failure
    ) -> None:
        """Apply ``failure`` to the row, its chat and its campaign."""
        now = self.clock()
        logger.info(
            "event=send_failed campaign=%s delivery=%s action=%s reason=%r",
            campaign.id,
            row.id,
            failure.action,
            failure.reason,
        )
        if failure.action == "pause":
            self.pacer.pause(failure.seconds)
            until = now + timedelta(seconds=failure.seconds)
            await self.store.deliveries.retry_later(
                row.id, until, failure.reason, maybe_delivered=False
            )
        elif failure.action == "migrate" and failure.new_chat_id is not None:
            if failure.new_chat_id == row.chat_id or row.attempts >= MAX_ATTEMPTS:
                await self.store.deliveries.mark_failed(row.id, failure.reason, now)
                return
            await self.store.chats.migrate(row.chat_id, failure.new_chat_id)
            # The row now names the new id; it is claimed again at once and sent there.
            await self.store.deliveries.retry_later(
                row.id, now, failure.reason, maybe_delivered=False
            )
        elif failure.action == "gone":
            await self.store.subscribers.deactivate(row.chat_id, failure.reason, now)
            await self.store.deliveries.mark_failed(row.id, failure.reason, now)
        elif failure.action == "campaign":
            await self.store.deliveries.mark_failed(row.id, failure.reason, now)
            await self._strike(campaign, key, failure.reason)
        elif failure.action == "retry" and row.attempts < MAX_ATTEMPTS:
            delay = min(self.max_backoff, self.backoff * 2 ** (row.attempts - 1))
            await self.store.deliveries.retry_later(
                row.id,
                now + timedelta(seconds=delay),
                failure.reason,
                maybe_delivered=failure.maybe_delivered,
            )
        else:
            reason = failure.reason
            if failure.action == "retry":
                reason = f"gave up after {row.attempts} attempts: {reason}"
            await self.store.deliveries.mark_failed(row.id, reason, now)

    async def _strike(self, campaign: Campaign, key: TextKey, reason: str) -> None:
        self._strikes[key] = self._strikes.get(key, 0) + 1
        self._probing.setdefault(key, asyncio.Lock())
        if self._strikes[key] < STOP_AFTER or campaign.id in self.stopped:
            return
        self.stopped.add(campaign.id)
        if await self.store.campaigns.stop(campaign.id, reason, self.clock()):
            logger.warning("event=campaign_stopped campaign=%s reason=%r", campaign.id, reason)
            if self.on_end is not None:
                stopped = await self.store.campaigns.get(campaign.id)
                await self.on_end(stopped or campaign, reason)
