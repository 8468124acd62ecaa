"""Clauses of a message: split it, find where each one asks, and pick among them (the story
told before a question, the clauses nearest it, a relative named close to a loss); knows nothing
of what a reading means for the answer (``reading`` does). Pure functions of words, ``Span``s and
``Clause``s.

A clause ends at . ? ! ; : , (not inside numbers like 32.419) and new lines; "¿...?" marks it as
a question. Set-aside words (greetings, thanks...) are trimmed from both ends of a clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from bot.answer.vocabulary import KIN, LOSSES, Span
from bot.index.text import ALL_STOP_WORDS

# Phrases that make a clause a question where it starts; words of all but a verb's are cues
# (``is_cue_word``): "¿beneficia a los ronderos?" asks about benefiting.
OPENERS = frozenset({"question_start", "definition", "question_verb"})
QUESTIONS = frozenset({"question", "question_start", "definition"})

# Said around a question; a message made only of these gets a short reply.
SET_ASIDE = frozenset(
    {"greeting", "thanks", "bye", "blessing", "apology", "acknowledgement", "feeling", "complaint"}
    | {"forward", "address", "filler"}
)
# Words that trim a clause only beside a greeting, thanks, address..., never on their own
# ("sobre memoria" is kept; "mamita, cuántos desaparecidos hay" is asked without "mamita").
WEAK = frozenset({"filler"})
# A question phrase this far into a clause starts a new clause ("... en Huanta que puedo hacer").
STORY_WORDS = 3
# A question word inside a clause ending in "?" starts the question after one of these.
STORY_OPENERS = frozenset({"introduction", "relative", "survivor", "loss"})
# A question phrase of two words asks at a clause's end when at most this many words follow it.
TAIL_WORDS = 2
# A loss is acknowledged when a relative is named this close (in words) to it.
LOSS_DISTANCE = 6
# A natural cause told this close (in words) to a death makes it no loss of the conflict.
NATURAL_WORDS = 6
# A question pointing back to its story ("esa matanza") says at most this many words of its own.
REFERRING_WORDS = 2
# A rumour's carrier ("me pasaron un audio en whatsapp que dice que") ends this close to its
# clause's start, and leaves at least CLAIM_WORDS words of claim after it.
HEARSAY_WORDS = 10
CLAIM_WORDS = 2
# What may stand before an introduction in its clause ("hola, soy estudiante…").
COURTESY = frozenset({"greeting", "apology", "address"})
# Clauses end at these marks, and before a numbered point ("dos preguntas: 1) quién hizo…").
_BREAK = re.compile(r"[?¿!¡;\n]|[.,:](?!\d)|\b\d{1,2}\)")


def split(text: str) -> list[tuple[str, bool, bool]]:
    """The clauses of ``text``: each marked as a question (¿…?) or not, ends a sentence or not."""
    found_pieces: list[tuple[str, bool, bool]] = []
    at = 0
    opened = False
    for found in _BREAK.finditer(text):
        piece = text[at : found.start()]
        mark = found.group()
        if piece.strip():
            found_pieces.append((piece, opened or mark == "?", mark in ".!\n"))
            opened = False
        elif mark == "?" and found_pieces:
            found_pieces[-1] = (found_pieces[-1][0], True, False)
        if mark == "¿":
            opened = True
        at = found.end()
    if text[at:].strip():
        found_pieces.append((text[at:], opened, False))
    return found_pieces


def trimmed(found: list[str], spans: list[Span]) -> tuple[int, int]:
    """The clause without the set-aside words (and function words among them) at its ends."""
    # Only a greeting, thanks... (not a word around one) trims a clause: most clauses of a
    # story hold none and are kept whole, at the cost of one look at their phrases.
    if not any(s.intent in SET_ASIDE and s.intent not in WEAK for s in spans):
        return 0, len(found)
    chat = [False] * len(found)
    strong = [False] * len(found)
    signal = [False] * len(found)
    for span in spans:
        for i in range(span.start, span.end):
            if span.intent in SET_ASIDE:
                chat[i] = True
                strong[i] = span.intent not in WEAK
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


def after_hearsay(spans: Sequence[Span], begin: int, end: int) -> Span | None:
    """The hearsay phrase that ends a rumour's carrier, or None: "me pasaron un audio en
    whatsapp | que dice que | con esta ley liberan a los terroristas", "mi hermano murió y ahora
    | dicen que | hay amnistía". A clause that opens asking ("¿por qué dicen que…?", "why do
    they say…") asks about the saying: it is kept whole ("un video en tiktok donde dicen que…"
    is a carrier still)."""
    if any(s.start == begin and (s.intent in QUESTIONS or s.intent in OPENERS) for s in spans):
        return None
    carriers = [
        s
        for s in spans
        if s.intent == "hearsay"
        and s.start >= begin
        and s.end - begin <= HEARSAY_WORDS
        and end - s.end >= CLAIM_WORDS
    ]
    return carriers[-1] if carriers else None


def asking(spans: Sequence[Span], begin: int, end: int) -> bool:
    """A question phrase anywhere ("quisiera saber"), a question word where the clause starts
    ("cuándo se publicó"), or a question phrase of two words at its end ("..., qué hago")."""
    return any(cue_at(s, begin, end) for s in spans)


def cue_at(span: Span, begin: int, end: int) -> bool:
    if span.intent == "question":
        return True
    if span.intent not in OPENERS:
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
    cues = [
        s
        for s in later
        if cue_at(s, begin, end)
        or (marked and s.intent in OPENERS)
        or (s.intent == "definition" and s.end - s.start >= 2)
    ]
    if told and cues and cues[-1].start > told[0]:
        return cues[-1].start
    return None


class Clause(NamedTuple):
    """One clause, its set-aside words trimmed from both ends (a named tuple: cheap to make;
    compared by identity where it matters)."""

    words: tuple[str, ...]
    spans: tuple[Span, ...]
    kinds: frozenset[str]
    aside: frozenset[str] = frozenset()
    asks: bool = False
    chat: bool = False
    introduction: bool = False
    start: int = 0
    # A reaction that tells more ("tengo miedo que lo lean los militares"): said to the bot,
    # and its words are the story around a question the message asks.
    felt: bool = False


def is_cue_word(clause: Clause, i: int) -> bool:
    """Whether word ``i`` of a clause says nothing of a topic: a question cue or function word."""
    if clause.words[i] in ALL_STOP_WORDS:
        return True
    return any(
        s.start <= i < s.end and (s.intent in QUESTIONS or s.intent in SET_ASIDE)
        for s in clause.spans
    )


def refers(clause: Clause) -> bool:
    """A question that points back to its story ("¿esa matanza también entra?") and says
    little else: at most REFERRING_WORDS words of its own."""
    if not any(s.intent == "reference" for s in clause.spans):
        return False
    own = [
        i
        for i in range(len(clause.words))
        if not is_cue_word(clause, i)
        and not any(s.start <= i < s.end and s.intent == "reference" for s in clause.spans)
    ]
    return len(own) <= REFERRING_WORDS


# How many clauses back a question's story may be looked for by what it names.
NAMED_LOOKBACK = 3


def told_before(
    story: list[Clause], question: Clause, named: Callable[[Clause], bool] = lambda c: False
) -> Clause | None:
    """The story clause just before ``question`` (or just after, when it opens the message); of
    those before it, the last that names something ``named`` ("mis alumnos preguntan si la CIDH
    y la Corte IDH son lo mismo. No quiero equivocarme, ¿cuál es la diferencia?")."""
    before = [c for c in story if c.start < question.start and not c.asks]
    if before:
        near = reversed(before[-NAMED_LOOKBACK:])
        return next((c for c in near if named(c)), before[-1])
    after = [c for c in story if c.start > question.start and not c.asks]
    return after[0] if after else None


def last(clauses: list[Clause], budget: int) -> list[Clause]:
    """The last clauses holding up to ``budget`` words (at least one clause)."""
    chosen: list[Clause] = []
    count = 0
    for clause in reversed(clauses):
        if chosen and count + len(clause.words) > budget:
            break
        chosen.insert(0, clause)
        count += len(clause.words)
    return chosen


def nearest(clauses: list[Clause], anchor: Clause, budget: int) -> list[Clause]:
    """The clauses nearest ``anchor`` holding up to ``budget`` words, in message order."""
    ranked = sorted(clauses, key=lambda c: abs(c.start - anchor.start))
    chosen: list[Clause] = []
    count = 0
    for clause in ranked:
        if count + len(clause.words) > budget and chosen:
            break
        chosen.append(clause)
        count += len(clause.words)
    return sorted(chosen, key=lambda c: c.start)


def loss(clauses: list[Clause]) -> bool:
    """A relative named within a few words of a loss, anywhere in the message; a death told
    with its natural cause ("murió sin testamento", "died of cancer") is none,
    and so is a relative the same clause places today ("no regresa desde el sábado"). A
    survivor's own loss ("me torturaron") is both."""
    then = [c for c in clauses if not any(s.intent == "present" for s in c.spans)]
    relatives = [c.start + s.start for c in then for s in c.spans if s.intent in KIN]
    losses = [
        c.start + s.start
        for c in clauses
        for s in c.spans
        if s.intent in LOSSES and not _natural(s, c.spans)
    ]
    return any(abs(r - x) <= LOSS_DISTANCE for r in relatives for x in losses)


def _natural(loss: Span, spans: tuple[Span, ...]) -> bool:
    """Whether a natural cause is told a few words from ``loss`` ("murió sin testamento"); not
    a disappearance further on ("murió el mes pasado y nunca supo dónde enterraron a mi
    hermano desaparecido")."""
    near = range(loss.start - NATURAL_WORDS, loss.end + NATURAL_WORDS + 1)
    return any(s.intent == "natural" and (s.start in near or s.end in near) for s in spans)


def after_courtesy(spans: tuple[Span, ...]) -> Span | None:
    """The span that opens a clause once its greetings and apologies are set aside ("hi, I'm a
    journalist…" opens with the introduction), or None when nothing stands there."""
    at = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start != at:
            return None
        if span.intent not in COURTESY:
            return span
        at = span.end
    return None


def own_words(clauses: list[Clause]) -> str:
    """The words of ``clauses`` that are neither question cues nor function words."""
    return " ".join(
        c.words[i] for c in clauses for i in range(len(c.words)) if not is_cue_word(c, i)
    )


def about(clause: Clause) -> tuple[str, ...]:
    """The words of an introduction after who writes ("soy estudiante" -> "de antropología")."""
    opening = after_courtesy(clause.spans)
    return clause.words[opening.end if opening else 0 :]
