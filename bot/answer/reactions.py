"""What a clause says to the bot rather than asks of it: thanks, a blessing, a feeling, a
goodbye or an acknowledgement that opens it, and whether a feeling tells a relative's story
instead ("tengo miedo de que liberen al que mató a mi hermano"). ``reading`` sets such clauses
aside; their words come from content/intents.yaml (``Vocabulary``)."""

from __future__ import annotations

from bot.answer.vocabulary import KIN, LOSSES, Span
from bot.index.text import ALL_STOP_WORDS

# A clause opening with one of these is said to the bot, whatever follows ("gracias por
# explicarme", "que diosito los bendiga por lo que hacen", "nos vemos mañana"), unless it asks.
REACTION_OPENERS = frozenset({"thanks", "blessing", "feeling", "complaint", "bye"})
# A reaction telling at least this many words after its opener tells a story too.
FELT_WORDS = 2
# An acknowledgement telling this many words after it tells what it understood ("I understand
# the Court issued measures in 2025 on the amnesty"): not said to the bot.
ACKNOWLEDGED_WORDS = 5


def reaction(opener: Span) -> bool:
    """Whether a clause opening with ``opener`` is said to the bot: thanks, a blessing, a
    feeling, a goodbye, or an acknowledgement of more than one word ("ya le pasé la info a mi
    mamá"; "ya salió algún militar" opens with "ya" alone and asks)."""
    if opener.intent == "acknowledgement":
        return opener.end - opener.start > 1
    return opener.intent in REACTION_OPENERS


def kin_told(found: list[str], spans: list[Span]) -> bool:
    """Whether a feeling tells of a relative ("tengo miedo de que liberen al que mató a mi
    hermano"): a relative's story, not a reaction ("tengo pena por mi papá" is one)."""
    return any(s.intent in KIN for s in spans) and (
        any(s.intent in LOSSES for s in spans) or tells_more(found, spans)
    )


def tells_more(found: list[str], spans: list[Span]) -> bool:
    """Whether a reaction's words after its opener tell FELT_WORDS words of their own."""
    return tells(found, spans, FELT_WORDS)


def tells(found: list[str], spans: list[Span], count: int) -> bool:
    """Whether the words after a clause's opener tell ``count`` words of their own."""
    inside = {i for s in spans for i in range(s.start, s.end)}
    after = range(spans[0].end, len(found))
    return sum(i not in inside and found[i] not in ALL_STOP_WORDS for i in after) >= count


def said_to_bot(found: list[str], spans: list[Span], end: int, marked: bool) -> tuple[bool, bool]:
    """Whether a clause is said to the bot (set aside whole), and whether it opens with a
    feeling that tells more (``felt``: its words are the story around a question the message
    asks, "tengo miedo q lo lean los militares"). A clause that asks is never set aside."""
    opener = spans[0] if spans else None
    felt = opener is not None and opener.intent == "feeling" and end - opener.end >= FELT_WORDS
    reacts = (
        opener is not None
        and opener.start == 0
        and reaction(opener)
        and not (felt and kin_told(found, spans))
        and not (opener.intent == "acknowledgement" and tells(found, spans, ACKNOWLEDGED_WORDS))
        and not marked
        and not any(s.intent == "question" for s in spans)
    )
    return reacts, felt
