"""What whole messages get on the shipped content, round 15 (issue #12, blocks (r) to (u)):
cases named by their place and year, matters of today, clauses that say what is not asked,
departments with no case yet, kind replies in groups, school words."""

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


def test_what_happened_there_after_a_story_that_names_one_case_offers_the_case(
    real: Knowledge,
) -> None:
    text = (
        "hola, en mi universidad pasaron un documental sobre putis y me quede muy mal. que "
        "paso exactamente alli?"
    )
    assert first(real, text) == "putis"


def test_a_relative_who_asks_what_to_do_as_a_relative_gets_what_relatives_can_do(
    real: Knowledge,
) -> None:
    text = (
        "tengo un familiar q desaparecio en cayara y ahora con esta ley no se q hacer, me siento "
        "perdida. q puedo hacer yo como familiar?"
    )
    answer = real.answerer.ask(text, "es")
    assert (answer.kind, answer.item_id) == ("topic", "familiares-que-hacer")
    # The case the story names is one tap away.
    assert "cayara" in [b.item for row in answer.buttons for b in row]


def test_chores_of_a_group_chat_and_another_dictators_amnesty_are_declined(
    real: Knowledge,
) -> None:
    for text, lang in (
        ("el grupo de whatsapp de mi promo se lleno de spam, como lo limpio?", "es"),
        ("how do i make someone else admin in my telegram group", "en"),
        ("me piden un resumen del decreto de amnistia de pinochet de 1978, me ayudas?", "es"),
    ):
        assert first(real, text, lang) == "fallback", text
    # The bot's own group features are still answered.
    assert first(real, "como agrego el bot a mi grupo?") == "grupos-agregar"


def test_how_to_say_a_word_in_quechua_is_no_question_about_the_victims_languages(
    real: Knowledge,
) -> None:
    assert first(real, "como se dice te quiero en quechua? pa mi mama") == "fallback"
    assert first(real, "how do you say thank you in quechua", "en") == "fallback"
    # How many victims spoke Quechua is still the truth commission's figures.
    assert first(real, "how many of the victims spoke quechua?", "en") == "cvr-cifras"


def test_a_clause_that_says_which_amnesty_is_not_asked_about_is_left_out(
    real: Knowledge,
) -> None:
    text = "no es la amnistia de la sunat, es la de los militares la q pregunto, q dice esa ley?"
    reading = real.answerer.free_text.reader.read(text)
    assert "sunat" not in f"{reading.focus} {reading.context}"
    assert first(real, text) != "fallback"
    # "sino" turns to what is asked.
    reading = real.answerer.free_text.reader.read(
        "no me refiero a la tributaria sino a la amnistia de los militares"
    )
    assert reading.focus.startswith("a la amnistia de los militares")
    # The tax amnesty asked about outright is still someone else's.
    assert first(real, "hasta cuando es la amnistia tributaria de la sunat?") == "fallback"


def test_what_the_amnesty_does_is_the_law(real: Knowledge) -> None:
    assert first(real, "que hace la ley de amnistia") == "ley-32419"
    assert first(real, "what does the amnesty passed in 2025 do?", "en") == "ley-32419"


def test_a_department_with_no_case_yet_gets_an_honest_empty_list(real: Knowledge) -> None:
    text = (
        "hay algun caso de Junin en tu lista? mi papa era estudiante en la universidad del "
        "centro en Huancayo y desaparecio el 90"
    )
    answer = real.answerer.ask(text, "es")
    assert answer.kind == "case_list"
    html = "".join(real.renderer.render(answer))
    assert "Junín" in html
    assert "aún no tiene casos" in html


def test_quechua_thanks_and_address_are_read(real: Knowledge) -> None:
    for text in ("diosolpay", "ok papay"):
        assert first(real, text) == "smalltalk", text
    # "mi papay" is still a relative.
    text = "a mi papay se lo llevaron los soldados en 1984, que hago"
    assert real.answerer.free_text.reader.read(text).relative


def test_a_relatives_long_voice_note_that_names_the_registry_is_not_declined(
    real: Knowledge,
) -> None:
    text = (
        "aló aló, ya esta grabando? ya. señor le hablo de Lima, pero yo soy de Ayacucho, de "
        "Cangallo. el año 83 los militares entraron a mi comunidad y se llevaron a mi esposo, "
        "de ahi nunca mas. me vine a Lima, trabaje de todo, lavando ropa, vendiendo. nunca "
        "cobre nada. ahora mi vecina me dice q hay un registro de victimas y q pagan "
        "reparacion, pero yo no tengo ningun papel de mi esposo. donde me inscribo pues"
    )
    assert first(real, text) == "ley-28592-reparaciones"


def test_news_of_the_amnesty_is_where_it_stands(real: Knowledge) -> None:
    text = "q hay de nuevo con la ley de amnistia? hace tiempo no escucho nada en la radio"
    assert first(real, text) == "estado-actual"


def test_wanting_to_ask_is_no_word_of_the_question(real: Knowledge) -> None:
    assert first(real, "quiero preguntar que es la ley 32419") == "ley-32419"
    assert first(real, "hola soy Rosa de Huamanga, solo queria saludarlos") == "smalltalk"


def test_another_law_or_fine_named_with_its_own_word_is_someone_elses(real: Knowledge) -> None:
    text = "soy agricultor de Ica, la nueva ley agraria nos quita beneficios? como votaron"
    assert first(real, text) == "fallback"
    text = "I got a traffic ticket in Cusco. Is there some kind of amnesty if I pay early?"
    assert first(real, text, "en") == "fallback"


def test_group_greetings_blessings_and_sarcasm_get_a_kind_reply_not_an_item(
    real: Knowledge,
) -> None:
    for text, lang in (
        ("buenos dias grupo", "es"),
        ("bendiciones a todos hermanos, q tengan un lindo dia", "es"),
        ("presente", "es"),
        ("allillanchu tukuykuna, buenos dias familia", "es"),
        ("ya ya, lo q tu digas bot 🙄", "es"),
        ("bye, have a good one", "en"),
    ):
        assert first(real, text, lang) == "smalltalk", text
    # "grupo" alone names no case (the Grupo Colina is Barrios Altos').
    assert first(real, "que hizo el grupo colina en barrios altos") == "barrios-altos"


def test_a_case_asked_for_as_such_beside_an_errand_is_the_case(real: Knowledge) -> None:
    text = "bot cuentanos el caso putis pls, el sabado hacemos la romeria antes de la misa"
    assert first(real, text) == "putis"
    assert first(real, "restaurantes en barrios altos") == "fallback"


def test_school_words_are_no_words_of_the_question(real: Knowledge) -> None:
    assert first(real, "ley 32107 resumen pa examen") == "ley-32107"
    text = "profe nos dejo tarea sobre la ley 32419, q es exactamente pe? no entiendo nada"
    assert first(real, text) == "ley-32419"


def test_what_kind_of_cases_asks_no_list(real: Knowledge) -> None:
    text = (
        "I'm writing a novel set in colonial Lima. What kind of cases did the Inquisition try "
        "there?"
    )
    assert first(real, text, "en") == "fallback"
    assert first(real, "casos en ayacucho") == "list"


def test_disasters_of_today_and_trolls_are_someone_elses(real: Knowledge) -> None:
    for text, lang in (
        ("Where can I donate to flood victims in northern Peru?", "en"),
        ("como ayudo a los damnificados por el huaico en chosica", "es"),
        ("As an admin of a Facebook group about Peruvian history, how do I stop trolls?", "en"),
    ):
        assert first(real, text, lang) == "fallback", text


def test_cases_of_a_matter_of_today_ask_for_no_list(real: Knowledge) -> None:
    text = "cual es la corte q ve los casos de pension de alimentos en el cusco"
    assert first(real, text) == "fallback"
    text = "Is there an amnesty for overstaying a US visa? asking for my cousin"
    assert first(real, text, "en") == "fallback"
    # The cases of the conflict's years still are.
    assert first(real, "que casos de esos años tienes, del 83 y 84?") == "list"


def test_common_english_words_do_not_outweigh_a_laws_number(real: Knowledge) -> None:
    text = "why do people keep mentioning law 32107"
    assert first(real, text, "en").startswith("ley-32107")


def test_thanks_for_understanding_is_a_kind_reply(real: Knowledge) -> None:
    assert first(real, "gracias, ahora si entiendo lo de la amnistia 🙏") == "smalltalk"
    # An understanding followed by a question is asked.
    assert first(real, "ya entiendo, pero quienes salen libres con la ley?") != "smalltalk"


def test_an_arrest_of_yesterday_is_a_matter_of_today(real: Knowledge) -> None:
    text = (
        "buenas noches a mi primo lo detuvieron ayer los policias en una batida en San Juan de "
        "Lurigancho y no nos dejan verlo, q podemos hacer"
    )
    assert first(real, text) == "fallback"


def test_whether_a_cases_victims_were_found_offers_the_case(real: Knowledge) -> None:
    text = "La Cantuta - the professor and the nine students. were their bodies ever found?"
    assert first(real, text, "en") == "la-cantuta"
    # A relative's own search is still the search for the disappeared.
    text = "mi hermano desaparecio en huanta en 1984, encontraron sus restos?"
    assert first(real, text) == "busqueda-desaparecidos"


def test_anger_told_with_nothing_asked_is_a_feeling(real: Knowledge) -> None:
    assert first(real, "honestly I'm so angry reading all of this", "en") == "smalltalk"


def test_the_bot_called_by_its_name_before_the_question_is_no_word_of_it(
    real: Knowledge,
) -> None:
    assert first(real, "memoria que es la ley 32419") == "ley-32419"
    assert first(real, "memoria what is law 32419", "en") == "ley-32419"
    # Asked about, the name is the question.
    assert first(real, "que es memoria") == "sobre-memoria"
