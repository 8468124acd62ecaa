"""What whole messages get on the shipped content, round 15 (issue #12, blocks (r)): a case
named by its own place and year, ..."""

from __future__ import annotations

import pytest

from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.offered import first


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_a_case_named_after_its_district_and_year_is_the_case_not_a_list_of_one(
    real: Knowledge,
) -> None:
    assert first(real, "Pativilca killings 1992", "en") == "pativilca"
    # Asking for the cases of a place is still a list, even with one case in it.
    assert first(real, "casos en pativilca") == "list"
    assert first(real, "casos huancavelica") == "list"


def test_someone_missing_since_last_saturday_is_a_matter_for_the_police_of_today(
    real: Knowledge,
) -> None:
    text = (
        "mi sobrina de 15 años desaparecio el sabado en huamanga, la policia no hace nada, "
        "que hago"
    )
    assert first(real, text) == "fallback"
    assert first(real, "my nephew went missing last week in Lima, what do I do?", "en") == (
        "fallback"
    )
    # Someone taken during the conflict is not.
    text = "mi tio desaparecio un sabado de 1984 en huanta, como lo busco"
    assert first(real, text) == "huanta-1984"
