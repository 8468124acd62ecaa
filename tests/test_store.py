"""bot/store against real databases: SQLite in tmp_path, and PostgreSQL when it is reachable.

Every test taking ``store`` or ``database`` runs on both engines. PostgreSQL tests each get a fresh
schema, dropped afterwards. Set MEMORIA_TEST_POSTGRES_URL to point at another server; when the
server is unreachable they are skipped, unless CI is set, where they fail.
"""

from __future__ import annotations

import asyncio
import functools
import os
import secrets
import socket
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, insert, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store import (
    Campaign,
    DatabaseURLError,
    LoggedQuestion,
    Progress,
    SchemaTooNewError,
    Store,
    Subscriber,
    normalize_url,
)
from bot.store.engine import create_engine
from bot.store.migrations import MIGRATIONS, schema_migrations
from bot.store.schema import NAMING_CONVENTION, metadata

POSTGRES_URL = os.environ.get(
    "MEMORIA_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 8, 14, 14, 0, tzinfo=UTC)
AUDIENCES = ("court", "action", "anniversary")


def at(seconds: float) -> datetime:
    """NOW moved by some seconds."""
    return NOW + timedelta(seconds=seconds)


@dataclass(frozen=True, slots=True)
class Database:
    """Where a test's store lives; ``open`` gives another Store (another pool) on it."""

    url: str
    schema: str | None

    async def open(self) -> Store:
        return await Store.open(self.url, schema=self.schema)

    def engine(self) -> AsyncEngine:
        return create_engine(normalize_url(self.url), schema=self.schema)


@functools.cache
def _postgres_unreachable() -> str | None:
    url = make_url(normalize_url(POSTGRES_URL))
    try:
        socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=3).close()
    except OSError as error:
        return f"PostgreSQL at {url.host}:{url.port} is unreachable ({error})"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield Database(f"sqlite:///{tmp_path}/memoria.db", None)
        return
    problem = _postgres_unreachable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI must test PostgreSQL (MEMORIA_TEST_POSTGRES_URL).")
        pytest.skip(f"{problem}; set MEMORIA_TEST_POSTGRES_URL to test PostgreSQL.")
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_async_engine(normalize_url(POSTGRES_URL))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {schema}"))
        yield Database(POSTGRES_URL, schema)
        async with admin.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    finally:
        await admin.dispose()


@pytest.fixture
async def store(database: Database) -> AsyncIterator[Store]:
    async with await database.open() as opened:
        yield opened


async def subscribe(
    store: Store,
    chat_id: int,
    audiences: Sequence[str] = ("court",),
    *,
    language: str = "es",
    chat_type: str = "private",
    now: datetime = NOW,
) -> Subscriber:
    return await store.subscribers.subscribe(
        chat_id,
        audiences=audiences,
        language=language,
        chat_type=chat_type,
        wording_version="v1",
        now=now,
    )


async def campaign(store: Store, key: str = "alert-1", audience: str = "court") -> Campaign:
    created, _ = await store.campaigns.create(
        key=key,
        audience=audience,
        alert_id="ruling",
        texts={"es": "Hola", "en": "Hello"},
        created_by="9f86d081",
        now=NOW,
    )
    return created


async def claim_all(store: Store, *, now: datetime = NOW, worker: str = "w") -> list[int]:
    """Chat ids of every delivery claimable now, claimed in batches."""
    chat_ids: list[int] = []
    while batch := await store.deliveries.claim(worker=worker, limit=3, lease_seconds=60, now=now):
        chat_ids += [delivery.chat_id for delivery in batch]
    return chat_ids


# URLs and engines


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@host:5432/db", "postgresql+asyncpg://u:p@host:5432/db"),
        (
            "postgresql://u@host/db?sslmode=require",
            "postgresql+asyncpg://u@host/db?sslmode=require",
        ),
        ("postgresql+asyncpg://u@host/db", "postgresql+asyncpg://u@host/db"),
        ("sqlite:///memoria.db", "sqlite+aiosqlite:///memoria.db"),
        ("sqlite:////var/data/memoria.db", "sqlite+aiosqlite:////var/data/memoria.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_normalize_url_names_an_async_driver(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url", ["mysql://u@host/db", "postgresql+psycopg2://u@host/db", "memoria.db", ""]
)
def test_normalize_url_rejects_unsupported_databases(url: str) -> None:
    with pytest.raises(DatabaseURLError, match="postgresql://"):
        normalize_url(url)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_normalize_url_rejects_in_memory_sqlite(url: str) -> None:
    with pytest.raises(DatabaseURLError, match="In-memory"):
        normalize_url(url)


async def test_schema_is_refused_on_sqlite(tmp_path: Path) -> None:
    with pytest.raises(DatabaseURLError, match="PostgreSQL"):
        await Store.open(f"sqlite:///{tmp_path}/x.db", schema="elsewhere")


async def test_ping_reaches_the_database(store: Store) -> None:
    assert await store.ping() is True


async def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        await store.chats.set_language(1, "es", datetime(2026, 1, 1))


# Migrations


async def _versions(database: Database) -> list[int]:
    engine = database.engine()
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                schema_migrations.select().order_by(schema_migrations.c.version)
            )
            return [row.version for row in rows]
    finally:
        await engine.dispose()


async def test_migrations_are_idempotent(database: Database) -> None:
    async with await database.open() as first:
        await first.chats.set_language(7, "en", NOW)
    async with await database.open() as second:
        assert await second.chats.language(7) == "en"
    assert await _versions(database) == [step.version for step in MIGRATIONS]


async def test_simultaneous_start_ups_migrate_once(database: Database) -> None:
    stores = await asyncio.gather(*(database.open() for _ in range(3)))
    for opened in stores:
        await opened.close()
    assert await _versions(database) == [step.version for step in MIGRATIONS]


def _declared_schema() -> MetaData:
    """schema.py's tables and the migrations' own bookkeeping table, in one MetaData."""
    declared = MetaData(naming_convention=NAMING_CONVENTION)
    for table in (*metadata.sorted_tables, schema_migrations):
        table.to_metadata(declared)
    return declared


def _schema_differences(conn: Connection) -> list[Any]:
    """What alembic's autogenerate finds between the database and the declared tables: tables,
    columns, types, nullability, server defaults, indexes, unique constraints and foreign keys;
    then primary keys, which autogenerate does not compare."""
    declared = _declared_schema()
    context = MigrationContext.configure(
        conn, opts={"compare_type": True, "compare_server_default": True}
    )
    differences = list(compare_metadata(context, declared))
    inspector = inspect(conn)
    for table in declared.sorted_tables:
        if inspector.has_table(table.name):
            found = inspector.get_pk_constraint(table.name)["constrained_columns"]
            wanted = [column.name for column in table.primary_key.columns]
            if found != wanted:
                differences.append(("primary_key", table.name, found, wanted))
    return differences


async def test_migrated_database_matches_declared_schema(database: Database) -> None:
    await (await database.open()).close()
    engine = database.engine()
    try:
        async with engine.connect() as conn:
            if database.schema is not None:
                # Autogenerate reads the connection's default schema: the test's, not public.
                assert conn.dialect.default_schema_name == database.schema
            differences = await conn.run_sync(_schema_differences)
    finally:
        await engine.dispose()
    assert differences == []


async def test_database_from_a_newer_release_is_refused(database: Database) -> None:
    await (await database.open()).close()
    engine = database.engine()
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(schema_migrations).values(version=999, name="future", applied_at=NOW)
            )
    finally:
        await engine.dispose()
    with pytest.raises(SchemaTooNewError, match="999"):
        await database.open()


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


async def test_sqlite_commits_without_an_fsync_each(tmp_path: Path) -> None:
    opened = await Store.open(f"sqlite:///{tmp_path}/wal.db")
    async with opened, opened.database.read() as conn:
        mode = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
        sync = (await conn.execute(text("PRAGMA synchronous"))).scalar()
    assert (mode, sync) == ("wal", 1)  # 1 is NORMAL


async def test_mark_sent_many_records_every_outcome_in_one_go(store: Store) -> None:
    for chat in (1, 2, 3):
        await subscribe(store, chat)
    created = await campaign(store)
    rows = await store.deliveries.claim(worker="w", limit=5, lease_seconds=60, now=NOW)
    await store.deliveries.mark_sent_many([(rows[0].id, 10), (rows[1].id, None)], at(1))
    await store.deliveries.mark_sent_many([], at(1))
    progress = await store.campaigns.progress(created.id)
    assert (progress.sent, progress.pending) == (2, 1)
