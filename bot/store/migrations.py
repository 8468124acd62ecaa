"""Bring a database up to the schema this release expects, at start-up, on both engines.

``MIGRATIONS`` is an ordered list of numbered steps written in SQLAlchemy Core DDL. The table
``schema_migrations`` records which steps a database has; ``migrate`` applies the missing ones in
one transaction, so a failed step leaves the database as it was. When two processes start at once
(a web and a worker dyno after a deploy), the second waits, then finds nothing left to do: on
PostgreSQL it waits on an advisory lock held until commit; on SQLite, on the write lock that
``BEGIN IMMEDIATE`` takes (see engine.py). A database that has steps this release does not know
was migrated by a newer release; we refuse to run on it rather than guess.

Why not Alembic: it would bring an ``alembic.ini``, an ``env.py`` and a versions folder (STYLE.md
allows no config file but pyproject.toml), a second entry point to run before the bot, and
autogeneration we do not need for a dozen tables. These steps are plain Core, run by the bot at
start-up on both engines, and are tested like any other code.

Each step declares the tables as they were at that step, in its own MetaData, never importing
schema.py's current declarations: those will change, and an old step must create what it always
created. Only ``migrate`` runs steps; queries live in the modules named after their nouns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.errors import SchemaTooNewError
from bot.store.schema import NAMING_CONVENTION, BigId, UTCDateTime

logger = logging.getLogger(__name__)

# An arbitrary key for pg_advisory_xact_lock; any process migrating this database takes it.
_LOCK_KEY = 0x4D656D6F726961  # "Memoria"

_bookkeeping = MetaData(naming_convention=NAMING_CONVENTION)
schema_migrations = Table(
    "schema_migrations",
    _bookkeeping,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered step; ``apply`` runs synchronously inside the migration transaction."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _create_initial_tables(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table(
        "languages",
        md,
        Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
        Column("lang", Text, nullable=False),
        Column("updated_at", UTCDateTime, nullable=False),
    )
    Table(
        "subscribers",
        md,
        Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
        Column("chat_type", Text, nullable=False),
        Column("language", Text, nullable=False),
        Column("active", Boolean, nullable=False),
        Column("consented_at", UTCDateTime, nullable=False),
        Column("wording_version", Text, nullable=False),
        Column("updated_at", UTCDateTime, nullable=False),
        Column("inactive_reason", Text),
        Column("inactive_since", UTCDateTime),
    )
    Table(
        "subscriber_audiences",
        md,
        Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
        Column("audience", Text, primary_key=True),
        Index(None, "audience"),
    )
    Table(
        "campaigns",
        md,
        Column("id", Integer, primary_key=True),
        Column("key", Text, nullable=False),
        Column("audience", Text, nullable=False),
        Column("alert_id", Text),
        Column("texts", JSON, nullable=False),
        Column("buttons", JSON(none_as_null=True)),
        Column("created_by", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("finished_at", UTCDateTime),
        Column("stopped_at", UTCDateTime),
        Column("stop_reason", Text),
        UniqueConstraint("key"),
    )
    Table(
        "deliveries",
        md,
        Column("id", BigId, primary_key=True),
        Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
        Column("chat_id", BigInteger, nullable=False),
        Column("language", Text, nullable=False),
        Column("chat_type", Text, nullable=False),
        Column("status", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("maybe_delivered", Boolean, nullable=False),
        Column("lease_owner", Text),
        Column("lease_expires_at", UTCDateTime),
        Column("not_before", UTCDateTime),
        Column("message_id", BigInteger),
        Column("error", Text),
        Column("finished_at", UTCDateTime),
        UniqueConstraint("campaign_id", "chat_id"),
        Index(None, "status", "id"),
        Index(None, "chat_id"),
    )
    Table(
        "scheduled_alerts",
        md,
        Column("alert_id", Text, primary_key=True),
        Column("scheduled_for", UTCDateTime, primary_key=True),
        Column("sent_at", UTCDateTime, nullable=False),
    )
    Table(
        "processed_updates",
        md,
        Column("update_id", BigInteger, primary_key=True, autoincrement=False),
        Column("processed_at", UTCDateTime, nullable=False),
        Index(None, "processed_at"),
    )
    Table(
        "feedback",
        md,
        Column("item_id", Text, primary_key=True),
        Column("positive", Integer, nullable=False),
        Column("negative", Integer, nullable=False),
    )
    Table(
        "asked",
        md,
        Column("item_id", Text, primary_key=True),
        Column("times", Integer, nullable=False),
    )
    Table(
        "questions",
        md,
        Column("id", BigId, primary_key=True),
        Column("text", Text, nullable=False),
        Column("lang", Text, nullable=False),
        Column("outcome", Text, nullable=False),
        Column("suggestion", Text),
        Column("asked_at", UTCDateTime, nullable=False),
        Index(None, "asked_at"),
    )
    md.create_all(conn, checkfirst=False)


def _create_table(conn: Connection, name: str, *elements: Column[Any] | Index) -> None:
    """Create table ``name`` as a step declares it (a frozen copy, never bot.store.schema)."""
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table(name, md, *elements)
    md.create_all(conn, checkfirst=False)


def _create_conversations(conn: Connection) -> None:
    _create_table(
        conn,
        "conversations",
        Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
        Column("lang", Text),
        Column("last_item", Text),
        Column("last_case", Text),
        Column("updated_at", UTCDateTime, nullable=False),
        Index(None, "updated_at"),
    )


def _create_presses(conn: Connection) -> None:
    _create_table(
        conn,
        "presses",
        Column("action", Text, primary_key=True),
        Column("times", Integer, nullable=False),
    )


def _campaign_title_column(conn: Connection) -> None:
    # The title an admin sees in reports was kept inside the buttons JSON; it gets its own column,
    # and the buttons column keeps only the button rows. Adding a nullable column is plain DDL on
    # both engines (SQLite cannot alter a column, but it can add one).
    conn.execute(text("ALTER TABLE campaigns ADD COLUMN title TEXT"))
    md = MetaData(naming_convention=NAMING_CONVENTION)
    table = Table(
        "campaigns",
        md,
        Column("id", Integer, primary_key=True),
        Column("buttons", JSON(none_as_null=True)),
        Column("title", Text),
    )
    for row in conn.execute(select(table.c.id, table.c.buttons)).all():
        stored = row.buttons
        if not isinstance(stored, dict) or "title" not in stored:
            continue
        rows = {k: v for k, v in stored.items() if k != "title"}
        title = stored["title"] if isinstance(stored["title"], str) else None
        conn.execute(
            update(table).where(table.c.id == row.id).values(title=title, buttons=rows or None)
        )


def _create_card_files(conn: Connection) -> None:
    _create_table(
        conn,
        "card_files",
        Column("key", Text, primary_key=True),
        Column("file_id", Text, nullable=False),
        Column("stored_at", UTCDateTime, nullable=False),
    )


# Append only: never edit, renumber or remove a step that has been released.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial tables", _create_initial_tables),
    Migration(2, "conversations", _create_conversations),
    Migration(3, "button presses", _create_presses),
    Migration(4, "campaign titles in their own column", _campaign_title_column),
    Migration(5, "share card file ids", _create_card_files),
)


async def migrate(engine: AsyncEngine) -> list[int]:
    """Apply the missing steps of ``MIGRATIONS``; return the versions applied, in order."""
    applied_now: list[int] = []
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        await conn.run_sync(_bookkeeping.create_all)
        applied = set((await conn.execute(select(schema_migrations.c.version))).scalars())
        unknown = applied - {step.version for step in MIGRATIONS}
        if unknown:
            raise SchemaTooNewError(
                f"The database has migration {max(unknown)}, but this release knows only up to "
                f"{MIGRATIONS[-1].version}: deploy the newer release, or restore a backup."
            )
        for step in MIGRATIONS:
            if step.version in applied:
                continue
            await conn.run_sync(step.apply)
            await conn.execute(
                insert(schema_migrations).values(
                    version=step.version,
                    name=step.name,
                    # Bookkeeping for humans, so the wall clock is fine here.
                    applied_at=datetime.now(UTC),
                )
            )
            applied_now.append(step.version)
    for version in applied_now:
        logger.info("Applied database migration %d", version)
    return applied_now
