"""Split a message into clauses and find where each one asks; knows nothing of what a clause
means for the answer (``reading`` does). Pure functions of words and ``Span``s.

A clause ends at . ? ! ; : , (not inside numbers like 32.419) and new lines; "¿...?" marks it as
a question. Set-aside words (greetings, thanks...) are trimmed from both ends of a clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer.vocabulary import Span
from bot.index.text import ALL_STOP_WORDS

# Said around a question; a message made only of these gets a short reply.
SET_ASIDE = frozenset(
    {"greeting", "thanks", "bye", "blessing", "apology", "acknowledgement", "feeling"}
    | {"address", "filler"}
)
# Words that are set aside only beside a greeting, thanks or the like, never on their own.
WORDS_AROUND = frozenset({"address", "filler"})
# A question phrase this far into a clause starts a new clause ("... en Huanta que puedo hacer").
STORY_WORDS = 3
# A question word inside a clause ending in "?" starts the question after one of these.
STORY_OPENERS = frozenset({"introduction", "relative", "loss"})
# A question phrase of two words asks at a clause's end when at most this many words follow it.
TAIL_WORDS = 2
_BREAK = re.compile(r"[?¿!¡;\n]|[.,:](?!\d)")


def split(text: str) -> list[tuple[str, bool]]:
    """The clauses of ``text`` and whether each is marked as a question (¿…?)."""
    found_pieces: list[tuple[str, bool]] = []
    at = 0
    opened = False
    for found in _BREAK.finditer(text):
        piece = text[at : found.start()]
        mark = found.group()
        if piece.strip():
            found_pieces.append((piece, opened or mark == "?"))
            opened = False
        elif mark == "?" and found_pieces:
            found_pieces[-1] = (found_pieces[-1][0], True)
        if mark == "¿":
            opened = True
        at = found.end()
    if text[at:].strip():
        found_pieces.append((text[at:], opened))
    return found_pieces


def trimmed(found: list[str], spans: list[Span]) -> tuple[int, int]:
    """The clause without the set-aside words (and function words among them) at its ends."""
    chat = [False] * len(found)
    strong = [False] * len(found)
    signal = [False] * len(found)
    for span in spans:
        for i in range(span.start, span.end):
            if span.intent in SET_ASIDE:
                chat[i] = True
                strong[i] = span.intent not in WORDS_AROUND
            else:
                signal[i] = True

    def aside(i: int) -> bool:
        return chat[i] or (not signal[i] and found[i] in ALL_STOP_WORDS)

    # "hola memoria, ..." and "..., gracias" are trimmed; "sobre memoria" and "quién está detrás
    # de este bot" are not: a filler word is set aside only beside a greeting, thanks...
    begin = 0
    while begin < len(found) and aside(begin):
        begin += 1
    if not any(strong[:begin]):
        begin = 0
    end = len(found)
    while end > begin and aside(end - 1):
        end -= 1
    if not any(strong[end:]):
        end = len(found)
    return begin, end


def asking(spans: Sequence[Span], begin: int, end: int) -> bool:
    """A question phrase anywhere ("quisiera saber"), a question word where the clause starts
    ("cuándo se publicó"), or a question phrase of two words at its end ("..., qué hago")."""
    return any(cue_at(s, begin, end) for s in spans)


def cue_at(span: Span, begin: int, end: int) -> bool:
    if span.intent == "question":
        return True
    if span.intent != "question_start":
        return False
    return span.start == begin or (span.end - span.start >= 2 and end - span.end <= TAIL_WORDS)


def question_at(spans: Sequence[Span], begin: int, end: int, marked: bool) -> int | None:
    """Where a question starts after a few words of story, or None: "mi hermano desapareció
    en Huanta y quisiera saber si ...", "... en Huanta qué puedo hacer", and in a clause ending
    in "?", a question word after an introduction or a story of loss ("soy estudiante de la
    UNSCH y tengo que exponer cuándo se publicó la ley?")."""
    if asking([s for s in spans if s.start == begin], begin, end):
        return None
    later = [s for s in spans if s.start >= begin + STORY_WORDS]
    anywhere = [s for s in later if s.intent == "question"]
    if anywhere:
        return anywhere[0].start
    # A question word starts the question only after a story: "soy estudiante ... cuándo se
    # publicó?", not "¿qué jueces inaplicaron la amnistía y en qué casos?".
    told = [s.start for s in spans if s.intent in STORY_OPENERS]
    cues = [s for s in later if cue_at(s, begin, end) or (marked and s.intent == "question_start")]
    if told and cues and cues[-1].start > told[0]:
        return cues[-1].start
    return None
