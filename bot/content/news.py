"""Read ``content/news.yaml``: dated one-line headlines, each pointing at the item that holds
the sourced fact, for ``/novedades``.

A headline says what happened and when; its item carries the sources. Editors add one line when
something happens, so the bot can say what is new without guessing it from review dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.content.fields import Reader, Reference
from bot.content.model import Headline, Where
from bot.content.yamlfile import LineDict, LineList, read
from bot.errors import Problem

FIELDS = ("date", "item", "text")
# About four phone lines: a headline is a line, not a summary.
HEADLINE_CHARS = 160


def read_news(
    path: Path,
    shown: str,
    problems: list[Problem],
    *,
    languages: Sequence[str],
    today: date,
) -> tuple[tuple[Headline, ...], list[Reference]]:
    """The headlines of ``path`` (none when it does not exist) and the ids they name."""
    if not path.is_file():
        return (), []
    data, found = read(path, shown)
    problems.extend(found)
    if found or data is None:
        return (), []
    if not isinstance(data, LineList):
        problems.append(
            Problem(shown, 1, "error", "news.yaml must be a list of '- date: …' entries.")
        )
        return (), []
    headlines: list[Headline] = []
    references: list[Reference] = []
    for entry, line in zip(data, data.item_lines, strict=True):
        if not isinstance(entry, LineDict):
            problems.append(
                Problem(shown, line, "error", "each headline needs a date, an item and a text.")
            )
            continue
        reader = Reader(entry, shown, problems, allowed=FIELDS, languages=languages)
        reader.check_fields()
        headline = _headline(reader, today)
        references.extend(reader.references)
        if headline is not None:
            headlines.append(headline)
    return tuple(headlines), references


def _headline(reader: Reader, today: date) -> Headline | None:
    day = reader.day("date")
    item = reader.text("item")
    text = reader.localized("text")
    if day is not None and day > today:
        reader.report(reader.line("date"), "a headline cannot be dated in the future.")
        day = None
    if item is not None:
        reader.references.append(Reference(reader.path, reader.line("item"), "item", item))
    if text is not None:
        for lang in text:
            if len(text[lang]) > HEADLINE_CHARS:
                reader.report(
                    reader.line("text"),
                    f"the {lang} headline has {len(text[lang])} characters; keep it under "
                    f"{HEADLINE_CHARS} (the detail belongs in the item).",
                    "warning",
                )
    if day is None or item is None or text is None:
        return None
    return Headline(date=day, item=item, text=text, where=Where(reader.path, reader.data.line))
