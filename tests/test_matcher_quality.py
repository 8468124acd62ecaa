"""The matcher, measured on the evaluation set (tests/data/questions.yaml), holds its floors.

``bench/matcher.py`` prints the same figures beside a baseline, with the confusions. Floors sit a
little under what the matcher reaches, never under 0.90; raise them when the matcher improves.
"""

from __future__ import annotations

import pytest

from bench.matcher import Entry, Report, evaluate, load_entries, matcher_ask
from bot import knowledge
from bot.config import Settings
from bot.index import fold
from bot.knowledge import Knowledge

TOP1_FLOOR = 0.90
REJECTION_FLOOR = 0.93
SMALLTALK_FLOOR = 0.95
LIST_FLOOR = 0.95


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_entries()


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


@pytest.fixture(scope="module")
def report(real: Knowledge, entries: list[Entry]) -> Report:
    return evaluate(matcher_ask(real), entries)


def _misses(report: Report, group: str) -> str:
    return "\n".join(
        f"{e.q!r}: expected {'|'.join(e.expect)}, got {got}"
        for e, got in report.misses
        if e.group == group
    )


def test_evaluation_set_is_large_and_labelled_with_known_ids(
    real: Knowledge, entries: list[Entry]
) -> None:
    assert len(entries) >= 380
    known = {*real.content.topics, *real.content.cases, "list", "fallback", "smalltalk"}
    assert [e.q for e in entries if not set(e.expect) <= known] == []


def test_no_evaluation_question_is_an_example_question(
    real: Knowledge, entries: list[Entry]
) -> None:
    examples = {
        fold(q)
        for topic in real.content.topics.values()
        for questions in topic.questions.values()
        for q in questions
    }
    assert [e.q for e in entries if fold(e.q) in examples] == []


def test_top1_accuracy_on_topic_questions_holds_its_floor(report: Report) -> None:
    assert report.top1 >= TOP1_FLOOR, _misses(report, "on-topic")


def test_off_topic_questions_get_the_fallback(report: Report) -> None:
    assert report.rejection >= REJECTION_FLOOR, _misses(report, "fallback")


def test_smalltalk_gets_short_replies(report: Report) -> None:
    assert report.rate("smalltalk") >= SMALLTALK_FLOOR, _misses(report, "smalltalk")


def test_places_and_years_get_case_lists(report: Report) -> None:
    assert report.rate("list") >= LIST_FLOOR, _misses(report, "list")
