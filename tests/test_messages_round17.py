"""What whole messages get on the shipped content, round 17 (issue #12, block (y)): other
countries' amnesties, courts and wars named by their own names."""

from __future__ import annotations

import pytest

from bench.matcher import outcome
from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def _got(real: Knowledge, text: str, lang: str = "es") -> str:
    return outcome(real.answerer.ask(text, lang))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Hello, I'm researching Colombia's peace process. How does the JEP decide which "
            "former FARC fighters get amnesty?",
            "en",
        ),
        ("What is Uganda's Amnesty Act, and did rebel commanders benefit from it?", "en"),
        ("quiero saber cuantas victimas dejo la guerra civil en guatemala", "es"),
        ("How many people died in the genocide in Rwanda?", "en"),
    ],
)
def test_another_countrys_amnesty_or_war_is_declined(
    real: Knowledge, text: str, lang: str
) -> None:
    assert _got(real, text, lang) == "fallback"


def test_a_war_named_with_peru_is_still_ours(real: Knowledge) -> None:
    got = _got(real, "cuantos muertos hubo en el conflicto armado del peru").lstrip("?")
    assert "cvr-cifras" in got.split("|")


@pytest.mark.parametrize(
    "text",
    [
        "se me perdio mi gatito ayer en la molina, es negro con blanco, se llama michi 😭",
        "mi hijo se cayo de la bici esta mañana y le enyesaron el brazo 😢",
    ],
)
def test_a_feeling_about_todays_matter_is_about_something_else(real: Knowledge, text: str) -> None:
    assert _got(real, text) == "fallback"


def test_a_feeling_about_a_loss_of_the_conflict_is_still_said_to_the_bot(real: Knowledge) -> None:
    assert _got(real, "hoy se cumplen 40 años sin mi papa, lo extraño mucho 😢") != "fallback"
