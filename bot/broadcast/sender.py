"""The send loop: claim deliveries under a lease, send each when the pacer allows, record it.

Durability comes from the store (bot/store/deliveries.py): a claimed row carries a short lease
that this sender renews while it holds the row, and every outcome is committed right after its
send (ledger.py groups the commits of sends that finish together). At most ``in_flight``
rows are held at once, so a crash (SIGKILL, a lost host) can leave at
most that many sends whose outcome was never recorded; their leases expire, another run claims
them again and the store counts them as possible duplicates. ``stop`` drains: no new claims,
rows still waiting for their turn are released for the next run, sends already on the wire
finish and are recorded.

Error decisions come from outcomes.py and timing from pacing.py; reports are someone else's job
(broadcaster.py is told through ``on_end`` when a campaign ends).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.warnings import PTBUserWarning

from bot.broadcast.campaigns import stored_rows, text_for
from bot.broadcast.ledger import Ledger
from bot.broadcast.outcomes import Failure, classify, quiet_retry_after_warning
from bot.broadcast.pacing import Pacer
from bot.store import Campaign, Delivery, Store

logger = logging.getLogger(__name__)

LEASE_SECONDS = 6.0
# Consecutive message-level 400s (bad HTML, too long) in one campaign and language that stop it.
STOP_AFTER = 3
MAX_ATTEMPTS = 8
IDLE_POLL = 1.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

EndHandler = Callable[[Campaign, str | None], Awaitable[None]]


def utc_now() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


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
        clock: Callable[[], datetime] = utc_now,
        on_end: EndHandler | None = None,
    ) -> None:
        self.bot = bot
        self.store = store
        self.pacer = pacer
        self.worker = worker
        self.in_flight = in_flight
        self.lease_seconds = lease_seconds
        self.paid = paid
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.campaign_id = campaign_id
        self.clock = clock
        self.on_end = on_end
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._held: set[int] = set()
        self._campaigns: dict[int, Campaign] = {}
        # Built once per campaign and language, not once per send (PTB objects are immutable).
        self._keyboards: dict[tuple[int, str], InlineKeyboardMarkup | None] = {}
        self._stopped: set[int] = set()
        self._strikes: dict[tuple[int, str], int] = {}
        self._probing: dict[tuple[int, str], asyncio.Lock] = {}
        self.sent = 0
        self._ledger = Ledger(store, clock)
        self._loading = asyncio.Lock()

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
        quiet_retry_after_warning()
        _quiet_raw_send_warning()
        renewing = asyncio.create_task(self._renew_leases(), name="memoria-lease-renewal")
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
            rows = await self.store.claim(
                worker=self.worker,
                limit=free,
                lease_seconds=self.lease_seconds,
                now=self.clock(),
                campaign_id=self.campaign_id,
            )
            for row in rows:
                self._held.add(row.id)
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
        found = await self.store.unfinished_campaigns()
        if self.campaign_id is not None:
            found = [c for c in found if c.id == self.campaign_id]
        return found

    async def _end_campaigns(self) -> None:
        """Finish every unfinished campaign with nothing pending, and report it once."""
        for campaign in await self._unfinished():
            progress = await self.store.progress(campaign.id)
            if progress.pending == 0 and await self.store.finish_campaign(
                campaign.id, self.clock()
            ):
                logger.info("event=campaign_finished campaign=%s", campaign.id)
                if self.on_end is not None:
                    await self.on_end(campaign, None)

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            if not self._held:
                continue
            try:
                await self.store.renew_leases(
                    worker=self.worker,
                    delivery_ids=sorted(self._held),
                    lease_seconds=self.lease_seconds,
                    now=self.clock(),
                )
            except Exception:
                # The next renewal may succeed; if none does, the leases expire and another
                # run sends these rows (counted as possible duplicates).
                logger.warning("event=lease_renewal_failed", exc_info=True)

    async def _deliver(self, row: Delivery) -> None:
        try:
            await self._send(row)
        except Exception:
            # The row keeps its lease until it expires; then it is claimed and sent again.
            logger.exception("event=delivery_crashed delivery=%s", row.id)
        finally:
            self._held.discard(row.id)

    async def _campaign(self, campaign_id: int) -> Campaign | None:
        async with self._loading:  # one read per campaign, not one per waiting row
            if campaign_id not in self._campaigns:
                found = await self.store.campaign(campaign_id)
                if found is None:
                    return None
                self._campaigns[campaign_id] = found
        return self._campaigns[campaign_id]

    async def _send(self, row: Delivery) -> None:
        campaign = await self._campaign(row.campaign_id)
        if campaign is None:
            return
        key = (campaign.id, row.language)
        if not await self.pacer.acquire(row.chat_id, row.chat_type, self._stopping):
            await self._release(row, "sender stopped")
            return
        if campaign.id in self._stopped:
            await self._release(row, "campaign stopped")
            return
        if key in self._probing:
            # This text just failed for its own sake: send one at a time until one succeeds.
            async with self._probing[key]:
                await self._attempt(row, campaign, key)
        else:
            await self._attempt(row, campaign, key)

    def _keyboard(self, campaign: Campaign, lang: str) -> InlineKeyboardMarkup | None:
        key = (campaign.id, lang)
        if key not in self._keyboards:
            self._keyboards[key] = _build_keyboard(campaign, lang)
        return self._keyboards[key]

    async def _attempt(self, row: Delivery, campaign: Campaign, key: tuple[int, str]) -> None:
        if campaign.id in self._stopped:
            await self._release(row, "campaign stopped")
            return
        try:
            # The raw result, not PTB's Message: the sender needs only the message id, and
            # parsing every reply into a Message was a fifth of the sender's CPU at 1,000/s
            # (bench/README.md, "Broadcast"). Errors still come as PTB's TelegramErrors.
            message = await self.bot.do_api_request(
                "sendMessage",
                api_kwargs={
                    "chat_id": row.chat_id,
                    "text": text_for(campaign, row.language),
                    "parse_mode": ParseMode.HTML,
                    "reply_markup": self._keyboard(campaign, row.language),
                    "link_preview_options": NO_PREVIEW,
                    "allow_paid_broadcast": True if self.paid else None,
                },
            )
        except TelegramError as error:
            await self._failed(row, campaign, key, classify(error))
            return
        await self._ledger.sent(row.id, message["message_id"])
        self.sent += 1
        self._strikes.pop(key, None)
        self._probing.pop(key, None)

    async def _failed(
        self, row: Delivery, campaign: Campaign, key: tuple[int, str], failure: Failure
    ) -> None:
        now = self.clock()
        logger.info(
            "event=send_failed campaign=%s delivery=%s action=%s reason=%r",
            campaign.id, row.id, failure.action, failure.reason,
        )  # fmt: skip
        if failure.action == "pause":
            self.pacer.pause(failure.seconds)
            until = now + timedelta(seconds=failure.seconds)
            await self.store.retry_later(row.id, until, failure.reason, maybe_delivered=False)
        elif failure.action == "migrate" and failure.new_chat_id is not None:
            if failure.new_chat_id == row.chat_id or row.attempts >= MAX_ATTEMPTS:
                await self.store.mark_failed(row.id, failure.reason, now)
                return
            await self.store.migrate_chat(row.chat_id, failure.new_chat_id)
            # The row now names the new id; it is claimed again at once and sent there.
            await self.store.retry_later(row.id, now, failure.reason, maybe_delivered=False)
        elif failure.action == "gone":
            await self.store.deactivate(row.chat_id, failure.reason, now)
            await self.store.mark_failed(row.id, failure.reason, now)
        elif failure.action == "campaign":
            await self.store.mark_failed(row.id, failure.reason, now)
            await self._strike(campaign, key, failure.reason)
        elif failure.action == "retry" and row.attempts < MAX_ATTEMPTS:
            delay = min(self.max_backoff, self.backoff * 2 ** (row.attempts - 1))
            await self.store.retry_later(
                row.id,
                now + timedelta(seconds=delay),
                failure.reason,
                maybe_delivered=failure.maybe_delivered,
            )
        else:
            reason = failure.reason
            if failure.action == "retry":
                reason = f"gave up after {row.attempts} attempts: {reason}"
            await self.store.mark_failed(row.id, reason, now)

    async def _strike(self, campaign: Campaign, key: tuple[int, str], reason: str) -> None:
        self._strikes[key] = self._strikes.get(key, 0) + 1
        self._probing.setdefault(key, asyncio.Lock())
        if self._strikes[key] < STOP_AFTER or campaign.id in self._stopped:
            return
        self._stopped.add(campaign.id)
        if await self.store.stop_campaign(campaign.id, reason, self.clock()):
            logger.warning("event=campaign_stopped campaign=%s reason=%r", campaign.id, reason)
            if self.on_end is not None:
                stopped = await self.store.campaign(campaign.id)
                await self.on_end(stopped or campaign, reason)

    async def _release(self, row: Delivery, reason: str) -> None:
        """Give a row back untouched: the next claim (here or in another run) sends it."""
        await self.store.retry_later(row.id, self.clock(), reason, maybe_delivered=False)


def _quiet_raw_send_warning() -> None:
    # do_api_request suggests send_message for endpoints PTB knows; _attempt explains why not.
    warnings.filterwarnings(
        "ignore", message=r"Please use 'Bot\.sendMessage' instead", category=PTBUserWarning
    )


def _build_keyboard(campaign: Campaign, lang: str) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(b["text"], url=b["url"])
            if "url" in b
            else InlineKeyboardButton(b["text"], callback_data=b.get("data", ""))
            for b in row
        ]
        for row in stored_rows(campaign, lang)
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None
