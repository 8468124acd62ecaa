"""Read a whole message the way a person would: what is said around the question, the question
itself, and the story it comes with. Knows nothing of topics or answers (``freetext`` does).

"buenas noches disculpe la molestia, mi hermano desapareció en 1984 en Huanta, qué puedo hacer"
is split into clauses (at . ? ! ; , and new lines). Clauses made only of greetings, apologies,
thanks, blessings, acknowledgements or feelings are set aside, and so is an introduction
("soy periodista", "I'm a journalist based in Madrid") when the message has something else.
The clauses that ask (a "?", a question word at their start, or a phrase such as "qué puedo
hacer" anywhere) are the ``focus``; the rest of the story is the ``context``. A question that is
only a cue ("¿es verdad?", "qué puedo hacer") takes its story as its focus; a rumour ("me pasaron
un audio que dice que ...") is read from its claim. Words: content/intents.yaml (``Vocabulary``);
the work is bounded (one pass; a fixed number of words of focus and of context).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.answer.clauses import (
    OPENERS,
    Clause,
    about,
    after_courtesy,
    after_hearsay,
    asking,
    is_cue_word,
    last,
    loss,
    nearest,
    own_words,
    question_at,
    refers,
    split,
    told_before,
    trimmed,
)
from bot.answer.reactions import said_to_bot
from bot.answer.readings import Reading
from bot.answer.vocabulary import KIN, ORDER, Span, Vocabulary, called, disowned, opening
from bot.index import words
from bot.index.text import Phrases, ends, plain

# Bounds: words per clause (a run-on message is cut into pieces), words of focus and context.
CLAUSE_WORDS = 40
FOCUS_WORDS = 40
CONTEXT_WORDS = 60
ASKING_CLAUSES = 3
# An introduction says who writes in a few words; a longer clause is a story ("trabajo en...").
INTRODUCTION_WORDS = 8
# A question saying at most this many words of its own is read with the story before it
# (unless that word names a core notion of the knowledge base: "¿qué dijo la ONU?").
THIN_WORDS = 1
# A question of at most this many words that points back ("¿es verdad eso?", "is that true?")
# with nothing told before it points at nothing ("how do I know this is true" asks).
POINTING_WORDS = 4


class Reader:
    """Reads messages with the vocabulary of one Content."""

    def __init__(
        self,
        intents: Mapping[str, Mapping[str, tuple[str, ...]]],
        *,
        known: frozenset[str],
        named: Callable[[str], bool] = lambda text: False,
        specific: Callable[[str], bool] | None = None,
    ) -> None:
        self.vocabulary = Vocabulary(intents, ORDER, known=known)
        # Whether words name one of the knowledge base's core notions (the UN, a case...).
        self.named = named
        # ...besides the subject ("¿fue por la amnistía?" after a story is about the story).
        self.specific = specific or named
        # Words that point back ("eso", "that"), even inside a phrase ("is that true").
        self.pointers = frozenset(
            w
            for texts in intents.get("reference", {}).values()
            for text in texts
            if len(found := words(text)) == 1
            for w in found
        )
        # Questions that only ask whether something is true ("¿es verdad?", "is it true?").
        self.checks = frozenset(
            " ".join(words(text))
            for texts in intents.get("verification", {}).values()
            for text in texts
        )
        # ...found anywhere in a question ("¿es cierto lo que dice el audio?").
        self.verifying = Phrases(tuple(check.split()) for check in self.checks)

    def read(self, text: str) -> Reading:
        """Split ``text`` into clauses, set aside what is not the question, find the question.
        A very long message is read by its opening and its end (``ends``)."""
        clauses: list[Clause] = []
        offset = 0
        spell = self.vocabulary.spellings
        pieces = split(plain(ends(text)))
        marks = any(asks for _, asks, _ in pieces)
        for piece, asks, ended in pieces:
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
                # A sentence ended without "?" where others have one does not open a question
                # by a lone question word ("Cuando vino la comisión yo no fui. ¿Qué hago?").
                bare = asks or not (marks and ended)
                clauses += self._clauses(chunk, asks and last, symbols, offset, not start, bare)
                offset += len(chunk)
        return self._reading(clauses)

    def _clauses(
        self,
        found: list[str],
        marked: bool,
        symbols: list[str | None],
        offset: int,
        opens: bool = True,
        bare: bool = True,
    ) -> list[Clause]:
        """One clause, or two when a question starts inside it; set-aside ends trimmed."""
        spans = self.vocabulary.spans(found)
        extra = frozenset(k for k in symbols if k is not None)
        begin, end = trimmed(found, spans)
        begin += begin < end and called(found, spans, begin)  # "memoria, qué es la ley"
        # A rumour's carrier is told, not asked; the claim after it is the clause.
        told: list[Clause] = []
        carrier = after_hearsay(spans, begin, end)
        if carrier is not None:
            if carrier.start > begin:
                told.append(self._clause(found, spans, begin, carrier.start, False, offset))
            begin = carrier.end
        reacts, felt = said_to_bot(found, spans, end, marked)
        if reacts:
            begin = end = len(found)
        elif (turn := disowned(found, spans, begin, end)) is not None:
            begin = turn  # "no es la amnistía de la SUNAT, …": not asked about
        if begin >= end:
            kinds = frozenset(s.intent for s in spans) | extra
            clause = Clause(tuple(found), tuple(spans), kinds, kinds, chat=True, start=offset)
            return [clause._replace(felt=felt)]
        spans = opening(spans, begin, OPENERS, opens=opens, bare=bare)
        whole = begin == 0 and end == len(found)
        inner = spans if whole else [s for s in spans if s.start >= begin and s.end <= end]
        # "ya salió algún militar" opens with "already", not an acknowledgement.
        aside = extra | {
            s.intent
            for s in spans
            if (s.end <= begin and s.intent != "acknowledgement") or s.start >= end
        }
        cut = question_at(inner, begin, end, marked)
        if cut is not None:
            return [
                *told,
                self._clause(found, spans, begin, cut, False, offset, aside),
                self._clause(found, spans, cut, end, True, offset),
            ]
        asks = marked or asking(inner, begin, end)
        return [*told, self._clause(found, spans, begin, end, asks, offset, aside)]

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
        if begin == 0 and end == len(found):  # most clauses: their spans as they are
            inner = tuple(spans)
        else:
            inner = tuple(
                Span(s.start - begin, s.end - begin, s.intent)
                for s in spans
                if s.start >= begin and s.end <= end
            )
        kinds = frozenset(s.intent for s in inner) | aside
        asks = asks or asking(inner, 0, end - begin)
        opening = after_courtesy(inner)
        introduction = (
            not asks
            and opening is not None
            and opening.intent == "introduction"
            and kinds.isdisjoint(KIN)
            and end - begin - opening.end <= INTRODUCTION_WORDS
        )
        return Clause(
            tuple(found[begin:end]),
            inner,
            kinds,
            aside,
            asks,
            introduction=introduction,
            start=offset + begin,
        )

    def _reading(self, clauses: list[Clause]) -> Reading:
        kinds = frozenset(k for c in clauses for k in c.kinds)
        content = [c for c in clauses if not c.chat and c.words]
        said = frozenset(k for c in clauses for k in c.aside)
        if not content:
            return Reading("", chat=bool(kinds), kinds=kinds, said=said)
        closing = clauses[-1].kinds if clauses[-1].chat else frozenset()
        story = [c for c in content if not c.introduction] or content
        asking = [c for c in story if c.asks][-ASKING_CLAUSES:]
        focus = asking or last(story, FOCUS_WORDS)
        own = sum(not is_cue_word(c, i) for c in focus for i in range(len(c.words)))
        told = self._told(story, content, asking, focus, own)
        if told is not None:
            focus = [told, *focus]
        # An introduction ("soy periodista") says who writes, not what about: not context.
        # A fear told beside the question ("tengo miedo que lo lean los militares") is its story.
        rest = [c for c in story if all(c is not f for f in focus)]
        rest += [c for c in clauses if c.felt and c.chat]
        context = nearest(rest, focus[-1], CONTEXT_WORDS)
        focus_words = [w for c in focus for w in c.words]
        read = [*focus, *context]
        left = len(focus_words) > FOCUS_WORDS or any(
            all(c is not r for r in read) for c in content
        )
        return Reading(
            " ".join(focus_words[-FOCUS_WORDS:]),
            " ".join(w for c in context for w in c.words),
            " ".join(w for c in asking for w in c.words),
            questions=tuple(" ".join(c.words) for c in asking),
            kinds=kinds,
            said=said,
            bare=own == 0,
            told=told is not None,
            relative=not kinds.isdisjoint(KIN),
            loss=loss(clauses),
            opinion=not asking and any("opinion" in c.kinds for c in story),
            introduced=all(c.introduction for c in content),
            introduction=" ".join(w for c in content if c.introduction for w in about(c)),
            dangling=told is None and self._dangling(story, asking, focus),
            closing=closing,
            left=left,
        )

    def _told(
        self,
        story: list[Clause],
        content: list[Clause],
        asking: list[Clause],
        focus: list[Clause],
        own: int,
    ) -> Clause | None:
        """The story a question is read with, when it says (almost) nothing of its own: "¿es
        verdad eso?", "qué puedo hacer", "¿hubo condenados?" are about the story told before
        them. Never an introduction ("I'm a student at Georgetown."): who writes, not what about,
        unless it names what ("investigo sobre Putis. ¿En qué año fue?")."""
        defines = own and any(s.intent == "definition" for c in focus for s in c.spans)
        # Looked up only for a question of one word (the rest are never thin).
        thin = own <= THIN_WORDS and not defines and not (own and self.specific(own_words(focus)))
        if thin or any(refers(c) for c in asking):
            # A rumour's claim, asked whether true ("un audio dice que..., ¿es cierto?"); else,
            # of the clauses before, the last that names what the question is about.
            claims = [c for c in story if "hearsay" in c.aside and c.start < focus[0].start]
            asks_true = any(self.verifying.held(q.words) for q in asking)
            if claims and not claims[-1].asks and asks_true:
                return claims[-1]
            told = told_before(story, focus[0], lambda c: self.named(" ".join(c.words)))
            return told or self._subject(content)
        return None

    def _dangling(self, story: list[Clause], asking: list[Clause], focus: list[Clause]) -> bool:
        """ "¿es verdad eso?", "is that true?", "¿qué pasó ahí?" with nothing told before: a
        short question that only points back, at nothing."""
        said = [w for c in focus for w in c.words]
        if all(c.asks for c in story) and " ".join(said) in self.checks:
            return True
        return (
            any(w in self.pointers for c in asking for w in c.words)
            and all(c.asks for c in story)
            and len(said) <= POINTING_WORDS
            and all(w in self.pointers for w in own_words(focus).split())
            and not self.named(" ".join(said))
        )

    def _subject(self, content: list[Clause]) -> Clause | None:
        """What the last introduction says it is about, when it names the knowledge base's
        subject ("investigo sobre Putis"): the story of a question that says nothing of its
        own ("¿en qué año fue?")."""
        for clause in reversed(content):
            said = about(clause)
            if clause.introduction and said and self.named(" ".join(said)):
                return Clause(said, (), frozenset(), start=clause.start)
        return None
