"""Broadcasts through the fake Bot API with injected faults: every decision of outcomes.py.

429 pauses everything, 403 and "chat not found" deactivate, a migrated group is rewritten and
reached once, 5xx and timeouts are retried, a campaign-wide 400 stops the campaign and tells
the admins, an unsubscription mid-broadcast is honoured.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import warnings
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.broadcast.failures import STOP_AFTER
from bot.broadcast.outcomes import classify, retry_seconds
from bot.knowledge import Knowledge
from bot.store import Store
from tests.broadcasting import (
    ADMIN,
    alert_campaign,
    broadcaster,
    connected_bot,
    delivered,
    send_times,
    settings_for,
    subscribe_many,
)
from tests.faketelegram import (
    FakeTelegram,
    bad_html,
    blocked,
    chat_not_found,
    deactivated,
    kicked,
    migrated,
    retry_after,
    server_error,
    timeout,
)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(f"sqlite:///{tmp_path / 'memoria.db'}") as opened:
        yield opened


# -- the decisions, one by one ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "action"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "gone"),
        (BadRequest("Bad Request: chat not found"), "gone"),
        (BadRequest("Bad Request: can't parse entities: Unsupported start tag"), "campaign"),
        (BadRequest("Bad Request: message is too long"), "campaign"),
        (BadRequest("Bad Request: not enough rights to send text messages"), "failed"),
        (ChatMigrated(-1001234), "migrate"),
        (TimedOut(), "retry"),
        (NetworkError("Bad Gateway"), "retry"),
    ],
)
def test_each_error_has_one_decision(error: Exception, action: str) -> None:
    assert isinstance(error, Forbidden | BadRequest | ChatMigrated | NetworkError)
    assert classify(error).action == action


def test_retry_after_is_read_as_int_or_timedelta_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # building a RetryAfter warns inside PTB itself
        made = [RetryAfter(7), RetryAfter(dt.timedelta(seconds=7))]
    for error in made:
        assert retry_seconds(error) == 7.0


# -- end to end through the fake ----------------------------------------------------------------


async def test_retry_after_pauses_the_whole_campaign(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    chats = list(range(3000, 3030))
    await subscribe_many(store, chats)
    campaign = await alert_campaign(store, sample_knowledge)
    fake_telegram.fail("sendMessage", error=retry_after(2), chat_id=chats[9])
    async with connected_bot(fake_telegram) as bot:
        await broadcaster(
            bot, store, sample_knowledge, settings_for(fake_telegram), rate=20
        ).run_until_done()
    calls = fake_telegram.calls("sendMessage")
    refused = next(c for c in calls if str(c.params["chat_id"]) == str(chats[9]))
    during = [c for c in calls if refused.at < c.at < refused.at + 2.0]
    assert during == [], f"{len(during)} sends during the 2 s pause"
    assert set(delivered(fake_telegram, chats).values()) == {1}
    progress = await store.campaigns.progress(campaign.id)
    assert (progress.sent, progress.failed, progress.possible_duplicates) == (30, 0, 0)


async def test_blocked_and_vanished_chats_are_deactivated_and_everyone_else_delivered(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    chats = list(range(4000, 4100))
    gone = random.Random(5).sample(chats, 5)  # 5 %
    await subscribe_many(store, chats)
    campaign = await alert_campaign(store, sample_knowledge)
    for chat, fault in zip(
        gone, [blocked(), deactivated(), kicked(), chat_not_found(), blocked()], strict=True
    ):
        fake_telegram.fail_chats([chat], fault)
    async with connected_bot(fake_telegram) as bot:
        await broadcaster(
            bot, store, sample_knowledge, settings_for(fake_telegram)
        ).run_until_done()
    for chat in gone:
        subscriber = await store.subscribers.get(chat)
        assert subscriber is not None
        assert not subscriber.active
        assert subscriber.inactive_reason
    counts = delivered(fake_telegram, chats)
    assert {chat for chat, n in counts.items() if n == 0} == set(gone)
    assert {n for chat, n in counts.items() if chat not in gone} == {1}
    progress = await store.campaigns.progress(campaign.id)
    assert (progress.sent, progress.failed) == (95, 5)
    assert len(send_times(fake_telegram, chats)) == 100  # no retry of a lost chat


async def test_a_migrated_group_is_rewritten_and_reached_once(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    old, new = -4242, -1004242424242
    await subscribe_many(store, [old, 5000, 5001])
    campaign = await alert_campaign(store, sample_knowledge)
    fake_telegram.fail_chats([old], migrated(new))
    async with connected_bot(fake_telegram) as bot:
        await broadcaster(
            bot, store, sample_knowledge, settings_for(fake_telegram)
        ).run_until_done()
    assert await store.subscribers.get(old) is None
    moved = await store.subscribers.get(new)
    assert moved is not None
    assert moved.active
    assert delivered(fake_telegram, [old, new, 5000, 5001]) == {old: 0, new: 1, 5000: 1, 5001: 1}
    progress = await store.campaigns.progress(campaign.id)
    assert (progress.total, progress.sent) == (3, 3)


async def test_server_errors_are_retried_until_everyone_has_it(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    chats = list(range(6000, 6100))
    await subscribe_many(store, chats)
    campaign = await alert_campaign(store, sample_knowledge)
    fake_telegram.fail_randomly("sendMessage", server_error(502), rate=0.1, seed=3)
    async with connected_bot(fake_telegram) as bot:
        await broadcaster(
            bot, store, sample_knowledge, settings_for(fake_telegram), private_interval=0.05
        ).run_until_done()
    assert min(delivered(fake_telegram, chats).values()) >= 1
    progress = await store.campaigns.progress(campaign.id)
    assert (progress.sent, progress.failed, progress.pending) == (100, 0, 0)
    # A 502 may come from a proxy after Telegram delivered: such chats are counted, not hidden.
    failed_calls = len(fake_telegram.sent_messages()) - 100
    assert failed_calls > 0
    assert progress.possible_duplicates >= 1


async def test_a_timeout_is_retried_and_counted_as_a_possible_duplicate(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    await subscribe_many(store, [7000, 7001])
    campaign = await alert_campaign(store, sample_knowledge)
    # The fake answers after 1 s, too late for the client, but it does deliver the message.
    fake_telegram.fail("sendMessage", error=timeout(1.0), chat_id=7000)
    async with connected_bot(fake_telegram, read_timeout=0.3) as bot:
        await broadcaster(
            bot, store, sample_knowledge, settings_for(fake_telegram), private_interval=0.05
        ).run_until_done()
    await asyncio.sleep(0.8)  # let the slow answer land on the fake
    counts = delivered(fake_telegram, [7000, 7001])
    progress = await store.campaigns.progress(campaign.id)
    assert counts == {7000: 2, 7001: 1}
    assert progress.possible_duplicates == 1  # the real duplicate is reported


async def test_a_campaign_wide_error_stops_it_and_tells_the_admins(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    chats = list(range(8000, 8040))
    await subscribe_many(store, chats)
    campaign = await alert_campaign(store, sample_knowledge)
    fake_telegram.fail_chats(chats, bad_html(), method="sendMessage")
    async with connected_bot(fake_telegram) as bot:
        await broadcaster(
            bot, store, sample_knowledge, settings_for(fake_telegram), rate=20
        ).run_until_done()
    attempts = send_times(fake_telegram, chats)
    assert len(attempts) == STOP_AFTER
    stopped = await store.campaigns.get(campaign.id)
    assert stopped is not None
    assert stopped.stopped_at is not None
    assert "can't parse entities" in (stopped.stop_reason or "").lower()
    [told] = fake_telegram.sent_messages(ADMIN)
    assert "DETENIDO" in told["text"]
    assert "parse entities" in told["text"]
    progress = await store.campaigns.progress(campaign.id)
    assert (progress.failed, progress.pending) == (STOP_AFTER, 40 - STOP_AFTER)


async def test_unsubscribing_mid_broadcast_is_honoured(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    chats = list(range(9000, 9030))
    await subscribe_many(store, chats)
    campaign = await alert_campaign(store, sample_knowledge)
    async with connected_bot(fake_telegram) as bot:
        sender = broadcaster(bot, store, sample_knowledge, settings_for(fake_telegram), rate=10)
        running = asyncio.create_task(sender.run_until_done())
        await fake_telegram.await_for("sendMessage", count=3)
        await store.subscribers.unsubscribe(chats[-1], datetime.now(UTC))
        await running
    assert delivered(fake_telegram, [chats[-1]]) == {chats[-1]: 0}
    progress = await store.campaigns.progress(campaign.id)
    assert (progress.sent, progress.skipped) == (29, 1)
