"""One documented context per template: what each template in ``templates/`` may use.

Every template also receives, from ``render``: ``t`` (the UI strings of the language, from
``content/locales``), ``lang``, ``org_name`` and ``bot_username`` (None outside Telegram).
Texts here are plain text; templates escape them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.content import Source


@dataclass(frozen=True, slots=True)
class WelcomeContext:
    """welcome.html: the greeting after /start. No fields of its own."""


@dataclass(frozen=True, slots=True)
class CommandLine:
    """One command as shown in help: its name in the user's language and a description key."""

    name: str
    key: str


@dataclass(frozen=True, slots=True)
class GroupIntroContext:
    """group_intro.html: the one short introduction when the bot joins a group."""


@dataclass(frozen=True, slots=True)
class PrivacyContext:
    """privacy.html: what the bot stores and for how long; ``retention_days`` for questions."""

    retention_days: int


@dataclass(frozen=True, slots=True)
class ForgetContext:
    """forget.html: ``state`` is ask (with confirm buttons), done (``rows`` deleted) or kept."""

    state: str
    rows: int = 0


@dataclass(frozen=True, slots=True)
class HelpContext:
    """help.html: ``commands`` lists every command with its name in the user's language."""

    commands: tuple[CommandLine, ...]


@dataclass(frozen=True, slots=True)
class MenuContext:
    """menu.html: the main menu heading (the categories are buttons)."""


@dataclass(frozen=True, slots=True)
class CategoryContext:
    """category.html: ``title`` of the category whose topics are shown as buttons."""

    title: str


@dataclass(frozen=True, slots=True)
class TopicContext:
    """topic.html: one topic; ``detail``, ``copy`` may be None; ``start`` is the deep-link id;
    ``untranslated`` when some of it is shown in Spanish for lack of a translation."""

    title: str
    summary: str
    detail: str | None
    copy: str | None
    sources: tuple[Source, ...]
    reviewed: dt.date
    as_of: dt.date | None
    start: str
    untranslated: bool = False


@dataclass(frozen=True, slots=True)
class CaseContext:
    """case.html: one case summary; ``contrast_note``, ``amnesty`` and ``iachr`` may be None;
    ``untranslated`` as for topics."""

    name: str
    kind: str
    content_note: str
    date: str
    place: str
    victims: str
    summary: str
    status: str
    status_as_of: dt.date
    amnesty: str | None
    iachr: str | None
    contrast_note: str | None
    sources: tuple[Source, ...]
    reviewed: dt.date
    start: str
    untranslated: bool = False


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One case in a list: name, years as text, department, and whether it is a contrast case."""

    name: str
    years: str
    department: str
    contrast: bool


@dataclass(frozen=True, slots=True)
class CaseListContext:
    """case_list.html: ``cases`` on this page; ``filter`` is what the user asked for, or None."""

    filter: str | None
    cases: tuple[CaseLine, ...]
    count: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class SuggestionsContext:
    """suggestions.html: the closest topics are buttons; ``question`` is the user's words."""

    question: str


@dataclass(frozen=True, slots=True)
class UnclearContext:
    """unclear.html: a question about what Memoria covers, not understood well enough even for
    a "did you mean"; the closest topics are buttons. ``question`` is the user's words."""

    question: str


@dataclass(frozen=True, slots=True)
class OpinionContext:
    """opinion.html: an opinion or argument said as a statement ("esa ley es buena"); the
    topics that state each side's arguments and the facts are buttons. No fields of its own."""


@dataclass(frozen=True, slots=True)
class NotFoundContext:
    """not_found.html: ``question`` is outside what Memoria answers (the scope is said, and the
    menu is a button); ``gone`` when a stale button named an item that no longer exists
    (``question`` is None then)."""

    question: str | None
    gone: bool = False


@dataclass(frozen=True, slots=True)
class SmalltalkContext:
    """smalltalk.html: ``kind`` is greeting, thanks, bye, feeling ("qué pena") or ack ("ok",
    "ya entendí", "👍")."""

    kind: str


@dataclass(frozen=True, slots=True)
class UsageContext:
    """usage.html: ``key`` is case, unknown_command, too_long or slow_down; ``limit`` for
    too_long; ``commands`` lists the commands for unknown_command."""

    key: str
    limit: int = 0
    commands: tuple[CommandLine, ...] = ()


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """error.html: a short apology, no details."""


@dataclass(frozen=True, slots=True)
class LanguageContext:
    """language.html: ``changed`` after a switch, else a question; ``refused`` for non-admins."""

    changed: bool
    refused: bool = False


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
    changed: str = ""
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
    ``cancelled`` after the admin pressed cancel.
    """

    alert_id: str | None
    audience: str
    recipients: tuple[RecipientCount, ...]
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class BroadcastProgressContext:
    """broadcast_progress.html: a campaign while it is being sent (edited in place).

    ``remaining`` counts deliveries not yet settled; ``eta_seconds`` is None until it can be
    estimated; ``already`` is True when a repeated confirmation found the campaign running.
    """

    campaign_id: int
    total: int
    sent: int
    failed: int
    skipped: int
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
    total: int
    sent: int
    failed: int
    skipped: int
    pending: int
    possible_duplicates: int
    stop_reason: str | None
    elapsed_seconds: int


@dataclass(frozen=True, slots=True)
class RefusedContext:
    """refused.html: a command that was not carried out, and why.

    ``reason``: not_admin, private_only, forwarded, anonymous, expired, usage (with ``choices``,
    the alert ids), unknown_alert (with ``choices``, the closest ids), too_long or alerts_usage.
    """

    reason: str
    choices: tuple[str, ...] = ()


TemplateContext = (
    WelcomeContext
    | GroupIntroContext
    | PrivacyContext
    | ForgetContext
    | HelpContext
    | MenuContext
    | CategoryContext
    | TopicContext
    | CaseContext
    | CaseListContext
    | SuggestionsContext
    | NotFoundContext
    | UnclearContext
    | OpinionContext
    | SmalltalkContext
    | UsageContext
    | ErrorContext
    | LanguageContext
    | AlertContext
    | AlertsContext
    | BroadcastPreviewContext
    | BroadcastProgressContext
    | BroadcastReportContext
    | RefusedContext
)

TEMPLATES: dict[type[TemplateContext], str] = {
    WelcomeContext: "welcome.html",
    GroupIntroContext: "group_intro.html",
    PrivacyContext: "privacy.html",
    ForgetContext: "forget.html",
    HelpContext: "help.html",
    MenuContext: "menu.html",
    CategoryContext: "category.html",
    TopicContext: "topic.html",
    CaseContext: "case.html",
    CaseListContext: "case_list.html",
    SuggestionsContext: "suggestions.html",
    NotFoundContext: "not_found.html",
    UnclearContext: "unclear.html",
    OpinionContext: "opinion.html",
    SmalltalkContext: "smalltalk.html",
    UsageContext: "usage.html",
    ErrorContext: "error.html",
    LanguageContext: "language.html",
    AlertContext: "alert.html",
    AlertsContext: "alerts.html",
    BroadcastPreviewContext: "broadcast_preview.html",
    BroadcastProgressContext: "broadcast_progress.html",
    BroadcastReportContext: "broadcast_report.html",
    RefusedContext: "refused.html",
}
