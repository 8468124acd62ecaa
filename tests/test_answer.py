"""Deciding what to say: outcomes, languages, commands, buttons and their callback data."""

from __future__ import annotations

from datetime import date

import pytest

from bot import knowledge
from bot.answer import COMMANDS, Answer, Callback, parse
from bot.answer import callbacks as cb
from bot.answer.contexts import CaseListContext, NotFoundContext, SmalltalkContext, UsageContext
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.contenttrees import build_tree


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    root = build_tree(tmp_path_factory.mktemp("answer"))
    return knowledge.load(Settings.from_env({"CONTENT_DIR": str(root)}), today=date(2026, 11, 27))


def _datas(answer: Answer) -> list[str]:
    return [b.data for row in answer.buttons for b in row if b.data]


def test_clear_question_gets_its_topic(sample: Knowledge) -> None:
    answer = sample.answerer.ask("¿Qué dice la norma de prueba?", "es")
    assert (answer.kind, answer.item_id, answer.matched) == ("topic", "tema-uno", True)


def test_off_topic_question_gets_the_scope_and_only_the_menu_button(sample: Knowledge) -> None:
    answer = sample.answerer.ask("quien gano el partido de futbol ayer", "es")
    assert answer.kind == "fallback"
    assert answer.unanswered
    assert isinstance(answer.context, NotFoundContext)
    assert not answer.context.gone
    assert _datas(answer) == [cb.MENU]


def test_gibberish_gets_the_fallback(sample: Knowledge) -> None:
    assert sample.answerer.ask("asdkjh qwpoe zzxm", "es").kind == "fallback"
    assert sample.answerer.ask("!!! 😀😀", "es").kind == "fallback"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("hola", "greeting"), ("Gracias!!", "thanks"), ("thank you", "thanks"), ("chau", "bye")],
)
def test_smalltalk_gets_a_short_reply(sample: Knowledge, text: str, kind: str) -> None:
    answer = sample.answerer.ask(text, "es")
    assert answer.kind == "smalltalk"
    assert isinstance(answer.context, SmalltalkContext)
    assert answer.context.kind == kind


def test_help_word_gets_help(sample: Knowledge) -> None:
    assert sample.answerer.ask("ayuda", "es").kind == "help"


def test_close_topics_give_did_you_mean_with_buttons(sample: Knowledge) -> None:
    answer = sample.answerer.ask("norma carta", "es")
    assert answer.kind == "suggestions"
    assert set(_datas(answer)) >= {cb.item("tema-uno"), cb.item("tema-dos")}


def test_cases_by_department_and_year_give_a_list(sample: Knowledge) -> None:
    for text in ("casos en ayacucho", "masacres de 1985", "AYACUCHO"):
        answer = sample.answerer.ask(text, "es")
        assert answer.kind == "case_list", text
        assert isinstance(answer.context, CaseListContext)
        assert [c.name for c in answer.context.cases] == ["Caso de prueba"]


def test_case_by_name(sample: Knowledge) -> None:
    assert sample.answerer.ask("caso prueba uno", "es").item_id == "caso-prueba"


def test_language_prefers_choice_then_question_then_client(sample: Knowledge) -> None:
    a = sample.answerer
    assert a.language("what is this", chosen="es", client="en") == "es"
    assert a.language("what is this", chosen=None, client="es") == "en"
    assert a.language("putis", chosen=None, client="en-GB") == "en"
    assert a.language("putis", chosen=None, client="fr") == "es"
    assert a.language(None, chosen=None, client=None) == "es"


def test_overlong_question_gets_usage(sample: Knowledge) -> None:
    answer = sample.answerer.ask("a" * 5000, "es")
    assert isinstance(answer.context, UsageContext)
    assert (answer.kind, answer.context.key) == ("usage", "too_long")


def test_stale_button_gets_a_kind_fallback(sample: Knowledge) -> None:
    answer = sample.answerer.item("borrado-hace-tiempo", "es")
    assert answer.kind == "fallback"
    assert isinstance(answer.context, NotFoundContext)
    assert answer.context.gone


def test_topic_answer_has_related_feedback_share_and_menu(sample: Knowledge) -> None:
    answer = sample.answerer.item("tema-uno", "en")
    assert _datas(answer) == [
        cb.item("tema-dos"), cb.item("caso-prueba"),
        cb.feedback("tema-uno", helpful=True), cb.feedback("tema-uno", helpful=False), cb.MENU,
    ]  # fmt: skip
    shares = [b.share for row in answer.buttons for b in row if b.share]
    assert shares == ["tema-uno"]


def test_start_payload_opens_the_item_and_unknown_payload_welcomes(sample: Knowledge) -> None:
    assert sample.answerer.command("start", "caso-prueba", "es").kind == "case"  # type: ignore[union-attr]
    assert sample.answerer.command("start", "nada", "es").kind == "welcome"  # type: ignore[union-attr]


def test_case_command_without_name_gets_usage(sample: Knowledge) -> None:
    answer = sample.answerer.command("case", "  ", "es")
    assert answer is not None
    assert answer.kind == "usage"


def test_case_list_pages(sample: Knowledge) -> None:
    answer = sample.answerer.cases("", 1, "en")
    assert isinstance(answer.context, CaseListContext)
    assert (answer.context.count, answer.context.pages) == (2, 1)
    assert answer.context.cases[1].contrast


def test_every_command_key_is_described_in_every_locale(sample: Knowledge) -> None:
    for lang in sample.content.languages:
        strings = sample.content.strings(lang)
        assert all(f"commands.{c.key}" in strings for c in COMMANDS)


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ("m", Callback("menu")),
        ("i:putis", Callback("item", "putis")),
        ("c:law", Callback("category", "law")),
        ("l:3:ayacucho", Callback("cases", "ayacucho", 3)),
        ("f:1:putis", Callback("helpful", "putis")),
        ("f:0:putis", Callback("not_helpful", "putis")),
        ("lang:en", Callback("language", "en")),
        ("x:whatever", None),
        ("l:abc:", None),
        ("", None),
    ],
)
def test_callback_data_round_trips(data: str, parsed: Callback | None) -> None:
    assert parse(data) == parsed


def test_callback_data_stays_within_64_bytes() -> None:
    assert len(cb.item("a" * 48).encode()) <= 64
    assert len(cb.case_page(99, "x" * 80).encode()) <= 64
    with pytest.raises(ValueError, match="64 bytes"):
        cb.item("ñ" * 40)
