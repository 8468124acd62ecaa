"""Sources: each item's list of sources, and content/sources.yaml's sites.

Every fact names where it comes from: ``read_sources`` reads an item's ``sources`` list (a
title and a url, or ``self: true`` for the bot itself); ``sites`` reads which sites answers show
first and which are not in Spanish. Like fields.py, every mistake becomes a Problem.
"""

from __future__ import annotations

import re
from datetime import date

from bot.content.fields import Reader
from bot.content.model import Sites, Source
from bot.content.yamlfile import LineDict, LineList

URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# content/sources.yaml: its tiers, first shown first, and the language list.
SITE_TIERS = ("primary", "press")
SITES_FIELDS = (*SITE_TIERS, "languages")
SITE_PATTERN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/[^\s]*)?$")
SOURCE_FIELDS = ("title", "url", "date", "lang", "self")


def read_sources(reader: Reader, key: str, *, required: bool = True) -> tuple[Source, ...]:
    """A list of {title, url, date?}; every entry must name where its facts come from."""
    value = reader.field(key, required=required)
    if value is None:
        return ()
    if not isinstance(value, LineList) or (required and not value):
        reader.report(
            reader.line(key),
            f"'{key}' must list at least one source as '- title: …' and 'url: https://…'.",
        )
        return ()
    found = (
        _source(reader, item, line) for item, line in zip(value, value.item_lines, strict=True)
    )
    return tuple(source for source in found if source is not None)


def _source(reader: Reader, item: object, line: int) -> Source | None:
    """One entry of a sources list, or None when it is wrong (reported)."""
    if not isinstance(item, LineDict):
        reader.report(line, "each source needs a 'title' and a 'url'.")
        return None
    sub = Reader(item, reader.path, reader.problems, allowed=SOURCE_FIELDS, languages=())
    sub.check_fields()
    about_bot = item.get("self") is True
    title = sub.text("title")
    url = None if about_bot else sub.text("url")
    when = sub.text("date", required=False)
    lang = sub.text("lang", required=False)
    if lang is not None and lang not in reader.languages:
        sub.report(
            sub.line("lang"),
            f"the source language '{lang}' must be one the bot speaks: "
            f"{', '.join(reader.languages)} (leave it out for Spanish).",
        )
        lang = None
    if about_bot and "url" in item:
        sub.report(sub.line("url"), "a 'self: true' source is the bot itself: remove 'url'.")
        return None
    if url is not None and not URL_PATTERN.match(url):
        sub.report(sub.line("url"), f"the source url '{url}' must start with https://.")
        return None
    if when is not None and not _is_day(when):
        sub.report(
            sub.line("date"),
            f"the source date '{when}' must be written YYYY-MM-DD, like 2025-08-14; "
            "leave 'date' out when the source shows no day.",
        )
        return None
    if title is None or (url is None and not about_bot):
        return None
    return Source(title=title, url=url, date=when, lang=lang)


def sites(reader: Reader) -> Sites:
    """content/sources.yaml: the sites answers show first, and the sites not in Spanish."""
    seen: set[str] = set()
    tiers = tuple(_site_list(reader, reader.data, key, seen) for key in SITE_TIERS)
    languages: dict[str, str] = {}
    raw = reader.data.get("languages")
    if raw is not None and not isinstance(raw, LineDict):
        reader.report(
            reader.line("languages"),
            "'languages' must list sites per language, like:  languages: {en: [csw.org.uk]}",
        )
    elif raw is not None:
        for lang in raw:
            if lang not in reader.languages:
                reader.report(
                    raw.key_lines.get(lang, raw.line),
                    f"'languages' names '{lang}', which the bot does not speak; use one of: "
                    f"{', '.join(reader.languages)}.",
                )
                continue
            for site in _site_list(reader, raw, lang, set()):
                languages[site] = str(lang)
    return Sites(tiers=tiers, languages=languages)


def _site_list(reader: Reader, data: LineDict, key: str, seen: set[str]) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    line = data.key_lines.get(key, data.line)
    if not isinstance(value, LineList):
        reader.report(line, f"'{key}' must be a list of sites, one '- site' per line.")
        return ()
    found: list[str] = []
    for item, item_line in zip(value, value.item_lines, strict=True):
        site = str(item or "").strip().lower().removeprefix("www.")
        if not SITE_PATTERN.match(site):
            reader.report(
                item_line,
                f"'{item}' is not a site: write the host without https://, like 'rpp.pe' or "
                "'fidh.org/en'.",
            )
        elif site in seen:
            reader.report(item_line, f"the site '{site}' is listed twice; keep one.")
        else:
            seen.add(site)
            found.append(site)
    return tuple(found)


def _is_day(text: str) -> bool:
    """Whether ``text`` is a real date written YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
