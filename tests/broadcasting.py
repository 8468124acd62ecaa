"""Helpers for the broadcast tests: subscribers in bulk, a sender wired to the fake, windows.

Shared by tests/test_broadcast*.py; fixtures stay in each test file.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime

from telegram import Bot

from bot.broadcast import Broadcaster, Limits
from bot.broadcast.campaigns import alert_draft, create
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Campaign, Store
from tests.faketelegram import FakeTelegram
from tests.transports import loopback_request

ADMIN = 4242
ALERT = "alerta-prueba"  # audience "action" in tests/content/minimal


def settings_for(fake: FakeTelegram, **extra: str) -> Settings:
    """Settings pointing at the fake, with one admin."""
    env = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "BOT_API_BASE_URL": fake.base_url,
        "ADMIN_IDS": str(ADMIN),
        "ORG_NAME": "Colectivo de prueba",
    }
    env.update(extra)
    return Settings.from_env(env)


async def subscribe_many(
    store: Store,
    chat_ids: Iterable[int],
    *,
    audiences: Sequence[str] = ("action",),
    language: str = "es",
) -> None:
    """Subscribe chats (negative ids are groups) to ``audiences``."""
    now = datetime.now(UTC)
    for chat_id in chat_ids:
        await store.subscribers.subscribe(
            chat_id,
            audiences=audiences,
            language=language,
            chat_type="private" if chat_id > 0 else "supergroup",
            wording_version="test",
            now=now,
        )


@contextlib.asynccontextmanager
async def connected_bot(fake: FakeTelegram, *, read_timeout: float = 5.0) -> AsyncIterator[Bot]:
    """A PTB Bot talking to the fake, initialized (so it knows its username)."""
    bot = Bot(
        fake.token,
        base_url=fake.base_url,
        request=loopback_request(read_timeout=read_timeout, connection_pool_size=256),
    )
    await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()


def broadcaster(
    bot: Bot,
    store: Store,
    knowledge: Knowledge,
    settings: Settings,
    *,
    rate: float = 200.0,
    private_interval: float = 1.0,
    group_interval: float = 3.0,
    backoff: float = 0.05,
    **extra: object,
) -> Broadcaster:
    """A Broadcaster with test-sized limits and a short backoff."""
    limits = Limits(rate=rate, private_interval=private_interval, group_interval=group_interval)
    return Broadcaster(bot, store, knowledge, settings, limits=limits, backoff=backoff, **extra)  # type: ignore[arg-type]


async def alert_campaign(
    store: Store, knowledge: Knowledge, *, key: str = "test-campaign", bot_username: str = "b"
) -> Campaign:
    """The sample alert as a campaign (audience "action")."""
    alert = knowledge.content.alerts[ALERT]
    draft = alert_draft(knowledge, alert, bot_username=bot_username)
    campaign, _ = await create(
        store, draft, audience=alert.audience, key=key, created_by="test", now=datetime.now(UTC)
    )
    return campaign


def delivered(fake: FakeTelegram, chat_ids: Iterable[int]) -> Counter[int]:
    """How many alert messages each chat holds on the fake (successful sends only)."""
    wanted = set(chat_ids)
    counts: Counter[int] = Counter({chat: 0 for chat in wanted})
    for message in fake.messages():
        chat = int(message["chat"]["id"])
        if chat in wanted:
            counts[chat] += 1
    return counts


def send_times(fake: FakeTelegram, chat_ids: Iterable[int] | None = None) -> list[float]:
    """Arrival times of sendMessage calls (failed ones included), optionally to some chats."""
    wanted = None if chat_ids is None else {str(c) for c in chat_ids}
    return sorted(
        call.at
        for call in fake.calls("sendMessage")
        if wanted is None or str(call.params.get("chat_id")) in wanted
    )


def most_in_window(times: Sequence[float], width: float) -> int:
    """The most events in any half-open window [t, t + width)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - width:
            start += 1
        best = max(best, end - start + 1)
    return best
