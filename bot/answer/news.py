"""What is new: the dated headlines of ``content/news.yaml``, newest first, for ``/novedades``.

Each headline points at the item whose sources back it; the answer shows the headlines and one
button per item. Pure and synchronous, like the rest of ``answer``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content import Headline

# About one phone screen of headlines, and no more item buttons than a menu has.
NEWS_LIMIT = 6


def latest(headlines: Sequence[Headline], *, limit: int = NEWS_LIMIT) -> list[Headline]:
    """The ``limit`` newest headlines, newest first; on the same day, in the file's order."""
    order = sorted(range(len(headlines)), key=lambda n: (-headlines[n].date.toordinal(), n))
    return [headlines[n] for n in order[:limit]]
