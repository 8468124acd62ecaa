"""The repository's own content/ passes ``check --strict`` and answers its own questions."""

from __future__ import annotations

import pytest

from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_real_content_passes_check_strict() -> None:
    _, problems = knowledge.check(Settings.from_env({}))
    assert [str(p) for p in problems] == []


def test_every_example_question_is_answered_by_its_own_topic(real: Knowledge) -> None:
    wrong = []
    for topic in real.content.topics.values():
        for lang, questions in topic.questions.items():
            for question in questions:
                answer = real.answerer.ask(question, lang)
                if (answer.kind, answer.item_id) != ("topic", topic.id):
                    wrong.append(
                        f"{topic.id} [{lang}] {question!r} -> {answer.kind} {answer.item_id}"
                    )
    assert wrong == []


def test_every_case_is_found_by_its_name_and_an_alias(real: Knowledge) -> None:
    wrong = []
    for case in real.content.cases.values():
        for lang in ("es", "en"):
            for text in (case.name.text(lang), case.aliases[0]):
                answer = real.answerer.ask(text, lang)
                if answer.item_id != case.id or answer.kind != "case":
                    wrong.append(f"{case.id} {text!r} -> {answer.kind} {answer.item_id}")
    assert wrong == []


def test_every_item_renders_in_every_language(real: Knowledge) -> None:
    for lang in real.content.languages:
        for item_id in [*real.content.topics, *real.content.cases]:
            assert real.renderer.render(real.answerer.item(item_id, lang))


def test_knowledge_base_is_large_enough(real: Knowledge) -> None:
    assert len(real.content.topics) >= 45
    assert len(real.content.cases) >= 23
    assert len(real.content.alerts) >= 2
