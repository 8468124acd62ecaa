"""A long message whose whole question is matched too weakly is matched clause by clause: the
asking clause that names what Memoria covers may be clear where the whole is not. Knows only
the index and the reading."""

from __future__ import annotations

from bot.answer.readings import Reading
from bot.index import Index, Match

# A story of more words than this is read again only for its names of cases and years.
STORY_WORDS = 150


def clearest(
    index: Index, reading: Reading, told: str, matches: list[Match], suggest: float
) -> tuple[list[Match], bool]:
    """The whole question's ``matches``, or, when they are too weak to be suggested (below
    ``suggest``) and the message asks more than once, those of the asking clause that names
    the most core notions, read with the rest of the message as its story ("estoy confundido,
    ¿la ley 32107 es la misma que la amnistía? mi profesor las mencionó juntas y no entendí":
    the first clause).
    True when a clause's: the caller offers them rather than answers, unless one is an item's
    own example question (the rest of the message may be about something else)."""
    best = matches[0].confidence if matches else 0.0
    if best >= suggest or len(reading.questions) < 2:
        return matches, False
    story = " ".join(filter(None, (told, reading.focus)))
    if len(story.split()) > STORY_WORDS:
        # A long story is read again only for the cases and years it names: bounded work.
        story = index.naming(story)
    # The clause naming most core notions (the first of equals): one more search at most.
    named = [index.anchors(each) for each in reading.questions]
    if not max(named):
        return matches, False
    clause = reading.questions[named.index(max(named))]
    these = index.search(index.query(clause, story))
    if these and these[0].confidence > max(best, suggest):
        return these, True
    return matches, False
