"""bot/store's engines, URLs and migrations, on both engines (fixtures in tests/stores.py)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, insert, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import StatementError

from bot.store import (
    DatabaseURLError,
    SchemaTooNewError,
    Store,
    normalize_url,
)
from bot.store.migrations import MIGRATIONS, schema_migrations
from bot.store.schema import NAMING_CONVENTION, metadata
from tests.stores import NOW, Database, database, store

__all__ = ["database", "store"]  # the fixtures, re-used: every test runs on both engines


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


async def test_sqlite_commits_without_an_fsync_each(tmp_path: Path) -> None:
    opened = await Store.open(f"sqlite:///{tmp_path}/wal.db")
    async with opened, opened.database.read() as conn:
        mode = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
        sync = (await conn.execute(text("PRAGMA synchronous"))).scalar()
    assert (mode, sync) == ("wal", 1)  # 1 is NORMAL
