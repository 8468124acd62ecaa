"""Which of two dated topics is the newer: "what did the Inter-American Court order" asks about
its latest orders (corte-idh-resoluciones-2025), not the 2024 ones, unless the message names a
year or a case. Knows nothing of scoring beyond the one factor ``search`` multiplies by.

A topic is dated by the first year its title names ("Órdenes de la Corte IDH (2024 a agosto de
2025)" is 2024); cases are not dated here (their years are when the crimes happened, not how
new the news is).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content import Content
from bot.index.text import words

# An older dated topic's confidence is multiplied by this when a newer one is also a candidate.
OLDER = 0.85
# Years a title may name as its date.
FIRST_YEAR = 1900
LAST_YEAR = 2100


class Recency:
    """The year each topic's title is dated by, numbered as the corpus numbers items."""

    def __init__(self, content: Content, ids: Sequence[str]) -> None:
        self.years: list[int | None] = [
            _dated(topic.title.text("es")) if (topic := content.topics.get(i)) else None
            for i in ids
        ]

    def factors(self, docs: Sequence[int], *, dated: bool) -> dict[int, float]:
        """OLDER for each candidate dated before another candidate, when the message itself
        names no year nor case (``dated``); empty when nothing is discounted."""
        if dated:
            return {}
        years = {doc: year for doc in docs if (year := self.years[doc]) is not None}
        newest = max(years.values(), default=None)
        return {doc: OLDER for doc, year in years.items() if newest is not None and year < newest}


def _dated(title: str) -> int | None:
    """The first year a title names, or None."""
    return next((int(w) for w in words(title) if _year(w)), None)


def names_year(found: Sequence[str]) -> bool:
    """Whether a message's words name a year."""
    return any(_year(w) for w in found)


def _year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and FIRST_YEAR <= int(word) <= LAST_YEAR
