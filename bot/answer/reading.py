"""Read a whole message the way a person would: what is said around the question, the question
itself, and the story it comes with. Knows nothing of topics or answers (``freetext`` does).

"buenas noches disculpe la molestia, mi hermano desapareció en 1984 en Huanta, qué puedo hacer"
is split into clauses (at . ? ! ; , and new lines). Clauses made only of greetings, apologies,
thanks, blessings, acknowledgements or feelings are set aside, and so is an introduction
("soy periodista", "I'm a journalist based in Madrid") when the message has something else.
The clauses that ask (a "?", a question word at their start, or a phrase such as "qué puedo
hacer" anywhere) are the ``focus``; the rest of the story is the ``context``. A question that is
only a cue ("¿es verdad?", "qué puedo hacer") takes its story as its focus. The words come from
content/intents.yaml (``Vocabulary``). The work is bounded: a 4,096-character message is read
in one pass, and the focus and context keep a fixed number of words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.answer.vocabulary import Span, Vocabulary
from bot.index import words
from bot.index.text import ALL_STOP_WORDS, plain

# Said around a question; a message made only of these gets a short reply.
SET_ASIDE = frozenset(
    {"greeting", "thanks", "bye", "blessing", "apology", "acknowledgement", "feeling"}
    | {"address", "filler"}
)
# Words that are set aside only beside a greeting, thanks or the like, never on their own.
WORDS_AROUND = frozenset({"address", "filler"})
QUESTIONS = frozenset({"question", "question_start"})
# Which intent wins when a phrase is listed under two.
ORDER = (
    "greeting", "thanks", "bye", "blessing", "apology", "acknowledgement", "feeling",
    "relative", "loss", "introduction", "question", "question_start", "reference", "opinion",
    "not_chat", "address", "filler",
)  # fmt: skip
# Bounds: words per clause (a run-on message is cut into pieces), words of focus and context.
CLAUSE_WORDS = 40
FOCUS_WORDS = 40
CONTEXT_WORDS = 60
ASKING_CLAUSES = 3
# A loss is acknowledged when a relative is named this close (in words) to it.
LOSS_DISTANCE = 6
# A question phrase this far into a clause starts a new clause ("... en Huanta que puedo hacer").
STORY_WORDS = 3
# A question word inside a clause ending in "?" starts the question after one of these.
STORY_OPENERS = frozenset({"introduction", "relative", "loss"})
# An introduction says who writes in a few words; a longer clause is a story ("trabajo en un
# minimarket y mi jefe no me paga...").
INTRODUCTION_WORDS = 8
# A clause opening with one of these is said to the bot, whatever follows ("gracias por
# explicarme", "que diosito los bendiga por lo que hacen"), unless it asks.
REACTION_OPENERS = frozenset({"thanks", "blessing", "feeling"})
# A question saying at most this many words of its own is read with the story before it.
THIN_WORDS = 1
# A question pointing back to its story ("esa matanza") says at most this many words of its own.
REFERRING_WORDS = 2
# A question phrase of two words asks at a clause's end when at most this many words follow it.
TAIL_WORDS = 2
_BREAK = re.compile(r"[?¿!¡;\n]|[.,:](?!\d)")


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause, its set-aside words trimmed from both ends."""

    words: tuple[str, ...]
    spans: tuple[Span, ...]
    kinds: frozenset[str]
    aside: frozenset[str] = frozenset()
    asks: bool = False
    chat: bool = False
    introduction: bool = False
    start: int = 0


@dataclass(frozen=True, slots=True)
class Reading:
    """What a message says, for ``freetext`` to answer.

    ``focus`` is the question, ``context`` the story around it (both folded text, bounded);
    ``asked`` is what the asking clauses said, before a bare cue took its story as focus;
    ``questions`` the asking clauses one by one; ``bare``: the question is only a cue ("qué
    puedo hacer"); ``told``: it was read with the story told before it.
    ``chat``: the message holds only set-aside words (``kinds`` says which); ``said``: the
    kinds of what was set aside around the question (greeting, thanks...). ``relative``: a
    relative is named; ``loss``: close to a loss.
    ``opinion``: no clause asks and one states an opinion. ``introduced``: the message is only
    an introduction.
    """

    focus: str
    context: str = ""
    asked: str = ""
    questions: tuple[str, ...] = ()
    chat: bool = False
    kinds: frozenset[str] = field(default_factory=frozenset)
    said: frozenset[str] = field(default_factory=frozenset)
    bare: bool = False
    told: bool = False
    relative: bool = False
    loss: bool = False
    opinion: bool = False
    introduced: bool = False


class Reader:
    """Reads messages with the vocabulary of one Content."""

    def __init__(
        self, intents: Mapping[str, Mapping[str, tuple[str, ...]]], *, known: frozenset[str]
    ) -> None:
        self.vocabulary = Vocabulary(intents, ORDER, known=known)

    def read(self, text: str) -> Reading:
        """Split ``text`` into clauses, set aside what is not the question, find the question."""
        clauses: list[Clause] = []
        offset = 0
        spell = self.vocabulary.spellings
        for piece, asks in _pieces(plain(text)):
            found = [spell.get(w, w) for w in words(piece)]
            symbols = self.vocabulary.symbol_intents(piece) if not piece.isascii() else []
            if not found:
                kinds = frozenset(k for k in symbols if k is not None)
                if kinds:
                    clauses.append(Clause((), (), kinds, kinds, chat=True, start=offset))
                continue
            for start in range(0, len(found), CLAUSE_WORDS):
                chunk = found[start : start + CLAUSE_WORDS]
                last = start + CLAUSE_WORDS >= len(found)
                # A run-on clause is cut in pieces; only its first piece starts a clause.
                clauses += self._clauses(chunk, asks and last, symbols, offset, opens=not start)
                offset += len(chunk)
        return self._reading(clauses)

    def _clauses(
        self,
        found: list[str],
        marked: bool,
        symbols: list[str | None],
        offset: int,
        *,
        opens: bool = True,
    ) -> list[Clause]:
        """One clause, or two when a question starts inside it; set-aside ends trimmed."""
        spans = self.vocabulary.spans(found)
        extra = frozenset(k for k in symbols if k is not None)
        begin, end = _trim(found, spans)
        reacts = bool(spans) and spans[0].start == 0 and spans[0].intent in REACTION_OPENERS
        if reacts and not marked and not any(s.intent == "question" for s in spans):
            begin = end = len(found)
        if begin >= end:
            kinds = frozenset(s.intent for s in spans) | extra
            return [Clause(tuple(found), tuple(spans), kinds, kinds, chat=True, start=offset)]
        if not opens:
            spans = [s for s in spans if not (s.start == begin and s.intent == "question_start")]
        inner = [s for s in spans if s.start >= begin and s.end <= end]
        # "ya salió algún militar" opens with "already", not an acknowledgement.
        aside = extra | {
            s.intent
            for s in spans
            if (s.end <= begin and s.intent != "acknowledgement") or s.start >= end
        }
        cut = _question_inside(inner, begin, end, marked)
        if cut is not None:
            return [
                self._clause(found, spans, begin, cut, False, offset, aside),
                self._clause(found, spans, cut, end, True, offset),
            ]
        asks = marked or _asks(inner, begin, end)
        return [self._clause(found, spans, begin, end, asks, offset, aside)]

    @staticmethod
    def _clause(
        found: list[str],
        spans: list[Span],
        begin: int,
        end: int,
        asks: bool,
        offset: int,
        aside: frozenset[str] = frozenset(),
    ) -> Clause:
        inner = tuple(
            Span(s.start - begin, s.end - begin, s.intent)
            for s in spans
            if s.start >= begin and s.end <= end
        )
        kinds = frozenset(s.intent for s in inner) | aside
        asks = asks or _asks(inner, 0, end - begin)
        introduction = (
            not asks
            and bool(inner)
            and inner[0].start == 0
            and inner[0].intent == "introduction"
            and "relative" not in kinds
            and end - begin - inner[0].end <= INTRODUCTION_WORDS
        )
        return Clause(
            tuple(found[begin:end]), inner, kinds, aside, asks, introduction=introduction,
            start=offset + begin,
        )  # fmt: skip

    def _reading(self, clauses: list[Clause]) -> Reading:
        kinds = frozenset(k for c in clauses for k in c.kinds)
        content = [c for c in clauses if not c.chat and c.words]
        said = frozenset(k for c in clauses for k in c.aside)
        if not content:
            return Reading("", chat=bool(kinds), kinds=kinds, said=said)
        story = [c for c in content if not c.introduction] or content
        asking = [c for c in story if c.asks][-ASKING_CLAUSES:]
        focus = asking or _last(story, FOCUS_WORDS)
        own = sum(not _is_cue_word(c, i) for c in focus for i in range(len(c.words)))
        bare = own == 0
        told = None
        if own <= THIN_WORDS or any(_refers(c) for c in asking):
            # "¿es verdad eso?", "qué puedo hacer", "¿hubo condenados?": the question is about
            # the story told before it, and is read with it.
            told = _told_before(story, focus[0]) or _told_before(content, focus[0])
            focus = [*([told] if told else []), *focus]
        rest = [c for c in content if all(c is not f for f in focus)]
        context = _nearest(rest, focus[-1], CONTEXT_WORDS)
        focus_words = [w for c in focus for w in c.words]
        return Reading(
            " ".join(focus_words[-FOCUS_WORDS:]),
            " ".join(w for c in context for w in c.words),
            " ".join(w for c in asking for w in c.words),
            questions=tuple(" ".join(c.words) for c in asking),
            kinds=kinds,
            said=said,
            bare=bare,
            told=told is not None,
            relative="relative" in kinds,
            loss=_loss(clauses),
            opinion=not asking and any("opinion" in c.kinds for c in story),
            introduced=all(c.introduction for c in content),
        )


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The clauses of ``text`` and whether each is marked as a question (¿…?)."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    opened = False
    for found in _BREAK.finditer(text):
        piece = text[at : found.start()]
        mark = found.group()
        if piece.strip():
            pieces.append((piece, opened or mark == "?"))
            opened = False
        elif mark == "?" and pieces:
            pieces[-1] = (pieces[-1][0], True)
        if mark == "¿":
            opened = True
        at = found.end()
    if text[at:].strip():
        pieces.append((text[at:], opened))
    return pieces


def _trim(found: list[str], spans: list[Span]) -> tuple[int, int]:
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


def _asks(spans: Sequence[Span], begin: int, end: int) -> bool:
    """A question phrase anywhere ("quisiera saber"), a question word where the clause starts
    ("cuándo se publicó"), or a question phrase of two words at its end ("..., qué hago")."""
    return any(_cue_at(s, begin, end) for s in spans)


def _cue_at(span: Span, begin: int, end: int) -> bool:
    if span.intent == "question":
        return True
    if span.intent != "question_start":
        return False
    return span.start == begin or (span.end - span.start >= 2 and end - span.end <= TAIL_WORDS)


def _question_inside(spans: Sequence[Span], begin: int, end: int, marked: bool) -> int | None:
    """Where a question starts after a few words of story, or None: "mi hermano desapareció
    en Huanta y quisiera saber si ...", "... en Huanta qué puedo hacer", and in a clause ending
    in "?", a question word after an introduction or a story of loss ("soy estudiante de la
    UNSCH y tengo que exponer cuándo se publicó la ley?")."""
    if _asks([s for s in spans if s.start == begin], begin, end):
        return None
    later = [s for s in spans if s.start >= begin + STORY_WORDS]
    anywhere = [s for s in later if s.intent == "question"]
    if anywhere:
        return anywhere[0].start
    # A question word starts the question only after a story: "soy estudiante ... cuándo se
    # publicó?", not "¿qué jueces inaplicaron la amnistía y en qué casos?".
    told = [s.start for s in spans if s.intent in STORY_OPENERS]
    cues = [
        s for s in later if _cue_at(s, begin, end) or (marked and s.intent == "question_start")
    ]
    if told and cues and cues[-1].start > told[0]:
        return cues[-1].start
    return None


def _has_words(clause: Clause) -> bool:
    return bool(clause.words)


def _is_cue_word(clause: Clause, i: int) -> bool:
    """Whether word ``i`` of a clause says nothing of a topic: a question cue or function word."""
    if clause.words[i] in ALL_STOP_WORDS:
        return True
    return any(
        s.start <= i < s.end and (s.intent in QUESTIONS or s.intent in SET_ASIDE)
        for s in clause.spans
    )


def _refers(clause: Clause) -> bool:
    """A question that points back to its story ("¿esa matanza también entra?") and says
    little else: at most REFERRING_WORDS words of its own."""
    if not any(s.intent == "reference" for s in clause.spans):
        return False
    own = [
        i
        for i in range(len(clause.words))
        if not _is_cue_word(clause, i)
        and not any(s.start <= i < s.end and s.intent == "reference" for s in clause.spans)
    ]
    return len(own) <= REFERRING_WORDS


def _told_before(story: list[Clause], question: Clause) -> Clause | None:
    """The story clause just before ``question`` (or just after, when it opens the message)."""
    before = [c for c in story if c.start < question.start and not c.asks]
    if before:
        return before[-1]
    after = [c for c in story if c.start > question.start and not c.asks]
    return after[0] if after else None


def _last(clauses: list[Clause], budget: int) -> list[Clause]:
    """The last clauses holding up to ``budget`` words (at least one clause)."""
    chosen: list[Clause] = []
    count = 0
    for clause in reversed(clauses):
        if chosen and count + len(clause.words) > budget:
            break
        chosen.insert(0, clause)
        count += len(clause.words)
    return chosen


def _nearest(clauses: list[Clause], anchor: Clause, budget: int) -> list[Clause]:
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


def _loss(clauses: list[Clause]) -> bool:
    """A relative named within a few words of a loss, anywhere in the message."""
    relatives = [c.start + s.start for c in clauses for s in c.spans if s.intent == "relative"]
    losses = [c.start + s.start for c in clauses for s in c.spans if s.intent == "loss"]
    return any(abs(r - x) <= LOSS_DISTANCE for r in relatives for x in losses)
