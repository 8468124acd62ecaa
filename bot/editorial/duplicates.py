"""Example questions of different topics that are (almost) the same text.

The matcher learns from example questions; two topics that teach it nearly the same words
compete for the same questions. Compared with rapidfuzz on folded text (no case, accents or
punctuation). A pair is *confusing* when asking one of the two questions does not answer with
its own topic: that is a warning; other pairs are listed for information.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.content.positions import Positions
from bot.index import fold
from bot.knowledge import Knowledge

SIMILAR_AT = 92.0


@dataclass(frozen=True, slots=True)
class Question:
    """One example question and where it is written."""

    topic_id: str
    lang: str
    text: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two near-identical example questions of different topics."""

    first: Question
    second: Question
    score: float
    confusing: bool


def near_duplicates(
    knowledge: Knowledge, positions: Positions, *, at: float = SIMILAR_AT
) -> list[Duplicate]:
    """Every pair of example questions of different topics with similarity ≥ ``at`` (0-100)."""
    questions = [
        Question(topic.id, lang, text, topic.where.path, 0)
        for topic in knowledge.content.topics.values()
        for lang, texts in topic.questions.items()
        for text in texts
    ]
    folded = [fold(q.text) for q in questions]
    found: list[Duplicate] = []
    for number, first in enumerate(questions):
        similar = process.extract(
            folded[number], folded, scorer=fuzz.ratio, score_cutoff=at, limit=None
        )
        for _, score, other in similar:
            second = questions[other]
            if other > number and second.topic_id != first.topic_id:
                pair = (
                    _located(first, questions, positions),
                    _located(second, questions, positions),
                )
                found.append(Duplicate(*pair, score, _confusing(knowledge, pair)))
    return found


def _located(question: Question, questions: list[Question], positions: Positions) -> Question:
    same = [q for q in questions if (q.topic_id, q.lang) == (question.topic_id, question.lang)]
    line = positions.line(question.path, "questions", question.lang, same.index(question))
    return Question(question.topic_id, question.lang, question.text, question.path, line)


def _confusing(knowledge: Knowledge, pair: tuple[Question, Question]) -> bool:
    for question in pair:
        answer = knowledge.answerer.ask(question.text, question.lang)
        if (answer.kind, answer.item_id) != ("topic", question.topic_id):
            return True
    return False
