"""What whole messages get on the shipped content, round 14 (issue #12, block (p)): a loss told
with nothing asked, a request that asks without a question mark, a complaint about speed, a
thing lost that is no one disappeared."""

from __future__ import annotations

import pytest

from bench.matcher import outcome
from bot import knowledge
from bot.answer.contexts import SmalltalkContext
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.offered import first


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_a_loss_told_with_nothing_asked_gets_a_condolence_and_the_relatives_topics(
    real: Knowledge,
) -> None:
    text = "today would have been my grandpa's 90th birthday. we never found him."
    answer = real.answerer.ask(text, "en")
    assert (answer.kind, answer.acknowledge) == ("smalltalk", "loss")
    assert [b.item for row in answer.buttons for b in row][:3] == [
        "busqueda-desaparecidos",
        "familiares-que-hacer",
        "organizaciones-apoyo",
    ]
    # A long run-on that tells a loss asks without a question mark: not condoled alone.
    text = (
        "buenas noches le escribo desde tayacaja mi papa desaparecio en 1990 se lo llevaron a "
        "la base y nunca mas lo vimos mi mama murio esperandolo ahora nos piden dar sangre para "
        "el adn y no tenemos plata para viajar ya estoy cansado pero no me voy a rendir por mi "
        "papa"
    )
    assert real.answerer.ask(text, "es").kind != "smalltalk"
    # A loss with a question is answered, after the same sentence.
    text = "hoy mi papá cumpliría 80 años, nunca lo encontramos. ¿cómo puedo buscarlo?"
    answer = real.answerer.ask(text, "es")
    assert (answer.kind, answer.acknowledge) != ("smalltalk", "loss")
    assert first(real, text) == "busqueda-desaparecidos"


def test_a_request_that_ends_with_thanks_still_asks(real: Knowledge) -> None:
    text = (
        "Hola, soy estudiante de derecho. Para mi exposición necesito la fecha exacta de "
        "publicación de la Ley 32419. Gracias de antemano!"
    )
    assert first(real, text) == "cronologia"


def test_slowness_is_a_complaint_about_the_bot_not_about_a_trial(real: Knowledge) -> None:
    assert first(real, "que bot tan lento oe") == "smalltalk"
    answer = real.answerer.ask("eres muy lento", "es")
    assert answer.context == SmalltalkContext("complaint")


def test_a_thing_lost_is_no_one_disappeared(real: Knowledge) -> None:
    text = "se me desaparecio el celular en la feria de Pampa Cangallo, como bloqueo el chip"
    assert first(real, text) == "fallback"
    text = "a q hora es la misa de difuntos en la iglesia de Socos? quiero rezar por mi esposo"
    assert first(real, text) == "fallback"
    # Nor is one who died of an illness.
    text = "mi esposo murio el año pasado de su enfermedad, a quien le toca la casa"
    assert first(real, text) == "fallback"


def test_a_killing_told_by_anyone_with_a_question_offers_the_case_it_names(
    real: Knowledge,
) -> None:
    text = "mamay siempre llora cuando habla de Accomarca, dice q mataron a su familia, q paso ahi"
    assert first(real, text) == "accomarca"
    # A death of an illness in a case's town is no killing.
    text = "mi abuelita fallecio sin testamento y mis tios venden la casita de huanta, q hago"
    assert first(real, text) == "fallback"


def test_the_protests_of_2022_and_2023_are_asked_about_only_with_the_amnesty(
    real: Knowledge,
) -> None:
    text = "cuantas personas murieron en las protestas de diciembre 2022 y enero 2023? x region"
    assert first(real, text) == "fallback"
    text = "la amnistia cubre a los policias de las protestas del 2023?"
    assert first(real, text) == "a-quien-beneficia"
    text = "Does the amnesty cover the soldiers charged over the 2022 protests?"
    assert first(real, text, "en") == "a-quien-beneficia"


def test_a_translation_asked_of_the_bot_is_an_errand_not_a_feeling(real: Knowledge) -> None:
    assert first(real, "traduce al ingles: me duele la cabeza") == "fallback"
    # The last answer in another language is a follow-up, answered from the conversation.
    assert real.answerer.follow_ups.cue("traducelo al ingles") == "in_en"


def test_another_countrys_courts_congress_and_laws_are_theirs(real: Knowledge) -> None:
    text = "when exactly did argentina repeal its full stop law? need the year for a paper"
    assert first(real, text, "en") == "fallback"
    text = "What did Chile's Supreme Court decide about the 1978 amnesty decree?"
    assert first(real, text, "en") == "fallback"
    assert first(real, "que dijo el tribunal constitucional de colombia sobre la jep?") == (
        "fallback"
    )
    # Peruvians abroad asking about Peru's Congress are asking about ours.
    text = "Peruvians in Spain here: how do we write to Congress about the amnesty?"
    assert first(real, text, "en") == "escribir-congreso"


def test_a_lima_district_and_a_spanish_verb_are_no_other_country(real: Knowledge) -> None:
    text = "estudiante de sociologia de la catolica desaparecido en villa el salvador"
    assert first(real, text) == "castillo-paez"
    text = "mi tio usa silla de ruedas, la corte suprema le puede dar la amnistia?"
    assert first(real, text) != "fallback"


def test_a_question_after_oiga_or_written_as_it_sounds_is_asked(real: Knowledge) -> None:
    text = "ola buenas mi tio desaparecio en el 83 en huamanga q ago ahora con la ley esa nueva"
    answer = real.answerer.ask(text, "es")
    assert (answer.kind, answer.item_id) == ("topic", "familiares-que-hacer")
    reading = real.answerer.free_text.reader.read("oiga cuanta gente desaparecio en ayacucho")
    assert reading.questions == ("cuanta gente desaparecio en ayacucho",)


def test_a_case_whose_own_summary_names_sendero_is_asked_about_when_sendero_is_named(
    real: Knowledge,
) -> None:
    text = "mi abuelo murio en lucanamarca cuando entraron los de sendero, hay juicio todavia?"
    assert first(real, text) == "lucanamarca"
    # A court named with a case is still the court's judgment.
    assert first(real, "que dijo la sentencia de la corte idh por la cantuta?") == (
        "corte-idh-la-cantuta"
    )


def test_pointed_cases_are_no_list_and_short_chat_is_read(real: Knowledge) -> None:
    text = (
        "a mi abuelo lo mataron unos soldados en su chacra en ayacucho en el 85. hay alguna "
        "institucion u ong q lleve estos casos gratis y nos pueda orientar?"
    )
    assert first(real, text) in ("asesoria-legal-gratuita", "organizaciones-apoyo")
    text = "soy de cusco. me podrian decir que jueces inaplicaron la ley, en q casos y fechas?"
    assert first(real, text) == "jueces-inaplican"
    text = "soy de huancavelica. que casos tienen registrados de mi departamento?"
    assert first(real, text) == "list"
    for text in ("buenas causa", "¿Funciona?", "Qué malo eres", "hola, disculpa la hora"):
        assert first(real, text) == "smalltalk", text
    assert real.answerer.ask("eres muy malo", "es").context == SmalltalkContext("complaint")


def test_family_law_and_shopping_are_other_matters(real: Knowledge) -> None:
    text = "denuncie al papa de mi hija por no pasar alimentos y la fiscal no me hace caso, q hago"
    assert first(real, text) == "fallback"
    assert first(real, "en barrios altos donde venden telas baratas pa cortinas?") == "fallback"
    # The Inter-American Court sits in Costa Rica, and the MRTA took Japan's embassy in Lima.
    assert first(real, "la corte de costa rica ordeno q los jueces no apliquen la amnistia?") == (
        "corte-idh-resoluciones-2025"
    )


def test_a_chore_of_telegram_itself_is_not_memorias_but_its_alerts_are(real: Knowledge) -> None:
    text = "como creo un grupo en telegram? quiero hacer uno pa las mamás del colegio"
    assert first(real, text) == "fallback"
    assert first(real, "de donde sacan esos stickers del gato bailando? los quierooo") == (
        "fallback"
    )
    assert first(real, "como creo un grupo para recibir las alertas de memoria?") == (
        "grupos-alertas"
    )


def test_the_displaced_are_of_the_conflict(real: Knowledge) -> None:
    text = "oiga y pa los q fuimos desplazados? tuvimos q escapar de nuestro pueblo en el 84"
    assert first(real, text) not in ("fallback", "smalltalk")


def test_released_because_of_the_amnesty_asks_about_the_amnestys_releases(
    real: Knowledge,
) -> None:
    text = "Was Daniel Urresti released because of the amnesty or for some other reason?"
    assert first(real, text, "en") == "liberaciones"
    text = "mi tia dice q a urresti lo soltaron gracias a la ley de amnistia, es asi?"
    assert first(real, text) == "liberaciones"
    # Without the amnesty named, where the case stands is the case's.
    assert first(real, "y a telmo hurtado ya lo soltaron?") == "accomarca"


def test_whether_the_law_was_repealed_is_where_it_stands(real: Knowledge) -> None:
    answer = real.answerer.ask("ya derogaron la ley de amnistia?", "es")
    assert (answer.kind, answer.item_id) == ("topic", "estado-actual")
    assert first(real, "has the amnesty law been repealed yet?", "en") == "estado-actual"
    # How to ask for its repeal is still writing to Congress (how, or the model letter).
    assert first(real, "como pido q deroguen la amnistia?") in (
        "escribir-congreso",
        "modelo-correo",
    )


def test_the_amnesty_law_written_without_de_is_the_law(real: Knowledge) -> None:
    assert first(real, "info ley amnistia") == "ley-32419"


def test_slang_around_a_definition_is_set_aside(real: Knowledge) -> None:
    text = (
        "oe causa q es esa ley 32419 q sale a cada rato en el noticiero, explicame sin tanto floro"
    )
    assert real.answerer.ask(text, "es").item_id == "ley-32419"


def test_a_definition_asked_without_a_question_word_is_asked(real: Knowledge) -> None:
    reading = real.answerer.free_text.reader.read("lesa humanidad definicion corta pa mi expo")
    assert reading.questions
    assert first(real, "lesa humanidad definicion corta pa mi expo") == "glosario-lesa-humanidad"


def test_more_of_what_is_said_to_the_bot_is_read(real: Knowledge) -> None:
    for text in ("q lento eres oe, ya me aburri de esperar", "listo ya me suscribi, gracias!! 👍"):
        assert first(real, text) == "smalltalk", text
    assert first(real, "hey there 👋", "en") == "smalltalk"
    # "yo" is Spanish for "I", not an English greeting.
    text = "yo era chica cuando los soldados se llevaron a mi tio, quiero denunciarlo, a donde voy"
    # Since block (v) (session 19) what relatives can do is offered first, reporting beside it.
    got = outcome(real.answerer.ask(text, "es")).lstrip("?").split("|")
    assert "denunciar-crimen" in got[:2]
