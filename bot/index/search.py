"""Rank topics and cases for a question: BM25 over stemmed terms, typo correction, confidence.

``Index.search`` returns ``Match``es best first. Each carries a calibrated ``confidence`` in [0, 1]
that ``answer`` turns into one of three outcomes (answer, did-you-mean, fallback):
- coverage: how much of the question (weighted by how rare each word is) the item explains; a
  word the knowledge base has never seen counts against every item, so off-topic questions
  ("que clima hace en lima") score low everywhere, and a word found only in an item's answer
  text (not its title, keywords or questions) counts only in part;
- similarity: how close the question is to the item's nearest example question or name.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.content import Content
from bot.index.documents import sources
from bot.index.text import ALL_STOP_WORDS, Synonyms, plain, stem, words

K1 = 1.2
B = 0.75
CANDIDATES = 8
# A corrected typo is likely, not certain: its word counts this much.
TYPO_PENALTY = 0.8
# Words shorter than this are never corrected: too many real words lie one letter apart.
TYPO_MIN_LENGTH = 5
# Below this length only a changed or swapped letter is corrected ("nomra"), not a missing or
# extra one: "balon" is not a typo of "balcon", nor "clima" of "lima".
TYPO_SHORT = 6
# Corrections land on words at least this long.
TYPO_TARGET_LENGTH = 5
# From this length, two edits are allowed (one below it).
TYPO_LONG = 8
# A word found only in an item's body covers the question this much.
BODY_CREDIT = 0.5
COVERAGE_SHARE = 0.55
LONG_MESSAGE = 6
# Unknown words beyond this many rare words' worth stop counting against a long message: people
# who tell their story use many words the knowledge base never needs.
UNKNOWN_CAP = 2.0
UNKNOWN_NUMBER = 1.0
CORRECTIONS_KEPT = 50_000


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked item."""

    item_id: str
    kind: str
    score: float
    confidence: float


@dataclass(frozen=True, slots=True)
class Part:
    """One word of a question: the index terms it stands for, its weight and its certainty."""

    terms: frozenset[str]
    weight: float
    factor: float


@dataclass(frozen=True, slots=True)
class Query:
    """A question reduced to what the matcher compares."""

    terms: dict[str, float]
    parts: tuple[Part, ...]
    phrase: str


_SPLIT_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})[ .](\d{3})(?![\d.,])")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Index:
    """Everything needed to answer ``search`` fast; built once from Content."""

    def __init__(self, content: Content) -> None:
        self.synonyms = Synonyms(content.synonyms)
        self.filler: frozenset[str] = frozenset()
        self.kinds: dict[str, str] = {}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.lengths: list[float] = []
        self.ids: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        self.vocabulary: dict[str, set[str]] = defaultdict(set)
        self.head_terms: list[frozenset[str]] = []
        self.body_terms: list[frozenset[str]] = []
        seen: Counter[str] = Counter()
        head_words: set[str] = set()
        for number, source in enumerate(sources(content)):
            bag: defaultdict[str, float] = defaultdict(float)
            head: set[str] = set()
            body: set[str] = set()
            phrases: list[str] = []
            for field in source.fields:
                folded = words(field.text)
                seen.update(folded)
                if not field.body:
                    head_words.update(folded)
                tokens = self._content(self.synonyms.apply(folded))
                terms = [self.term(token, field.lang) for token in tokens]
                for token, term in zip(tokens, terms, strict=True):
                    bag[term] += field.weight
                    self.vocabulary[token].add(term)
                (body if field.body else head).update(terms)
                if field.phrase:
                    phrases.append(" ".join(terms))
            self.ids.append(source.item_id)
            self.kinds[source.item_id] = source.kind
            self.lengths.append(float(sum(bag.values())) or 1.0)
            self.phrases.append(tuple(dict.fromkeys(p for p in phrases if p)))
            self.head_terms.append(frozenset(head))
            self.body_terms.append(frozenset(body - head))
            for term, count in bag.items():
                self.postings[term].append((number, count))
        size = len(self.ids) or 1
        self.average_length = sum(self.lengths) / size
        self.idf = {
            term: math.log(1 + (size - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in self.postings.items()
        }
        self.unknown_weight = max(self.idf.values(), default=1.0)
        self.words = sorted(self.vocabulary)
        # Greetings and thanks inside a question ("buenas noches, disculpe...") say nothing
        # about its topic: they are dropped like stop words, unless the content uses them.
        chat = {
            w for key in ("greeting", "thanks", "bye") for w in self._intent_words(content, key)
        }
        self.filler = frozenset(chat - head_words)
        # Typos are corrected word by word, before synonyms join words into phrases, so
        # "lesa umanidad" finds "humanidad". Targets are the words of titles, keywords, questions,
        # names and synonyms; a symmetric-delete index finds them without scanning the vocabulary.
        synonym_words = {w for group in content.synonyms for p in group for w in words(p)}
        self.known = frozenset(seen) | synonym_words | chat | ALL_STOP_WORDS
        self.frequency = seen
        self.near: dict[str, list[str]] = defaultdict(list)
        for word in (head_words | synonym_words) - ALL_STOP_WORDS:
            if len(word) >= TYPO_TARGET_LENGTH and not word.isdigit():
                for key in {word, *_deletes(word)}:
                    self.near[key].append(word)
        self.corrections: dict[str, str | None] = {}

    @staticmethod
    def _intent_words(content: Content, key: str) -> set[str]:
        phrases = content.intents.get(key, {})
        return {w for texts in phrases.values() for p in texts for w in words(p)}

    def _content(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if t not in ALL_STOP_WORDS and t not in self.filler]

    @staticmethod
    def term(token: str, lang: str) -> str:
        """The index term of one token: synonym tokens and numbers as they are, words stemmed."""
        return token if token.startswith("syn") else stem(token, lang)

    def normalize(self, text: str) -> list[str]:
        """A question's folded words: markup dropped, split numbers joined, typos corrected."""
        return [fixed or word for word, fixed in self._normalize(text)]

    def tokens(self, text: str) -> list[str]:
        """The words the matcher compares: normalized, synonym phrases joined, no stop words."""
        return self._content(self.synonyms.apply(self.normalize(text)))

    def _normalize(self, text: str) -> list[tuple[str, str | None]]:
        # "ley 32 419", "ley 32.419" -> "32419", when the content knows the joined number.
        text = _SPLIT_NUMBER.sub(self._join_number, plain(text))
        joined: list[str] = []
        for word in words(text):
            # "en el 84", "junio del 86", "los 90": the conflict's years, as the content has them.
            if len(word) == 2 and word.isdigit() and word >= "80" and f"19{word}" in self.known:
                word = f"19{word}"
            joined.append(word)
        return [(word, self.correct(word)) for word in joined]

    def _join_number(self, found: re.Match[str]) -> str:
        joined = found[1] + found[2]
        return joined if joined in self.known else found[0]

    def correct(self, word: str) -> str | None:
        """The known word ``word`` is a typo of, or None when it is known or too far from any."""
        if word in self.known or len(word) < TYPO_MIN_LENGTH or word.isdigit():
            return None
        if self._known_stems(word):
            return None
        if word in self.corrections:
            return self.corrections[word]
        limit = 2 if len(word) >= TYPO_LONG else 1
        found = {c for key in (word, *_deletes(word)) for c in self.near.get(key, ())}
        if len(word) < TYPO_SHORT:
            found = {c for c in found if len(c) == len(word)}
        scored = [(OSA.distance(word, c), -self.frequency[c], c) for c in found]
        best = min((s for s in scored if s[0] <= limit), default=None)
        if len(self.corrections) >= CORRECTIONS_KEPT:
            self.corrections.clear()
        self.corrections[word] = best[2] if best else None
        return self.corrections[word]

    def query(self, text: str) -> Query:
        """Reduce a question to weighted terms, correcting typos against the vocabulary."""
        terms: dict[str, float] = {}
        parts: list[Part] = []
        phrase: list[str] = []
        normalized = self._normalize(text)
        typos = {fixed for _, fixed in normalized if fixed}
        tokens = self._content(self.synonyms.apply([f or w for w, f in normalized]))
        for token in dict.fromkeys(tokens):
            found = self.vocabulary.get(token) or self._known_stems(token)
            if not found:
                # An unknown number ("144", "2026") says less than an unknown word.
                weight = UNKNOWN_NUMBER if token.isdigit() else self.unknown_weight
                parts.append(Part(frozenset(), weight, 1.0))
                phrase.append(token)
                continue
            factor = TYPO_PENALTY if token in typos else 1.0
            best = max(found, key=lambda term: self.idf.get(term, 0.0))
            phrase.append(best)
            for term in found:
                terms[term] = max(terms.get(term, 0.0), factor)
            weight = self.idf.get(best, 0.0) * factor + self.unknown_weight * (1 - factor)
            parts.append(Part(frozenset(found), weight, factor))
        return Query(terms, tuple(parts), " ".join(phrase))

    def _known_stems(self, token: str) -> set[str]:
        return {term for lang in ("es", "en") if (term := self.term(token, lang)) in self.idf}

    def search(self, text: str, *, limit: int = 5) -> list[Match]:
        """The best items for ``text``, best first; empty when no word is known."""
        query = self.query(text)
        scores: dict[int, float] = defaultdict(float)
        for term, factor in query.terms.items():
            idf = self.idf[term]
            for doc, tf in self.postings[term]:
                norm = K1 * (1 - B + B * self.lengths[doc] / self.average_length)
                scores[doc] += factor * idf * tf * (K1 + 1) / (tf + norm)
        if not scores:
            return []
        ranked = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)
        ranked = ranked[: max(limit, CANDIDATES)]
        matches = [
            Match(
                item_id=self.ids[doc],
                kind=self.kinds[self.ids[doc]],
                score=score,
                confidence=self._confidence(query, doc),
            )
            for doc, score in ranked
        ]
        matches.sort(key=lambda m: (m.confidence, m.score), reverse=True)
        return matches[:limit]

    def _confidence(self, query: Query, doc: int) -> float:
        head, body = self.head_terms[doc], self.body_terms[doc]
        covered = missed = 0.0
        for part in query.parts:
            if part.terms & head:
                share = part.factor
            elif part.terms & body:
                share = part.factor * BODY_CREDIT
            else:
                share = 0.0
            covered += part.weight * share
            missed += part.weight * (1 - share)
        cap = UNKNOWN_CAP * self.unknown_weight
        coverage = covered / (covered + min(missed, cap)) if covered else 0.0
        best = process.extractOne(query.phrase, self.phrases[doc], scorer=fuzz.token_sort_ratio)
        similarity = best[1] / 100 if best else 0.0
        # A long message is never much like a short example question: lean on coverage.
        share = 1 - (1 - COVERAGE_SHARE) * min(1.0, LONG_MESSAGE / max(len(query.parts), 1))
        return round(share * coverage + (1 - share) * similarity, 4)
