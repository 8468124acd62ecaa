"""Build each kind of item (topic, case, alert) from its Reader, reporting what is wrong.

``loader`` finds the files and checks what spans them (ids, references); this module knows the
fields of one item. Every function returns None when it reported an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from bot.content.fields import Reader
from bot.content.model import (
    AUDIENCES,
    Alert,
    Contact,
    ContactLink,
    Localized,
    Source,
    Topic,
    Where,
)
from bot.content.sources import read_sources
from bot.content.yamlfile import LineDict, LineList

SUMMARY_LIMIT = 700
# A case's own first-screen texts: what happened in two short sentences, the status in one.
MIN_QUESTIONS = 8
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Dates:
    """Today, and how old a review may be before ``check`` warns."""

    today: date
    stale_after: timedelta


def review_date(reader: Reader, dates: Dates) -> date | None:
    """The review date; a warning when it is older than the allowed age."""
    reviewed = reader.day("reviewed")
    if reviewed is not None:
        if reviewed > dates.today:
            reader.report(reader.line("reviewed"), "'reviewed' is a date in the future.")
        elif dates.today - reviewed > dates.stale_after:
            reader.report(
                reader.line("reviewed"),
                f"reviewed on {reviewed.isoformat()}, more than "
                f"{dates.stale_after.days} days ago: check it against its sources again.",
                "warning",
            )
    return reviewed


def facts_date(
    reader: Reader, key: str, sources: tuple[Source, ...], dates: Dates, *, required: bool
) -> date | None:
    """The date an entry's facts were true (``as_of``, ``status_as_of``), checked.

    It may not lie in the future, nor before the newest dated source the entry cites: an entry
    cannot be true as of a day before the facts it relies on were published.
    """
    day = reader.day(key, required=False)
    if day is None:
        if required and reader.data.get(key) is None:
            reader.report(
                reader.data.line,
                f"the required field '{key}' is missing: give the date its facts were true "
                f"({key}: YYYY-MM-DD), at least that of its newest source.",
            )
        return None
    if day > dates.today:
        reader.report(reader.line(key), f"'{key}' is a date in the future.")
        return day
    dated = [s for s in sources if s.day is not None]
    newest = max(dated, key=lambda s: s.day or day, default=None)
    if newest is not None and newest.day is not None and newest.day > day:
        reader.report(
            reader.line(key),
            f"'{key}' is {day.isoformat()}, earlier than its newest source "
            f'("{newest.title}", {newest.day.isoformat()}): an entry cannot be true as of a '
            f"day before the facts it cites. Set '{key}' to {newest.day.isoformat()} or later.",
        )
    return day


def topic(
    reader: Reader, item_id: str, where: Where, dates: Dates, categories: list[str]
) -> Topic | None:
    """A topic, or None when errors were reported."""
    category = reader.choice("category", categories) if categories else reader.text("category")
    title = reader.localized("title")
    summary = reader.localized("summary")
    detail = reader.localized("detail", required=False)
    copy = reader.localized("copy", required=False)
    questions = reader.localized_list("questions", minimum=MIN_QUESTIONS)
    keywords = reader.localized_list("keywords", minimum=1)
    sources = read_sources(reader, "sources")
    reviewed = review_date(reader, dates)
    volatile = reader.flag("volatile")
    # Only a topic about the bot itself (every source 'self: true') states no outside facts.
    factual = volatile or any(s.url is not None for s in sources)
    as_of = facts_date(reader, "as_of", sources, dates, required=factual)
    related = reader.ids("related", "related")
    check_length(reader, "summary", summary)
    if None in (category, title, summary, reviewed) or not sources or not questions:
        return None
    assert category is not None
    assert title is not None
    assert summary is not None
    assert reviewed is not None
    return Topic(
        id=item_id,
        category=category,
        title=title,
        summary=summary,
        questions=questions,
        keywords=keywords,
        sources=sources,
        reviewed=reviewed,
        where=where,
        detail=detail,
        copy=copy,
        as_of=as_of,
        related=related,
        volatile=volatile,
    )


def alert(reader: Reader, item_id: str, where: Where, dates: Dates) -> Alert | None:
    """An alert, or None when errors were reported."""
    audience = reader.choice("audience", AUDIENCES)
    title = reader.localized("title")
    body = reader.localized("body")
    sources = read_sources(reader, "sources", required=False)
    scheduled = reader.moment("scheduled")
    related = reader.ids("related", "related")
    reviewed = review_date(reader, dates)
    as_of = facts_date(reader, "as_of", sources, dates, required=True)
    if None in (audience, title, body, reviewed, as_of):
        return None
    return Alert(
        id=item_id,
        audience=checked(audience),
        title=checked(title),
        body=checked(body),
        reviewed=checked(reviewed),
        where=where,
        sources=sources,
        scheduled=scheduled,
        related=related,
        as_of=as_of,
    )


def check_length(
    reader: Reader,
    key: str,
    text: Localized | None,
    *,
    limit: int = SUMMARY_LIMIT,
    rest: str = "move the rest to 'detail'",
) -> None:
    """Warn when a text will not fit its place on one phone screen."""
    for lang, value in (text or {}).items():
        if len(value) > limit:
            reader.report(
                reader.line(key),
                f"'{key}.{lang}' is {len(value)} characters; keep it under {limit} so it fits "
                f"one phone screen, and {rest}.",
                "warning",
            )


def checked(value: T | None) -> T:
    """Narrow a value already checked for None above."""
    assert value is not None
    return value


def contact(reader: Reader, dates: Dates) -> Contact | None:
    """How to reach Congress (contact.yaml): a note, the official pages, sources."""
    note = reader.localized("note")
    links: list[ContactLink] = []
    raw = reader.data.get("links")
    if not isinstance(raw, LineList) or not raw:
        reader.report(reader.line("links"), "'links' must list the official pages.")
    else:
        for item, line in zip(raw, raw.item_lines, strict=True):
            if not isinstance(item, LineDict):
                reader.report(line, "each link needs a 'title' (es, en) and a 'url'.")
                continue
            sub = Reader(
                item,
                reader.path,
                reader.problems,
                allowed=("title", "url"),
                languages=reader.languages,
            )
            sub.check_fields()
            title, url = sub.localized("title"), sub.text("url")
            if title is not None and url is not None:
                links.append(ContactLink(title=title, url=url))
    sources = read_sources(reader, "sources")
    reviewed = review_date(reader, dates)
    if note is None or reviewed is None:
        return None
    return Contact(
        note=note, links=tuple(links), sources=sources, reviewed=reviewed, where=Where(reader.path)
    )
