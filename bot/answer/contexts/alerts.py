"""The contexts of alerts: an alert as subscribers see it, the /alertas status, the admins'
/broadcast preview, progress and report, and refusals. See ``bot.answer.contexts``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.content import Source


@dataclass(frozen=True, slots=True)
class AlertContext:
    """alert.html: an alert as subscribers see it; ``untranslated`` as for topics."""

    title: str
    body: str
    sources: tuple[Source, ...]
    untranslated: bool = False


@dataclass(frozen=True, slots=True)
class AlertsContext:
    """alerts.html: a chat's alert subscription and what subscribing means.

    ``audiences`` lists every topic a chat may choose (court, action, anniversary); ``chosen``
    those it gets (empty when it is not subscribed). ``group`` is True in groups; ``changed``
    names what just happened (subscribed, unsubscribed, updated, or "" for none); ``refused`` is
    True when someone who is not a group admin tried to change a group's subscription.
    """

    subscribed: bool
    audiences: tuple[str, ...]
    chosen: tuple[str, ...]
    group: bool
    changed: AlertsChange = ""
    refused: bool = False


@dataclass(frozen=True, slots=True)
class RecipientCount:
    """How many active subscribers of ``audience`` read ``language`` (a language name)."""

    audience: str
    language: str
    count: int


@dataclass(frozen=True, slots=True)
class BroadcastPreviewContext:
    """broadcast_preview.html: the confirmation under an alert's previews (admins only).

    ``alert_id`` is None for a free text; ``audience`` is the alert's topic, or "" when the admin
    picks one with the buttons; ``recipients`` counts subscribers per topic and language;
    ``cancelled`` after the admin pressed cancel; ``as_of`` the date the alert's facts were true
    (None for a free text) and ``stale_days`` their age when it is over the limit.
    """

    alert_id: str | None
    audience: str
    recipients: tuple[RecipientCount, ...]
    cancelled: bool = False
    as_of: dt.date | None = None
    stale_days: int | None = None


@dataclass(frozen=True, slots=True)
class BroadcastCounts:
    """A campaign's deliveries so far: ``total`` chats, of which ``sent``, ``failed`` (the chat
    refused or is gone) and ``skipped`` (it unsubscribed or cannot read the language)."""

    total: int
    sent: int
    failed: int
    skipped: int


@dataclass(frozen=True, slots=True)
class BroadcastProgressContext:
    """broadcast_progress.html: a campaign while it is being sent (edited in place).

    ``remaining`` counts deliveries not yet settled; ``eta_seconds`` is None until it can be
    estimated; ``already`` is True when a repeated confirmation found the campaign running.
    """

    campaign_id: int
    counts: BroadcastCounts
    remaining: int
    eta_seconds: int | None
    already: bool = False


@dataclass(frozen=True, slots=True)
class BroadcastReportContext:
    """broadcast_report.html: how a campaign ended.

    ``pending`` is what was never sent (a stopped campaign); ``stop_reason`` is None unless it was
    stopped; ``possible_duplicates`` counts chats that may have got the message twice (a crash or
    a timeout between sending and recording: the Bot API has no idempotency key).
    """

    campaign_id: int
    title: str
    audience: str
    counts: BroadcastCounts
    pending: int
    possible_duplicates: int
    stop_reason: str | None
    elapsed_seconds: int


# refused.html: why a command was not carried out.
RefusedReason = Literal[
    "not_admin",
    "private_only",
    "forwarded",
    "anonymous",
    "expired",
    "usage",
    "unknown_alert",
    "too_long",
    "alerts_usage",
]
# alerts.html: what a /alertas button just did ("" for nothing).
AlertsChange = Literal["", "subscribed", "unsubscribed", "updated"]


@dataclass(frozen=True, slots=True)
class RefusedContext:
    """refused.html: a command that was not carried out, and why.

    ``reason``: not_admin, private_only, forwarded, anonymous, expired, usage (with ``choices``,
    the alert ids), unknown_alert (with ``choices``, the closest ids), too_long or alerts_usage.
    """

    reason: RefusedReason
    choices: tuple[str, ...] = ()
