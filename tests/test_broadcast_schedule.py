"""Scheduled alerts: started once when their time comes, even across restarts, never late."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.broadcast.schedule import due, scheduled_key, start_due
from bot.knowledge import Knowledge
from bot.store import Store
from tests.broadcasting import ALERT, subscribe_many

# The sample alert is scheduled for 2027-01-01 09:00 in Lima (-05:00), 14:00 UTC.
AT = datetime(2027, 1, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(f"sqlite:///{tmp_path / 'memoria.db'}") as opened:
        yield opened


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (AT - timedelta(minutes=1), []),
        (AT, [ALERT]),
        (AT + timedelta(hours=11), [ALERT]),
        (AT + timedelta(hours=13), []),  # the bot was down too long: not sent late
    ],
)
def test_an_alert_is_due_from_its_time_until_the_grace_period_ends(
    sample_knowledge: Knowledge, now: datetime, expected: list[str]
) -> None:
    assert [a.id for a in due(sample_knowledge.content, now)] == expected


async def test_a_scheduled_alert_becomes_one_campaign_across_restarts(
    sample_knowledge: Knowledge, store: Store
) -> None:
    await subscribe_many(store, [1, 2])
    first = await start_due(store, sample_knowledge, AT, bot_username="b", handled=set())
    # A restart forgets what it handled; a second process may look at the same moment.
    again = await start_due(
        store, sample_knowledge, AT + timedelta(minutes=5), bot_username="b", handled=set()
    )
    assert [c.alert_id for c in first] == [ALERT]
    assert again == []
    [campaign] = await store.campaigns.recent()
    assert campaign.key == scheduled_key(sample_knowledge.content.alerts[ALERT])
    assert (await store.campaigns.progress(campaign.id)).total == 2
    alert = sample_knowledge.content.alerts[ALERT]
    assert alert.scheduled is not None
    assert not await store.markers.mark_alert_scheduled_sent(ALERT, alert.scheduled, AT)
