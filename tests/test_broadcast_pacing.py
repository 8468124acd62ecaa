"""Pacing: the global rate, one message a second per private chat, twenty a minute per group.

Unit tests run the pacer on a virtual clock at Telegram's real limits; end-to-end tests check
the fake Bot API's recorded arrival times with small, test-sized limits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.broadcast import Limits, Pacer
from bot.knowledge import Knowledge
from bot.store import Store
from tests.broadcasting import (
    alert_campaign,
    broadcaster,
    connected_bot,
    delivered,
    most_in_window,
    send_times,
    settings_for,
    subscribe_many,
)
from tests.faketelegram import FakeTelegram


class VirtualTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


async def _acquire_times(
    pacer: Pacer, time: VirtualTime, chats: list[tuple[int, str]]
) -> list[float]:
    times = []
    for chat_id, chat_type in chats:
        assert await pacer.acquire(chat_id, chat_type)
        times.append(time.now)
    return times


def test_default_limits_are_telegrams() -> None:
    limits = Limits()
    assert limits.rate == 25
    assert limits.chat_interval("private") == 1.0
    assert limits.chat_interval("supergroup") == 3.0  # 20 a minute
    assert limits.chat_interval("group") == 3.0


async def test_global_rate_is_never_exceeded_in_any_second() -> None:
    time = VirtualTime()
    pacer = Pacer(Limits(rate=25), clock=time.clock, sleep=time.sleep)
    times = await _acquire_times(pacer, time, [(chat, "private") for chat in range(1, 501)])
    assert most_in_window(times, 1.0) <= 25
    assert len(times) / times[-1] >= 0.95 * 25


async def test_one_group_gets_at_most_twenty_a_minute() -> None:
    time = VirtualTime()
    pacer = Pacer(Limits(rate=25), clock=time.clock, sleep=time.sleep)
    times = await _acquire_times(pacer, time, [(-100123, "supergroup")] * 100)
    assert most_in_window(times, 60.0) <= 20
    assert most_in_window(times, 3.0) == 1


async def test_one_private_chat_gets_at_most_one_a_second() -> None:
    time = VirtualTime()
    pacer = Pacer(Limits(rate=25), clock=time.clock, sleep=time.sleep)
    times = await _acquire_times(pacer, time, [(7, "private")] * 30)
    assert most_in_window(times, 1.0) == 1


async def test_a_pause_holds_every_chat() -> None:
    time = VirtualTime()
    pacer = Pacer(Limits(rate=25), clock=time.clock, sleep=time.sleep)
    assert await pacer.acquire(1, "private")
    pacer.pause(30)
    assert pacer.paused_for == 30
    assert await pacer.acquire(2, "private")
    assert time.now >= 30


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(f"sqlite:///{tmp_path / 'memoria.db'}") as opened:
        yield opened


async def test_sends_stay_under_the_rate_in_every_second(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    chats = list(range(1000, 1050))
    await subscribe_many(store, chats)
    await alert_campaign(store, sample_knowledge)
    async with connected_bot(fake_telegram) as bot:
        sender = broadcaster(bot, store, sample_knowledge, settings_for(fake_telegram), rate=20)
        await sender.run_until_done()
    times = send_times(fake_telegram, chats)
    assert len(times) == 50
    # The pacer keeps 3% headroom under the rate, exactly on the virtual clock above. Arrival
    # times at the fake server jitter under load (a stalled event loop hands over a few at
    # once: 22 in one second in a CI run), so here: never faster than the rate over the whole
    # run, and no more than two seconds' worth (and one) in any two seconds.
    assert times[-1] - times[0] >= (len(times) - 1) / 20 * 0.9
    assert most_in_window(times, 2.0) <= 2 * 20 + 1
    # Not much slower than asked either: 50 messages at 20/s take about 2.5 s.
    assert times[-1] - times[0] < 6.0
    assert set(delivered(fake_telegram, chats).values()) == {1}


async def test_groups_are_paced_by_their_own_limit(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, store: Store
) -> None:
    groups = [-1001, -1002, -1003]
    private = list(range(2000, 2010))
    await subscribe_many(store, [*groups, *private])
    for number in range(25):
        await alert_campaign(store, sample_knowledge, key=f"campaign-{number}")
    # Test-sized limit: 20 messages per 2 s per group (the real one is 20 per 60 s).
    async with connected_bot(fake_telegram) as bot:
        sender = broadcaster(
            bot,
            store,
            sample_knowledge,
            settings_for(fake_telegram),
            rate=100,
            private_interval=0.05,
            group_interval=0.1,
        )
        await sender.run_until_done()
    for group in groups:
        times = send_times(fake_telegram, [group])
        assert len(times) == 25
        # The pacer spaces sends to one group 0.1 s apart (its own test on a virtual clock is
        # exact); arrival times at the fake server jitter under load, so allow one extra
        # message per window and one interval of slack over the whole run.
        assert most_in_window(times, 1.0) <= 10 + 1
        assert most_in_window(times, 2.0) <= 20 + 1
        assert times[-1] - times[0] >= 24 * 0.1 - 0.1
    # All chats together (admin reports included) stay at the rate of 100/s, with the same 10%
    # allowance for arrival jitter under load; the virtual-clock tests above are exact.
    assert most_in_window(send_times(fake_telegram), 1.0) <= 100 + 10
