"""Broadcasting without the bot application: what ``python -m bot alert`` runs.

``send_alert`` creates the campaign of one alert (once: its key comes from the alert's id and
rendered texts, so running the command again resumes it instead of sending twice) and sends it;
``resume`` continues every unfinished campaign. Both send through the same ``Broadcaster`` as
the running bot, report progress through a callback and return the reports. SIGTERM and SIGINT
drain: no new claims, sends on the wire finish, the rest stays pending for the next run. The
command line (bot/cli/) parses arguments and prints; nothing here prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from telegram import Bot

from bot.answer import Answer
from bot.broadcast.broadcaster import Broadcaster, limits_for
from bot.broadcast.campaigns import alert_draft, create
from bot.broadcast.progress import Rate
from bot.broadcast.sender import in_flight_for
from bot.clock import utc_now
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Progress, Store
from bot.transport import AiohttpRequest

TICK_SECONDS = 1.0
CREATED_BY = "command line"
OnProgress = Callable[[Progress, int | None], None]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a command-line broadcast did: its reports, and whether it was already sent."""

    reports: tuple[Answer, ...]
    already_sent: bool = False
    interrupted: bool = False


async def send_alert(
    settings: Settings,
    knowledge: Knowledge,
    alert_id: str,
    *,
    again: bool = False,
    on_progress: OnProgress | None = None,
) -> Outcome:
    """Create (once) and send the campaign of ``alert_id``; it must exist in the content."""
    alert = knowledge.content.alerts[alert_id]
    async with _connected(settings) as (bot, store):
        draft = alert_draft(knowledge, alert, bot_username=bot.username)
        digest = hashlib.sha256(repr(sorted(draft.texts.items())).encode()).hexdigest()[:16]
        key = f"cli:{alert.id}:{digest}" + (f":{utc_now().isoformat()}" if again else "")
        campaign, created = await create(
            store, draft, audience=alert.audience, key=key, created_by=CREATED_BY, now=utc_now()
        )
        broadcaster = Broadcaster(
            bot, store, knowledge, settings, report_finished=False, campaign_id=campaign.id
        )
        if not created and not campaign.unfinished:
            report = await broadcaster.report(campaign.id, settings.default_language)
            return Outcome(tuple(a for a in [report] if a is not None), already_sent=True)
        return await _run(broadcaster, [campaign.id], settings, on_progress)


async def resume(
    settings: Settings, knowledge: Knowledge, *, on_progress: OnProgress | None = None
) -> Outcome:
    """Continue every unfinished campaign until none is left (or SIGTERM)."""
    async with _connected(settings) as (bot, store):
        ids = [campaign.id for campaign in await store.campaigns.unfinished()]
        broadcaster = Broadcaster(bot, store, knowledge, settings, report_finished=False)
        if not ids:
            return Outcome(())
        return await _run(broadcaster, ids, settings, on_progress)


@contextlib.asynccontextmanager
async def _connected(settings: Settings) -> AsyncIterator[tuple[Bot, Store]]:
    token = settings.require_token().reveal()
    # One connection per send that may be on the wire at once, and a few for the admins' reports.
    pool = in_flight_for(limits_for(settings).rate) + 8
    request = AiohttpRequest(connection_pool_size=pool)
    bot = Bot(
        token,
        base_url=settings.bot_api_base_url or "https://api.telegram.org/bot",
        request=request,
    )
    store = await Store.open(settings.database_url)
    try:
        await bot.initialize()
        yield bot, store
    finally:
        with contextlib.suppress(Exception):
            await bot.shutdown()
        await store.close()


async def _run(
    broadcaster: Broadcaster,
    campaign_ids: Sequence[int],
    settings: Settings,
    on_progress: OnProgress | None,
) -> Outcome:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, broadcaster.sender.stop)
    ticking = asyncio.create_task(_tick(broadcaster, campaign_ids, on_progress))
    try:
        await broadcaster.run_until_done()
    finally:
        ticking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticking
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
    if on_progress is not None:
        on_progress(await _total(broadcaster, campaign_ids), 0)
    reports = []
    for campaign_id in campaign_ids:
        report = await broadcaster.report(campaign_id, settings.default_language)
        if report is not None:
            reports.append(report)
    return Outcome(tuple(reports), interrupted=broadcaster.sender.stopping)


async def _tick(
    broadcaster: Broadcaster, campaign_ids: Sequence[int], on_progress: OnProgress | None
) -> None:
    if on_progress is None:
        return
    rate = Rate()
    while True:
        total = await _total(broadcaster, campaign_ids)
        rate.observe(total)
        on_progress(total, rate.eta_seconds(total.pending))
        await asyncio.sleep(TICK_SECONDS)


async def _total(broadcaster: Broadcaster, campaign_ids: Sequence[int]) -> Progress:
    found = [
        await broadcaster.store.campaigns.progress(campaign_id) for campaign_id in campaign_ids
    ]
    return Progress(
        total=sum(p.total for p in found),
        sent=sum(p.sent for p in found),
        failed=sum(p.failed for p in found),
        skipped=sum(p.skipped for p in found),
        pending=sum(p.pending for p in found),
        possible_duplicates=sum(p.possible_duplicates for p in found),
    )
