"""One ``Broadcaster`` per running bot: the background sender, the scheduler, and /broadcast.

``app`` creates it in post_init and ``start``s it when the bot really runs (``run``, either
mode): the sender resumes every unfinished campaign and the scheduler starts scheduled alerts.
``stop`` (post_stop) drains the sender. Handlers reach it through ``Deps.broadcasts`` for the
admins' /broadcast: ``prepare`` makes the previews, ``remember`` keeps the draft under its
confirmation message, ``confirm`` stores the campaign once (the key comes from that message, so
a double tap or a redelivered press finds it there) and follows its progress. Drafts live in
memory only: after a restart the admin is asked to send /broadcast again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.answer import Answer
from bot.broadcast import campaigns, progress, schedule
from bot.broadcast.campaigns import Draft, Problem
from bot.broadcast.pacing import Limits, Pacer
from bot.broadcast.sender import Sender, in_flight_for
from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Campaign, Store

logger = logging.getLogger(__name__)
DRAFTS_KEPT = 50
DRAFT_SECONDS = 6 * 3600.0
DRAIN_SECONDS = 15.0
# Paid broadcasts may go up to 1000 messages a second (Telegram's cap), free ones about 30.
PAID_RATE_CAP = 1000.0


def worker_name() -> str:
    """A name for this sender process, unique even for two on one host."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def limits_for(settings: Settings) -> Limits:
    """The pacing limits the settings ask for."""
    rate = min(settings.broadcast_rate, PAID_RATE_CAP)
    return Limits(rate=rate)


@dataclass(frozen=True, slots=True)
class Preparation:
    """What /broadcast shows: the previews, then ``confirm`` (a refusal when ``draft`` is None)."""

    previews: tuple[Answer, ...]
    confirm: Answer
    draft: Draft | None


class Broadcaster:
    """Sends campaigns in the background and answers the admins' /broadcast."""

    def __init__(
        self,
        bot: Bot,
        store: Store,
        knowledge: Knowledge,
        settings: Settings,
        *,
        limits: Limits | None = None,
        lease_seconds: float | None = None,
        backoff: float = 1.0,
        progress_every: float = progress.EDIT_EVERY,
        report_finished: bool = True,
        campaign_id: int | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.bot = bot
        self.clock = clock
        self.store = store
        self.knowledge = knowledge
        self.settings = settings
        self.limits = limits or limits_for(settings)
        self.pacer = Pacer(self.limits)
        self.progress_every = progress_every
        self.report_finished = report_finished
        extra = {} if lease_seconds is None else {"lease_seconds": lease_seconds}
        self.sender = Sender(
            bot,
            store,
            self.pacer,
            worker=worker_name(),
            in_flight=in_flight_for(self.limits.rate),
            paid=settings.paid_broadcast,
            backoff=backoff,
            campaign_id=campaign_id,
            clock=clock,
            on_end=self._ended,
            **extra,
        )
        self._drafts: OrderedDict[tuple[int, int], tuple[float, Draft]] = OrderedDict()
        self._followed: dict[int, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._sending: asyncio.Task[None] | None = None
        self._scheduled: set[str] = set()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, *, scheduler: bool = True) -> None:
        """Send in the background (resuming every unfinished campaign) and run the scheduler."""
        if self._sending is not None:
            return
        self._sending = asyncio.create_task(self.sender.run(), name="memoria-sender")
        if scheduler:
            self._spawn(self._schedule_forever())

    async def stop(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Stop claiming, let the sends on the wire finish, release the rest; then stop tasks."""
        self.sender.stop()
        if self._sending is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._sending), drain_seconds)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._sending is not None and not self._sending.done():
            self._sending.cancel()
            await asyncio.gather(self._sending, return_exceptions=True)

    async def run_until_done(self) -> None:
        """Send until no unfinished campaign is left (or ``stop``); for the command line."""
        await self.sender.run(until_done=True)
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, coroutine: object) -> None:
        assert asyncio.iscoroutine(coroutine)
        task: asyncio.Task[None] = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _schedule_forever(self) -> None:
        while True:
            try:
                created = await schedule.start_due(
                    self.store,
                    self.knowledge,
                    self.clock(),
                    bot_username=self.bot.username if self._has_username() else None,
                    handled=self._scheduled,
                )
                for campaign in created:
                    logger.info("event=scheduled_alert campaign=%s", campaign.id)
                if created:
                    self.sender.wake()
            except Exception:
                logger.exception("event=scheduler_failed")
            await asyncio.sleep(schedule.CHECK_EVERY)

    def _has_username(self) -> bool:
        try:
            return bool(self.bot.username)
        except RuntimeError:
            return False

    # -- /broadcast ----------------------------------------------------------------------------

    async def prepare(self, text: str, lang: str, *, bot_username: str | None) -> Preparation:
        """The previews of ``/broadcast TEXT`` and the confirmation (or a refusal) under them."""
        answerer = self.knowledge.answerer
        made = campaigns.draft_for(self.knowledge, text, bot_username=bot_username)
        if isinstance(made, Problem):
            return Preparation(
                (), answerer.alerts.refused(made.reason, lang, choices=made.choices), None
            )
        recipients = await campaigns.recipients(self.store, self.knowledge, made.audience)
        alert = self.knowledge.content.alerts.get(made.alert_id or "")
        as_of = alert.as_of if alert is not None else None
        stale = (
            campaigns.stale_days(
                alert, self.clock().date(), limit=self.settings.alert_stale_after_days
            )
            if alert is not None
            else None
        )
        confirm = answerer.alerts.broadcast_preview(
            lang,
            alert_id=made.alert_id,
            audience=made.audience,
            recipients=recipients,
            as_of=as_of,
            stale_days=stale,
        )
        return Preparation(made.previews, confirm, made)

    def remember(self, draft: Draft, *, chat_id: int, message_id: int) -> None:
        """Keep ``draft`` for the confirmation message ``message_id`` in ``chat_id``."""
        self._drafts[(chat_id, message_id)] = (time.monotonic(), draft)
        while len(self._drafts) > DRAFTS_KEPT:
            self._drafts.popitem(last=False)

    def cancel(self, *, chat_id: int, message_id: int, lang: str) -> Answer:
        """Forget a draft: the admin pressed cancel."""
        self._drafts.pop((chat_id, message_id), None)
        return self.knowledge.answerer.alerts.broadcast_cancelled(lang)

    async def confirm(
        self, *, chat_id: int, message_id: int, audience: str, lang: str, created_by: str
    ) -> Answer:
        """Store the campaign of a confirmed preview (once) and follow its progress."""
        answerer = self.knowledge.answerer
        kept = self._drafts.get((chat_id, message_id))
        if kept is None or time.monotonic() - kept[0] > DRAFT_SECONDS:
            return answerer.alerts.refused("expired", lang)
        draft = kept[1]
        if draft.audience is not None and audience != draft.audience:
            return answerer.alerts.refused("expired", lang)
        key = campaigns.origin_key("broadcast", chat_id, message_id)
        try:
            campaign, created = await campaigns.create(
                self.store,
                draft,
                audience=audience,
                key=key,
                created_by=created_by,
                now=self.clock(),
            )
        except ValueError:
            return answerer.alerts.refused("expired", lang)
        counts = await self.store.campaigns.progress(campaign.id)
        if created:
            logger.info("event=campaign_created campaign=%s total=%s", campaign.id, counts.total)
            self._followed[campaign.id] = chat_id
            self._spawn(
                progress.follow(
                    self.bot,
                    self.store,
                    self.knowledge,
                    campaign_id=campaign.id,
                    chat_id=chat_id,
                    message_id=message_id,
                    lang=lang,
                    clock=self.clock,
                    every=self.progress_every,
                )
            )
            self.sender.wake()
        context = progress.progress_context(
            campaign.id, counts, eta_seconds=None, already=not created
        )
        return answerer.alerts.broadcast_progress(context, lang)

    # -- reports -------------------------------------------------------------------------------

    async def report(self, campaign_id: int, lang: str) -> Answer | None:
        """The report of a campaign as it stands."""
        campaign = await self.store.campaigns.get(campaign_id)
        if campaign is None:
            return None
        counts = await self.store.campaigns.progress(campaign_id)
        context = progress.report_context(campaign, counts, self.clock())
        return self.knowledge.answerer.alerts.broadcast_report(context, lang)

    async def _ended(self, campaign: Campaign, stop_reason: str | None) -> None:
        """Tell the admins: always when a campaign stopped, and when one nobody follows ended."""
        follower = self._followed.pop(campaign.id, None)
        if stop_reason is None and (follower is not None or not self.report_finished):
            return
        answer = await self.report(campaign.id, self.settings.default_language)
        if answer is None:
            return
        for admin in sorted(self.settings.admin_ids):
            if admin == follower:
                continue  # the follower posts the report in that chat
            for chunk in self.knowledge.renderer.render(answer):
                # Reports count against Telegram's limits like any send: they wait their turn.
                await self.pacer.acquire(admin, "private")
                try:
                    await self.bot.send_message(admin, chunk, parse_mode=ParseMode.HTML)
                except TelegramError as error:
                    logger.warning("event=admin_report_failed kind=%s", type(error).__name__)
