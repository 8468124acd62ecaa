"""What whole messages get on the shipped content, round 13 (issue #12, block (m)): a year
written short, another country's truth commission, a greeting from a place, a natural death
beside a disappearance."""

from __future__ import annotations

import pytest

from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.offered import first


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_a_year_written_short_asks_for_that_years_cases(real: Knowledge) -> None:
    assert first(real, "q casos del 92 tienen? pa mi linea de tiempo") == "list"
    text = "vamos a pintar un mural por las victimas del 83 y 84, que casos de esos años tienes?"
    assert first(real, text) == "list"
    # A number that is no year of the conflict is no year.
    assert first(real, "q casos del 15 tienen?") != "list"


def test_another_countrys_truth_commission_is_theirs(real: Knowledge) -> None:
    assert first(real, "que dijo la comision de la verdad de colombia") == "fallback"
    text = "What was South Africa's Truth and Reconciliation Commission and who chaired it?"
    assert first(real, text, "en") == "fallback"
    text = "nos dejaron analizar un caso de la corte interamericana sobre guatemala, que decidio?"
    assert first(real, text) == "fallback"
    # Peru's own is ours, wherever the writer is.
    assert first(real, "que dijo la cvr sobre putis") == "putis"
    assert first(real, "que es la comision de la verdad") != "fallback"
    text = "I am a journalist in Chile, what did the Inter-American Court say about law 32419?"
    assert first(real, text, "en") == "corte-idh-resoluciones-2025"


def test_a_greeting_from_a_place_is_a_greeting_and_not_understanding_is_a_complaint(
    real: Knowledge,
) -> None:
    assert first(real, "buenas noches desde huancavelica") == "smalltalk"
    assert first(real, "no me entiendes nada 😤") == "smalltalk"
    # A question after the greeting is still asked.
    assert first(real, "buenas noches desde ayacucho, que es la ley 32419?") == "ley-32419"


def test_a_natural_death_beside_a_disappearance_leaves_the_disappearance(real: Knowledge) -> None:
    text = (
        "mi papa murio el mes pasado y nunca supo donde enterraron a mi hermano desaparecido "
        "en 1984, que hago"
    )
    assert first(real, text) not in ("fallback", "smalltalk")
    assert first(real, "mi abuelita murio y no dejo testamento, como se reparte la casa") == (
        "fallback"
    )


def test_another_countrys_amnesty_is_theirs_where_the_writer_lives_is_not(
    real: Knowledge,
) -> None:
    text = "did russia really give amnesty to prisoners who went to fight in ukraine?"
    assert first(real, text, "en") == "fallback"
    assert first(real, "la ley de amnistia de españa para los catalanes") == "fallback"
    assert first(real, "en chile le dieron amnistia a los militares de pinochet?") == "fallback"
    # Where the writer is, in an introduction or beside who they are, is not whose amnesty.
    for text in (
        "Journalist in Chile here, writing on the amnesty: how many people could benefit?",
        "Hello from Germany! I'm a student writing about the amnesty, what do the victims' "
        "families say?",
        "Hi! Documentary filmmaker from Mexico City. Is the amnesty automatic or does each "
        "defendant have to ask a judge?",
    ):
        assert first(real, text, "en") not in ("fallback", "smalltalk"), text
    text = "soy estudiante en argentina y quiero saber cuantos militares se benefician"
    assert first(real, text) not in ("fallback", "smalltalk")


def test_a_long_question_about_something_else_that_ends_with_a_blessing_is_declined(
    real: Knowledge,
) -> None:
    text = (
        "señorita buenas tardes, mi tia alquila un cuarto en Tacna hace 4 años sin contrato y "
        "ahora el dueño la quiere sacar. Quisiera saber si la ley la protege y si hay un "
        "abogado de oficio que la ayude. Gracias de antemano, que Dios le bendiga"
    )
    assert first(real, text) == "fallback"
    # A wish that reads like a question, after thanks, still gets a kind reply.
    text = "gracias hijito, que no se olviden de los que se llevaron, que diosito le de salud"
    assert first(real, text) == "smalltalk"


def test_a_case_named_in_a_matter_of_today_or_an_errand_is_a_place(real: Knowledge) -> None:
    text = "mi hijo quiere hacer el servicio militar en el cuartel los cabitos, cuanto le pagan?"
    assert first(real, text) == "fallback"
    assert first(real, "donde venden anticuchos en barrios altos? vamos el sabado") == "fallback"
    # The case itself is still asked about.
    assert first(real, "que paso en el cuartel los cabitos en 1983?") == "los-cabitos"


def test_a_relative_who_only_wanted_to_say_it_gets_a_kind_reply(real: Knowledge) -> None:
    for text in (
        "hoy se cumple otro año de lo de cayara, mi abuelo sigue sin aparecer. solo queria "
        "escribirlo en algun lado",
        "no se ni pa q escribo, son las 3 de la mañana y no puedo dormir, pienso en mi hijo q "
        "se llevaron los soldados en el 85",
    ):
        assert real.answerer.ask(text, "es").kind == "smalltalk", text


def test_an_errand_that_tells_a_killing_is_about_it(real: Knowledge) -> None:
    text = (
        "fuimos de excursion a caral y al pasar x pativilca el chofer nos conto q en los 90 "
        "sacaron a unos jovenes de sus casas y aparecieron muertos, q paso ahi?"
    )
    assert first(real, text) == "pativilca"
    assert first(real, "como llego a putis desde huanta, hay combi?") == "fallback"


def test_an_older_writers_courtesies_and_asking_are_read(real: Knowledge) -> None:
    text = (
        "Buenas noches. Mi esposo fue policia y esta procesado por un hecho del 90. Queria "
        "preguntarle si con la ley nueva se le archiva solito el proceso. Muchas gracias por "
        "su atencion"
    )
    assert real.answerer.ask(text, "es").kind not in ("smalltalk", "fallback")
    text = (
        "Buenos dias señorita, Dios la bendiga a usted y a toda su familia, que tenga un lindo dia"
    )
    assert real.answerer.ask(text, "es").kind == "smalltalk"
    # "no quiero preguntar nada" asks nothing.
    text = "otro año mas sin mi abuelo. no quiero preguntar nada, solo queria decirlo a alguien"
    assert real.answerer.ask(text, "es").kind == "smalltalk"


def test_where_the_writer_is_may_be_a_city_and_its_country(real: Knowledge) -> None:
    text = "Documentary filmmaker from Buenos Aires, Argentina. Who benefits from the amnesty law?"
    assert first(real, text, "en") == "a-quien-beneficia"
    text = "vivo en nueva york estados unidos, a quien beneficia la ley de amnistia?"
    assert first(real, text) == "a-quien-beneficia"
    # What is written about comes after the place, and is theirs.
    text = "Journalist in Chile writing about Chile's amnesty, when was it passed?"
    assert first(real, text, "en") == "fallback"
    assert first(real, "soy de argentina y quiero saber de la amnistia de argentina") == "fallback"
