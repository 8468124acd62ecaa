"""Scheduled alerts: an alert with a ``scheduled`` time is sent once, even across restarts.

``due`` picks the alerts whose time has come (within a grace period, so a bot that was down for
days does not send last week's anniversary); ``start_due`` makes each one a campaign under a key
derived from the alert and its time, then records the marker (store.mark_alert_scheduled_sent).
Creating is idempotent, so two processes, or a crash between the two steps, still make one
campaign. broadcaster.py runs this every ``CHECK_EVERY`` seconds; sender.py sends.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.broadcast.campaigns import alert_draft, create
from bot.content import Alert, Content
from bot.knowledge import Knowledge
from bot.store import Campaign, Store

CHECK_EVERY = 30.0
GRACE = timedelta(hours=12)
CREATED_BY = "scheduler"


def due(content: Content, now: datetime, *, grace: timedelta = GRACE) -> list[Alert]:
    """Alerts scheduled between ``now - grace`` and ``now``, oldest first."""
    found = [
        alert
        for alert in content.alerts.values()
        if alert.scheduled is not None and now - grace <= alert.scheduled <= now
    ]
    return sorted(found, key=lambda alert: (alert.scheduled or now, alert.id))


def scheduled_key(alert: Alert) -> str:
    """The campaign key of an alert's scheduled sending."""
    assert alert.scheduled is not None
    return f"scheduled:{alert.id}:{alert.scheduled.isoformat()}"


async def start_due(
    store: Store,
    knowledge: Knowledge,
    now: datetime,
    *,
    bot_username: str | None,
    handled: set[str],
) -> list[Campaign]:
    """Create the campaign of every due alert not yet handled; return the ones created now.

    Args:
        handled: keys this process already handled (updated here), to skip the store next time.
    """
    created: list[Campaign] = []
    for alert in due(knowledge.content, now):
        key = scheduled_key(alert)
        if key in handled:
            continue
        draft = alert_draft(knowledge, alert, bot_username=bot_username)
        campaign, new = await create(
            store, draft, audience=alert.audience, key=key, created_by=CREATED_BY, now=now
        )
        assert alert.scheduled is not None
        await store.markers.mark_alert_scheduled_sent(alert.id, alert.scheduled, now)
        handled.add(key)
        if new:
            created.append(campaign)
    return created
