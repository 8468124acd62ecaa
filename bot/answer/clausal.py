"""A long message whose whole question is matched too weakly is matched clause by clause: the
asking clause that names what Memoria covers may be clear where the whole is not. Knows only
the index and the reading."""

from __future__ import annotations

from bot.answer.readings import Reading
from bot.index import Index, Match

# At most this many asking clauses of a message are matched one by one.
CLAUSES = 3


def clearest(
    index: Index, reading: Reading, told: str, matches: list[Match], suggest: float
) -> tuple[list[Match], bool]:
    """The whole question's ``matches``, or, when they are too weak to be suggested (below
    ``suggest``), those of the asking clause that names a core notion and is matched best,
    read with the rest of the message as its story ("estoy confundido, ¿la ley 32107 es la
    misma que la amnistía? mi profesor las mencionó juntas y no entendí": the first clause).
    True when a clause's: the caller offers them rather than answers, unless one is an item's
    own example question (the rest of the message may be about something else)."""
    best = matches[0].confidence if matches else 0.0
    if best >= suggest or (len(reading.questions) < 2 and not told):
        return matches, False
    story = " ".join(filter(None, (told, reading.focus)))
    found, level = matches, max(best, suggest)
    for clause in reading.questions[:CLAUSES]:
        if not index.anchors(clause):
            continue
        these = index.search(index.query(clause, story))
        if these and these[0].confidence > level:
            found, level = these, these[0].confidence
    return found, found is not matches
