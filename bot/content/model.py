"""The frozen records the knowledge base is made of. No I/O here: see ``loader.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

FALLBACK_LANGUAGE = "es"
REQUIRED_LANGUAGES = ("es", "en")


class Localized(Mapping[str, str]):
    """A text in several languages; ``text(lang)`` falls back to Spanish."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str]) -> None:
        self._items = dict(items)

    def __getitem__(self, lang: str) -> str:
        return self._items[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Localized({self._items!r})"

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._items.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Localized) and other._items == self._items

    def text(self, lang: str) -> str:
        """The text in ``lang``, or in Spanish when it has no translation yet."""
        return self._items.get(lang) or self._items[FALLBACK_LANGUAGE]

    def has(self, lang: str) -> bool:
        """Whether this text is translated into ``lang``."""
        return bool(self._items.get(lang))


@dataclass(frozen=True, slots=True)
class Where:
    """The file and line an item was defined at, for problems and editor tools."""

    path: str
    line: int = 1


@dataclass(frozen=True, slots=True)
class Source:
    """A public source an entry relies on; ``url`` is None for the bot itself (``self: true``)."""

    title: str
    url: str | None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """A section of the main menu."""

    id: str
    emoji: str
    title: Localized


@dataclass(frozen=True, slots=True)
class Topic:
    """A question-and-answer entry."""

    id: str
    category: str
    title: Localized
    summary: Localized
    questions: Mapping[str, tuple[str, ...]]
    keywords: Mapping[str, tuple[str, ...]]
    sources: tuple[Source, ...]
    reviewed: dt.date
    where: Where
    detail: Localized | None = None
    copy: Localized | None = None
    as_of: dt.date | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """Where a case happened."""

    department: str
    province: str | None = None
    district: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A case summary."""

    id: str
    name: Localized
    aliases: tuple[str, ...]
    kind: str
    date: Localized
    years: tuple[int, ...]
    place: Place
    victims: Localized
    content_note: Localized
    summary: Localized
    status: Localized
    status_as_of: dt.date
    sources: tuple[Source, ...]
    reviewed: dt.date
    where: Where
    contrast_note: Localized | None = None
    amnesty: Localized | None = None
    iachr: Localized | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alert:
    """A message that can be broadcast to subscribers."""

    id: str
    audience: str
    title: Localized
    body: Localized
    reviewed: dt.date
    where: Where
    sources: tuple[Source, ...] = ()
    scheduled: dt.datetime | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactLink:
    """An official page where contact details are published."""

    title: Localized
    url: str


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach Congress (only sourced facts)."""

    note: Localized
    links: tuple[ContactLink, ...]
    sources: tuple[Source, ...]
    reviewed: dt.date
    where: Where


AUDIENCES = ("court", "action", "anniversary")
CASE_KINDS = ("state", "contrast")


@dataclass(frozen=True, slots=True)
class Content:
    """The whole knowledge base, validated."""

    categories: tuple[Category, ...]
    topics: Mapping[str, Topic]
    cases: Mapping[str, Case]
    alerts: Mapping[str, Alert]
    locales: Mapping[str, Mapping[str, str]]
    synonyms: tuple[tuple[str, ...], ...]
    intents: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    # Topic ids (or families "mito-*") that answer an opinion; see content/intents.yaml.
    opinion_topics: tuple[str, ...] = ()
    contact: Contact | None = None
    languages: tuple[str, ...] = REQUIRED_LANGUAGES
    root: str = "content"
    category_ids: frozenset[str] = field(default=frozenset())

    def item(self, item_id: str) -> Topic | Case | None:
        """The topic or case with this id (they share one namespace), or None."""
        return self.topics.get(item_id) or self.cases.get(item_id)

    def strings(self, lang: str) -> Mapping[str, str]:
        """The UI strings of ``lang``, with Spanish for any key not translated yet."""
        base = self.locales[FALLBACK_LANGUAGE]
        if lang == FALLBACK_LANGUAGE or lang not in self.locales:
            return base
        return {**base, **self.locales[lang]}
