"""A question read for the matcher: ``Questions.query(text, context)`` -> ``Query``.

The question's words are normalised once (markup dropped, chat spellings read, split numbers
joined, the conflict's two-digit years made whole, typos corrected) and reduced to weighted index
terms; the answer path then searches the same ``Query`` as often as it needs (all items, then
topics only...) and asks it which cases and core notions it names, without reading it again.

A question may come with ``context``, the story around it ("mi hermano desapareció en Huanta"):
its words count at ``CONTEXT_WEIGHT``, and those the knowledge base has never seen are summed
apart (``Query.strange``: they count against every item, within a cap); names of cases and
years in it count in full. The question's own words that tell its story (relatives, durations:
``story``) weigh ``STORY_WEIGHT``, and the number of a duration no head text uses ("lleva 20
años") is left out.
"""

from __future__ import annotations

import re

from bot.content import Content
from bot.index.corpus import Corpus
from bot.index.corpus import phrase as sorted_phrase
from bot.index.cues import DEFINITION
from bot.index.lexicon import LANGUAGES, Lexicon, Word
from bot.index.model import Part, Query
from bot.index.names import case_names, is_year, whole_year
from bot.index.notions import Named, Notions
from bot.index.story import Story
from bot.index.text import ALL_STOP_WORDS, plain, words
from bot.index.typos import Typos

# A corrected typo is likely, not certain: its word counts this much.
TYPO_PENALTY = 0.8
# An unknown number ("144", "2026") weighs this much, less than an unknown word.
UNKNOWN_NUMBER = 1.0
# A word of the story around a question counts this much of a word of the question.
CONTEXT_WEIGHT = 0.5
# A question's words that tell its story, not its subject (a relative: "mi tío", "my
# grandfather"; a duration: "20 años", "for decades") count this much of its other words.
STORY_WEIGHT = 0.5

_SPLIT_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})[ .](\d{3})(?![\d.,])")
# A decade of the conflict: "the 80s", "los 90s", "the late 1990s".
_DECADE = re.compile(r"(?:19)?([89]0)s")
_NOTHING: frozenset[str] = frozenset()

# A word as the content knows it; None for a word the content never uses.
Known = Word | None


class Questions:
    """Reads questions with the vocabulary of one Corpus."""

    def __init__(self, content: Content, corpus: Corpus) -> None:
        self.corpus = corpus
        self.synonyms = corpus.synonyms
        self.spellings = corpus.spellings
        self.lexicon = Lexicon(corpus)
        # Greetings and thanks inside a question ("buenas noches, disculpe...") say nothing
        # about its topic: they are dropped like stop words, unless the content uses them.
        chat = {
            w
            for key in ("greeting", "thanks", "bye")
            for texts in content.intents.get(key, {}).values()
            for p in texts
            for w in words(p)
        }
        self.filler = frozenset(chat - corpus.head_words)
        synonym_words = {w for group in content.synonyms for p in group for w in words(p)}
        self.typos = Typos(
            (corpus.head_words | synonym_words) - ALL_STOP_WORDS,
            frozenset(corpus.seen) | synonym_words | chat | ALL_STOP_WORDS,
            corpus.seen,
            understood=lambda word: bool(self.lexicon.stems(word)),
            common=content.words,
        )
        self.case_names = case_names(content)
        self.name_words = self.case_names.words
        # The core notions a message names, and whether the amnesty it names is this one.
        self.notions = Notions(content, self.synonyms)
        # "esta ley", "this law": the amnesty law, in a message about it.
        self.law = self.lexicon.get(self.synonyms.apply(["ley", "de", "amnistia"])[0])
        self.story = Story(content, corpus.head_words)
        self.kin = frozenset(
            t for w in self.story.kin if (known := self.lexicon.words.get(w)) for t in known.terms
        )

    def normalize(self, text: str) -> list[str]:
        """A question's folded words: markup dropped, split numbers joined, typos corrected."""
        return [fixed or word for word, fixed in self._normalize(text)]

    def tokens(self, text: str) -> list[str]:
        """The words the matcher compares: normalized, synonym phrases joined, no stop words."""
        return self._content(self.synonyms.apply(self.normalize(text)))

    def query(self, text: str, context: str = "") -> Query:
        """Reduce a question (and its story) to weighted terms, correcting typos."""
        asked = self._normalize(text)
        story = self._normalize(context) if context else []
        terms: dict[str, float] = {}
        parts: list[Part] = []
        # The question as each language stems it, to compare with example questions.
        phrase: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        said = [fixed or word for word, fixed in asked]
        everything = [fixed or word for word, fixed in (*asked, *story)]
        cases = self._cases(everything)
        named = self.notions.named(everything, cases)
        seen = self._asked(asked, said, terms, parts, phrase)
        if named.subject and self.notions.points(said):
            self._pointed(terms, parts, phrase)
        count = len(parts)
        cue = self.corpus.cues.opening(said)
        defined = self._defined(terms) if cue == DEFINITION else _NOTHING
        told, strange = self._story(story, seen, terms, parts)
        # Compared whole too: a short question split in two ("a esa edad ya no son
        # peligrosos, ¿por qué no los liberan?") is still its example question.
        whole = [phrase[lang] + told[lang] for lang in LANGUAGES] if context else []
        phrases = (sorted_phrase(each) for each in (*phrase.values(), *whole))
        return Query(
            words=tuple(said),
            told=tuple(fixed or word for word, fixed in story),
            terms=terms,
            parts=tuple(parts),
            phrases=tuple(dict.fromkeys(phrases)),
            asked=count,
            cases=cases,
            anchors=named.anchors,
            bot=named.bot,
            strange=strange,
            subject=named.subject,
            other=named.other,
            titled=self.case_names.titled(everything) if cases else _NOTHING,
            cue=cue,
            defined=defined,
        )

    def _asked(
        self,
        asked: list[tuple[str, str | None]],
        said: list[str],
        terms: dict[str, float],
        parts: list[Part],
        phrase: dict[str, list[str]],
    ) -> set[str]:
        """Add the question's own words to ``terms``, ``parts`` and ``phrase``; its tokens."""
        spans = self.story.spans(said) | self.story.manner(said)
        whose = self.story.whose(said)
        question = [each for each in self._words(asked) if each[0] not in spans]
        telling = self.story.telling(said)
        for token, known, factor in question:
            compared = known.compared() if known else (token,) * len(LANGUAGES)
            for words_of, each in zip(phrase.values(), compared, strict=True):
                words_of.append(each)
            scale = STORY_WEIGHT if token in telling else 1.0
            if known is None:
                weight = UNKNOWN_NUMBER if token.isdigit() else self.corpus.unknown_weight
                parts.append(Part(_NOTHING, weight * scale, 1.0))
                continue
            for found in known.terms:
                terms[found] = max(terms.get(found, 0.0), factor * scale)
            weight = known.idf * factor + self.corpus.unknown_weight * (1 - factor)
            kin = self.kin if token in whose else _NOTHING
            parts.append(Part(known.terms, weight * scale, factor, kin))
        return {token for token, _, _ in question}

    def _pointed(
        self, terms: dict[str, float], parts: list[Part], phrase: dict[str, list[str]]
    ) -> None:
        """ "what is this law everyone is so angry about": the amnesty law it points to is
        asked, as if named."""
        law = self.law
        if law is None or not terms.keys().isdisjoint(law.terms):
            return
        for found in law.terms:
            terms[found] = 1.0
        for words_of, each in zip(phrase.values(), law.compared(), strict=True):
            words_of.append(each)
        parts.append(Part(law.terms, law.idf, 1.0))

    def _defined(self, terms: dict[str, float]) -> frozenset[str]:
        """The glossary items defining a term of the question (``Corpus.defined``)."""
        corpus = self.corpus
        return frozenset(corpus.ids[doc] for each in terms for doc in corpus.defined.get(each, ()))

    def _story(
        self,
        story: list[tuple[str, str | None]],
        seen: set[str],
        terms: dict[str, float],
        parts: list[Part],
    ) -> tuple[dict[str, list[str]], float]:
        """Add the story's known words to ``terms`` and ``parts``; its terms per language, and
        the weight of its words the knowledge base has never seen (``Query.strange``)."""
        told: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        strange = 0.0
        for token, known, factor in self._words(story):
            if known is None and not token.isdigit():
                strange += self.corpus.unknown_weight * CONTEXT_WEIGHT
            if known is None or token in seen:
                continue
            for said, each in zip(told.values(), known.compared(), strict=True):
                said.append(each)
            # Names of cases and years in a story are what it is about, not noise.
            weight = 1.0 if token in self.name_words or is_year(token) else CONTEXT_WEIGHT
            for found in known.terms:
                terms[found] = max(terms.get(found, 0.0), factor * weight)
            parts.append(Part(known.terms, known.idf * factor * weight, 1.0))
        return told, strange

    def unnamed(self, text: str) -> str:
        """``text``'s words without those naming a case or a year of the conflict."""
        return " ".join(
            w for w in self.normalize(text) if w not in self.name_words and not is_year(w)
        )

    def naming(self, text: str) -> str:
        """``text``'s words naming a case or a year of the conflict."""
        return " ".join(w for w in self.normalize(text) if w in self.name_words or is_year(w))

    def named(self, text: str) -> Named:
        """The knowledge base's core notions ``text`` names (``Notions.named``)."""
        found = self.normalize(text)
        return self.notions.named(found, self._cases(found))

    def named_cases(self, text: str) -> frozenset[str]:
        """The cases ``text`` names by a word of their names only they share ("huanta")."""
        return self._cases(self.normalize(text))

    def _cases(self, found: list[str]) -> frozenset[str]:
        return self.case_names.named(found)

    def _normalize(self, text: str) -> list[tuple[str, str | None]]:
        # "ley 32 419", "ley 32.419" -> "32419", when the content knows the joined number.
        text = _SPLIT_NUMBER.sub(self._join_number, plain(text))
        known = self.typos.known
        spelled = self.spellings.get
        joined = [spelled(w, w) for w in words(text)]
        for i, word in enumerate(joined):
            # "en el 84", "junio del 86", "los 90", "the 80s": the conflict's years, as the
            # content has them.
            if (whole := whole_year(word)) != word and whole in known:
                joined[i] = whole
            elif word[0].isdigit() and (decade := _DECADE.fullmatch(word)):
                joined[i] = f"19{decade[1]}" if f"19{decade[1]}" in known else word
        # A known word is never corrected (``Typos.correct``): not asked.
        correct = self.typos.correct
        return [(word, None if word in known else correct(word)) for word in joined]

    def _join_number(self, found: re.Match[str]) -> str:
        joined = found[1] + found[2]
        return joined if joined in self.typos.known else found[0]

    def _content(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if t not in ALL_STOP_WORDS and t not in self.filler]

    def _words(self, normalized: list[tuple[str, str | None]]) -> list[tuple[str, Known, float]]:
        """Each distinct content token: its terms (None if unknown) and certainty."""
        typos = {fixed for _, fixed in normalized if fixed}
        tokens = self._content(self.synonyms.apply([f or w for w, f in normalized]))
        return [
            (
                token,
                self.lexicon.get(token),
                TYPO_PENALTY if token in typos else 1.0,
            )
            for token in dict.fromkeys(tokens)
        ]
