"""How sure the matcher is of each candidate item: a calibrated confidence in [0, 1] that
``answer`` turns into one of three outcomes (answer, did-you-mean, fallback). Knows nothing of
how candidates are found (``search``).

- coverage: how much of the question (weighted by how rare each word is) the item explains; a
  word the knowledge base has never seen counts against every item, so off-topic questions
  ("que clima hace en lima") score low everywhere, and a word found only in an item's answer
  text (not its title, keywords or questions) counts only in part; a relative who owns what is
  asked about ("el juicio de mi tío") is explained by any relative the item's head names
  (``story``); the story around a question can only add where the item already explains it,
  and the words of the story the knowledge base has never seen count against every item at
  half weight ("mi hijo quiere entrar a la escuela de Chorrillos, ¿qué requisitos piden?" is
  about something else), within the same cap as the question's own;
- similarity: how close the question is to the item's nearest example question or name.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process

from bot.index.corpus import Corpus
from bot.index.model import Query

# A word found only in an item's body covers the question this much.
BODY_CREDIT = 0.5
# Confidence = this share of coverage + the rest of similarity, for questions of up to
# LONG_MESSAGE words; past that, similarity's share shrinks in proportion.
COVERAGE_SHARE = 0.55
LONG_MESSAGE = 6
# The least information (idf) a head text is taken to have: one common word holds little.
HELD_INFORMATION = 3.0
# Similarity from which a question is taken as an item's own example question.
EXACT = 0.97
# A candidate's confidence is discounted by up to this share when its BM25 score trails the best.
SCORE_SHARE = 0.5
# Unknown words beyond this many rare words' worth stop counting against a long message: people
# who tell their story use many words the knowledge base never needs.
UNKNOWN_CAP = 2.0


def confidences(corpus: Corpus, query: Query, ranked: list[tuple[int, float]]) -> dict[int, float]:
    """Each candidate's confidence: coverage blended with similarity, discounted when its BM25
    score trails the leader's (see the module doc)."""
    top = max(score for _, score in ranked) or 1.0
    covered, told, total = _coverage(corpus, query, [doc for doc, _ in ranked])
    cap = UNKNOWN_CAP * corpus.unknown_weight
    # A long message is never much like a short example question: lean on coverage.
    weight = 1 - (1 - COVERAGE_SHARE) * min(1.0, LONG_MESSAGE / max(query.asked, 1))
    similar = _similarities(corpus, query, [doc for doc, _ in ranked])
    found: dict[int, float] = {}
    for doc, score in ranked:
        # A story helps a question an item already answers in part, never one it does not.
        have, extra = covered[doc], min(told[doc], covered[doc])
        missing = min(total - have + query.strange, cap)
        coverage = (have + extra) / (have + extra + missing) if have + extra else 0.0
        similarity = similar[doc]
        # Coverage and similarity say how well an item explains the question; BM25 says how
        # strongly the question's rarest words point at it. A candidate far behind the
        # leader's BM25 is discounted (up to SCORE_SHARE), unless it is one of its own
        # example questions: it separates the close calls of long messages.
        discount = 1.0 if similarity >= EXACT else 1 - SCORE_SHARE * (1 - score / top)
        found[doc] = round((weight * coverage + (1 - weight) * similarity) * discount, 4)
    return found


def _similarities(corpus: Corpus, query: Query, docs: list[int]) -> dict[int, float]:
    """Each candidate's similarity: fuzz.ratio / 100 of the question's phrase and the candidate's
    phrase closest to each other. Every pair is compared in one call to rapidfuzz (a few
    hundred comparisons of short strings, cheaper in C than choosing which to skip), and each
    candidate's best is taken in one more."""
    found = dict.fromkeys(docs, 0.0)
    phrased = [doc for doc in docs if corpus.phrases[doc]]
    if not phrased or not query.phrases:
        return found
    choices: list[str] = []
    starts: list[int] = []
    for doc in phrased:
        starts.append(len(choices))
        choices += corpus.phrases[doc]
    scores = process.cdist(query.phrases, choices, scorer=fuzz.ratio, dtype=np.float64)
    best = np.maximum.reduceat(scores, starts, axis=1).max(axis=0) / 100
    found.update(zip(phrased, best.tolist(), strict=True))
    return found


def _coverage(
    corpus: Corpus, query: Query, docs: list[int]
) -> tuple[dict[int, float], dict[int, float], float]:
    """How much of the question each candidate explains, how much of the story, and the
    question's total weight."""
    candidates = frozenset(docs)
    covered = dict.fromkeys(docs, 0.0)
    told = dict.fromkeys(docs, 0.0)
    total = 0.0
    heads, bodies = corpus.head_docs, corpus.body_docs
    for number, part in enumerate(query.parts):
        asked = number < query.asked
        if asked:
            total += part.weight
        # Looked up per word, not per candidate: most words hit few of them.
        share: dict[int, float] = {}
        for found in part.terms:
            if (body := bodies.get(found)) is not None:
                for doc in candidates & body:
                    share.setdefault(doc, BODY_CREDIT)
            if (head := heads.get(found)) is not None:
                for doc in candidates & head:
                    share[doc] = 1.0
        for found in part.kin:
            if (head := heads.get(found)) is not None:
                for doc in candidates & head:
                    share[doc] = 1.0
        if share:
            weight = part.weight * part.factor
            sums = covered if asked else told
            for doc, fraction in share.items():
                sums[doc] += weight * fraction
    return covered, told, total


class Held:
    """How much of an item's best head text (an example question, a keyword, its name) a
    message holds, by information: a long story holding "los cabitos" holds a name. What does
    not depend on the message is computed once per corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.terms = corpus.example_terms
        self.idf = corpus.idf
        # The terms some head text holds (every head text's terms are its item's head terms):
        # the only ones worth looking up.
        self.held = corpus.head_docs.keys()
        # Each head text's information, never less than HELD_INFORMATION.
        self.floors = [
            tuple(max(each, HELD_INFORMATION) for each in found)
            for found in corpus.example_information
        ]

    def words(self, terms: Iterable[str]) -> list[tuple[str, float]]:
        """The message's terms that some head text holds, with their idf, in their order."""
        idf, held = self.idf, self.held
        return [(each, idf.get(each, 0.0)) for each in terms if each in held]

    def share(self, found: list[tuple[str, float]], doc: int) -> float:
        """How much of ``doc``'s best head text the message's terms ``found`` (``words``) hold."""
        holding = self.terms[doc]
        shared: dict[int, float] = {}
        for each, information in found:
            numbers = holding.get(each)
            if numbers is not None:
                for number in numbers:
                    shared[number] = shared.get(number, 0.0) + information
        floors = self.floors[doc]
        best = 0.0
        for number, part in shared.items():
            if (value := part / floors[number]) > best:
                best = value
        return best
