"""The tables as they are now, which every query in bot/store is written against.

These declarations do not create anything: migrations.py does, step by step, and a test checks
that a freshly migrated database has exactly these tables and columns. To change a table, add a
migration step and then change its declaration here.

Privacy shapes the tables: no user id is stored outside the rows about a chat (``forget`` deletes
those), feedback, question and button counters carry no id and no time, and the question log keeps
only the text, the language and the hour it was asked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

# Named constraints, so a later migration can alter or drop them by name on both engines.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Delivery statuses. A pending row whose lease has not expired is being sent right now.
PENDING = "pending"
SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both engines; naive datetimes are refused.

    SQLite has no timezone type and SQLAlchemy stores its datetimes as text without an offset,
    so every value is converted to UTC before storing: text comparisons then order correctly.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# SQLite numbers rows itself only for a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(naming_convention=NAMING_CONVENTION)

languages = Table(
    "languages",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("lang", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

subscribers = Table(
    "subscribers",
    metadata,
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

subscriber_audiences = Table(
    "subscriber_audiences",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("audience", Text, primary_key=True),
    Index(None, "audience"),
)

campaigns = Table(
    "campaigns",
    metadata,
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
    Column("title", Text),
    UniqueConstraint("key"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("language", Text, nullable=False),
    Column("chat_type", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    # True once an attempt ended without a known outcome (a lease expired, a timeout): the
    # message may have arrived then, so a later successful send may be a duplicate.
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

scheduled_alerts = Table(
    "scheduled_alerts",
    metadata,
    Column("alert_id", Text, primary_key=True),
    Column("scheduled_for", UTCDateTime, primary_key=True),
    Column("sent_at", UTCDateTime, nullable=False),
)

processed_updates = Table(
    "processed_updates",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("processed_at", UTCDateTime, nullable=False),
    Index(None, "processed_at"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("item_id", Text, primary_key=True),
    Column("positive", Integer, nullable=False),
    Column("negative", Integer, nullable=False),
)

asked = Table(
    "asked",
    metadata,
    Column("item_id", Text, primary_key=True),
    Column("times", Integer, nullable=False),
)

# How often each kind of button is pressed (detail, sources, back, menu…): action name only.
presses = Table(
    "presses",
    metadata,
    Column("action", Text, primary_key=True),
    Column("times", Integer, nullable=False),
)

# Telegram's file id of each share card uploaded once, by the card's key (a hash of what it
# shows, bot/cards): no chat or user id.
card_files = Table(
    "card_files",
    metadata,
    Column("key", Text, primary_key=True),
    Column("file_id", Text, nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("text", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("suggestion", Text),
    Column("asked_at", UTCDateTime, nullable=False),
    Index(None, "asked_at"),
)

# What a chat's recent conversation left behind, so "¿y quién la firmó?" finds what "la" is: the
# language it last clearly wrote in and the last topic or case shown. Never message text. Rows
# older than the conversation window are ignored on read and purged by housekeeping.
conversations = Table(
    "conversations",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("lang", Text),
    Column("last_item", Text),
    Column("last_case", Text),
    Column("updated_at", UTCDateTime, nullable=False),
    Index(None, "updated_at"),
)
