"""What whole messages get on the shipped content, round 16 (issue #12, block (v)): numbered
questions, a sentence that tells rather than asks, explanations asked for children, group wishes,
pensions of today."""

from __future__ import annotations

import pytest

from bench.matcher import outcome
from bot import knowledge
from bot.answer.clauses import split
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.offered import first


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_numbered_questions_are_read_one_by_one(real: Knowledge) -> None:
    text = "Buenas, dos preguntitas: 1) quien hizo este bot 2) de donde sacan la informacion"
    assert first(real, text) in ("sobre-memoria", "fuentes-memoria")
    assert first(real, "tengo 2 dudas 1) que es la amnistia 2) a quien beneficia") == (
        "glosario-amnistia"
    )
    # A number in brackets that numbers nothing does not cut the sentence.
    pieces = [
        piece.strip() for piece, _, _ in split("la ley (32419) y los años (1980-2000) 1) uno")
    ]
    assert pieces == ["la ley (32419) y los años (1980-2000)", "uno"]


def test_a_sentence_that_ends_with_a_full_stop_tells_and_the_one_with_a_question_mark_asks(
    real: Knowledge,
) -> None:
    reading = real.answerer.free_text.reader.read(
        "Mi hermano desaparecio en 1984. Cuando fuimos al cuartel nadie nos dijo nada. "
        "¿Que podemos hacer ahora?"
    )
    assert reading.questions == ("que podemos hacer ahora",)
    # Without any question mark, a question word still opens a question.
    reading = real.answerer.free_text.reader.read("Cuando salio la ley. Quien la firmo")
    assert reading.questions == ("cuando salio la ley", "quien la firmo")


def test_an_explanation_asked_for_schoolchildren_is_the_explanation(real: Knowledge) -> None:
    text = (
        "soy profe de historia y no me queda claro que es la prescripcion, me lo explicas como "
        "si fuera para chicos de secundaria?"
    )
    assert first(real, text) == "glosario-prescripcion"
    assert first(real, "what is lesa humanidad? explain it like i'm five", "en") == (
        "glosario-lesa-humanidad"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Buenos dias hermanos del grupo, que tengan un bendecido dia 🌻",
        "buenas noches a todos, que tengan una bonita noche",
    ],
)
def test_good_wishes_to_a_group_get_a_kind_reply(real: Knowledge, text: str) -> None:
    assert first(real, text) == "smalltalk"


def test_a_pension_of_today_is_someone_elses_matter(real: Knowledge) -> None:
    text = (
        "al final devolvieron la cedula viva a los militares y policias retirados o no? mi "
        "abuelo cobra pension de la caja"
    )
    assert first(real, text) == "fallback"
    # A relative's question about the amnesty and age is not.
    text = "mi abuelo es militar retirado, tiene 80 años y esta preso, lo sueltan con la amnistia?"
    assert first(real, text) != "fallback"


def test_an_article_written_art_is_the_article(real: Knowledge) -> None:
    text = (
        "Estudiante de derecho. El art. 2 habla de mayores de 70 con sentencia firme, pero lei "
        "que el proyecto decia 80. Que edad quedo al final en ese articulo?"
    )
    assert first(real, text) == "ley-32419-art-2"
    assert first(real, "soy estudiante, que exige el art. 2?") == "ley-32419-art-2"
    # Art that is not an article is still someone else's matter.
    assert first(real, "is street art allowed in lima", "en") == "fallback"


def test_wanting_to_understand_something_asks_it(real: Knowledge) -> None:
    text = (
        "hello from Tokyo. my family is nikkei peruvian and my grandpa always defended Fujimori. "
        "i want to understand what he was convicted for, in simple words"
    )
    assert first(real, text, "en") == "juicio-fujimori"


def test_a_relative_who_asks_what_to_do_with_this_law_gets_what_relatives_can_do(
    real: Knowledge,
) -> None:
    text = (
        "my grandfather, they took him from his house in Huanta in 1984. what can we do now "
        "with this amnesty?"
    )
    answer = real.answerer.ask(text, "en")
    assert first(real, text, "en") == "familiares-que-hacer"
    assert answer.acknowledge == "loss"
    text = (
        "en 1985 a mi tio q se llevaron los soldados nunca lo encontramos. q hacemos con esta ley?"
    )
    assert real.answerer.ask(text, "es").acknowledge == "loss"
    # Asked by anyone, it offers the ways to act, not the law's text.
    for text, lang in (
        ("what can we do about this law?", "en"),
        ("que hacemos contra esta ley", "es"),
    ):
        got = outcome(real.answerer.ask(text, lang))
        assert got.startswith("?"), got
        assert "familiares-que-hacer" in got, got


def test_that_word_asks_what_the_word_told_before_it_means(real: Knowledge) -> None:
    text = "en la radio dijeron que esos delitos son imprescriptibles, que significa esa palabra?"
    assert first(real, text) == "glosario-imprescriptibilidad"


def test_the_law_of_pardon_with_a_pointer_inside_is_this_law(real: Knowledge) -> None:
    text = "un juez no quiso aplicar la ley esa del perdon a unos militares, en que caso fue?"
    assert first(real, text) != "fallback"
    # A pointer to another law is still another law.
    assert first(real, "la ley esa de alquileres me tiene harto, que dice") == "fallback"


def test_the_law_of_prescription_by_its_everyday_names_is_law_32107(real: Knowledge) -> None:
    assert first(real, "la ley de la prescripcion esa, que dice?") == "ley-32107"
    assert first(real, "what does the statute of limitations law say?", "en") == "ley-32107"
