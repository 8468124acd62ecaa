"""What the labelled messages teach: which answer a whole message most likely wants, learned from
the knowledge base's example questions and the messages of content/learning (``Labelled``).

A second reading beside the matcher's: the matcher explains a message by the words it shares with
each item; this one has seen thousands of whole messages, written by many hands, with the answer
each should get, and weighs every word and pair of words by how it told those answers apart. It is
scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)`` followed by
``ComplementNB(alpha=0.3)`` (a classifier made for short texts and many classes), written out in
numpy: scikit-learn itself took 88 MB of memory to import (idle RSS 116 -> 228 MB, twice the
budget) and milliseconds per ``predict`` call, for what is a few sums. tests/test_learned.py fits
scikit-learn beside it and checks they agree, vocabulary, weights and answers.

``Guess.margin`` is how much likelier the first answer is than the second (the log of the ratio
of their probabilities: 0.5 is about 1.65 times as likely); ``answer/likely`` decides from which
margin it counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

from bot.index.text import fold

# Smoothing of the word counts (0.3: the best of 0.1-1.0 on development blocks (k) and (l)).
SMOOTHING = 0.3
# A message is read up to its last this many characters (where its question usually is): the
# longest labelled message has about 1,500, and reading all of a 4,096-character one would cost
# about 1 ms, a fifth of the long-message budget.
READ_CHARS = 1500
# Weights are kept in single precision: half the memory, the same answers.
WEIGHT_TYPE = np.float32
# A word or pair of words is learned when at least this many texts use it (2: a third of the
# vocabulary, 10 MB instead of 26, and the same answers on blocks (k) and (l)).
MIN_DOCUMENTS = 2
# A word is two letters or more (scikit-learn's default token pattern).
_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True, slots=True)
class Guess:
    """The likeliest answer (an item id, or list, fallback, smalltalk) and its lead over the
    second: the log of how many times as likely it is."""

    label: str
    margin: float


def grams(text: str) -> Counter[str]:
    """How often ``text`` uses each word and each pair of consecutive words."""
    found = _WORD.findall(fold(text))
    return Counter(chain(found, map(" ".join, pairwise(found))))


class Learned:
    """A classifier of whole messages, fitted on labelled texts."""

    def __init__(
        self, texts: Sequence[str], labels: Sequence[str], *, least: int = MIN_DOCUMENTS
    ) -> None:
        """Fit on ``texts`` and their ``labels``, learning the words and pairs of words that at
        least ``least`` texts use."""
        self.labels: tuple[str, ...] = tuple(sorted(set(labels)))
        # Each text is read twice (what it uses, then its weights) rather than kept read: the
        # fit's peak memory is a third of what it was, for a tenth of a second more.
        used: Counter[str] = Counter()
        for text in texts:
            used.update(grams(text).keys())
        kept = sorted(gram for gram, count in used.items() if count >= least)
        self.vocabulary = {gram: number for number, gram in enumerate(kept)}
        # Smoothed inverse document frequency, as TfidfVectorizer computes it.
        documents = np.array([used[gram] for gram in kept], dtype=float)
        self.idf = np.log((1 + len(texts)) / (1 + documents)) + 1
        self.idfs: list[float] = self.idf.tolist()
        if len(self.labels) < 2 or not kept:  # nothing to tell apart
            self.labels = ()
            return
        del used
        counts = self._summed(texts, labels)
        # Complement naive Bayes: each answer is weighed by the words of all the others (in
        # place: the matrix is answers x words, 15 MB).
        np.subtract(counts.sum(axis=0) + SMOOTHING, counts, out=counts)
        counts /= counts.sum(axis=1, keepdims=True)
        np.negative(np.log(counts, out=counts), out=counts)
        # One row per word or pair of words: what it says for each answer.
        self.weights = np.ascontiguousarray(counts.T, dtype=WEIGHT_TYPE)

    def _summed(self, texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
        """Each answer's TF-IDF weights (sublinear term frequency, each text of unit length)
        summed over its texts: answers x words. Every (text, learned gram, count) is gathered
        first, then weighed in a few array operations."""
        vocabulary = self.vocabulary
        rows: list[int] = []
        uses: list[int] = []
        owners: list[int] = []
        for n, text in enumerate(texts):
            for gram, count in grams(text).items():
                if (row := vocabulary.get(gram)) is not None:
                    rows.append(row)
                    uses.append(count)
                    owners.append(n)
        at = np.array(rows, dtype=np.intp)
        of = np.array(owners, dtype=np.intp)
        weights = (1.0 + np.log(np.array(uses, dtype=float))) * self.idf[at]
        weights /= np.sqrt(np.bincount(of, weights=weights * weights))[of]
        number = {label: n for n, label in enumerate(self.labels)}
        answer = np.array([number[label] for label in labels], dtype=np.intp)[of]
        size = len(vocabulary)
        summed = np.bincount(answer * size + at, weights=weights, minlength=len(number) * size)
        return np.asarray(summed, dtype=float).reshape(len(number), size)

    def guess(self, text: str) -> Guess | None:
        """The likeliest answer to ``text``; None when it holds no word learned."""
        if not self.labels:
            return None
        # A message's few words are weighed in plain Python (numpy's calls cost more than
        # their arithmetic here), then scored in one product.
        found = _WORD.findall(fold(text[-READ_CHARS:]))
        # Most of a long message's pairs of words are not learned: only learned ones are kept.
        get = self.vocabulary.get
        counts: dict[int, int] = {}
        for gram in chain(found, map(" ".join, pairwise(found))):
            if (row := get(gram)) is not None:
                counts[row] = counts.get(row, 0) + 1
        if not counts:
            return None
        idf = self.idfs
        # A gram used once (most) weighs its idf: 1 + log(1) is 1.
        weights = [
            idf[row] if count == 1 else (1.0 + math.log(count)) * idf[row]
            for row, count in counts.items()
        ]
        norm = math.sqrt(sum(w * w for w in weights))
        scores = np.asarray(weights) @ self.weights[list(counts)] / norm
        first = int(scores.argmax())
        best = float(scores[first])
        scores[first] = -np.inf
        return Guess(self.labels[first], best - float(scores.max()))
