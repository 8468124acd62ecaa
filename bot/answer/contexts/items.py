"""The contexts of a topic or case, layer by layer (first screen, detail, sources), follow-ups,
case lists and references. See ``bot.answer.contexts``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.answer.references import Citation
from bot.content import Source


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
class CaseHeading:
    """What opens both layers of a case: ``name``; ``kind`` (state or contrast);
    ``content_note`` (what the text mentions, shown first); ``contrast_note`` (None unless a
    contrast case); ``date`` and ``place``. The first layer shortens the date and the contrast
    note; the detail layer shows them whole."""

    name: str
    kind: str
    content_note: str
    contrast_note: str | None
    date: str
    place: str


@dataclass(frozen=True, slots=True)
class CaseContext:
    """case.html: a case's first layer, one phone screen: its ``heading``; ``victims`` (its
    first sentences; None when the case's lead says who they were); ``what``, what happened in
    two sentences; ``status``, the judicial status when it is short (None: it is told in the
    detail layer), true as of ``status_as_of``; ``untranslated`` as for topics."""

    heading: CaseHeading
    victims: str | None
    what: str
    status: str | None
    status_as_of: dt.date
    untranslated: bool = False
    stale: bool = False


@dataclass(frozen=True, slots=True)
class CaseDetailContext:
    """case_detail.html: the whole case, one tap from its first layer: its ``heading``,
    ``victims``, ``summary`` and ``status`` in full, ``status_as_of``; ``amnesty`` (what the law
    means for it) and ``iachr`` (the Inter-American system), each None when unknown;
    ``untranslated`` as for topics."""

    heading: CaseHeading
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
