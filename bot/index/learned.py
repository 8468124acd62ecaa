"""What the labelled messages teach: which answer a whole message most likely wants, learned from
the knowledge base's example questions and the messages of content/learning (``Labelled``).

A second reading beside the matcher's: the matcher explains a message by the words it shares with
each item; this one has seen hundreds of whole messages, written by many hands, with the answer
each should get, and weighs every word and pair of words by how it told those answers apart.
scikit-learn fits it once, when the index is built (TF-IDF of words and pairs of words, then a
complement naive Bayes, the classifier made for short texts and many classes); a message is then
read with the fitted vocabulary and weights in one sparse product, since scikit-learn's own
``predict`` costs milliseconds a call for what is a few microseconds of arithmetic.
``Guess.margin`` is how much likelier the first answer is than the second (the log of the ratio
of their probabilities: 0.5 is about 1.65 times as likely); ``answer/likely`` decides from which
margin it counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import ComplementNB

from bot.index.text import fold

# Smoothing of the word counts (0.3: the best of 0.1-1.0 on the same blocks).
SMOOTHING = 0.3
# A message is read up to its last this many characters (where its question usually is): the
# longest labelled message has about 1,500, and reading all of a 4,096-character one would cost
# about 1 ms, a fifth of the long-message budget.
READ_CHARS = 1500


@dataclass(frozen=True, slots=True)
class Guess:
    """The likeliest answer (an item id, or list, fallback, smalltalk) and its lead over the
    second: the log of how many times as likely it is."""

    label: str
    margin: float


class Learned:
    """A classifier of whole messages, fitted on labelled texts."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str]) -> None:
        self.labels: tuple[str, ...] = ()
        if len(set(labels)) < 2:  # nothing to tell apart
            return
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, preprocessor=fold)
        model = ComplementNB(alpha=SMOOTHING).fit(vectorizer.fit_transform(texts), labels)
        self.analyzer = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = vectorizer.idf_
        # One row per word or pair of words: what it says for each answer.
        self.weights = np.ascontiguousarray(model.feature_log_prob_.T)
        self.labels = tuple(str(label) for label in model.classes_)

    def guess(self, text: str) -> Guess | None:
        """The likeliest answer to ``text``; None when it holds no word learned."""
        if not self.labels:
            return None
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for gram in self.analyzer(text[-READ_CHARS:]):
            found = vocabulary.get(gram)
            if found is not None:
                counts[found] = counts.get(found, 0) + 1
        if not counts:
            return None
        # TF-IDF as the vectorizer computes it (sublinear term frequency, unit length).
        rows = np.fromiter(counts, dtype=np.intp, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float))) * self.idf[rows]
        weights /= np.linalg.norm(weights)
        scores = weights @ self.weights[rows]
        first, second = np.argsort(scores)[::-1][:2]
        return Guess(self.labels[first], float(scores[first] - scores[second]))
