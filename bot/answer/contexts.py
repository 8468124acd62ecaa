"""One documented context per template: what each template in ``templates/`` may use.

Every template also receives, from ``render``: ``t`` (the UI strings of the language, from
``content/locales``), ``lang``, ``org`` (name, description, contact: each None when unset),
``org_name`` (the name, or a phrase for "whoever runs this bot"), ``bot_username`` (None
outside Telegram), ``day(date)`` (a date in words), ``month(date)`` (its month's name) and
``deep_link(bot_username, payload)`` (the one builder of t.me links, ``callbacks.deep_link``).
Texts here are plain text; templates escape them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.answer.references import Citation
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
    """privacy.html: what the bot stores and for how long; ``retention_days`` for questions,
    ``conversation_hours`` for the conversation memory (last language, topic and case)."""

    retention_days: int
    conversation_hours: int = 6


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
    """topic.html: a topic's first layer, one phone screen: its ``title``, the ``summary``
    (whole when short, else its lead; the rest is in the detail layer) and ``as_of``, the date
    its facts are true as of (None: no date is shown). ``untranslated`` when some of it is
    shown in Spanish for lack of a translation; ``stale`` when its facts can change and that
    date is older than the limit (a line says they may have changed)."""

    title: str
    summary: str
    as_of: dt.date | None
    untranslated: bool = False
    stale: bool = False


@dataclass(frozen=True, slots=True)
class TopicDetailContext:
    """topic_detail.html: a topic's detail layer: ``title``; ``more``, the rest of the summary
    ("" when the first layer showed all of it); ``detail`` and ``copy`` (a text to copy and
    send), each None when the topic has none; ``as_of`` and ``untranslated`` as for topics."""

    title: str
    more: str
    detail: str | None
    copy: str | None
    as_of: dt.date | None
    untranslated: bool = False


@dataclass(frozen=True, slots=True)
class CaseContext:
    """case.html: a case's first layer, one phone screen: ``name``; ``kind`` (state or
    contrast); ``content_note`` (what the text mentions, shown first); ``contrast_note`` (None
    unless a contrast case); who, when and where: ``victims`` (its first sentences; None when
    the case's lead says who they were), ``date`` (without a closing aside), ``place``;
    ``what``, what happened in two sentences; ``status``, the judicial status when it is short
    (None: it is told in the detail layer), true as of ``status_as_of``; ``untranslated`` as
    for topics."""

    name: str
    kind: str
    content_note: str
    contrast_note: str | None
    date: str
    place: str
    victims: str | None
    what: str
    status: str | None
    status_as_of: dt.date
    untranslated: bool = False
    stale: bool = False


@dataclass(frozen=True, slots=True)
class CaseDetailContext:
    """case_detail.html: the whole case, one tap from its first layer: ``name``, ``kind``,
    ``content_note``, ``contrast_note``, ``date``, ``place``, ``victims``, ``summary`` and
    ``status`` in full, ``status_as_of``; ``amnesty`` (what the law means for it) and ``iachr``
    (the Inter-American system), each None when unknown; ``untranslated`` as for topics."""

    name: str
    kind: str
    content_note: str
    contrast_note: str | None
    date: str
    place: str
    victims: str
    summary: str
    status: str
    status_as_of: dt.date
    amnesty: str | None
    iachr: str | None
    untranslated: bool = False


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One source as shown: ``title``, ``url`` (None for the bot itself), ``date`` (a text, or
    None) and ``lang``, the language it is written in (templates mark it when it is not the
    reader's)."""

    title: str
    url: str | None
    date: str | None
    lang: str


@dataclass(frozen=True, slots=True)
class SourcesContext:
    """sources.html: the sources layer of a topic or case titled ``title``: ``sources`` shown
    (at most three, primary sources first; or every one), ``more``, how many are not shown;
    ``reviewed``, when someone last checked the entry against them; ``start``, the deep-link
    payload of the entry (for the share link)."""

    title: str
    sources: tuple[SourceLine, ...]
    more: int
    reviewed: dt.date
    start: str


@dataclass(frozen=True, slots=True)
class FollowUpContext:
    """followup.html: one part of the topic or case a follow-up asked about ("¿y las fuentes?").

    ``part`` is detail (with ``detail``, a topic's longer text), when (with a case's ``date`` and
    ``place``) or sources; ``title`` is the topic's title or the case's name; ``sources`` are
    always shown; ``untranslated`` as for topics.
    """

    part: str
    title: str
    detail: str | None
    date: str | None
    place: str | None
    sources: tuple[Source, ...]
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


@dataclass(frozen=True, slots=True)
class NewsLine:
    """One line of /novedades: what happened and its date."""

    text: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class NewsContext:
    """news.html: the newest headlines first (none when content has none); each headline's
    item is also a button."""

    lines: tuple[NewsLine, ...]


@dataclass(frozen=True, slots=True)
class ReferencesContext:
    """references.html: ``title`` of the topic or case and its sources as APA ``citations``."""

    title: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class CardContext:
    """card.html, the caption under a share card's photo: the item's ``title`` (its question or
    name) and ``start``, the deep-link payload that opens it in the private chat."""

    title: str
    start: str


TemplateContext = (
    WelcomeContext
    | GroupIntroContext
    | PrivacyContext
    | ForgetContext
    | HelpContext
    | MenuContext
    | CategoryContext
    | TopicContext
    | TopicDetailContext
    | CaseContext
    | FollowUpContext
    | CaseDetailContext
    | SourcesContext
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
    | NewsContext
    | ReferencesContext
    | CardContext
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
    TopicDetailContext: "topic_detail.html",
    CaseContext: "case.html",
    FollowUpContext: "followup.html",
    CaseDetailContext: "case_detail.html",
    SourcesContext: "sources.html",
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
    NewsContext: "news.html",
    ReferencesContext: "references.html",
    CardContext: "card.html",
}
