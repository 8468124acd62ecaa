"""What whole messages get on the shipped content: a case named by its name, a forwarded chain,
a reaction, where something was heard (issue #12)."""

from __future__ import annotations

import pytest

from bench.matcher import outcome
from bot import knowledge
from bot.answer.contexts import CaseListContext
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.offered import first


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_a_case_named_by_its_name_is_offered_a_town_named_alone_is_not(real: Knowledge) -> None:
    names = real.index.questions.case_names
    assert "el-santa" in names.named(["semana", "santa"])
    assert not names.titled(["semana", "santa"])
    assert names.titled(["condenaron", "a", "fujimori"]) == {"juicio-fujimori"}
    asked = "en q fecha condenaron a fujimori y por q casos exactamente? trabajo de historia"
    assert first(real, asked) == "juicio-fujimori"
    errand = "sabe q empresa de buses sale mas barata de lima a huamanga en semana santa?"
    assert first(real, errand) == "fallback"


def test_a_massacre_named_with_its_place_is_about_the_conflict(real: Knowledge) -> None:
    assert real.index.anchors("the putis massacre") == real.index.anchors("putis") + 1
    text = (
        "Hi, Peruvian journalist now based in Miami. Could you give me a short summary of the "
        "Putis massacre and tell me whether anyone was ever convicted for it?"
    )
    assert first(real, text, "en") == "putis"


def test_the_boilerplate_of_a_forwarded_chain_is_set_aside(real: Knowledge) -> None:
    text = (
        "Reenviado: ATENCION la ley de amnistia va a soltar a los terroristas del MRTA y de "
        "Sendero, compartan antes q lo borren!! esto es cierto?"
    )
    reading = real.answerer.free_text.reader.read(text)
    assert "borren" not in reading.focus
    assert "compartan" not in reading.focus
    assert "terroristas" in reading.focus
    assert first(real, text) == "mito-terroristas"


def test_a_reaction_naming_nothing_gets_a_kind_reply_not_a_topic(real: Knowledge) -> None:
    felt = "gracias... me hizo llorar leer lo de mi pueblo. 40 años y seguimos esperando"
    assert real.answerer.ask(felt, "es").kind == "smalltalk"
    # ...while a reaction around words of the knowledge base still asks about them.
    assert first(real, "😢😢 putis 1984 fosa") == "putis"


def test_where_it_was_heard_is_not_what_is_asked(real: Knowledge) -> None:
    text = "q es eso de la ley 32419 q tanto hablan en la tele? soy ama de casa y no entiendo"
    assert first(real, text) == "ley-32419"
    heard = "escuche en la radio q hay jueces que no aplican la amnistia, quienes son?"
    assert "radio" not in real.answerer.free_text.reader.read(heard).focus


def test_whatsapp_is_not_telegram(real: Knowledge) -> None:
    text = "se puede meter el bot a un grupo de whatsapp? ahi esta mi familia, en telegram nadie"
    assert first(real, text) == "whatsapp"


def test_a_phrase_is_read_like_a_message_chat_spellings_and_all(real: Knowledge) -> None:
    # "I'd" is read "i de" ("d = de" is a Spanish chat spelling): so is the listed phrase.
    reading = real.answerer.free_text.reader.read("I'd like to know who is behind Memoria")
    assert "question" in reading.kinds
    assert first(real, "Who is behind Memoria? I'd like to know before I recommend it") == (
        "sobre-memoria"
    )


def test_another_amnesty_is_declined_unless_this_law_is_named_too(real: Knowledge) -> None:
    index = real.index
    assert index.query("hay amnistia tributaria este año").other
    assert not index.query("what did amnesty international say about the amnesty").other
    compared = index.query("en argentina anularon su amnistia, puede pasar con la ley 32419?")
    assert compared.subject
    assert not compared.other
    for text in (
        "hay amnistia de multas electorales del JNE? no fui a votar",
        "la ley de amnistia de españa de 1977 sigue vigente?",
    ):
        assert first(real, text) == "fallback", text
    asked = (
        "Hi, I'm from Amnesty International's Dutch section, not the law haha. What is the "
        "humanitarian amnesty for people over 70 exactly?"
    )
    assert first(real, asked, "en") == "amnistia-humanitaria"


def test_a_message_of_today_is_about_something_else(real: Knowledge) -> None:
    for text in (
        "ayuda x favor, mi sobrina de 16 años no regresa a la casa desde el sabado, fuimos a la "
        "comisaria y nos dicen q esperemos, esta desaparecida y nadie hace nada, q hacemos",
        "requisitos pa el servicio militar voluntario 2026, mi hijo cumplio 18 y quiere entrar "
        "al ejercito, cuanto les pagan al mes?",
        "my 17 year old cousin has been missing since friday in arequipa and the police keep "
        "telling us to wait. who else can we contact?",
        # ...even when what it asks is a relatives' example question ("a donde puedo ir").
        "mi hijo desaparecio del colegio hoy en la mañana, no contesta el celular, que hago",
        "mi esposo me pega y la policia no me hace caso, a donde puedo ir",
    ):
        assert first(real, text, "en" if text.startswith("my") else "es") == "fallback", text
    # ...while a loss of the conflict told beside the present day is still one.
    told = (
        "my grandfather was taken by soldiers in 1984 and never came back. since last week i "
        "can't stop thinking about this amnesty. what can we do?"
    )
    assert real.answerer.free_text.reader.read(told).loss
    assert first(real, told, "en") == "familiares-que-hacer"


def test_an_organisation_of_the_victims_is_a_core_notion(real: Knowledge) -> None:
    assert real.index.anchors("quiero ayudar a las mamitas de anfasep") == 1
    text = "vivo en barcelona, quiero ayudar a las mamitas de anfasep, se puede donar desde aca?"
    assert first(real, text) == "apoyar-organizaciones"


def test_asking_whether_it_is_true_or_fake_is_not_what_is_asked_about(real: Knowledge) -> None:
    query = real.index.query("ya soltaron a los militares presos o es fake")
    assert not any("fake" in term for term in query.terms)
    text = (
        "en el chat de la promocion dicen que ya soltaron a todos los militares presos por la "
        "amnistia, es cierto o es fake?"
    )
    assert first(real, text) == "liberaciones"


def test_a_decade_is_a_year_of_the_conflict_and_no_typo(real: Knowledge) -> None:
    index = real.index
    assert index.normalize("in the late 1990s") == ["in", "the", "late", "1990"]
    assert index.normalize("en los 80s") == ["en", "los", "1980"]
    assert index.correct("1990s") is None
    assert index.anchors("in the 80s") == 1
    text = (
        "I'm writing my thesis on gender and reproductive rights in Peru. What happened with "
        "the forced sterilisations in the late 1990s and is anyone on trial?"
    )
    assert first(real, text, "en") == "esterilizaciones-forzadas"


def test_another_country_places_the_amnesty_elsewhere_unless_peru_is_named(
    real: Knowledge,
) -> None:
    here = (
        "I'm a law student from Spain on exchange at San Marcos. What is 'control difuso' and "
        "how have Peruvian judges used it against the amnesty?"
    )
    assert not real.index.query(here).other
    assert first(real, here, "en") == "control-difuso"
    abroad = "la ley de amnistia de España de 1977, como funciono?"
    assert real.index.query(abroad).other
    assert first(real, abroad) == "fallback"


@pytest.mark.parametrize(
    ("text", "lang", "case"),
    [
        (
            "a mi abuelo lo fusilaron los de la base de totos en el 83, el capitan chacal. ese "
            "ya esta preso o lo van a soltar con esta ley?",
            "es",
            "totos",
        ),
        (
            "mi abuelita es de putis, ahi perdio a su esposo y a dos hijos en diciembre del 84. "
            "ella pregunta si ya hay algun militar condenado x eso, q paso con el juicio?",
            "es",
            "putis",
        ),
        (
            "I teach history at a school in Lyon and a student asked me about the La Cantuta "
            "students. What happened to them in 1992?",
            "en",
            "la-cantuta",
        ),
        (
            "mi hijo dice q a fujimori nunca lo condenaron por barrios altos y la cantuta y q "
            "todo fue politico, lo condenaron o no?",
            "es",
            "juicio-fujimori",
        ),
    ],
)
def test_where_the_one_named_case_stands_is_first_about_that_case(
    real: Knowledge, text: str, lang: str, case: str
) -> None:
    assert first(real, text, lang) == case


def test_the_courts_judgment_stays_first_when_the_court_is_named(real: Knowledge) -> None:
    text = "la sentencia de la corte interamericana por la cantuta es del 2006 no? q dijo"
    assert first(real, text) == "corte-idh-la-cantuta"
    # ...and a question that only asks what to do stays a relative's question.
    asked = "mi hermano desaparecio en putis en 1984, que puedo hacer?"
    assert first(real, asked) != "putis"


def test_a_question_asking_for_cases_outright_may_name_its_place_anywhere(
    real: Knowledge,
) -> None:
    text = (
        "buenas noches soy de huancavelica, q casos de esa epoca tienen registrados de mi "
        "departamento? quiero ver si esta el de mi pueblo"
    )
    answer = real.answerer.ask(text, "es")
    assert answer.kind == "case_list"
    assert isinstance(answer.context, CaseListContext)
    assert answer.context.filter == "Huancavelica"
    assert first(real, "pa una expo sobre el año 1992 necesito todos los casos de ese año") == (
        "list"
    )
    # ...but a count is a figure, and the amnesty's cases are the amnesty's.
    assert first(real, "soy de ayacucho, cuantos casos hubo en mi departamento?") != "list"


def test_words_about_the_bot_itself_are_a_core_notion(real: Knowledge) -> None:
    asked = "Can I talk to you on WhatsApp instead? I don't really use Telegram."
    assert real.index.anchors(asked) == real.index.anchors("Can I use WhatsApp instead?") + 1
    assert first(real, asked, "en") == "whatsapp"
    # ...while a phone's own trouble stays off-topic.
    assert first(real, "mi whatsapp no abre desde ayer, ya lo reinstale, que hago") == "fallback"


@pytest.mark.parametrize(
    "text",
    [
        "hola, que restaurantes buenos hay en Barrios Altos? me dijeron que hay un chifa rico",
        "cuando es el examen de admision de la universidad la cantuta y cuantas vacantes hay?",
        "what does the cantuta flower symbolize",
    ],
)
def test_a_case_named_beside_an_errand_or_pastime_is_a_place(real: Knowledge, text: str) -> None:
    assert real.index.anchors(text) == 0
    assert first(real, text, "es") == "fallback"


def test_an_errand_word_beside_the_case_asked_about_keeps_it(real: Knowledge) -> None:
    # Only an example question is answered beside an errand; the case's own name still is.
    assert first(real, "masacre de barrios altos") == "barrios-altos"


@pytest.mark.parametrize(
    "text",
    [
        "mi cuñado murio en un accidente en la mina y la empresa no quiere pagar la "
        "indemnizacion a sus hijos, q abogado nos puede ayudar",
        "en mi trabajo dicen que hay una amnistia para los que debemos aportes a essalud, es "
        "cierto?",
    ],
)
def test_an_accident_or_a_debt_amnesty_of_today_is_declined(real: Knowledge, text: str) -> None:
    assert first(real, text) == "fallback"


def test_a_question_naming_only_the_amnesty_is_read_with_the_story_before_it(
    real: Knowledge,
) -> None:
    assert not real.index.specific("fue por la amnistia")
    assert real.index.specific("que dijo la onu")
    text = "lei q soltaron al urresti, el del periodista bustios. fue x la amnistia?"
    reading = real.answerer.free_text.reader.read(text)
    assert "bustios" in reading.focus
    assert first(real, text) == "hugo-bustios"


def test_praise_for_the_bot_is_no_argument_about_the_law(real: Knowledge) -> None:
    answer = real.answerer.ask("you're a great bot, well done to whoever made you", "en")
    assert answer.kind == "smalltalk"
    # ...while an opinion about the law still gets the arguments, fairly stated.
    assert first(real, "esa ley es buena, ya era hora") in real.answerer.free_text.opinions.ids


def test_a_survivor_telling_what_was_done_to_them_is_answered_as_a_relative(
    real: Knowledge,
) -> None:
    text = "a mi me torturaron en el cuartel en 1985, nunca lo conte. todavia puedo denunciar?"
    reading = real.answerer.free_text.reader.read(text)
    assert reading.loss
    assert reading.relative
    answer = real.answerer.ask(text, "es")
    assert answer.acknowledge == "loss"
    assert first(real, text) == "denunciar-crimen"
    # ...while "me" beside another verb tells no loss.
    assert not real.answerer.free_text.reader.read("me dijeron que la ley ya salio").loss


def test_the_soldiers_of_the_base_are_soldiers_not_a_case(real: Knowledge) -> None:
    assert real.index.anchors("los de la base") == real.index.anchors("los militares")
    text = "quiero denunciar al soldado de la base que abuso de mi tia, a donde voy?"
    assert first(real, text) == "denunciar-crimen"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("gracias joven, que no se olviden de los que se llevaron, que diosito le de salud", "es"),
        (
            "solo queria agradecerles, mi familia es de Putis y a veces sentimos que nadie se "
            "acuerda. un abrazo desde Huanta",
            "es",
        ),
        ("My grandmother's brother was taken in 1983. I just wanted to thank you.", "en"),
    ],
)
def test_thanks_that_ask_nothing_outright_get_a_kind_reply_not_the_scope(
    real: Knowledge, text: str, lang: str
) -> None:
    assert real.answerer.ask(text, lang).kind == "smalltalk"


def test_thanks_with_a_question_mark_still_get_the_scope_when_off_topic(real: Knowledge) -> None:
    assert first(real, "gracias por todo. y sabe como esta el clima en Lima?") == "fallback"


def test_another_country_in_a_story_of_a_case_is_no_other_amnesty(real: Knowledge) -> None:
    story = (
        "a mi tio lo mataron en Putis en 1984. que paso con el juicio, al general lo van a "
        "traer de espana o con la amnistia ya queda libre?"
    )
    assert not real.index.query(story).other
    assert first(real, story) != "fallback"
    assert real.index.query("amnistia en espana para los presos del franquismo").other
    # ...and a year of the conflict alone does not make a foreign amnesty ours.
    reagan = "my grandfather got papers under the 1986 Reagan amnesty in the US, can I claim?"
    assert real.index.query(reagan).other


@pytest.mark.parametrize(
    "text",
    [
        "avisame cuando el congreso vote algo nuevo de la amnistia porfa",
        "ya no quiero que me lleguen alertas en la noche, como me doy de baja?",
    ],
)
def test_asking_to_be_told_or_to_stop_being_told_finds_the_alerts(
    real: Knowledge, text: str
) -> None:
    assert first(real, text) == "suscribirse-alertas"


def test_an_acknowledgement_that_goes_on_to_tell_something_is_read(real: Knowledge) -> None:
    text = (
        "I understand the Inter-American Court issued measures on the Peruvian amnesty in 2025. "
        "What exactly did it order?"
    )
    reading = real.answerer.free_text.reader.read(text)
    assert "measures" in f"{reading.focus} {reading.context}"
    assert first(real, text, "en") == "corte-idh-resoluciones-2025"
    # ...while a short one is still said to the bot.
    assert real.answerer.ask("ok, I understand now, thanks", "en").kind == "smalltalk"


def test_thanks_before_a_question_about_something_else_still_get_the_scope(
    real: Knowledge,
) -> None:
    text = "muchas gracias, otra consulta, cuanto cuesta el pasaje a huamanga"
    assert first(real, text) == "fallback"


def test_so_far_says_when_not_what(real: Knowledge) -> None:
    text = "Which judges in Peru have refused to apply the amnesty so far? It's for a report."
    assert first(real, text, "en") == "jueces-inaplican"
    assert first(real, "que jueces no quieren aplicar la amnistia hasta ahora") == (
        "jueces-inaplican"
    )


def test_a_trial_in_a_town_named_like_a_case_is_not_about_the_case(real: Knowledge) -> None:
    assert first(real, "condenaron al alcalde de Huanta por corrupcion? que paso") == "fallback"


@pytest.mark.parametrize(
    "text",
    [
        # another amnesty told in a clause the question is not read with
        "hola, soy estudiante de derecho en Arequipa y hago un trabajo sobre la ley de amnistia "
        "de españa, la de los independentistas catalanes y lo de Puigdemont. mi profe quiere "
        "que explique que decidio su tribunal y si la union europea dijo algo. me haces un "
        "resumen con fechas?",
        # today's disappearance, told before a long question
        "por favor ayuda, mi hermanita de 14 no regresa a la casa desde el sabado, salio al "
        "colegio y su celular esta apagado. en la comisaria nos dicen que esperemos, que se "
        "habra ido con alguien, pero ella no es asi. donde se publica la alerta oficial de "
        "persona desaparecida para menores? la policia tiene que buscarla ya?",
    ],
)
def test_a_message_is_looked_at_whole_for_another_matter(real: Knowledge, text: str) -> None:
    assert first(real, text) == "fallback"


@pytest.mark.parametrize(
    "text",
    [
        "hay paseos en lancha que pasen cerca de El Fronton para ver los lobos marinos?",
        "quiero llevar a mis hijos de vacaciones a Vilcashuaman a ver el templo inca, se puede?",
        "tarea de historia: que paso en el combate de Angamos en la guerra con Chile?",
    ],
)
def test_a_trip_or_another_war_beside_a_case_name_is_declined(real: Knowledge, text: str) -> None:
    assert first(real, text) == "fallback"


def test_a_greeting_from_a_town_with_a_name_is_a_greeting(real: Knowledge) -> None:
    answer = real.answerer.ask(
        "buenas noches, aqui escribiendo desde Huanta, soy el señor Ccente", "es"
    )
    assert answer.kind == "smalltalk"
    assert real.answerer.ask("👋", "es").kind == "smalltalk"


def test_a_word_of_address_before_the_question_is_set_aside(real: Knowledge) -> None:
    reading = real.answerer.free_text.reader.read(
        "mamita cuantos desaparecidos hay en todo el peru"
    )
    assert reading.focus == "cuantos desaparecidos hay en todo el peru"
    assert first(real, "mamita cuantos desaparecidos hay en todo el peru") == (
        "registro-desaparecidos"
    )


def test_a_relative_telling_a_loss_with_no_question_found_is_never_told_off_topic(
    real: Knowledge,
) -> None:
    text = (
        "buenas noches le escribo desde tayacaja mi papa desaparecio en 1990 se lo llevaron a la "
        "base y nunca mas lo vimos mi mama murio esperandolo ahora nos piden dar sangre para el "
        "adn y no tenemos plata para viajar ya estoy cansado pero no me voy a rendir por mi papa"
    )
    assert real.answerer.ask(text, "es").kind in ("suggestions", "unclear", "topic")
    assert first(real, text) != "fallback"


def test_how_the_law_stands_is_asked_not_a_greeting(real: Knowledge) -> None:
    text = "ya pues como esta esa ley ahorita, sigue o ya la quitaron"
    assert real.answerer.ask(text, "es").kind != "smalltalk"
    assert real.answerer.ask("hola como esta", "es").kind == "smalltalk"


def test_an_acknowledgement_in_passing_does_not_make_a_long_message_smalltalk(
    real: Knowledge,
) -> None:
    text = (
        "en la reunion de la asociacion nos explicaron algo pero no entendi bien, dijeron que "
        "la defensoria demando la ley ante el tribunal constitucional, ya salio la sentencia o "
        "todavia"
    )
    assert real.answerer.ask(text, "es").kind != "smalltalk"
    assert real.answerer.ask("ok entendi, gracias", "es").kind == "smalltalk"


def test_a_kidnapping_by_extortioners_today_is_declined(real: Knowledge) -> None:
    text = "me secuestraron a mi hermano ayer unos extorsionadores, que hago"
    assert first(real, text) == "fallback"


def test_this_law_pointed_at_is_the_amnesty_law_unless_another_is_named(real: Knowledge) -> None:
    # "this law" in a message about the amnesty asks about the amnesty law...
    assert first(real, "what is this law everyone is so angry about", "en").startswith("ley-32419")
    # ...but "la nueva ley de alquileres" or "this new law on rent" is another law.
    assert first(real, "la nueva ley de alquileres me conviene?") == "fallback"
    assert (
        first(real, "can you explain the new law on rent increases in Lima?", "en") == "fallback"
    )
    assert first(real, "esta ley de transito es injusta, cuando la cambian?") == "fallback"
    # ...and "la nueva ley" in a message about a crime of today is not this one.
    text = (
        "cuantos años de carcel dan por extorsion con la nueva ley, escuche q subieron las penas"
    )
    assert first(real, text) == "fallback"


def test_a_death_of_last_month_is_no_loss_of_the_conflict(real: Knowledge) -> None:
    text = "my grandmother died last month and we need to sort out her pension, what do we do?"
    assert first(real, text, "en") == "fallback"
    story = (
        "mi papa murio el mes pasado y nunca supo donde enterraron a mi hermano desaparecido "
        "en 1984, que hago"
    )
    assert first(real, story) != "fallback"


def test_a_question_about_what_the_bot_keeps_is_about_the_bot(real: Knowledge) -> None:
    text = "q datos mios tienes guardados? mi numero de cel, mi nombre, lo q te pregunte ayer?"
    assert first(real, text) == "privacidad-datos"
    assert first(real, "te pregunte ayer por el precio del dolar") == "fallback"


def test_asking_what_a_word_of_the_glossary_means_is_never_declined(real: Knowledge) -> None:
    text = (
        "hola, soy de 4to de secundaria en un colegio de huamanga, mi profe de dpcc nos dejo "
        "investigar q significa q un crimen sea de lesa humanidad y dar ejemplos del peru, me "
        "ayudas?"
    )
    assert real.index.query(text).defined == {"glosario-lesa-humanidad"}
    assert first(real, text) == "glosario-lesa-humanidad"
    court = "what is the Inter-American Court and why does Peru have to listen to it?"
    assert "glosario-corte-idh" in outcome(real.answerer.ask(court, "en"))
    # A common word of a glossary title defines nothing ("sentencia final").
    assert first(real, "que es la ley de punto final de argentina") == "fallback"


def test_a_relative_with_whatsapp_only_asks_about_the_bot(real: Knowledge) -> None:
    text = (
        "Mi mamá solo tiene WhatsApp y no sabe instalar nada más. Hay forma de que ella lea esto?"
    )
    assert first(real, text) == "whatsapp"
    assert first(real, "mi whatsapp no abre desde ayer, que hago") == "fallback"


@pytest.mark.parametrize(
    "text",
    [
        "segun la ley me pueden despedir si estoy embarazada?",
        "mi jefe no me paga las horas extras, que dice la ley?",
        "esta ley de alquileres es un abuso, como reclamo?",
        "un abogado me dijo que la ley ya cambio para los divorcios, es cierto?",
    ],
)
def test_the_law_of_a_labour_or_rent_question_is_not_the_amnesty(
    real: Knowledge, text: str
) -> None:
    assert first(real, text) == "fallback"


def test_an_argument_that_calls_the_trials_abuse_gets_the_arguments(real: Knowledge) -> None:
    text = (
        "30 años de juicio es abuso. mi vecino es suboficial retirado y lleva media vida yendo a "
        "audiencias. como pueden defender eso los de derechos humanos"
    )
    assert first(real, text).startswith("argumento")
    story = (
        "mi papa fue torturado por policias en el 87 en huancayo y nunca denuncio, le dicen que "
        "ya todo prescribio por esa ley de lesa humanidad, sera verdad"
    )
    assert first(real, story) != "fallback"


def test_a_question_about_the_bot_itself_is_never_declined(real: Knowledge) -> None:
    text = "who built you and why? is there an actual team or organisation behind this bot?"
    assert first(real, text, "en") == "sobre-memoria"
    group = (
        "I admin a Telegram group for Peruvian students in Barcelona. Can I add you there, and "
        "how do people ask you things?"
    )
    assert first(real, group, "en") == "grupos-agregar"
    # Speaking to the bot about something else is still something else.
    assert first(real, "who made you do my homework on the french revolution?", "en") == "fallback"


def test_the_rumour_that_the_court_already_ruled_is_answered_with_where_it_stands(
    real: Knowledge,
) -> None:
    text = "en tiktok un abogado dijo q el TC ya fallo y declaro constitucional la amnistia"
    assert first(real, text + ", sera cierto??") == "demanda-defensoria"
