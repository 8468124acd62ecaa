"""Rank topics and cases for a question: BM25 over stemmed terms, then a calibrated confidence.

``Index.query(text, context)`` reads a question once (``query``); ``Index.search(query)`` returns
``Match``es best first, each with a confidence (``confidence``). BM25 over the question's terms
(``corpus``) picks the candidates; they are ranked by confidence, with two tie-breakers that
count: how much of the item's best head text the message holds (it picks "Los Cabitos" out of a
long story), and whether the message names the item's entity or case (``entities``: "qué decidió
la Corte IDH en Barrios Altos" is the court's judgment before the massacre's other topics).
Thresholds look at confidence alone: naming a thing says little of what is asked about it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from bot.content import Content
from bot.index.confidence import Held, confidences
from bot.index.corpus import Corpus
from bot.index.learned import Guess, Learned
from bot.index.model import Query
from bot.index.notions import Named
from bot.index.query import Questions
from bot.index.recency import Recency, names_year
from bot.index.text import fold, is_group

CANDIDATES = 6
# ...and this many more, the best for the question's own words when it comes with a story.
ASKED_CANDIDATES = 3
# Confidence from which the question is taken as the item's own example question (or name).
OWN = 0.99
# Weight in ranking of how much of an item's best head text the message holds.
HELD_RANK = 0.25
# Weight in ranking of an item whose title names an entity the message names, or whose case
# the message names.
ENTITY_RANK = 0.1
CUE_RANK = 0.2
# Postings read per term at least, and per question.
POSTINGS_READ = 24
POSTINGS_BUDGET = 600


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked item."""

    item_id: str
    kind: str
    score: float
    confidence: float


class Index:
    """Everything needed to answer ``search`` fast; built once from Content."""

    def __init__(self, content: Content) -> None:
        self.corpus = Corpus(content)
        self.questions = Questions(content, self.corpus)
        self.recency = Recency(content, self.corpus.ids)
        self.held = Held(self.corpus)
        self.typos = self.questions.typos
        # The typo-correction cache, emptied by benchmarks between rounds.
        self.corrections = self.typos.corrections
        # The items about the bot itself: those whose head texts name it ("¿cómo comparto
        # una respuesta del bot?").
        bot = self.questions.synonyms.apply(["bot"])[0]
        corpus = self.corpus
        self.about_bot = frozenset(corpus.ids[d] for d in corpus.head_docs.get(bot, ()))
        self.learned = learned(content)

    def kind(self, item_id: str) -> str | None:
        """'topic' or 'case' for an item id; None for anything else."""
        return self.corpus.kinds.get(item_id)

    def guess(self, text: str) -> Guess | None:
        """The answer the labelled messages make likeliest for a whole message (``learned``)."""
        return self.learned.guess(text)

    def query(self, text: str, context: str = "") -> Query:
        """Read a question (and the story around it) once, to search it as often as needed."""
        return self.questions.query(text, context)

    def normalize(self, text: str) -> list[str]:
        """A question's folded words: markup dropped, split numbers joined, typos corrected."""
        return self.questions.normalize(text)

    def tokens(self, text: str) -> list[str]:
        """The words the matcher compares: normalized, synonym phrases joined, no stop words."""
        return self.questions.tokens(text)

    def correct(self, word: str) -> str | None:
        """The known word ``word`` is a typo of, or None when it is known or too far from any."""
        return self.typos.correct(word)

    def named(self, text: str) -> Named:
        """What ``text`` names of the knowledge base: core notions, its subject, another
        amnesty (``Notions.named``)."""
        return self.questions.named(text)

    def anchors(self, text: str) -> int:
        """How many of the knowledge base's core notions ``text`` names (``Query.anchors``)."""
        return self.named(text).anchors

    def specific(self, text: str) -> bool:
        """Whether ``text`` names a core notion besides the subject ("¿qué dijo la ONU?"; not
        "¿fue por la amnistía?", which asks about the story told before it)."""
        return self.named(text).beyond > 0

    def unnamed(self, text: str) -> str:
        """``text`` without the words naming a case or a year of the conflict ("mi hermano
        desapareció en Huanta en 1984" -> "mi hermano desaparecio en en")."""
        return self.questions.unnamed(text)

    def naming(self, text: str) -> str:
        """Only ``text``'s words naming a case or a year of the conflict ("mi hermano
        desapareció en Huanta en 1984" -> "huanta 1984")."""
        return self.questions.naming(text)

    def named_cases(self, text: str) -> frozenset[str]:
        """The cases ``text`` names by a word of their names only they share ("huanta")."""
        return self.questions.named_cases(text)

    def search(
        self,
        query: Query | str,
        *,
        context: str = "",
        limit: int = 5,
        within: Collection[str] | None = None,
    ) -> list[Match]:
        """The best items for ``query`` (a ``Query``, or a text told with ``context``), best
        first; empty when no word is known. ``within`` limits the search to those item ids."""
        if isinstance(query, str):
            query = self.query(query, context)
        scores = self._scores(query, within)
        if not scores:
            return []
        corpus = self.corpus
        ranked = [(doc, scores[doc]) for doc in self._candidates(query, scores, limit)]
        found = self._recent(query, confidences(corpus, query, ranked))
        terms = frozenset(query.terms)
        said = corpus.entity_terms.intersection(terms)
        holds = self.held.words(terms)
        # An item's own example question (or name) comes first; then confidence, with the
        # tie-breakers that count.
        cue = corpus.cues.opening(query.words)
        order = {
            doc: (
                found[doc] >= OWN,
                found[doc]
                + HELD_RANK * self.held.share(holds, doc)
                + self._agree(query, said, doc)
                + CUE_RANK * corpus.asked[doc].get(cue, 0.0),
            )
            for doc, _ in ranked
        }
        ranked.sort(key=lambda pair: (order[pair[0]], pair[1]), reverse=True)
        # Confidence follows the ranking: a candidate ranked below another is never more
        # sure than it (the margin to the runner-up is never negative).
        ceiling = 1.0
        for doc, _ in ranked:
            found[doc] = ceiling = min(found[doc], ceiling)
        return [
            Match(corpus.ids[doc], corpus.kinds[corpus.ids[doc]], score, found[doc])
            for doc, score in ranked[:limit]
        ]

    def _candidates(self, query: Query, scores: dict[int, float], limit: int) -> list[int]:
        """The best items by BM25, and any item one of whose example questions the question
        is (however many longer items its common words rank first)."""
        # sorted(...)[:n] is what heapq.nlargest returns (ties in the same order), in C.
        best = sorted(scores, key=scores.__getitem__, reverse=True)[: max(limit, CANDIDATES)]
        phrase_docs = self.corpus.phrase_docs
        best += [
            doc
            for p in query.phrases
            for doc in phrase_docs.get(p, ())
            if doc in scores and doc not in best
        ]
        if query.told:
            best += [doc for doc in self._asked_best(query) if doc in scores and doc not in best]
        return best

    def _asked_best(self, query: Query) -> list[int]:
        """The items that best explain the question itself, by BM25 of its own words: the
        story's (a case, a year: "perdí a mi papá en 1984 en Huanta. ¿Qué es lo último de la
        amnistía?") may rank others first."""
        own = {t for part in query.parts[: query.asked] for t in part.terms}
        alone = self.corpus.impacts.summed(
            ((term, query.terms.get(term, 1.0)) for term in own), POSTINGS_READ
        )
        found = np.flatnonzero(alone)
        return sorted(found.tolist(), key=alone.__getitem__, reverse=True)[:ASKED_CANDIDATES]

    def institution(self, query: Query, item_id: str, case: str = "") -> bool:
        """Whether the message names an institution of the item's title (a synonym group's
        entity: "la sentencia de la Corte IDH por La Cantuta" names the court's judgment) that
        ``case``'s own title and summary do not name ("Sendero" in Lucanamarca's)."""
        corpus = self.corpus
        doc = corpus.numbers.get(item_id)
        found = corpus.entities[doc] if doc is not None else frozenset()
        own = corpus.numbers.get(case)
        return any(
            is_group(t) and t in query.terms and own not in corpus.head_docs.get(t, ())
            for t in found
        )

    def evidence(self, query: Query, item_id: str) -> int:
        """How many items hold the rarest word of the question (not its story) that this item
        holds: many when all it shares with the question are words many items use."""
        corpus = self.corpus
        doc = corpus.numbers.get(item_id)
        rarest = len(corpus.ids)
        for part in query.parts[: query.asked]:
            for found in part.terms:
                holding = corpus.head_docs.get(found, frozenset()) | corpus.body_docs.get(
                    found, frozenset()
                )
                if doc in holding:
                    rarest = min(rarest, len(holding))
        return rarest

    def _recent(self, query: Query, found: dict[int, float]) -> dict[int, float]:
        """Confidences with an older dated topic discounted when a newer one is a candidate and
        the message names no year nor case (``recency``); an item's own example question keeps
        its confidence."""
        dated = bool(query.cases) or names_year((*query.words, *query.told))
        factors = self.recency.factors(list(found), dated=dated)
        return {
            doc: value if value >= OWN else round(value * factors.get(doc, 1.0), 4)
            for doc, value in found.items()
        }

    def _scores(self, query: Query, within: Collection[str] | None) -> dict[int, float]:
        """BM25 of every item holding a term of ``query`` (of those ``within``), by item
        number in order."""
        # Postings are strongest first; a long message reads fewer of each word's (its many
        # words find the right items anyway), which keeps its cost near a short one's.
        depth = max(POSTINGS_READ, POSTINGS_BUDGET // max(len(query.terms), 1))
        summed = self.corpus.impacts.summed(query.terms.items(), depth)
        held = np.flatnonzero(summed)
        if within is not None:
            numbers = self.corpus.numbers
            held = held[np.isin(held, [numbers[i] for i in within if i in numbers])]
        return dict(zip(held.tolist(), summed[held].tolist(), strict=True))

    def _agree(self, query: Query, said: frozenset[str], doc: int) -> float:
        """ENTITY_RANK when the message names the item's case or an entity of its title."""
        corpus = self.corpus
        if corpus.ids[doc] in query.cases or not corpus.entities[doc].isdisjoint(said):
            return ENTITY_RANK
        return 0.0


def learned(content: Content) -> Learned:
    """A classifier fitted on the topics' example questions and on the labelled messages of
    content/learning (the first answer each names). Titles and names are left out: asking a
    case by its name is the matcher's to answer (and the editorial review's to check). With no
    labelled messages it learns nothing: fitted on example questions alone it was less often
    right than the matcher (bench/README.md, session 15)."""
    if not content.learning:
        return Learned([], [])
    return Learned(*labelled(content))


def labelled(
    content: Content, left_out: Collection[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """The texts and labels ``learned`` fits on, less the labelled messages whose folded text is
    ``left_out`` (``bench/crossval.py`` fits without one block at a time)."""
    texts: list[str] = []
    labels: list[str] = []
    for topic in content.topics.values():
        for questions in topic.questions.values():
            texts += questions
            labels += [topic.id] * len(questions)
    for entry in content.learning:
        if fold(entry.text) not in left_out:
            texts.append(entry.text)
            labels.append(entry.expect[0])
    return texts, labels
