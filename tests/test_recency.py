"""Recency (issue #12): with no year named, the newest dated topic wins over an older one that
is as close; a year or a case named in the message decides instead. On the real content."""

from __future__ import annotations

import pytest

from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        ("what did the inter-american court order", "en", "corte-idh-resoluciones-2025"),
        ("qué ordenó la corte idh", "es", "corte-idh-resoluciones-2025"),
        ("qué ordenó la corte idh en 2024", "es", "corte-idh-medidas-2024"),
    ],
)
def test_the_newest_ruling_wins_unless_a_year_is_named(
    real: Knowledge, text: str, lang: str, expect: str
) -> None:
    answer = real.answerer.ask(text, lang)
    assert (answer.kind, answer.item_id) == ("topic", expect)


def test_a_question_that_shares_only_common_words_is_off_topic(real: Knowledge) -> None:
    assert real.answerer.ask("quién es el presidente del perú ahora", "es").kind == "fallback"
