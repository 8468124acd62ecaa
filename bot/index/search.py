"""Rank topics and cases for a question: BM25 over stemmed terms, typo correction, confidence.

``Index.search`` returns ``Match``es best first. Each carries a calibrated ``confidence`` in [0, 1]
that ``answer`` turns into one of three outcomes (answer, did-you-mean, fallback):
- coverage: how much of the question (weighted by how rare each word is) the item explains; a
  word the knowledge base has never seen counts fully against every item, so off-topic questions
  ("que clima hace en lima") score low everywhere;
- similarity: how close the question is to the item's nearest example question or name.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.content import Content
from bot.index.documents import sources
from bot.index.text import Synonyms, content_terms, stem, words

K1 = 1.2
B = 0.75
CANDIDATES = 8
TYPO_PENALTY = 0.8
COVERAGE_SHARE = 0.55


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked item."""

    item_id: str
    kind: str
    score: float
    confidence: float


@dataclass(frozen=True, slots=True)
class Query:
    """A question reduced to what the matcher compares."""

    terms: dict[str, float]
    parts: tuple[tuple[frozenset[str], float], ...]
    phrase: str


class Index:
    """Everything needed to answer ``search`` fast; built once from Content."""

    def __init__(self, content: Content) -> None:
        self.synonyms = Synonyms(content.synonyms)
        self.kinds: dict[str, str] = {}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.lengths: list[float] = []
        self.ids: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        self.vocabulary: dict[str, set[str]] = defaultdict(set)
        self.doc_terms: list[frozenset[str]] = []
        for number, source in enumerate(sources(content)):
            bag: Counter[str] = Counter()
            phrases: list[str] = []
            for field in source.fields:
                tokens = self.tokens(field.text)
                terms = [self.term(token, field.lang) for token in tokens]
                for token, term in zip(tokens, terms, strict=True):
                    bag[term] += field.weight
                    self.vocabulary[token].add(term)
                if field.phrase:
                    phrases.append(" ".join(terms))
            self.ids.append(source.item_id)
            self.kinds[source.item_id] = source.kind
            self.lengths.append(float(sum(bag.values())) or 1.0)
            self.phrases.append(tuple(dict.fromkeys(p for p in phrases if p)))
            self.doc_terms.append(frozenset(bag))
            for term, count in bag.items():
                self.postings[term].append((number, float(count)))
        size = len(self.ids) or 1
        self.average_length = sum(self.lengths) / size
        self.idf = {
            term: math.log(1 + (size - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in self.postings.items()
        }
        self.unknown_weight = max(self.idf.values(), default=1.0)
        self.words = sorted(self.vocabulary)

    def tokens(self, text: str) -> list[str]:
        """Folded words, synonym phrases joined, stop words dropped."""
        return content_terms(self.synonyms.apply(words(text)))

    @staticmethod
    def term(token: str, lang: str) -> str:
        """The index term of one token: synonym tokens and numbers as they are, words stemmed."""
        return token if token.startswith("syn") else stem(token, lang)

    def query(self, text: str) -> Query:
        """Reduce a question to weighted terms, correcting typos against the vocabulary."""
        terms: dict[str, float] = {}
        parts: list[tuple[frozenset[str], float]] = []
        phrase: list[str] = []
        for token in dict.fromkeys(self.tokens(text)):
            found = self.vocabulary.get(token) or self._known_stems(token)
            factor = 1.0
            if not found:
                found, factor = self._correct(token)
            if not found:
                parts.append((frozenset(), self.unknown_weight))
                phrase.append(token)
                continue
            best = max(found, key=lambda term: self.idf.get(term, 0.0))
            phrase.append(best)
            for term in found:
                terms[term] = max(terms.get(term, 0.0), factor)
            weight = self.idf.get(best, 0.0) * factor + self.unknown_weight * (1 - factor)
            parts.append((frozenset(found), weight))
        return Query(terms, tuple(parts), " ".join(phrase))

    def _known_stems(self, token: str) -> set[str]:
        return {term for lang in ("es", "en") if (term := self.term(token, lang)) in self.idf}

    def _correct(self, token: str) -> tuple[set[str], float]:
        if len(token) < 5 or token.isdigit():
            return set(), 0.0
        cutoff = 80
        best = process.extractOne(token, self.words, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is None:
            return set(), 0.0
        return self.vocabulary[best[0]], TYPO_PENALTY

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
        total = sum(weight for _, weight in query.parts) or 1.0
        matches = [
            Match(
                item_id=self.ids[doc],
                kind=self.kinds[self.ids[doc]],
                score=score,
                confidence=self._confidence(query, doc, total),
            )
            for doc, score in ranked
        ]
        matches.sort(key=lambda m: (m.confidence, m.score), reverse=True)
        return matches[:limit]

    def _confidence(self, query: Query, doc: int, total: float) -> float:
        have = self.doc_terms[doc]
        covered = sum(weight for found, weight in query.parts if found & have)
        coverage = covered / total
        similarity = max(
            (fuzz.token_sort_ratio(query.phrase, phrase) for phrase in self.phrases[doc]),
            default=0.0,
        )
        return round(COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * similarity / 100, 4)
