"""The frozen records the knowledge base is made of. No I/O here: see ``loader.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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
    """A public source an entry relies on; ``url`` is None for the bot itself (``self: true``).

    ``date`` is its publication date as written (YYYY-MM-DD), when the source shows one.
    ``lang`` is the language it is written in when the entry says so; otherwise ``Sites.language``
    decides (Spanish, unless content/sources.yaml knows the site publishes in another language).
    """

    title: str
    url: str | None
    date: str | None = None
    lang: str | None = None

    @property
    def day(self) -> dt.date | None:
        """The publication date as a date, or None when the source has none."""
        return dt.date.fromisoformat(self.date) if self.date else None


@dataclass(frozen=True, slots=True)
class Sites:
    """content/sources.yaml: which sites' sources answers show first, and sites not in Spanish.

    A site is a host, covering its subdomains ("gob.pe" covers "congreso.gob.pe"), optionally
    with a path prefix ("fidh.org/en"). ``tiers`` lists the primary sites, then the established
    press; ``languages`` maps a site to the language it publishes in.
    """

    tiers: tuple[tuple[str, ...], ...] = ()
    languages: Mapping[str, str] = field(default_factory=dict)

    def rank(self, sources: Sequence[Source]) -> tuple[Source, ...]:
        """Primary sources first, then the press, then the rest; each as the entry lists them."""
        return tuple(sorted(sources, key=self.tier))

    def tier(self, source: Source) -> int:
        """0 for a primary source, 1 for the press; after them all for any other source.

        The most specific site listed decides: "tvperu.gob.pe" in press outranks "gob.pe".
        """
        listed = {site: n for n, sites in enumerate(self.tiers) for site in sites}
        site = _closest(source.url, listed)
        return len(self.tiers) if site is None else listed[site]

    def language(self, source: Source) -> str:
        """The language a source is written in: its own ``lang``, its site's, else Spanish."""
        if source.lang:
            return source.lang
        site = _closest(source.url, self.languages)
        return FALLBACK_LANGUAGE if site is None else self.languages[site]


def _closest(url: str | None, sites: Iterable[str]) -> str | None:
    """The longest of ``sites`` that ``url`` is on, or None (the URL is parsed once)."""
    if url is None:
        return None
    parts = urlsplit(url)
    found = (parts.hostname or "").lower()
    path = parts.path.lstrip("/")
    on = [site for site in sites if _on_site(found, path, site)]
    return max(on, key=len, default=None)


def _on_site(found: str, path: str, site: str) -> bool:
    """Whether a URL of host ``found`` and ``path`` is on ``site`` ("gob.pe", "fidh.org/en")."""
    host, _, prefix = site.partition("/")
    on_host = found == host or found.endswith(f".{host}")
    return on_host and path.startswith(prefix)


@dataclass(frozen=True, slots=True)
class Category:
    """A section of the main menu."""

    id: str
    emoji: str
    title: Localized


@dataclass(frozen=True, slots=True)
class Topic:
    """A question-and-answer entry; ``volatile`` ones state facts that change (court status,
    Congress, the law's validity), so their ``as_of`` date matters to readers."""

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
    volatile: bool = False


@dataclass(frozen=True, slots=True)
class Headline:
    """A dated one-line piece of news (content/news.yaml); ``item`` holds its sources."""

    date: dt.date
    item: str
    text: Localized
    where: Where


@dataclass(frozen=True, slots=True)
class Place:
    """Where a case happened."""

    department: str
    province: str | None = None
    district: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A case summary; ``volatile`` when its status can still change.

    ``lead`` (what happened, two short sentences) and ``status_now`` (the status as last known,
    one sentence) are written for the first screen; None where the answer cuts its own.
    """

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
    volatile: bool = False
    lead: Localized | None = None
    status_now: Localized | None = None


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
    as_of: dt.date | None = None


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
class Labelled:
    """A message as someone wrote it, and the answer it should get: a topic or case id (or two
    equally right), or ``list``, ``fallback`` or ``smalltalk`` (content/learning)."""

    text: str
    lang: str
    expect: tuple[str, ...]


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
    # Topic ids offered to a relative who tells a loss and asks nothing; content/intents.yaml.
    loss_topics: tuple[str, ...] = ()
    contact: Contact | None = None
    languages: tuple[str, ...] = REQUIRED_LANGUAGES
    root: str = "content"
    category_ids: frozenset[str] = field(default=frozenset())
    news: tuple[Headline, ...] = ()
    sites: Sites = field(default_factory=Sites)
    # Common words of Spanish and English, one a line (content/words): never taken for typos.
    words: str = ""
    # Messages as people write them, each with its answer (content/learning): the index learns
    # from them.
    learning: tuple[Labelled, ...] = ()
    # Each language's strings with Spanish for what it lacks, merged once (``strings``).
    merged: Mapping[str, Mapping[str, str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        base = self.locales.get(FALLBACK_LANGUAGE, {})
        merged = {lang: {**base, **strings} for lang, strings in self.locales.items()}
        object.__setattr__(self, "merged", merged)

    def item(self, item_id: str) -> Topic | Case | None:
        """The topic or case with this id (they share one namespace), or None."""
        return self.topics.get(item_id) or self.cases.get(item_id)

    def strings(self, lang: str) -> Mapping[str, str]:
        """The UI strings of ``lang``, with Spanish for any key not translated yet."""
        found = self.merged.get(lang)
        return self.locales[FALLBACK_LANGUAGE] if found is None else found
