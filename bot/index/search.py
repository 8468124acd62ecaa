"""Rank topics and cases for a question: BM25 over stemmed terms, typo correction, confidence.

``Index.search`` returns ``Match``es best first. Each carries a calibrated ``confidence`` in [0, 1]
that ``answer`` turns into one of three outcomes (answer, did-you-mean, fallback):
- coverage: how much of the question (weighted by how rare each word is) the item explains; a
  word the knowledge base has never seen counts against every item, so off-topic questions
  ("que clima hace en lima") score low everywhere, and a word found only in an item's answer
  text (not its title, keywords or questions) counts only in part;
- similarity: how close the question is to the item's nearest example question or name.

A question may come with ``context``, the story around it ("mi hermano desapareció en Huanta"):
its words count at ``CONTEXT_WEIGHT`` in ranking and coverage, and those the knowledge base has
never seen count not at all (a story is full of them); similarity compares the question alone.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.content import Content
from bot.index.documents import sources
from bot.index.entities import distinctive, entity_terms
from bot.index.names import case_names, is_year
from bot.index.text import ALL_STOP_WORDS, Synonyms, plain, spellings, stem, words
from bot.index.typos import Typos

K1 = 1.2
B = 0.75
CANDIDATES = 6
# A corrected typo is likely, not certain: its word counts this much.
TYPO_PENALTY = 0.8
# A word found only in an item's body covers the question this much.
BODY_CREDIT = 0.5
# Confidence = this share of coverage + the rest of similarity, for questions of up to
# LONG_MESSAGE words; past that, similarity's share shrinks in proportion.
COVERAGE_SHARE = 0.55
LONG_MESSAGE = 6
# Weight in ranking of how much of an item's best head text the message holds, and the least
# information (idf) a head text is taken to have: one common word holds little.
HELD_RANK = 0.25
HELD_INFORMATION = 3.0
# Similarity from which a question is taken as an item's own example question.
EXACT = 0.97
# A candidate's confidence is discounted by up to this share when its BM25 score trails the best.
SCORE_SHARE = 0.5
# Unknown words beyond this many rare words' worth stop counting against a long message: people
# who tell their story use many words the knowledge base never needs.
UNKNOWN_CAP = 2.0
# An unknown number ("144", "2026") weighs this much, less than an unknown word.
UNKNOWN_NUMBER = 1.0
# A word of the story around a question counts this much of a word of the question.
CONTEXT_WEIGHT = 0.5
# Normalised texts remembered (``ask`` reads a message, then searches its parts).
NORMALIZED_KEPT = 8
# Postings kept per term (strongest first), read per term at least, and read per question.
POSTINGS_KEPT = 200
POSTINGS_READ = 24
POSTINGS_BUDGET = 600
# Weight in ranking of an item naming an entity the message names (see ``entities``), and the
# least idf of a plain word of a title taken as an entity ("Perú", "Ley" are too common).
ENTITY_RANK = 0.1
ENTITY_IDF = 2.0


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked item."""

    item_id: str
    kind: str
    score: float
    confidence: float


class Part(NamedTuple):
    """One word of a question: the index terms it stands for, its weight and its certainty."""

    terms: frozenset[str]
    weight: float
    factor: float


@dataclass(frozen=True, slots=True)
class Query:
    """A question reduced to what the matcher compares."""

    terms: dict[str, float]
    parts: tuple[Part, ...]
    phrases: tuple[str, ...]
    asked: int = 0
    cases: frozenset[str] = frozenset()


_SPLIT_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})[ .](\d{3})(?![\d.,])")


_NOTHING: frozenset[str] = frozenset()


def _special(term: str) -> bool:
    """A synonym group's token or a number: an entity however common ("Corte IDH", "32107")."""
    return term.startswith("syn") or term.isdigit()


class Index:
    """Everything needed to answer ``search`` fast; built once from Content."""

    def __init__(self, content: Content) -> None:
        self.synonyms = Synonyms(content.synonyms)
        # Chat spellings ("q = que", "xq = porque"), read the same way in content and questions.
        self.spellings = spellings(content.intents.get("spelling", {}))
        self.filler: frozenset[str] = frozenset()
        self.kinds: dict[str, str] = {}
        postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        self.lengths: list[float] = []
        self.ids: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        examples: list[tuple[frozenset[str], ...]] = []
        self.vocabulary: dict[str, set[str]] = defaultdict(set)
        heads: defaultdict[str, set[int]] = defaultdict(set)
        bodies: defaultdict[str, set[int]] = defaultdict(set)
        seen: Counter[str] = Counter()
        head_words: set[str] = set()
        # Each word's term per language, looked up once: most words recur across fields.
        terms_in: defaultdict[str, dict[str, str]] = defaultdict(dict)
        named: list[frozenset[str]] = []
        for number, source in enumerate(sources(content)):
            bag: defaultdict[str, float] = defaultdict(float)
            head: set[str] = set()
            body: set[str] = set()
            phrases: list[str] = []
            said: list[frozenset[str]] = []
            for field in source.fields:
                folded = [self.spellings.get(w, w) for w in words(field.text)]
                seen.update(folded)
                if not field.body:
                    head_words.update(folded)
                tokens = self._content(self.synonyms.apply(folded))
                known = terms_in[field.lang]
                terms = []
                for token in tokens:
                    term = known.get(token)
                    if term is None:
                        term = known[token] = self.term(token, field.lang)
                        self.vocabulary[token].add(term)
                    terms.append(term)
                    bag[term] += field.weight
                (body if field.body else head).update(terms)
                if not field.body and terms:
                    said.append(frozenset(terms))
                if field.phrase:
                    # Sorted once here, so comparing is a plain ratio (token_sort_ratio's work).
                    phrases.append(" ".join(sorted(terms)))
            self.ids.append(source.item_id)
            self.kinds[source.item_id] = source.kind
            self.lengths.append(float(sum(bag.values())) or 1.0)
            self.phrases.append(tuple(dict.fromkeys(p for p in phrases if p)))
            examples.append(tuple(dict.fromkeys(said)))
            titles = [(f.text, f.lang) for f in source.fields if f.title]
            named.append(entity_terms(titles, self._terms_of))
            for term in head:
                heads[term].add(number)
            for term in body - head:
                bodies[term].add(number)
            for term, count in bag.items():
                postings[term].append((number, count))
        self.numbers = {item_id: number for number, item_id in enumerate(self.ids)}
        self.head_docs = {term: frozenset(docs) for term, docs in heads.items()}
        self.body_docs = {term: frozenset(docs) for term, docs in bodies.items()}
        size = len(self.ids) or 1
        self.average_length = sum(self.lengths) / size
        self.idf = {
            term: math.log(1 + (size - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in postings.items()
        }
        self.unknown_weight = max(self.idf.values(), default=1.0)
        self.entities = [
            frozenset(t for t in found if _special(t) or self.idf.get(t, 0.0) >= ENTITY_IDF)
            for found in distinctive(named)
        ]
        self.entity_terms = frozenset(t for found in self.entities for t in found)
        # Each head text (title, keyword, example question, name) with its information (the
        # sum of its terms' idf), to see how much of it a message holds.
        self.examples = [
            tuple((terms, sum(self.idf.get(t, 0.0) for t in terms)) for terms in found)
            for found in examples
        ]
        self.known_terms = {
            token: self._known(frozenset(found)) for token, found in self.vocabulary.items()
        }
        # Each posting's BM25 contribution does not depend on the question: computed once, and
        # only a common word's strongest postings are kept (a word in most items says little,
        # and summing it over thousands of items is what would make a large base slow).
        self.impacts: dict[str, list[tuple[int, float]]] = {}
        norms = [K1 * (1 - B + B * length / self.average_length) for length in self.lengths]
        for term, docs in postings.items():
            idf = self.idf[term] * (K1 + 1)
            impacts = [(doc, idf * tf / (tf + norms[doc])) for doc, tf in docs]
            impacts.sort(key=lambda pair: pair[1], reverse=True)
            self.impacts[term] = impacts[:POSTINGS_KEPT]
        # Greetings and thanks inside a question ("buenas noches, disculpe...") say nothing
        # about its topic: they are dropped like stop words, unless the content uses them.
        chat = {
            w for key in ("greeting", "thanks", "bye") for w in self._intent_words(content, key)
        }
        self.filler = frozenset(chat - head_words)
        synonym_words = {w for group in content.synonyms for p in group for w in words(p)}
        self.typos = Typos(
            (head_words | synonym_words) - ALL_STOP_WORDS,
            frozenset(seen) | synonym_words | chat | ALL_STOP_WORDS,
            seen,
            understood=lambda word: bool(self._known_stems(word)),
        )
        # The typo-correction cache, emptied by benchmarks between rounds.
        self.corrections = self.typos.corrections
        self._normalized: dict[str, list[tuple[str, str | None]]] = {}
        self.case_names = case_names(content)

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
        # ``ask`` normalizes a question, then searches it: the second call is free.
        found = self._normalized.get(text)
        if found is None:
            if len(self._normalized) >= NORMALIZED_KEPT:
                self._normalized.clear()
            found = self._normalized[text] = self._normalize_new(text)
        return found

    def _normalize_new(self, text: str) -> list[tuple[str, str | None]]:
        # "ley 32 419", "ley 32.419" -> "32419", when the content knows the joined number.
        text = _SPLIT_NUMBER.sub(self._join_number, plain(text))
        joined: list[str] = []
        spell = self.spellings
        for word in (spell.get(w, w) for w in words(text)):
            # "en el 84", "junio del 86", "los 90": the conflict's years, as the content has them.
            known = self.typos.known
            if len(word) == 2 and word.isdigit() and word >= "80" and f"19{word}" in known:
                word = f"19{word}"
            joined.append(word)
        return [(word, self.correct(word)) for word in joined]

    def _join_number(self, found: re.Match[str]) -> str:
        joined = found[1] + found[2]
        return joined if joined in self.typos.known else found[0]

    def correct(self, word: str) -> str | None:
        """The known word ``word`` is a typo of, or None when it is known or too far from any."""
        return self.typos.correct(word)

    def query(self, text: str, context: str = "") -> Query:
        """Reduce a question (and its story) to weighted terms, correcting typos."""
        terms: dict[str, float] = {}
        parts: list[Part] = []
        # The question as each language stems it, to compare with example questions.
        phrase: dict[str, list[str]] = {"es": [], "en": []}
        told: dict[str, list[str]] = {"es": [], "en": []}
        seen: set[str] = set()
        for token, known, factor in self._words(text):
            seen.add(token)
            if known is None:
                weight = UNKNOWN_NUMBER if token.isdigit() else self.unknown_weight
                parts.append(Part(_NOTHING, weight, 1.0))
                for said in phrase.values():
                    said.append(token)
                continue
            found, best, idf = known
            for lang, said in phrase.items():
                term = self.term(token, lang)
                said.append(term if term in found else best)
            for term in found:
                if terms.get(term, 0.0) < factor:
                    terms[term] = factor
            weight = idf * factor + self.unknown_weight * (1 - factor)
            parts.append(Part(found, weight, factor))
        asked = len(parts)
        for token, known, factor in self._words(context) if context else ():
            if known is None or token in seen:
                continue
            found, best, idf = known
            for lang, said in told.items():
                term = self.term(token, lang)
                said.append(term if term in found else best)
            # Names of cases and years in a story are what it is about, not noise.
            weight = 1.0 if token in self.case_names or is_year(token) else CONTEXT_WEIGHT
            for term in found:
                terms[term] = max(terms.get(term, 0.0), factor * weight)
            parts.append(Part(found, idf * factor * weight, 1.0))
        # Compared whole too: a short question split in two ("a esa edad ya no son
        # peligrosos, ¿por qué no los liberan?") is still its example question.
        whole = [phrase[lang] + told[lang] for lang in told] if context else []
        phrases = tuple(
            dict.fromkeys(" ".join(sorted(said)) for said in (*phrase.values(), *whole))
        )
        cases = self.named_cases(f"{text} {context}")
        return Query(terms, tuple(parts), phrases, asked, cases)

    def _words(
        self, text: str
    ) -> list[tuple[str, tuple[frozenset[str], str, float] | None, float]]:
        """Each distinct content token of ``text``: its terms (None if unknown) and certainty."""
        normalized = self._normalize(text)
        typos = {fixed for _, fixed in normalized if fixed}
        tokens = self._content(self.synonyms.apply([f or w for w, f in normalized]))
        return [
            (
                token,
                self.known_terms.get(token) or self._stemmed(token),
                TYPO_PENALTY if token in typos else 1.0,
            )
            for token in dict.fromkeys(tokens)
        ]

    def anchors(self, text: str) -> int:
        """How many of the knowledge base's core notions ``text`` names: the groups of
        content/synonyms.yaml (the amnesty, the military, the disappeared...), cases by name and
        a year of the conflict (1980-2000).
        "quién es el presidente del perú" names none; "¿la amnistía alcanza a los ronderos?" two.
        """
        said = self.synonyms.apply(self.normalize(text))
        groups = {t for t in said if t.startswith("syn")}
        years = {t for t in said if is_year(t)}
        return len(groups) + len(self.named_cases(text)) + min(len(years), 1)

    def named_cases(self, text: str) -> frozenset[str]:
        """The cases ``text`` names by a word of their names only they share ("huanta")."""
        names = self.case_names
        return frozenset(c for word in self.normalize(text) for c in names.get(word, ()))

    def _known(self, found: frozenset[str]) -> tuple[frozenset[str], str, float]:
        """A word's terms, the rarest of them and its idf."""
        best = max(sorted(found), key=lambda term: self.idf.get(term, 0.0))
        return found, best, self.idf.get(best, 0.0)

    def _stemmed(self, token: str) -> tuple[frozenset[str], str, float] | None:
        found = self._known_stems(token)
        return self._known(frozenset(found)) if found else None

    def _known_stems(self, token: str) -> set[str]:
        return {term for lang in ("es", "en") if (term := self.term(token, lang)) in self.idf}

    def search(
        self,
        text: str,
        *,
        context: str = "",
        limit: int = 5,
        within: Collection[str] | None = None,
    ) -> list[Match]:
        """The best items for ``text`` (told with ``context``), best first; empty when no word
        is known. ``within`` limits the search to those item ids."""
        query = self.query(text, context)
        scores: dict[int, float] = defaultdict(float)
        # Postings are strongest first; a long message reads fewer of each word's (its many
        # words find the right items anyway), which keeps its cost near a short one's.
        depth = max(POSTINGS_READ, POSTINGS_BUDGET // max(len(query.terms), 1))
        for term, factor in query.terms.items():
            for doc, impact in self.impacts[term][:depth]:
                scores[doc] += factor * impact
        if within is not None:
            allowed = {self.numbers[i] for i in within if i in self.numbers}
            scores = defaultdict(float, {d: v for d, v in scores.items() if d in allowed})
        if not scores:
            return []
        best = heapq.nlargest(max(limit, CANDIDATES), scores, key=scores.__getitem__)
        ranked = [(doc, scores[doc]) for doc in best]
        confidences, held = self._confidences(query, ranked)
        matches = [
            Match(
                item_id=self.ids[doc],
                kind=self.kinds[self.ids[doc]],
                score=score,
                confidence=confidences[doc],
            )
            for doc, score in ranked
        ]
        # Ranked by confidence, with how much of each item's best head text the message holds
        # as a tie-breaker that counts (HELD_RANK): it picks "Los Cabitos" out of a long story.
        # Thresholds look at confidence alone: holding a name says little of what is asked.
        said = self.entity_terms.intersection(query.terms)
        matches.sort(
            key=lambda m: (
                m.confidence
                + HELD_RANK * held[self.numbers[m.item_id]]
                + self._agree(said, query.cases, self.numbers[m.item_id]),
                m.score,
            ),
            reverse=True,
        )
        return matches[:limit]

    def _confidences(
        self, query: Query, ranked: list[tuple[int, float]]
    ) -> tuple[dict[int, float], dict[int, float]]:
        """Each candidate's confidence (coverage blended with similarity, see the module doc)
        and how much of its best head text the message holds."""
        docs = [doc for doc, _ in ranked]
        top = max(score for _, score in ranked) or 1.0
        candidates = frozenset(docs)
        covered = dict.fromkeys(docs, 0.0)
        # The story around a question can only add: its words count where an item explains them.
        told = dict.fromkeys(docs, 0.0)
        total = 0.0
        for number, part in enumerate(query.parts):
            asked = number < query.asked
            if asked:
                total += part.weight
            # Looked up per word, not per candidate: most words hit few of them.
            share: dict[int, float] = {}
            for term in part.terms:
                for doc in candidates & self.body_docs.get(term, frozenset()):
                    share.setdefault(doc, BODY_CREDIT)
                for doc in candidates & self.head_docs.get(term, frozenset()):
                    share[doc] = 1.0
            for doc, fraction in share.items():
                (covered if asked else told)[doc] += part.weight * part.factor * fraction
        cap = UNKNOWN_CAP * self.unknown_weight
        asked_terms = frozenset(query.terms)
        held: dict[int, float] = {}
        # A long message is never much like a short example question: lean on coverage.
        weight = 1 - (1 - COVERAGE_SHARE) * min(1.0, LONG_MESSAGE / max(query.asked, 1))
        found: dict[int, float] = {}
        for doc, score in ranked:
            # A story helps a question an item already answers in part, never one it does not.
            have, extra = covered[doc], min(told[doc], covered[doc])
            missing = min(total - have, cap)
            coverage = (have + extra) / (have + extra + missing) if have + extra else 0.0
            similarity = 0.0
            for phrase in query.phrases:
                best = process.extractOne(phrase, self.phrases[doc], scorer=fuzz.ratio)
                similarity = max(similarity, best[1] / 100 if best else 0.0)
            # Coverage and similarity say how well an item explains the question; BM25 says how
            # strongly the question's rarest words point at it. A candidate far behind the
            # leader's BM25 is discounted (up to SCORE_SHARE), unless it is one of its own
            # example questions: it separates the close calls of long messages.
            discount = 1.0 if similarity >= EXACT else 1 - SCORE_SHARE * (1 - score / top)
            found[doc] = round((weight * coverage + (1 - weight) * similarity) * discount, 4)
            held[doc] = self._held(asked_terms, doc)
        return found, held

    def _agree(self, said: frozenset[str], cases: frozenset[str], doc: int) -> float:
        """ENTITY_RANK when the message names the item's case or an entity of its title."""
        if self.ids[doc] in cases or not self.entities[doc].isdisjoint(said):
            return ENTITY_RANK
        return 0.0

    def _terms_of(self, tokens: list[str], lang: str) -> list[str]:
        return [self.term(t, lang) for t in self._content(self.synonyms.apply(tokens))]

    def _held(self, terms: frozenset[str], doc: int) -> float:
        """How much of the item's best head text (an example question, a keyword, its name)
        the message holds, by information: a long story holding "los cabitos" holds a name."""
        best = 0.0
        idf = self.idf
        for found, information in self.examples[doc]:
            shared = found & terms
            if shared:
                held = sum(idf.get(t, 0.0) for t in shared) / max(information, HELD_INFORMATION)
                best = max(best, held)
        return best
