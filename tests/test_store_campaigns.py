"""Campaigns and their deliveries in bot/store: snapshots, claims, leases, outcomes, on both
engines (fixtures in tests/stores.py)."""

from __future__ import annotations

import asyncio

import pytest

from bot.store import (
    Progress,
    Store,
)
from tests.stores import NOW, Database, at, campaign, claim_all, database, store, subscribe

__all__ = ["database", "store"]  # the fixtures, re-used: every test runs on both engines


# Campaigns


async def test_campaign_snapshots_active_subscribers_of_its_audience(store: Store) -> None:
    await subscribe(store, 1, ["court"], language="es", chat_type="private")
    await subscribe(store, 2, ["court", "action"], language="en", chat_type="group")
    await subscribe(store, 3, ["action"])
    await subscribe(store, 4, ["court"])
    await store.subscribers.unsubscribe(4, NOW)
    created = await campaign(store, audience="court")
    await subscribe(store, 5, ["court"], now=at(1))
    batch = await store.deliveries.claim(worker="w", limit=10, lease_seconds=60, now=at(2))
    assert [(d.chat_id, d.language, d.chat_type) for d in batch] == [
        (1, "es", "private"),
        (2, "en", "group"),
    ]
    assert {d.campaign_id for d in batch} == {created.id}


async def test_campaign_key_makes_creation_idempotent(store: Store) -> None:
    await subscribe(store, 1)
    first, created = await store.campaigns.create(
        key="k", audience="court", alert_id=None, texts={"es": "a"}, created_by="h", now=NOW
    )
    again, created_again = await store.campaigns.create(
        key="k", audience="action", alert_id=None, texts={"es": "b"}, created_by="h", now=at(1)
    )
    assert (created, created_again) == (True, False)
    assert again == first
    assert len(await store.campaigns.recent()) == 1
    assert (await store.campaigns.progress(first.id)).total == 1


async def test_simultaneous_creations_with_one_key_make_one_campaign(store: Store) -> None:
    await subscribe(store, 1)
    results = await asyncio.gather(
        *(
            store.campaigns.create(
                key="k",
                audience="court",
                alert_id=None,
                texts={"es": "a"},
                created_by="h",
                now=NOW,
            )
            for _ in range(5)
        )
    )
    assert sorted(created for _, created in results) == [False, False, False, False, True]
    assert len({found.id for found, _ in results}) == 1
    assert (await store.campaigns.progress(results[0][0].id)).total == 1


async def test_campaign_keeps_texts_buttons_and_author(store: Store) -> None:
    buttons = [[{"text": "Leer", "url": "https://example.org"}]]
    created, _ = await store.campaigns.create(
        key="k",
        audience="court",
        alert_id="ruling-2026",
        texts={"es": "Fallo <b>hoy</b>", "en": "Ruling today"},
        buttons=buttons,
        created_by="9f86d081884c7d65",
        now=NOW,
    )
    found = await store.campaigns.get(created.id)
    assert found == created
    assert found.texts == {"es": "Fallo <b>hoy</b>", "en": "Ruling today"}
    assert (found.buttons, found.alert_id, found.created_by) == (
        buttons,
        "ruling-2026",
        "9f86d081884c7d65",
    )
    assert await store.campaigns.get(created.id + 1) is None


async def test_finished_and_stopped_campaigns_are_not_unfinished(store: Store) -> None:
    first = await campaign(store, "a")
    second = await campaign(store, "b")
    third = await campaign(store, "c")
    assert await store.campaigns.finish(first.id, at(1)) is True
    assert await store.campaigns.finish(first.id, at(2)) is False
    assert await store.campaigns.stop(second.id, "bad HTML", at(1)) is True
    assert await store.campaigns.stop(second.id, "again", at(2)) is False
    assert [found.id for found in await store.campaigns.unfinished()] == [third.id]
    stopped = await store.campaigns.get(second.id)
    assert stopped is not None
    assert (stopped.stopped_at, stopped.stop_reason, stopped.unfinished) == (
        at(1),
        "bad HTML",
        False,
    )


async def test_campaigns_are_listed_newest_first(store: Store) -> None:
    keys = ["a", "b", "c"]
    for key in keys:
        await campaign(store, key)
    assert [found.key for found in await store.campaigns.recent()] == ["c", "b", "a"]
    assert [found.key for found in await store.campaigns.recent(limit=1)] == ["c"]


# Deliveries


async def test_claim_leases_rows_and_counts_attempts(store: Store) -> None:
    for chat_id in (1, 2, 3):
        await subscribe(store, chat_id)
    await campaign(store)
    batch = await store.deliveries.claim(worker="w1", limit=2, lease_seconds=30, now=NOW)
    assert [(d.chat_id, d.attempts, d.lease_owner) for d in batch] == [(1, 1, "w1"), (2, 1, "w1")]
    assert {d.lease_expires_at for d in batch} == {at(30)}


async def test_leased_rows_are_not_claimed_again_before_expiry(store: Store) -> None:
    await subscribe(store, 1)
    await campaign(store)
    assert len(await store.deliveries.claim(worker="w1", limit=5, lease_seconds=30, now=NOW)) == 1
    assert await store.deliveries.claim(worker="w2", limit=5, lease_seconds=30, now=at(29)) == []


async def test_expired_lease_is_reclaimed_and_counted_as_possible_duplicate(
    store: Store,
) -> None:
    await subscribe(store, 1)
    await subscribe(store, 2)
    created = await campaign(store)
    crashed = await store.deliveries.claim(worker="w1", limit=5, lease_seconds=30, now=NOW)
    assert len(crashed) == 2
    await store.deliveries.mark_sent(crashed[1].id, at(1), 42)
    retaken = await store.deliveries.claim(worker="w2", limit=5, lease_seconds=30, now=at(30))
    assert [(d.chat_id, d.attempts, d.maybe_delivered) for d in retaken] == [(1, 2, True)]
    await store.deliveries.mark_sent(retaken[0].id, at(31), 43)
    assert await store.campaigns.progress(created.id) == Progress(
        total=2, sent=2, failed=0, skipped=0, pending=0, possible_duplicates=1
    )


async def test_concurrent_claims_never_share_a_delivery(store: Store) -> None:
    for chat_id in range(1, 61):
        await subscribe(store, chat_id)
    await campaign(store)
    batches = await asyncio.gather(
        *(
            store.deliveries.claim(worker=f"w{n}", limit=7, lease_seconds=60, now=NOW)
            for n in range(12)
        )
    )
    chat_ids = [d.chat_id for batch in batches for d in batch] + await claim_all(store)
    assert sorted(chat_ids) == list(range(1, 61))


async def test_claimers_on_two_pools_never_share_a_delivery(
    store: Store, database: Database
) -> None:
    for chat_id in range(1, 61):
        await subscribe(store, chat_id)
    await campaign(store)
    async with await database.open() as other:
        batches = await asyncio.gather(
            *(
                (store if n % 2 else other).deliveries.claim(
                    worker=f"w{n}", limit=5, lease_seconds=60, now=NOW
                )
                for n in range(16)
            )
        )
    chat_ids = [d.chat_id for batch in batches for d in batch] + await claim_all(store)
    assert sorted(chat_ids) == list(range(1, 61))


async def test_unsubscribing_mid_campaign_skips_that_chat(store: Store) -> None:
    for chat_id in (1, 2, 3):
        await subscribe(store, chat_id)
    created = await campaign(store)
    first = await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=NOW)
    await store.deliveries.mark_sent(first[0].id, at(1), 1)
    await store.subscribers.unsubscribe(2, at(2))
    assert await claim_all(store, now=at(3)) == [3]
    progress = await store.campaigns.progress(created.id)
    assert (progress.sent, progress.skipped, progress.pending) == (1, 1, 1)


async def test_leaving_the_audience_mid_campaign_skips_that_chat(store: Store) -> None:
    await subscribe(store, 1, ["court", "action"])
    await subscribe(store, 2, ["court"])
    created = await campaign(store, audience="court")
    await store.subscribers.set_audiences(1, ["action"], at(1))
    await store.subscribers.deactivate(2, "blocked", at(1))
    assert await claim_all(store, now=at(2)) == []
    assert (await store.campaigns.progress(created.id)).skipped == 2


async def test_retry_later_waits_until_not_before(store: Store) -> None:
    await subscribe(store, 1)
    await campaign(store)
    [delivery] = await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=NOW)
    assert await store.deliveries.retry_later(delivery.id, at(10), "timed out") is True
    assert await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=at(9)) == []
    [again] = await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=at(10))
    assert (again.id, again.attempts, again.maybe_delivered) == (delivery.id, 2, True)


async def test_retry_after_a_sure_refusal_is_no_possible_duplicate(store: Store) -> None:
    await subscribe(store, 1)
    created = await campaign(store)
    [delivery] = await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=NOW)
    await store.deliveries.retry_later(
        delivery.id, at(5), "429 retry after 5", maybe_delivered=False
    )
    [again] = await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=at(5))
    await store.deliveries.mark_sent(again.id, at(6), 7)
    assert (await store.campaigns.progress(created.id)).possible_duplicates == 0


async def test_rows_of_stopped_or_finished_campaigns_are_not_claimed(store: Store) -> None:
    await subscribe(store, 1)
    stopped = await campaign(store, "a")
    finished = await campaign(store, "b")
    await store.campaigns.stop(stopped.id, "bad HTML", NOW)
    await store.campaigns.finish(finished.id, NOW)
    assert await claim_all(store) == []
    assert (await store.campaigns.progress(stopped.id)).pending == 1


async def test_claim_can_be_limited_to_one_campaign(store: Store) -> None:
    await subscribe(store, 1)
    await campaign(store, "a")
    second = await campaign(store, "b")
    batch = await store.deliveries.claim(
        worker="w", limit=5, lease_seconds=60, now=NOW, campaign_id=second.id
    )
    assert [d.campaign_id for d in batch] == [second.id]


async def test_progress_counts_every_outcome(store: Store) -> None:
    for chat_id in (1, 2, 3, 4):
        await subscribe(store, chat_id)
    created = await campaign(store)
    one, two, _ = await store.deliveries.claim(worker="w", limit=3, lease_seconds=60, now=NOW)
    await store.deliveries.mark_sent(one.id, at(1), 100)
    await store.deliveries.mark_failed(two.id, "Forbidden: bot was blocked by the user", at(1))
    await store.subscribers.unsubscribe(4, at(1))
    await store.deliveries.claim(worker="w", limit=3, lease_seconds=60, now=at(2))
    progress = await store.campaigns.progress(created.id)
    assert progress == Progress(
        total=4, sent=1, failed=1, skipped=1, pending=1, possible_duplicates=0
    )
    assert progress.done is False


async def test_outcome_of_an_unknown_delivery_is_reported(store: Store) -> None:
    assert await store.deliveries.mark_sent(404, NOW, 1) is False
    assert await store.deliveries.mark_failed(404, "x", NOW) is False
    assert await store.deliveries.retry_later(404, NOW, "x") is False


@pytest.mark.parametrize(("limit", "lease"), [(0, 60.0), (5, 0.0)])
async def test_claim_refuses_an_empty_batch_or_lease(
    store: Store, limit: int, lease: float
) -> None:
    with pytest.raises(ValueError, match="limit"):
        await store.deliveries.claim(worker="w", limit=limit, lease_seconds=lease, now=NOW)


# Lease renewal (the sender holds its rows with short leases and renews them)


async def test_renewed_lease_is_not_claimed_by_another_worker(store: Store) -> None:
    await subscribe(store, 1)
    await campaign(store)
    [held] = await store.deliveries.claim(worker="a", limit=5, lease_seconds=10, now=NOW)
    renewed = await store.deliveries.renew_leases(
        worker="a", delivery_ids=[held.id], lease_seconds=10, now=at(8)
    )
    assert renewed == 1
    assert await store.deliveries.claim(worker="b", limit=5, lease_seconds=10, now=at(15)) == []
    [taken] = await store.deliveries.claim(worker="b", limit=5, lease_seconds=10, now=at(19))
    assert taken.maybe_delivered is True


async def test_renewal_leaves_rows_of_other_workers_and_settled_rows(store: Store) -> None:
    await subscribe(store, 1)
    await subscribe(store, 2)
    await campaign(store)
    first, second = await store.deliveries.claim(worker="a", limit=5, lease_seconds=10, now=NOW)
    await store.deliveries.mark_sent(first.id, at(1))
    ids = [first.id, second.id]
    assert (
        await store.deliveries.renew_leases(
            worker="b", delivery_ids=ids, lease_seconds=10, now=at(2)
        )
        == 0
    )
    assert (
        await store.deliveries.renew_leases(
            worker="a", delivery_ids=ids, lease_seconds=10, now=at(2)
        )
        == 1
    )
    assert (
        await store.deliveries.renew_leases(
            worker="a", delivery_ids=[], lease_seconds=10, now=at(2)
        )
        == 0
    )


async def test_mark_sent_many_records_every_outcome_in_one_go(store: Store) -> None:
    for chat in (1, 2, 3):
        await subscribe(store, chat)
    created = await campaign(store)
    rows = await store.deliveries.claim(worker="w", limit=5, lease_seconds=60, now=NOW)
    await store.deliveries.mark_sent_many([(rows[0].id, 10), (rows[1].id, None)], at(1))
    await store.deliveries.mark_sent_many([], at(1))
    progress = await store.campaigns.progress(created.id)
    assert (progress.sent, progress.pending) == (2, 1)
