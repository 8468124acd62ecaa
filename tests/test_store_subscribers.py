"""Chats and subscriptions in bot/store: languages, consent, audiences, chat id changes and
forgetting, on both engines (fixtures in tests/stores.py)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store import (
    Store,
    Subscriber,
)
from tests.stores import AUDIENCES, NOW, at, campaign, database, store, subscribe

__all__ = ["database", "store"]  # the fixtures, re-used: every test runs on both engines


# Languages


async def test_language_is_unknown_until_chosen(store: Store) -> None:
    assert await store.chats.language(1) is None


async def test_chosen_language_is_kept_and_reaches_the_subscription(store: Store) -> None:
    await subscribe(store, 1, language="es")
    await store.chats.set_language(1, "en", NOW)
    await store.chats.set_language(1, "qu", at(1))
    assert await store.chats.language(1) == "qu"
    subscription = await store.subscribers.get(1)
    assert subscription is not None
    assert subscription.language == "qu"


# Subscribers


async def test_subscribe_records_consent_time_and_wording(store: Store) -> None:
    returned = await store.subscribers.subscribe(
        -1001234567890123,
        audiences=["court", "action", "court"],
        language="es",
        chat_type="supergroup",
        wording_version="2026-08",
        now=NOW,
    )
    assert returned == Subscriber(
        chat_id=-1001234567890123,
        chat_type="supergroup",
        language="es",
        audiences=("action", "court"),
        active=True,
        consented_at=NOW,
        wording_version="2026-08",
        updated_at=NOW,
        inactive_reason=None,
        inactive_since=None,
    )
    assert await store.subscribers.get(-1001234567890123) == returned


async def test_subscribing_again_reactivates_with_fresh_consent(store: Store) -> None:
    await subscribe(store, 1)
    await store.subscribers.unsubscribe(1, at(1))
    again = await store.subscribers.subscribe(
        1,
        audiences=["action"],
        language="en",
        chat_type="private",
        wording_version="v2",
        now=at(2),
    )
    assert (again.active, again.audiences, again.consented_at) == (True, ("action",), at(2))
    assert (again.wording_version, again.inactive_reason) == ("v2", None)
    assert await store.subscribers.get(1) == again


async def test_unsubscribe_keeps_the_record_inactive(store: Store) -> None:
    await subscribe(store, 1)
    assert await store.subscribers.unsubscribe(1, at(5)) is True
    assert await store.subscribers.unsubscribe(1, at(6)) is False
    assert await store.subscribers.unsubscribe(2, at(6)) is False
    record = await store.subscribers.get(1)
    assert record is not None
    assert (record.active, record.inactive_reason, record.inactive_since) == (
        False,
        "unsubscribed",
        at(5),
    )


async def test_deactivate_records_why_the_chat_was_lost(store: Store) -> None:
    await subscribe(store, 1)
    assert await store.subscribers.deactivate(1, "blocked", at(3)) is True
    record = await store.subscribers.get(1)
    assert record is not None
    assert (record.active, record.inactive_reason) == (False, "blocked")


async def test_set_audiences_replaces_them(store: Store) -> None:
    await subscribe(store, 1, ["court", "action"])
    assert await store.subscribers.set_audiences(1, ["anniversary"], at(1)) is True
    assert await store.subscribers.set_audiences(2, ["court"], at(1)) is False
    record = await store.subscribers.get(1)
    assert record is not None
    assert (record.audiences, record.updated_at) == (("anniversary",), at(1))


async def test_count_subscribers_by_language_and_audience(store: Store) -> None:
    await subscribe(store, 1, ["court", "action"], language="es")
    await subscribe(store, 2, ["court"], language="es")
    await subscribe(store, 3, ["court"], language="en")
    await subscribe(store, 4, ["court"], language="en")
    await store.subscribers.deactivate(4, "blocked", NOW)
    assert await store.subscribers.count() == {
        ("es", "court"): 2,
        ("es", "action"): 1,
        ("en", "court"): 1,
    }


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a subscription history, for the property test."""

    kind: str
    chat_id: int
    audiences: tuple[str, ...]
    language: str


steps = st.builds(
    Step,
    kind=st.sampled_from(["subscribe", "unsubscribe", "deactivate", "set_audiences", "forget"]),
    chat_id=st.sampled_from([1, 2, -1001234567890123]),
    audiences=st.lists(st.sampled_from(AUDIENCES), max_size=3).map(tuple),
    language=st.sampled_from(["es", "en"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=st.lists(steps, max_size=12))
async def test_any_subscription_history_leaves_a_consistent_state(
    store: Store, history: list[Step]
) -> None:
    # The store is shared by every example: start each from no chats.
    for chat_id in (1, 2, -1001234567890123):
        await store.chats.forget(chat_id)
    model: dict[int, tuple[bool, tuple[str, ...], str]] = {}
    for tick, step in enumerate(history):
        now = at(tick)
        known = model.get(step.chat_id)
        if step.kind == "subscribe":
            await subscribe(store, step.chat_id, step.audiences, language=step.language, now=now)
            model[step.chat_id] = (True, tuple(sorted(set(step.audiences))), step.language)
        elif step.kind in ("unsubscribe", "deactivate"):
            if step.kind == "unsubscribe":
                changed = await store.subscribers.unsubscribe(step.chat_id, now)
            else:
                changed = await store.subscribers.deactivate(step.chat_id, "blocked", now)
            assert changed == (known is not None and known[0])
            if known is not None:
                model[step.chat_id] = (False, known[1], known[2])
        elif step.kind == "set_audiences":
            changed = await store.subscribers.set_audiences(step.chat_id, step.audiences, now)
            assert changed == (known is not None)
            if known is not None:
                model[step.chat_id] = (known[0], tuple(sorted(set(step.audiences))), known[2])
        else:
            await store.chats.forget(step.chat_id)
            model.pop(step.chat_id, None)
    for chat_id in (1, 2, -1001234567890123):
        record = await store.subscribers.get(chat_id)
        expected = model.get(chat_id)
        actual = None if record is None else (record.active, record.audiences, record.language)
        assert actual == expected
    counts: dict[tuple[str, str], int] = {}
    for active, audiences, language in model.values():
        for audience in audiences if active else ():
            counts[language, audience] = counts.get((language, audience), 0) + 1
    assert await store.subscribers.count() == counts


# Chat ids: migration and forgetting


async def test_migrate_chat_rewrites_subscription_language_and_deliveries(store: Store) -> None:
    old, new = -123456, -1001234567890
    await subscribe(store, old, ["court", "action"], chat_type="group")
    await store.chats.set_language(old, "en", NOW)
    created = await campaign(store)
    # Subscription, two audiences, language and one delivery.
    assert await store.chats.migrate(old, new) == 5
    assert await store.subscribers.get(old) is None
    moved = await store.subscribers.get(new)
    assert moved is not None
    assert (moved.audiences, moved.language) == (("action", "court"), "en")
    assert await store.chats.language(new) == "en"
    [delivery] = await store.deliveries.claim(worker="w", limit=5, lease_seconds=60, now=NOW)
    assert (delivery.chat_id, delivery.campaign_id) == (new, created.id)


async def test_migrate_chat_keeps_rows_the_new_id_already_has(store: Store) -> None:
    old, new = -123456, -1001234567890
    await subscribe(store, old, ["court"], language="es")
    await subscribe(store, new, ["action"], language="en")
    await store.chats.migrate(old, new)
    moved = await store.subscribers.get(new)
    assert moved is not None
    assert (moved.audiences, moved.language) == (("action",), "en")
    assert await store.subscribers.count() == {("en", "action"): 1}


async def test_forget_removes_every_row_about_a_chat(store: Store) -> None:
    await subscribe(store, 1, ["court", "action"])
    await subscribe(store, 2, ["court"])
    await store.chats.set_language(1, "en", NOW)
    created = await campaign(store)
    # Subscription, two audiences, language and one delivery.
    assert await store.chats.forget(1) == 5
    assert await store.subscribers.get(1) is None
    assert await store.chats.language(1) is None
    assert (await store.campaigns.progress(created.id)).total == 1
    assert await store.chats.forget(1) == 0
    assert await store.subscribers.get(2) is not None
