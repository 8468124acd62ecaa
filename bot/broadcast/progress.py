"""How a campaign is going, for people: the progress line, its ETA, and the final report.

``progress_context`` and ``report_context`` turn the store's counts into template contexts;
``follow`` keeps one admin's progress message up to date (edited in place every few seconds)
and posts the report when the campaign ends. Sending deliveries is sender.py's job.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime

from telegram import Bot, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.answer.contexts import (
    BroadcastCounts,
    BroadcastProgressContext,
    BroadcastReportContext,
)
from bot.broadcast.campaigns import stored_title
from bot.clock import Clock
from bot.knowledge import Knowledge
from bot.store import Campaign, Progress, Store

logger = logging.getLogger(__name__)
EDIT_EVERY = 2.0


class Rate:
    """Settled deliveries per second, measured between successive looks at a campaign."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._first: tuple[float, int] | None = None
        self._last: tuple[float, int] | None = None

    def observe(self, progress: Progress) -> None:
        """Record how many deliveries are settled now."""
        point = (self._clock(), progress.total - progress.pending)
        if self._first is None:
            self._first = point
        self._last = point

    def eta_seconds(self, remaining: int) -> int | None:
        """Seconds to send ``remaining`` at the rate seen so far; None before any progress."""
        if self._first is None or self._last is None:
            return None
        elapsed = self._last[0] - self._first[0]
        done = self._last[1] - self._first[1]
        if elapsed <= 0 or done <= 0:
            return None
        return round(remaining / (done / elapsed))


def _counts(progress: Progress) -> BroadcastCounts:
    return BroadcastCounts(progress.total, progress.sent, progress.failed, progress.skipped)


def progress_context(
    campaign_id: int, progress: Progress, *, eta_seconds: int | None, already: bool = False
) -> BroadcastProgressContext:
    """The progress line's context."""
    return BroadcastProgressContext(
        campaign_id=campaign_id,
        counts=_counts(progress),
        remaining=progress.pending,
        eta_seconds=eta_seconds,
        already=already,
    )


def report_context(
    campaign: Campaign, progress: Progress, now: datetime
) -> BroadcastReportContext:
    """The final report's context."""
    ended = campaign.finished_at or campaign.stopped_at or now
    return BroadcastReportContext(
        campaign_id=campaign.id,
        title=stored_title(campaign),
        audience=campaign.audience,
        counts=_counts(progress),
        pending=progress.pending,
        possible_duplicates=progress.possible_duplicates,
        stop_reason=campaign.stop_reason if campaign.stopped_at is not None else None,
        elapsed_seconds=max(0, round((ended - campaign.created_at).total_seconds())),
    )


async def follow(
    bot: Bot,
    store: Store,
    knowledge: Knowledge,
    *,
    campaign_id: int,
    chat_id: int,
    message_id: int,
    lang: str,
    clock: Clock,
    every: float = EDIT_EVERY,
) -> None:
    """Edit the progress message until the campaign ends, then post its report below it."""
    rate = Rate()
    shown = ""
    while True:
        await asyncio.sleep(every)
        campaign = await store.campaigns.get(campaign_id)
        if campaign is None:
            return
        progress = await store.campaigns.progress(campaign_id)
        rate.observe(progress)
        context = progress_context(
            campaign_id, progress, eta_seconds=rate.eta_seconds(progress.pending)
        )
        text = knowledge.renderer.render(
            knowledge.answerer.alerts.broadcast_progress(context, lang)
        )[0]
        if text != shown:
            shown = text
            await _edit(bot, text, chat_id=chat_id, message_id=message_id)
        if not campaign.unfinished:
            answer = knowledge.answerer.alerts.broadcast_report(
                report_context(campaign, progress, clock()), lang
            )
            for chunk in knowledge.renderer.render(answer):
                await bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_parameters=ReplyParameters(message_id, allow_sending_without_reply=True),
                )
            return


async def _edit(bot: Bot, text: str, *, chat_id: int, message_id: int) -> None:
    """Edit the progress message; a failed edit is logged, never raised (sending goes on)."""
    try:
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            logger.warning("event=progress_edit_failed reason=%r", error.message)
    except TelegramError as error:
        logger.warning("event=progress_edit_failed kind=%s", type(error).__name__)
