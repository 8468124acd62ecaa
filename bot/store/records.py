"""The frozen records the store returns; nothing here touches the database.

Every datetime in a record is timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

# Read-only container types, so that e.g. list[list[dict[str, str]]] is accepted as JSON.
JSON: TypeAlias = Mapping[str, "JSON"] | Sequence["JSON"] | str | int | float | bool | None
DeliveryStatus = Literal["pending", "sent", "failed", "skipped"]
QuestionOutcome = Literal["fallback", "suggestions"]


@dataclass(frozen=True, slots=True)
class Subscriber:
    """A chat that subscribed to alerts; ``active`` is False after it left or was lost.

    ``consented_at`` and ``wording_version`` record when it last agreed, and to which wording of
    the subscription notice. ``inactive_reason`` says why it stopped (``"unsubscribed"``,
    ``"blocked"``, …).
    """

    chat_id: int
    chat_type: str
    language: str
    audiences: tuple[str, ...]
    active: bool
    consented_at: datetime
    wording_version: str
    updated_at: datetime
    inactive_reason: str | None
    inactive_since: datetime | None


@dataclass(frozen=True, slots=True)
class Campaign:
    """One broadcast: the rendered text per language and who should get it.

    ``created_by`` is a hash of the admin who started it, never their id; ``title`` is what
    reports call it (None for campaigns made before titles were kept).
    """

    id: int
    key: str
    audience: str
    alert_id: str | None
    texts: Mapping[str, str]
    buttons: JSON
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    stopped_at: datetime | None
    stop_reason: str | None
    title: str | None = None

    @property
    def unfinished(self) -> bool:
        """Neither finished nor stopped: its pending deliveries may still be claimed."""
        return self.finished_at is None and self.stopped_at is None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message of a campaign to one chat, as a sender claimed it.

    ``attempts`` counts claims including this one. ``maybe_delivered`` is True when an earlier
    attempt ended without an outcome, so the message may already be in the chat.
    """

    id: int
    campaign_id: int
    chat_id: int
    language: str
    chat_type: str
    attempts: int
    maybe_delivered: bool
    lease_owner: str
    lease_expires_at: datetime


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a campaign got. ``pending`` includes rows being sent right now.

    ``possible_duplicates`` counts sent rows that an earlier attempt may already have delivered
    (a lease expired without an outcome, or a send timed out). The Bot API has no idempotency
    key, so such a chat may have received the message twice; we cannot know.
    """

    total: int
    sent: int
    failed: int
    skipped: int
    pending: int
    possible_duplicates: int

    @property
    def done(self) -> bool:
        """Nothing is left to send."""
        return self.pending == 0


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """A question the bot could not answer well. No id: only the hour it was asked."""

    text: str
    lang: str
    outcome: QuestionOutcome
    suggestion: str | None
    asked_at: datetime


@dataclass(frozen=True, slots=True)
class Conversation:
    """What a chat's recent conversation left behind (never its text).

    ``lang`` is the language the chat last clearly wrote in; ``last_item`` the last topic or
    case shown, ``last_case`` the last case. ``updated_at`` is the chat's last turn.
    """

    lang: str | None
    last_item: str | None
    last_case: str | None
    updated_at: datetime
