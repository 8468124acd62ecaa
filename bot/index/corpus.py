"""What the matcher knows of the knowledge base: every item's terms, postings and head texts,
built once from Content. Knows nothing of questions (``query``) or scores (``confidence``).

Each item (``documents``) becomes a bag of weighted terms (words stemmed per language, synonym
phrases joined into one token): its BM25 postings, with each posting's contribution computed once
and only a common term's strongest postings kept; which terms its head (title, keywords, example
questions, names) holds and which only its body; its example questions sorted into phrases for
rapidfuzz; its head texts with their information (sum of idf); and its entities (``entities``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import numpy as np

from bot.content import Content
from bot.index.cues import Cues
from bot.index.documents import Source, sources
from bot.index.entities import distinctive, entity_terms
from bot.index.text import (
    ALL_STOP_WORDS,
    Synonyms,
    group_number,
    is_group,
    spellings,
    stem,
    words,
)


class Postings:
    """Each term's postings, strongest first: the items' numbers and each one's BM25
    contribution, every term's side by side in two flat arrays (a term knows where its own
    begin and end), so that a question's are summed in one call."""

    def __init__(self, postings: dict[str, list[tuple[int, float]]], size: int) -> None:
        self.size = size
        self.spans: dict[str, tuple[int, int]] = {}
        docs: list[int] = []
        impacts: list[float] = []
        for found, kept in postings.items():
            self.spans[found] = (len(docs), len(docs) + len(kept))
            docs += [doc for doc, _ in kept]
            impacts += [impact for _, impact in kept]
        self.docs = np.array(docs, dtype=np.intp)
        self.impacts = np.array(impacts)

    def summed(self, terms: Iterable[tuple[str, float]], depth: int) -> np.ndarray:
        """Each item's sum of the first ``depth`` postings of ``terms`` (term, factor), added
        in the terms' order as a loop would, by item number."""
        docs: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for found, factor in terms:
            start, end = self.spans[found]
            end = min(end, start + depth)
            docs.append(self.docs[start:end])
            impacts = self.impacts[start:end]
            weights.append(impacts if factor == 1.0 else factor * impacts)
        if not docs:
            return np.zeros(self.size)
        return np.bincount(
            np.concatenate(docs), weights=np.concatenate(weights), minlength=self.size
        )


K1 = 1.2
B = 0.75
# Postings kept per term, strongest first.
POSTINGS_KEPT = 200
# The least idf of a plain word of a title taken as an entity ("Perú", "Ley" are too common).
ENTITY_IDF = 2.0
# A synonym group's code in phrases: a character of Unicode's private use area, repeated.
CODE_BASE = 0xE000
CODE_LENGTH = 5
# The fewest digits of a number taken as an entity.
ENTITY_DIGITS = 4


def term(token: str, lang: str) -> str:
    """The index term of one token: synonym tokens and numbers as they are, words stemmed."""
    return token if is_group(token) else stem(token, lang)


def phrase(terms: Iterable[str]) -> str:
    """Terms as one sorted string, compared with rapidfuzz (token_sort_ratio's work, done once).
    A synonym group's token is written as a code of capitals of its own: "syn5" and "syn6"
    (Law 32419 and Law 32107) must not look one letter apart."""
    return " ".join(sorted(_code(t) if is_group(t) else t for t in terms))


# The category of the items that say what a word means, and how many of their titles a term
# may hold and still be what one of them defines.
GLOSSARY = "glossary"
DEFINED_ITEMS = 2
DEFINED_IDF = 2.2


def _code(token: str) -> str:
    # One character of its own, five times: two groups differ in every letter of their codes
    # (codes of hashed capitals were one letter apart for consecutive groups).
    return chr(CODE_BASE + group_number(token)) * CODE_LENGTH


def _plain(found: str, idf: float) -> bool:
    """A rare word of a title: an entity ("RENADE"); "Perú" and numbers are not."""
    return not found.isdigit() and idf >= ENTITY_IDF


def _special(found: str) -> bool:
    """A synonym group's token, a year or a law's number: an entity however common ("Corte IDH",
    "2001", "32107"); not an article's number ("artículo 2")."""
    return is_group(found) or (found.isdigit() and len(found) >= ENTITY_DIGITS)


@dataclass(slots=True)
class _Item:
    """One item's terms while the corpus is built."""

    bag: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    head: set[str] = field(default_factory=set)
    body: set[str] = field(default_factory=set)
    phrases: list[str] = field(default_factory=list)
    said: list[frozenset[str]] = field(default_factory=list)


class Corpus:
    """The terms of every topic and case, topics first; items are numbered from 0."""

    def __init__(self, content: Content) -> None:
        self.synonyms = Synonyms(content.synonyms)
        # Chat spellings ("q = que", "xq = porque"), read the same way in content and questions.
        self.spellings = spellings(content.intents.get("spelling", {}))
        self.ids: list[str] = []
        self.kinds: dict[str, str] = {}
        self.lengths: list[float] = []
        self.phrases: list[tuple[str, ...]] = []
        # Each folded word: the terms it stands for (one per language), and how often it is used.
        self.vocabulary: dict[str, set[str]] = defaultdict(set)
        self.seen: Counter[str] = Counter()
        self.head_words: set[str] = set()
        self._terms_in: defaultdict[str, dict[str, str]] = defaultdict(dict)
        read = sources(content)
        items = [self._item(source) for source in read]
        self.numbers = {item_id: number for number, item_id in enumerate(self.ids)}
        # Which items hold each example phrase: a question that is one is always a candidate,
        # however many longer items its common words rank first.
        self.phrase_docs = _numbers(self.phrases)
        self.head_docs = _docs(item.head for item in items)
        self.body_docs = _docs(item.body - item.head for item in items)
        self.idf = _idf([item.bag for item in items])
        self.unknown_weight = max(self.idf.values(), default=1.0)
        # Each item's head texts (title, keywords, example questions, name): the information of
        # each (the sum of its terms' idf), and which of them hold each term, to see how much of
        # one a message holds by looking up the message's few terms.
        said = [tuple(dict.fromkeys(item.said)) for item in items]
        self.example_information = [
            tuple(sum(self.idf.get(t, 0.0) for t in terms) for terms in found) for found in said
        ]
        self.example_terms = [_numbers(found) for found in said]
        titles = [[(f.text, f.lang) for f in s.fields if f.title] for s in read]
        named = distinctive([entity_terms(found, self.terms_of) for found in titles])
        self.entities = [
            frozenset(t for t in found if _special(t) or _plain(t, self.idf.get(t, 0.0)))
            for found in named
        ]
        self.entity_terms = frozenset(t for found in self.entities for t in found)
        self.impacts = self._impacts([item.bag for item in items])
        # How each item's example questions open: the kinds of question it answers.
        self.cues = Cues(content, self.spellings)
        self.asked = [self.cues.profile(s) for s in read]
        # What each glossary item defines: its title's terms ("¿Qué son los crímenes de lesa
        # humanidad?"), for a question asking what one of them means.
        self.defined = self._defined(content, read)

    def _defined(self, content: Content, read: list[Source]) -> dict[str, frozenset[int]]:
        found: defaultdict[str, set[int]] = defaultdict(set)
        for number, source in enumerate(read):
            topic = content.topics.get(self.ids[number])
            if topic is None or topic.category != GLOSSARY:
                continue
            for field_ in source.fields:
                if field_.title:
                    folded = [self.spellings.get(w, w) for w in words(field_.text)]
                    for each in self.terms_of(folded, field_.lang):
                        found[each].add(number)
        # The words of a title's question ("significa", "mean") define nothing, nor do common
        # words ("final", "sentencia"): a synonym group's term or a rare word does.
        return {
            t: frozenset(d)
            for t, d in found.items()
            if len(d) <= DEFINED_ITEMS and (is_group(t) or self.idf.get(t, 0.0) >= DEFINED_IDF)
        }

    def terms_of(self, tokens: list[str], lang: str) -> list[str]:
        """The terms of folded words, as the content's texts are read."""
        return [term(t, lang) for t in self.synonyms.apply(tokens) if t not in ALL_STOP_WORDS]

    def _item(self, source: Source) -> _Item:
        item = _Item()
        for found in source.fields:
            folded = [self.spellings.get(w, w) for w in words(found.text)]
            self.seen.update(folded)
            if not found.body:
                self.head_words.update(folded)
            tokens = [t for t in self.synonyms.apply(folded) if t not in ALL_STOP_WORDS]
            known = self._terms_in[found.lang]
            terms = []
            for token in tokens:
                stemmed = known.get(token)
                if stemmed is None:
                    stemmed = known[token] = term(token, found.lang)
                    self.vocabulary[token].add(stemmed)
                terms.append(stemmed)
                item.bag[stemmed] += found.weight
            (item.body if found.body else item.head).update(terms)
            if not found.body and terms:
                item.said.append(frozenset(terms))
            if found.phrase:
                item.phrases.append(phrase(terms))
        self.ids.append(source.item_id)
        self.kinds[source.item_id] = source.kind
        self.lengths.append(float(sum(item.bag.values())) or 1.0)
        kept = tuple(dict.fromkeys(p for p in item.phrases if p))
        self.phrases.append(kept)
        return item

    def _impacts(self, bags: Sequence[dict[str, float]]) -> Postings:
        """Each posting's BM25 contribution does not depend on the question: computed once, and
        only a common word's strongest postings are kept (a word in most items says little,
        and summing it over thousands of items is what would make a large base slow)."""
        average = sum(self.lengths) / (len(self.lengths) or 1)
        norms = [K1 * (1 - B + B * length / average) for length in self.lengths]
        postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        for doc, bag in enumerate(bags):
            for found, tf in bag.items():
                postings[found].append((doc, self.idf[found] * (K1 + 1) * tf / (tf + norms[doc])))
        for impacts in postings.values():
            impacts.sort(key=lambda pair: pair[1], reverse=True)
        return Postings(
            {found: impacts[:POSTINGS_KEPT] for found, impacts in postings.items()}, len(bags)
        )


def _docs(per_item: Iterable[AbstractSet[str]]) -> dict[str, frozenset[int]]:
    """Each term -> the numbers of the sets (items, or an item's head texts) that hold it, as
    a frozenset: intersected with the candidates."""
    return {each: frozenset(docs) for each, docs in _numbers(per_item).items()}


def _numbers(per_text: Iterable[Iterable[str]]) -> dict[str, tuple[int, ...]]:
    """Each string -> the numbers of the texts (each without repeats) that hold it: only ever
    iterated, so a tuple (a few small numbers each, for thousands of strings) instead of a
    frozenset's table."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    for number, terms in enumerate(per_text):
        for each in terms:
            found[each].append(number)
    return {each: tuple(numbers) for each, numbers in found.items()}


def _idf(bags: Sequence[dict[str, float]]) -> dict[str, float]:
    counts = Counter(t for bag in bags for t in bag)
    size = len(bags) or 1
    return {t: math.log(1 + (size - n + 0.5) / (n + 0.5)) for t, n in counts.items()}
