"""The baseline the matcher is compared with: what a first attempt would be. rapidfuzz
``process.extractOne`` with ``fuzz.WRatio`` of the folded question against every topic's example
questions, with the one score cutoff that is best for it on the development sets (an oracle
calibration, so the comparison flatters the baseline, not us). Used by bench/matcher.py and
bench/ask.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.content import Content
from bot.index import fold

if TYPE_CHECKING:
    from bench.matcher import Entry


class Baseline:
    """rapidfuzz WRatio of the folded question against all example questions, with a cutoff."""

    def __init__(self, content: Content, cutoff: float = 0.0) -> None:
        self.cutoff = cutoff
        self.choices: list[str] = []
        self.ids: list[str] = []
        for topic in content.topics.values():
            for questions in topic.questions.values():
                for question in questions:
                    self.choices.append(fold(question))
                    self.ids.append(topic.id)

    def score(self, question: str) -> tuple[str, float]:
        """The nearest example question's topic and its WRatio (0-100)."""
        best = process.extractOne(fold(question), self.choices, scorer=fuzz.WRatio)
        if best is None:
            return "fallback", 0.0
        return self.ids[best[2]], float(best[1])

    def ask(self, question: str, _: str) -> str:
        """The topic id, or ``fallback`` under the cutoff."""
        item_id, score = self.score(question)
        return item_id if score >= self.cutoff else "fallback"


def calibrate(baseline: Baseline, entries: Sequence[Entry]) -> float:
    """The cutoff that maximises the mean of top-1 and off-topic rejection for the baseline."""
    scored = [(e, *baseline.score(e.q)) for e in entries if e.group in ("on-topic", "fallback")]
    on_topic = sum(1 for e, _, _ in scored if e.group == "on-topic") or 1
    off_topic = sum(1 for e, _, _ in scored if e.group == "fallback") or 1

    def balanced(cutoff: float) -> float:
        top1 = sum(
            1 for e, i, s in scored if e.group == "on-topic" and s >= cutoff and i in e.expect
        )
        rejected = sum(1 for e, _, s in scored if e.group == "fallback" and s < cutoff)
        return (top1 / on_topic + rejected / off_topic) / 2

    return max((float(c) for c in range(0, 101)), key=balanced)
