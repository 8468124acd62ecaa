"""Follow-ups in the answer layer: cues, the remembered item, languages, and golden answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answer, Memory
from bot.answer.contexts import FollowUpContext
from bot.knowledge import Knowledge
from tests.contenttrees import ROOT

GOLDEN = ROOT / "tests" / "golden" / "followup"
AFTER_TOPIC = Memory(lang="es", last_item="tema-uno")
AFTER_CASE = Memory(lang="es", last_item="caso-prueba", last_case="caso-prueba")


def _follow(sample: Knowledge, text: str, memory: Memory, lang: str = "es") -> Answer | None:
    return sample.answerer.follow_up(text, memory, lang)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("y quién la firmó?", "who"),
        ("¿Y quien lo firmo?", "who"),
        ("¿y en inglés?", "in_en"),
        ("in English please", "in_en"),
        ("¿me lo traduces al inglés?", "in_en"),
        ("translate that into Spanish", "in_es"),
        ("en español por favor", "in_es"),
        ("more about that", "detail"),
        ("mas detalles", "detail"),
        ("Más detalles, por favor", "detail"),
        ("y las fuentes?", "sources"),
        ("and the sources?", "sources"),
        ("Y que dicen las fuentes?", "sources"),
        ("what do the sources say?", "sources"),
        ("y donde lo puedo leer?", "sources"),
        ("y eso cuando fue?", "when"),
        ("¿y el caso?", "case"),
    ],
)
def test_follow_up_cues_are_recognised(sample: Knowledge, text: str, cue: str) -> None:
    assert sample.answerer.follow_ups.cue(text) == cue


@pytest.mark.parametrize(
    "text",
    [
        "¿qué dice la norma de prueba?",
        "fuentes de la norma de prueba",
        "hola",
        "casos",
        "putis",
        # It shares the meaningful words of a cue ("where does that come from") but asks more.
        "where does your information come from",
    ],
)
def test_questions_are_not_follow_ups(sample: Knowledge, text: str) -> None:
    assert sample.answerer.follow_ups.cue(text) is None
    assert _follow(sample, text, AFTER_TOPIC) is None


def test_without_a_remembered_item_a_follow_up_goes_to_the_matcher(sample: Knowledge) -> None:
    assert _follow(sample, "y las fuentes?", Memory()) is None
    assert _follow(sample, "y quien la firmo?", Memory(lang="en")) is None


def test_a_remembered_item_that_no_longer_exists_is_not_answered(sample: Knowledge) -> None:
    assert _follow(sample, "mas detalles", Memory(last_item="borrado")) is None


def test_who_signed_it_gets_the_topics_detail(sample: Knowledge) -> None:
    answer = _follow(sample, "y quién la firmó?", AFTER_TOPIC)
    assert answer is not None
    assert (answer.kind, answer.item_id, answer.lang) == ("followup", "tema-uno", "es")
    assert isinstance(answer.context, FollowUpContext)
    assert answer.context.detail == 'Un detalle más largo, con "comillas".'
    assert [b.data for row in answer.buttons for b in row] == ["i:tema-uno", "m"]


def test_asking_for_another_language_repeats_the_item_in_it(sample: Knowledge) -> None:
    answer = _follow(sample, "in English please", AFTER_TOPIC, lang="en")
    assert answer is not None
    assert (answer.kind, answer.item_id, answer.lang) == ("topic", "tema-uno", "en")
    spanish_words = _follow(sample, "¿y en inglés?", AFTER_TOPIC, lang="es")
    assert spanish_words is not None
    assert spanish_words.lang == "en"


def test_asking_for_a_language_with_nothing_remembered_gives_the_menu_in_it(
    sample: Knowledge,
) -> None:
    answer = _follow(sample, "in english", Memory())
    assert answer is not None
    assert (answer.kind, answer.lang) == ("menu", "en")


def test_when_was_it_gives_a_cases_date_and_place(sample: Knowledge) -> None:
    answer = _follow(sample, "y eso cuando fue?", AFTER_CASE)
    assert answer is not None
    assert isinstance(answer.context, FollowUpContext)
    assert (answer.context.date, answer.context.place) == (
        "1 de enero de 1985",
        "Distrito, Provincia, Ayacucho",
    )


def test_when_about_a_topic_repeats_the_topic(sample: Knowledge) -> None:
    answer = _follow(sample, "cuando fue eso", AFTER_TOPIC)
    assert answer is not None
    assert (answer.kind, answer.item_id) == ("topic", "tema-uno")


def test_the_case_again_uses_the_last_case_not_the_last_item(sample: Knowledge) -> None:
    memory = Memory(lang="es", last_item="tema-uno", last_case="caso-prueba")
    answer = _follow(sample, "y el caso?", memory)
    assert answer is not None
    assert (answer.kind, answer.item_id) == ("case", "caso-prueba")
    assert _follow(sample, "y el caso?", AFTER_TOPIC) is None


def test_remember_keeps_the_last_item_shown_and_the_last_case(sample: Knowledge) -> None:
    answerer = sample.answerer
    case = answerer.item("caso-prueba", "es")
    after_case = answerer.remember(Memory(), "caso de prueba", case)
    assert after_case == Memory(lang=None, last_item="caso-prueba", last_case="caso-prueba")
    topic = answerer.item("tema-uno", "en")
    after_topic = answerer.remember(after_case, "what does the test rule say", topic)
    assert after_topic == Memory(lang="en", last_item="tema-uno", last_case="caso-prueba")
    menu = answerer.menu("en")
    assert answerer.remember(after_topic, "ok", menu) == after_topic


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("what does the test rule say", "en"),
        ("who benefits from the law", "en"),
        ("¿qué dice la ley?", "es"),
        ("¿y en inglés?", "en"),
        ("en castellano", "es"),
        ("putis", None),
        ("hola", None),  # one word is not clear enough to change the conversation's language
        ("y putis?", None),
    ],
)
def test_a_language_is_remembered_only_when_clear(
    sample: Knowledge, text: str, lang: str | None
) -> None:
    assert sample.answerer.follow_ups.language(text) == lang


def test_the_remembered_language_comes_after_the_questions_and_before_the_clients(
    sample: Knowledge,
) -> None:
    language = sample.answerer.language
    assert language("putis", chosen=None, client="es", remembered="en") == "en"
    assert language("what about putis", chosen=None, client="es", remembered="es") == "en"
    assert language("putis", chosen="es", client=None, remembered="en") == "es"
    assert language(None, chosen=None, client="en", remembered=None) == "en"


GOLDEN_CASES = {
    "detail-tema-uno-es": ("mas detalles", AFTER_TOPIC, "es"),
    "sources-tema-uno-en": ("and the sources?", AFTER_TOPIC, "en"),
    "when-caso-prueba-es": ("y eso cuando fue?", AFTER_CASE, "es"),
    "when-caso-prueba-en": ("when was that", AFTER_CASE, "en"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_follow_up_answer_matches_golden(
    name: str, sample_knowledge: Knowledge, update_golden: bool
) -> None:
    text, memory, lang = GOLDEN_CASES[name]
    answer = sample_knowledge.answerer.follow_up(text, memory, lang)
    assert answer is not None
    rendered = "\n\n----- next message -----\n\n".join(
        sample_knowledge.renderer.render(answer, bot_username="memoria_test_bot")
    )
    path = GOLDEN / f"{name}.html"
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered + "\n", encoding="utf-8")
    assert rendered + "\n" == path.read_text(encoding="utf-8")


def test_every_follow_up_golden_file_is_checked() -> None:
    assert sorted(p.stem for p in Path(GOLDEN).glob("*.html")) == sorted(GOLDEN_CASES)


@pytest.fixture
def sample(sample_knowledge: Knowledge) -> Knowledge:
    return sample_knowledge
