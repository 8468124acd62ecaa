"""A long message whose whole question is matched too weakly is matched clause by clause
(``bot/answer/clausal.py``), on the shipped content."""

from __future__ import annotations

import pytest

from bench.matcher import outcome
from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_the_clause_that_names_the_subject_is_found_inside_a_confused_message(
    real: Knowledge,
) -> None:
    text = (
        "estoy confundido, la ley 32107 es la misma q la amnistia? mi profesor las menciono "
        "juntas y no entendi que dice esa ley"
    )
    got = outcome(real.answerer.ask(text, "es"))
    assert got.lstrip("?").split("|")[0] == "ley-32107"


def test_a_clause_found_inside_another_story_is_offered_not_answered(real: Knowledge) -> None:
    # "does that prescribe?" of a bank debt: the clause names prescription, the story a bank.
    text = (
        "hola, el banco me cobra intereses muy altos por una deuda vieja y ya no tengo plata. "
        "eso prescribe? q hago"
    )
    answer = real.answerer.ask(text, "es")
    assert answer.kind not in ("topic", "case")


def test_a_clear_whole_question_is_not_read_clause_by_clause(real: Knowledge) -> None:
    text = (
        "hola, mi papa era comunero en accomarca y sobrevivio a la masacre, el quiere saber si "
        "van a liberar a los condenados"
    )
    assert outcome(real.answerer.ask(text, "es")).lstrip("?").split("|")[0] == "accomarca"
