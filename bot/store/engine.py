"""Engines for the two databases Memoria runs on, and the few places where they differ.

SQLite through aiosqlite is the zero-config default; PostgreSQL through asyncpg runs production.
The rest of bot/store is one code path over SQLAlchemy Core, because the differences live here:

- URLs: ``normalize_url`` turns what a host hands us into a URL naming an async driver.
- SQLite runs in WAL mode with synchronous=NORMAL (see ``_sqlite_connect``).
- Transactions on SQLite: in its legacy mode, Python's sqlite3 starts no transaction for SELECT or
  DDL, which breaks transactional migrations and read-then-write code. We take over and emit BEGIN
  ourselves: ``BEGIN IMMEDIATE`` for writers, so a transaction takes the write lock up front and
  never fails with "database is locked" halfway through; a plain deferred ``BEGIN`` for readers.
- PostgreSQL schemas: ``schema`` sets the connection's ``search_path`` (tests use one per test).
- Upserts: ``insert_for`` picks the dialect's INSERT; both spell ON CONFLICT the same way.
- Errors never show their statement's parameters (``hide_parameters``): those are users'
  questions and chat ids, and errors end up in logs and the admin chat.

``Database`` holds the engine and the transactions (``write``, ``read``) every part of the store
shares; ``Part`` is the base of each part (subscribers.py, campaigns.py…). This module knows no
table (schema.py has them) and no record (records.py).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.store.errors import DatabaseURLError

DEFAULT_URL = "sqlite+aiosqlite:///memoria.db"

_SCHEMES = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
}
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Marks the read-only engine, whose SQLite transactions need no write lock.
_READ_ONLY = "memoria_read_only"
# Seconds a SQLite connection waits for another's write lock before giving up.
_SQLITE_BUSY_TIMEOUT = 30.0
_WAL_ATTEMPTS = 200


def normalize_url(url: str) -> str:
    """Return ``url`` with an async driver: ``postgres://`` → ``postgresql+asyncpg://``, etc."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in _SCHEMES:
        raise DatabaseURLError(
            f"Unsupported database URL scheme {scheme.lower()!r}: use postgresql://… for "
            "PostgreSQL or sqlite:///path/to/file.db for a SQLite file."
        )
    normalized = f"{_SCHEMES[scheme.lower()]}://{rest}"
    if normalized.startswith("sqlite") and rest.split("?")[0] in ("", "/", "/:memory:"):
        raise DatabaseURLError(
            "In-memory SQLite is not supported, because each connection would see its own empty "
            "database: use a file, such as sqlite:///memoria.db."
        )
    return normalized


def create_engine(url: str, *, schema: str | None = None) -> AsyncEngine:
    """Create the engine for a URL already passed through ``normalize_url``.

    Args:
        url: a ``postgresql+asyncpg://`` or ``sqlite+aiosqlite:///`` URL.
        schema: PostgreSQL only: the schema to work in (it must exist), instead of ``public``.
    """
    if url.startswith("sqlite"):
        if schema is not None:
            raise DatabaseURLError("A schema can only be chosen on PostgreSQL, not on SQLite.")
        engine = create_async_engine(
            url, connect_args={"timeout": _SQLITE_BUSY_TIMEOUT}, hide_parameters=True
        )
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if schema is not None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise DatabaseURLError(f"Schema name {schema!r} must be a lowercase identifier.")
        connect_args["server_settings"] = {"search_path": schema}
    return create_async_engine(
        url, connect_args=connect_args, pool_pre_ping=True, hide_parameters=True
    )


def read_only(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool, for transactions that only read."""
    return engine.execution_options(**{_READ_ONLY: True})


def insert_for(conn: AsyncConnection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``conn``'s dialect, so callers can add ``on_conflict_do_…``."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class Database:
    """The store's connection to its database, shared by every part of ``Store``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._reader = read_only(engine)
        # SQLite has one writer at a time; a second BEGIN IMMEDIATE waits in SQLite's busy
        # handler, which sleeps in steps of up to 100 ms. Queueing this process's writers here
        # instead keeps many concurrent writes (a broadcast's outcomes) fast.
        self._one_writer = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that may write; committed on success, rolled back on error."""
        if self._one_writer is None:
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self._one_writer, self.engine.begin() as conn:
            yield conn

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that only reads."""
        async with self._reader.connect() as conn:
            yield conn


class Part:
    """One noun of the store (subscribers, campaigns…) over the shared ``Database``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def _write(self) -> AbstractAsyncContextManager[AsyncConnection]:
        return self._database.write()

    def _read(self) -> AbstractAsyncContextManager[AsyncConnection]:
        return self._database.read()


def _sqlite_connect(dbapi_connection: Any, _: Any) -> None:
    # Stop sqlite3 from emitting BEGIN itself (see the module docstring); _sqlite_begin does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL with synchronous=NORMAL: a commit costs microseconds instead of an fsync (~15 ms
    # here), which a broadcast needs, as it commits every outcome right after its send.
    # A killed process loses nothing committed; a power loss may lose the last commits (never
    # corrupts). Production runs on PostgreSQL anyway.
    _set_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _set_wal(cursor: Any) -> None:
    """Switch the file to WAL. The switch needs the file to itself and does not wait in the busy
    handler, so when several processes open a new database at once it is retried briefly; the
    mode is stored in the file, so once one connection has set it the others find it set."""
    for attempt in range(_WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05)


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
