"""What whole messages get on the shipped content, round 13 (issue #12, block (m)): a year
written short, another country's truth commission, a greeting from a place, a natural death
beside a disappearance."""

from __future__ import annotations

import pytest

from bench.matcher import outcome
from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def _first(real: Knowledge, text: str, lang: str = "es") -> str:
    """The item answered, or the first one offered."""
    return outcome(real.answerer.ask(text, lang)).lstrip("?").split("|")[0]


def test_a_year_written_short_asks_for_that_years_cases(real: Knowledge) -> None:
    assert _first(real, "q casos del 92 tienen? pa mi linea de tiempo") == "list"
    text = "vamos a pintar un mural por las victimas del 83 y 84, que casos de esos años tienes?"
    assert _first(real, text) == "list"
    # A number that is no year of the conflict is no year.
    assert _first(real, "q casos del 15 tienen?") != "list"


def test_another_countrys_truth_commission_is_theirs(real: Knowledge) -> None:
    assert _first(real, "que dijo la comision de la verdad de colombia") == "fallback"
    text = "What was South Africa's Truth and Reconciliation Commission and who chaired it?"
    assert _first(real, text, "en") == "fallback"
    # Peru's own is ours, wherever the writer is.
    assert _first(real, "que dijo la cvr sobre putis") == "putis"
    assert _first(real, "que es la comision de la verdad") != "fallback"


def test_a_greeting_from_a_place_is_a_greeting_and_not_understanding_is_a_complaint(
    real: Knowledge,
) -> None:
    assert _first(real, "buenas noches desde huancavelica") == "smalltalk"
    assert _first(real, "no me entiendes nada 😤") == "smalltalk"
    # A question after the greeting is still asked.
    assert _first(real, "buenas noches desde ayacucho, que es la ley 32419?") == "ley-32419"


def test_a_natural_death_beside_a_disappearance_leaves_the_disappearance(real: Knowledge) -> None:
    text = (
        "mi papa murio el mes pasado y nunca supo donde enterraron a mi hermano desaparecido "
        "en 1984, que hago"
    )
    assert _first(real, text) not in ("fallback", "smalltalk")
    assert _first(real, "mi abuelita murio y no dejo testamento, como se reparte la casa") == (
        "fallback"
    )
