"""Once-only markers, anonymous counters and the question log in bot/store, on both engines
(fixtures in tests/stores.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.store import (
    LoggedQuestion,
    Store,
)
from tests.stores import NOW, at, database, store

__all__ = ["database", "store"]  # the fixtures, re-used: every test runs on both engines


# Once-only markers


async def test_scheduled_alert_is_marked_sent_once(store: Store) -> None:
    when = datetime(2026, 8, 14, 9, 0, tzinfo=UTC)
    assert await store.markers.mark_alert_scheduled_sent("putis", when, NOW) is True
    assert await store.markers.mark_alert_scheduled_sent("putis", when, at(1)) is False
    assert await store.markers.mark_alert_scheduled_sent("putis", when + timedelta(days=365), NOW)


async def test_simultaneous_scheduled_alert_marks_have_one_winner(store: Store) -> None:
    when = datetime(2026, 8, 14, 9, 0, tzinfo=UTC)
    results = await asyncio.gather(
        *(store.markers.mark_alert_scheduled_sent("putis", when, NOW) for _ in range(6))
    )
    assert sorted(results) == [False] * 5 + [True]


async def test_update_is_claimed_once(store: Store) -> None:
    assert await store.markers.claim_update(900_000_001, NOW) is True
    assert await store.markers.claim_update(900_000_001, at(1)) is False
    assert await store.markers.claim_update(900_000_002, at(1)) is True


async def test_concurrent_claims_run_together_and_each_id_wins_once(store: Store) -> None:
    ids = [900_000_010 + n % 40 for n in range(120)]  # every id asked for three times at once
    results = await asyncio.gather(*(store.markers.claim_update(i, NOW) for i in ids))
    won = [i for i, result in zip(ids, results, strict=True) if result]
    assert sorted(won) == sorted(set(ids))
    assert not any(await asyncio.gather(*(store.markers.claim_update(i, at(1)) for i in set(ids))))


async def test_concurrent_language_reads_get_each_chat_its_own(store: Store) -> None:
    for chat, lang in ((1, "en"), (2, "es"), (-100, "qu")):
        await store.chats.set_language(chat, lang, NOW)
    chats = [1, 2, 3, -100, 1, 3] * 20
    langs = await asyncio.gather(*(store.chats.language(chat) for chat in chats))
    assert langs == [{1: "en", 2: "es", -100: "qu"}.get(chat) for chat in chats]


async def test_concurrent_counts_add_up(store: Store) -> None:
    items = ["a"] * 70 + ["b"] * 20 + ["c"] * 10
    await asyncio.gather(*(store.feedback.count_asked(item_id) for item_id in items))
    await asyncio.gather(*(store.feedback.count_asked(item_id) for item_id in items[:5]))
    assert await store.feedback.top_asked(5) == [("a", 75), ("b", 20), ("c", 10)]


async def test_purge_updates_forgets_old_update_ids(store: Store) -> None:
    await store.markers.claim_update(1, NOW)
    await store.markers.claim_update(2, at(100))
    assert await store.markers.purge_updates(older_than=at(50)) == 1
    assert await store.markers.claim_update(1, at(200)) is True
    assert await store.markers.claim_update(2, at(200)) is False


# Anonymous counters


async def test_feedback_counts_votes_per_item(store: Store) -> None:
    for positive in (True, True, False):
        await store.feedback.add("putis", positive)
    await store.feedback.add("ley-32419", False)
    assert await store.feedback.votes() == {"ley-32419": (0, 1), "putis": (2, 1)}


async def test_top_asked_orders_items_by_count(store: Store) -> None:
    for item_id in ("a", "b", "b", "c", "c", "c"):
        await store.feedback.count_asked(item_id)
    assert await store.feedback.top_asked(2) == [("c", 3), ("b", 2)]


async def test_button_presses_add_up_by_action_most_first(store: Store) -> None:
    actions = ["sources"] * 12 + ["detail"] * 30 + ["back"] * 5
    await asyncio.gather(*(store.feedback.count_press(action) for action in actions))
    await store.feedback.count_press("back")
    presses = await store.feedback.presses()
    assert presses == {"detail": 30, "sources": 12, "back": 6}
    assert list(presses) == ["detail", "sources", "back"]


# Question log


async def test_question_log_keeps_the_hour_and_no_id(store: Store) -> None:
    await store.questions.log(
        "q pasa con putis",
        lang="es",
        outcome="suggestions",
        suggestion="putis",
        now=datetime(2026, 8, 14, 9, 47, 12, tzinfo=UTC),
    )
    assert await store.questions.logged() == [
        LoggedQuestion(
            text="q pasa con putis",
            lang="es",
            outcome="suggestions",
            suggestion="putis",
            asked_at=datetime(2026, 8, 14, 9, 0, tzinfo=UTC),
        )
    ]


async def test_questions_since_returns_only_newer_ones(store: Store) -> None:
    for hours, text_ in ((0, "old"), (2, "new")):
        await store.questions.log(
            text_, lang="es", outcome="fallback", suggestion=None, now=at(hours * 3600)
        )
    assert [q.text for q in await store.questions.logged(since=at(3600))] == ["new"]


async def test_purge_questions_deletes_by_age(store: Store) -> None:
    for days in (0, 10, 40):
        await store.questions.log(
            f"{days} days", lang="en", outcome="fallback", suggestion=None, now=at(days * 86400)
        )
    assert await store.questions.purge(older_than=at(30 * 86400)) == 2
    assert [q.text for q in await store.questions.logged()] == ["40 days"]


async def test_log_question_refuses_an_unknown_outcome(store: Store) -> None:
    with pytest.raises(ValueError, match="outcome"):
        await store.questions.log(
            "x",
            lang="es",
            outcome="answered",  # type: ignore[arg-type]
            suggestion=None,
            now=NOW,
        )
