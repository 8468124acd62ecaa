"""Citation-ready references for ``/fuentes TEMA`` (``/sources TOPIC``), in APA style.

A source's ``title`` is written ``Outlet: what it reports`` (content/README.md); here the outlet
becomes the author and what it reports a bracketed description, as APA does for a work cited by
description, with the publication date or "s. f." / "n.d.". Pure: the template draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content import Source


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference: ``author`` (the outlet or institution), ``date`` (None: no date),
    ``description`` of what it reports (None when the title names only the outlet), ``url``."""

    author: str
    date: dt.date | None
    description: str | None
    url: str


def citations(sources: Sequence[Source]) -> tuple[Citation, ...]:
    """The item's outside sources as citations (the bot itself is not cited), in their order."""
    found = []
    for source in sources:
        if source.url is None:
            continue
        author, colon, what = source.title.partition(":")
        if not colon:
            author, what = source.title, ""
        found.append(Citation(author.strip(), source.day, what.strip() or None, source.url))
    return tuple(found)
