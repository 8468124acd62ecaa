"""The send loop: claim deliveries under a lease, send each when the pacer allows, record it.

Durability comes from the store (bot/store/deliveries.py): a claimed row carries a short lease
that this sender renews while it holds the row, and every outcome is committed right after its
send (a ``Batcher`` groups the commits of sends that finish together). At most ``in_flight``
rows are held at once, so a crash (SIGKILL, a lost host) can leave at
most that many sends whose outcome was never recorded; their leases expire, another run claims
them again and the store counts them as possible duplicates. ``stop`` drains: no new claims,
rows still waiting for their turn are released for the next run, sends already on the wire
finish and are recorded.

Error decisions come from outcomes.py and failures.py, timing from pacing.py, leases from
leases.py; reports are someone else's job (broadcaster.py is told through ``on_end`` when a
campaign ends).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.broadcast.cache import CampaignCache
from bot.broadcast.campaigns import text_for
from bot.broadcast.failures import EndHandler, Failures, TextKey
from bot.broadcast.leases import Leases
from bot.broadcast.outcomes import classify
from bot.broadcast.pacing import Pacer
from bot.clock import Clock, utc_now
from bot.store import Campaign, Delivery, Store
from bot.store.batches import Batcher

logger = logging.getLogger(__name__)

LEASE_SECONDS = 6.0
IDLE_POLL = 1.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def in_flight_for(rate: float) -> int:
    """How many sends to keep in flight: about 0.3 s of sending, at least 4, at most 200."""
    return max(4, min(200, round(rate * 0.3)))


class Sender:
    """Sends every claimable delivery of unfinished campaigns (or of one campaign)."""

    def __init__(
        self,
        bot: Bot,
        store: Store,
        pacer: Pacer,
        *,
        worker: str,
        in_flight: int,
        lease_seconds: float = LEASE_SECONDS,
        paid: bool = False,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        campaign_id: int | None = None,
        clock: Clock = utc_now,
        on_end: EndHandler | None = None,
    ) -> None:
        self.bot = bot
        self.store = store
        self.pacer = pacer
        self.worker = worker
        self.in_flight = in_flight
        self.paid = paid
        self.campaign_id = campaign_id
        self.clock = clock
        self.on_end = on_end
        self.sent = 0
        self.leases = Leases(store, worker=worker, seconds=lease_seconds, clock=clock)
        self.failures = Failures(
            store, pacer, clock=clock, backoff=backoff, max_backoff=max_backoff, on_end=on_end
        )
        self.campaigns = CampaignCache(store)
        # Group commit of successful sends: one transaction for every send that finished
        # meanwhile. The row stays held (its lease renewed) until its batch commits, so the
        # in-flight bound, and with it the duplicate bound after a crash, is unchanged.
        self._recorded: Batcher[tuple[int, int | None], None] = Batcher(self._record_sent)
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Look for new work now (a campaign was just created)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop claiming; ``run`` returns once the rows it holds are sent or released."""
        self._stopping.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        """Whether ``stop`` was called."""
        return self._stopping.is_set()

    async def run(self, *, until_done: bool = False) -> None:
        """Send until stopped, or (``until_done``) until no unfinished campaign is left."""
        renewing = asyncio.create_task(self.leases.keep_alive(), name="memoria-lease-renewal")
        try:
            await self._loop(until_done=until_done)
        finally:
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing

    async def _loop(self, *, until_done: bool) -> None:
        refill_at = max(1, self.in_flight // 2)
        while not self.stopping:
            if not await self.pacer.wait_unpaused(self._stopping):
                break
            free = self.in_flight - len(self._tasks)
            if free < refill_at and self._tasks:
                await asyncio.wait(self._tasks, return_when=asyncio.FIRST_COMPLETED)
                continue
            rows = await self.store.deliveries.claim(
                worker=self.worker,
                limit=free,
                lease_seconds=self.leases.seconds,
                now=self.clock(),
                campaign_id=self.campaign_id,
            )
            for row in rows:
                self.leases.hold(row.id)
                task = asyncio.create_task(self._deliver(row))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if rows:
                continue
            if self._tasks:
                await asyncio.wait(
                    self._tasks, timeout=IDLE_POLL, return_when=asyncio.FIRST_COMPLETED
                )
                continue
            await self._end_campaigns()
            if until_done and not await self._unfinished():
                break
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), IDLE_POLL)

    async def _unfinished(self) -> list[Campaign]:
        found = await self.store.campaigns.unfinished()
        if self.campaign_id is not None:
            found = [c for c in found if c.id == self.campaign_id]
        return found

    async def _end_campaigns(self) -> None:
        """Finish every unfinished campaign with nothing pending, and report it once."""
        for campaign in await self._unfinished():
            progress = await self.store.campaigns.progress(campaign.id)
            if progress.pending == 0 and await self.store.campaigns.finish(
                campaign.id, self.clock()
            ):
                logger.info("event=campaign_finished campaign=%s", campaign.id)
                if self.on_end is not None:
                    await self.on_end(campaign, None)

    async def _deliver(self, row: Delivery) -> None:
        try:
            await self._send(row)
        except Exception:
            # The row keeps its lease until it expires; then it is claimed and sent again.
            logger.exception("event=delivery_crashed delivery=%s", row.id)
        finally:
            self.leases.let_go(row.id)

    async def _send(self, row: Delivery) -> None:
        campaign = await self.campaigns.campaign(row.campaign_id)
        if campaign is None:
            return
        key = (campaign.id, row.language)
        if not await self.pacer.acquire(row.chat_id, row.chat_type, self._stopping):
            await self._release(row, "sender stopped")
            return
        if campaign.id in self.failures.stopped:
            await self._release(row, "campaign stopped")
            return
        probing = self.failures.probe(key)
        if probing is not None:
            # This text just failed for its own sake: send one at a time until one succeeds.
            async with probing:
                await self._attempt(row, campaign, key)
        else:
            await self._attempt(row, campaign, key)

    async def _attempt(self, row: Delivery, campaign: Campaign, key: TextKey) -> None:
        if campaign.id in self.failures.stopped:
            await self._release(row, "campaign stopped")
            return
        try:
            # The raw result, not PTB's Message: the sender needs only the message id, and
            # parsing every reply into a Message was a fifth of the sender's CPU at 1,000/s
            # (bench/README.md, "Broadcast"). Errors still come as PTB's TelegramErrors.
            # Bot API method names are case-insensitive; PTB warns when do_api_request names a
            # method it has (sendMessage), and "sendmessage" needs no process-wide filter.
            message = await self.bot.do_api_request(
                "sendmessage",
                api_kwargs={
                    "chat_id": row.chat_id,
                    "text": text_for(campaign, row.language),
                    "parse_mode": ParseMode.HTML,
                    "reply_markup": self.campaigns.keyboard(campaign, row.language),
                    "link_preview_options": NO_PREVIEW,
                    "allow_paid_broadcast": True if self.paid else None,
                },
            )
        except TelegramError as error:
            await self.failures.record(row, campaign, key, classify(error))
            return
        await self._recorded.submit((row.id, message["message_id"]))
        self.sent += 1
        self.failures.succeeded(key)

    async def _record_sent(self, sent: Sequence[tuple[int, int | None]]) -> list[None]:
        await self.store.deliveries.mark_sent_many(list(sent), self.clock())
        return [None] * len(sent)

    async def _release(self, row: Delivery, reason: str) -> None:
        """Give a row back untouched: the next claim (here or in another run) sends it."""
        await self.store.deliveries.retry_later(
            row.id, self.clock(), reason, maybe_delivered=False
        )
