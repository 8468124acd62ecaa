"""Fixtures and helpers for the store's tests (tests/test_store*.py): real databases, SQLite in
tmp_path and PostgreSQL when it is reachable.

Every test taking ``store`` or ``database`` runs on both engines. PostgreSQL tests each get a fresh
schema, dropped afterwards. Set MEMORIA_TEST_POSTGRES_URL to point at another server; when the
server is unreachable they are skipped, unless CI is set, where they fail. A test module imports
the fixtures ``database`` and ``store`` from here and lists them in ``__all__``.
"""

from __future__ import annotations

import functools
import os
import secrets
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store import (
    Campaign,
    Store,
    Subscriber,
    normalize_url,
)
from bot.store.engine import create_engine

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


@asynccontextmanager
async def fresh_postgres_schema(prefix: str) -> AsyncIterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards (skipped when no server, failed in CI)."""
    problem = _postgres_unreachable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI must test PostgreSQL (MEMORIA_TEST_POSTGRES_URL).")
        pytest.skip(f"{problem}; set MEMORIA_TEST_POSTGRES_URL to test PostgreSQL.")
    schema = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_async_engine(normalize_url(POSTGRES_URL))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {schema}"))
        yield schema
        async with admin.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    finally:
        await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield Database(f"sqlite:///{tmp_path}/memoria.db", None)
        return
    async with fresh_postgres_schema("t") as schema:
        yield Database(POSTGRES_URL, schema)


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
