"""The people who need Memoria most (issue #14), end to end on the real content.

Four journeys, each in Spanish and English: a victim's relative, a supporter of the law, a
journalist and a group admin. Each is one conversation of six or more turns in the words such
people use, through the real PTB application and the fake Bot API. Every turn asserts on content:
the expected topic's title leads the reply, a sourced phrase of it is there, and the buttons that
lead on (related topics, the menu's first category) are offered.

A realistic turn that the matcher cannot route yet stays in its journey with a ``gap`` reason.
That journey then runs as a strict xfail (it passes the day the matcher learns the turn), and a
companion test runs the same journey without its gap turns, so the rest of it stays guarded.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.knowledge import Knowledge
from tests.conftest import Bot
from tests.faketelegram import parse_html
from tests.journeysteps import (
    DISMISSIVE,
    Ask,
    Chatter,
    Command,
    GroupAlerts,
    Inline,
    Join,
    Journey,
    Press,
    Start,
    play,
)

RELATIVE_ES = Journey(
    "es",
    (
        Start("families", says=("Hola, soy Memoria.",)),
        Press("c:families", says=("Familiares de víctimas",)),
        Ask(
            "buenas tardes, mi hermano desaparecio en 1984 en ayacucho, que puedo hacer",
            "familiares-que-hacer",
            says=("La amnistía no es automática", "Ley 30470", "Registro Único de Víctimas"),
            offers=(
                "asesoria-legal-gratuita",
                "familiares-oponerse",
                "busqueda-desaparecidos",
                "ley-28592-reparaciones",
            ),
        ),
        Press("asesoria-legal-gratuita", says=("aprodeh.org.pe", "No tenemos teléfonos")),
        Ask("hay abogado gratis?", "asesoria-legal-gratuita", says=("anfasep.org.pe",)),
        Ask(
            "el militar que se lo llevo pidio la amnistia, podemos oponernos?",
            "familiares-oponerse",
            says=("Pueden oponerse", "3 de setiembre de 2025"),
            offers=("jueces-inaplican",),
        ),
        Ask(
            "el juicio de mi tio lleva 20 años lo van a archivar?",
            "procesos-en-curso",
            says=("artículos 78 y 80 del Código Penal",),
        ),
        Ask(
            "quiero denunciar a un militar que torturo a mi papa",
            "denunciar-crimen",
            says=("fiscalías especializadas en derechos humanos",),
        ),
        Ask(
            "todavia pueden buscar los restos de mi hermano?",
            "busqueda-desaparecidos",
            says=("Dirección General de Búsqueda",),
        ),
        Ask(
            "como nos inscribimos en el registro de victimas para la reparacion",
            "ley-28592-reparaciones",
            says=("ruv.gob.pe",),
        ),
        # A family wary of writing its story to a bot: what is kept, and how to erase it.
        Command("/privacidad", says=("sin tu nombre ni ningún número de usuario", "/olvidar")),
    ),
)

RELATIVE_EN = Journey(
    "en",
    (
        Start("families", says=("Hello, I am Memoria.",)),
        Ask(
            "my uncle was disappeared by soldiers in 1983 in huanta, what can my family do now",
            "familiares-que-hacer",
            says=("The amnesty is not automatic", "Law 30470"),
            offers=("asesoria-legal-gratuita", "busqueda-desaparecidos"),
        ),
        Press("familiares-oponerse", says=("You can oppose it",)),
        Ask(
            "is there free legal help for us",
            "asesoria-legal-gratuita",
            says=("aprodeh.org.pe",),
        ),
        Ask(
            "the officer accused in our case asked for the amnesty, can we oppose it",
            "familiares-oponerse",
            says=("3 September 2025",),
        ),
        Ask(
            "my father's trial has dragged on for 20 years, will it be closed now",
            "procesos-en-curso",
            says=("Articles 78 and 80 of the Penal Code",),
        ),
        Ask(
            "how do we get the state to search for his remains",
            "busqueda-desaparecidos",
            says=("Law 30470",),
        ),
        Ask(
            "how do we register as victims to get reparations",
            "ley-28592-reparaciones",
            says=("ruv.gob.pe",),
        ),
        Ask(
            "i want to report the soldier who tortured my grandfather",
            "denunciar-crimen",
            says=("Prosecutor's Office",),
        ),
    ),
)

SUPPORTER_ES = Journey(
    "es",
    (
        Ask(
            "los militares defendieron al pais, por que ahora los persiguen?",
            "argumento-defendieron-pais",
            says=("Es comprensible", "46 %", "Putis"),
            fair=True,
        ),
        Ask(
            "y si un soldado mato a un terruco en combate eso es delito?",
            "argumento-combate",
            says=("preocupación comprensible", "caso Barrios Altos (2001)"),
            fair=True,
        ),
        Ask(
            "esos juicios ya llevan 40 años, donde queda el plazo razonable",
            "argumento-plazo-razonable",
            says=("Tienen razón en algo", "amnistías de 1995"),
            fair=True,
        ),
        Ask(
            "y los crimenes de sendero quien los paga? y los policias que murieron?",
            "argumento-sendero",
            says=("Es una pregunta justa", "Lucanamarca", "cadena perpetua"),
            offers=("lucanamarca",),
            fair=True,
        ),
        Ask(
            "la corte idh no tiene por que meterse, el peru es soberano",
            "argumento-soberania",
            says=("valor legítimo", "1981"),
            fair=True,
        ),
        Ask(
            "son viejitos de 80 años, dejarlos morir en la carcel es inhumano",
            "argumento-edad",
            says=("es legítimo", "artículo 2"),
            fair=True,
        ),
        Ask("la amnistia libera a terroristas?", "mito-terroristas", says=("MRTA",)),
        Ask(
            "ustedes son una ong caviar financiada desde afuera",
            "sobre-memoria",
            says=("Colectivo de prueba",),
        ),
        Command(
            "/fuentes argumento-plazo-razonable",
            says=("La República. (2026, 11 de marzo).", "[el TC deja al voto la demanda"),
        ),
    ),
)

SUPPORTER_EN = Journey(
    "en",
    (
        Ask(
            "the military saved peru from the shining path, why prosecute them now",
            "argumento-defendieron-pais",
            says=("That is understandable", "46%"),
            fair=True,
        ),
        Ask(
            "soldiers killing terrorists in combat is not a crime",
            "argumento-combate",
            says=("understandable concern", "El Frontón"),
            fair=True,
        ),
        Ask(
            "these cases have dragged on for 40 years, what about the right to a speedy trial",
            "argumento-plazo-razonable",
            says=("They have a point", "1995 amnesties"),
            fair=True,
        ),
        Ask(
            "and what about the crimes of the shining path?",
            "argumento-sendero",
            says=("That is a fair question", "Lucanamarca"),
            fair=True,
        ),
        Ask(
            "peru is a sovereign country, the inter american court has no business here",
            "argumento-soberania",
            says=("legitimate value", "1981"),
            fair=True,
        ),
        Ask(
            "these men are in their eighties, it is cruel to let them die behind bars",
            "argumento-edad",
            says=("is legitimate", "Article 2"),
            fair=True,
        ),
        Ask(
            "so the amnesty lets terrorists out too?",
            "mito-terroristas",
            says=("MRTA",),
        ),
        Ask(
            "who funds you? are you some foreign ngo",
            "sobre-memoria",
            says=("Colectivo de prueba",),
        ),
        Command(
            "/sources argumento-sendero",
            says=("La República. (2025, December 21).", "Julissa Mantilla"),
        ),
    ),
)

JOURNALIST_EN = Journey(
    "en",
    (
        Ask(
            "hi, I'm a reporter in Madrid. what's the latest on peru's amnesty law?",
            "estado-actual",
            says=("11 March 2026", "nothing after June 2026"),
        ),
        Ask(
            "what is the latest on the amnesty",
            "estado-actual",
            says=("11 March 2026", "19 November 2025", "3 October 2025"),
            offers=("demanda-defensoria", "jueces-inaplican", "liberaciones"),
        ),
        Ask(
            "has anyone actually been released under it",
            "liberaciones",
            says=("Law 32419",),
        ),
        Ask(
            "which judges have refused to apply the amnesty law",
            "jueces-inaplican",
            says=("Leodan Cristóbal Ayala",),
        ),
        Ask(
            "what did the inter-american court order",
            "corte-idh-resoluciones-2025",
            says=("3 September",),
        ),
        Ask("what has the UN said about the amnesty", "onu-pronunciamientos", says=("Türk",)),
        Ask("how many people could benefit from the amnesty", "alcance-cifras", says=("156",)),
        Ask(
            "who can I interview, do you have press contacts",
            "prensa-contactos",
            says=("no verified press phone numbers", "amnistia.org.pe", "Jorge Montoya"),
        ),
        Ask("where does your information come from", "fuentes-memoria", says=("/sources",)),
        Command(
            "/sources estado-actual",
            says=("La República. (2026, March 11).", "PBS (vía Vininews). (2026, May 17)."),
        ),
    ),
)

JOURNALIST_ES = Journey(
    "es",
    (
        Ask(
            "soy periodista, cual es la situacion de la amnistia a la fecha",
            "estado-actual",
            says=("11 de marzo de 2026", "nada posterior a junio de 2026"),
        ),
        Ask(
            "el tc ya resolvio la demanda de la defensoria?",
            "demanda-defensoria",
            says=("11 de marzo de 2026",),
        ),
        Ask("hay militares liberados por la ley 32419?", "liberaciones", says=("Urresti",)),
        Ask("cuantos casos afecta la amnistia", "alcance-cifras", says=("156",)),
        Ask("que dijo la onu sobre la amnistia", "onu-pronunciamientos", says=("Türk",)),
        Ask(
            "con quien puedo hablar para una entrevista sobre la ley",
            "prensa-contactos",
            says=("no tiene teléfonos ni correos de prensa verificados", "Gloria Cano"),
        ),
        Ask("cronologia de la ley de amnistia", "cronologia", says=("13 de agosto de 2025",)),
        Ask("como cito tus fuentes en apa", "fuentes-memoria", says=("/fuentes ley-32419",)),
        Command(
            "/fuentes ley-32419",
            says=("RPP. (2025, 14 de agosto). [el Gobierno oficializa la Ley 32419].",),
        ),
    ),
)

GROUP_ADMIN_ES = Journey(
    "es",
    (
        Ask(
            "hola, quiero agregar este bot al grupo de mi comunidad, que lee?",
            "grupos-agregar",
            says=("No hace falta hacerlo administrador", "No lee ni guarda"),
            offers=("grupos-alertas",),
        ),
        Join(says=("No leo las demás conversaciones",)),
        Chatter("buenas tardes vecinos, la reunion es el sabado a las 3"),
        GroupAlerts("/alertas@bot si", by_admin=False, says=("Solo un administrador",)),
        GroupAlerts("/alertas@bot si", by_admin=True, says=("Este grupo recibe alertas",)),
        Ask(
            "como hacen los demas para recibir las alertas del grupo",
            "grupos-alertas",
            says=("no tienen que hacer nada",),
            in_group=True,
        ),
        Ask("funciona en whatsapp?", "whatsapp", says=("Compartir imagen",)),
        Ask(
            "como reenvio una respuesta del bot a otro grupo",
            "compartir-respuestas",
            says=("Reenviar", "Enlace"),
            offers=("whatsapp",),
        ),
        Inline(
            "familiares",
            includes="familiares-que-hacer",
        ),
    ),
)

GROUP_ADMIN_EN = Journey(
    "en",
    (
        Ask(
            "how do I add this bot to our community group and what will it read",
            "grupos-agregar",
            says=("It does not need to be an admin", "It does not read or store"),
        ),
        Join(says=("I only answer",)),
        Chatter("good evening everyone, meeting moved to saturday"),
        GroupAlerts("/alerts@bot yes", by_admin=True, says=("This group gets alerts",)),
        Ask(
            "do the rest of us need to sign up for the alerts?",
            "grupos-alertas",
            says=("need to do nothing",),
            in_group=True,
        ),
        Ask(
            "is there a whatsapp version? most of our members use whatsapp",
            "whatsapp",
            says=("has no WhatsApp version",),
        ),
        Ask(
            "how do i send an answer to people who don't have telegram",
            "whatsapp",
            says=("Share image",),
        ),
        Ask(
            "can i share your answers in other chats",
            "compartir-respuestas",
            says=("Forward", "Link"),
            offers=("whatsapp",),
        ),
        Inline("putis", includes="putis"),
        Command("/privacy", says=("Questions I could not answer", "/forget")),
    ),
)

JOURNEYS: dict[str, Journey] = {
    "relative-es": RELATIVE_ES,
    "relative-en": RELATIVE_EN,
    "supporter-es": SUPPORTER_ES,
    "supporter-en": SUPPORTER_EN,
    "journalist-es": JOURNALIST_ES,
    "journalist-en": JOURNALIST_EN,
    "group-admin-es": GROUP_ADMIN_ES,
    "group-admin-en": GROUP_ADMIN_EN,
}


def _journey_params() -> list[Any]:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason="; ".join(j.gaps))] if j.gaps else [],
        )
        for name, j in JOURNEYS.items()
    ]


@pytest.mark.parametrize("name", _journey_params())
async def test_journey(memoria: Bot, shipped: Knowledge, name: str) -> None:
    assert await play(memoria, shipped, JOURNEYS[name], with_gaps=True) == []


GAPPED = [name for name, journey in JOURNEYS.items() if journey.gaps]

# Only while some journey has a known gap (none since session 6): no empty, skipped test.
if GAPPED:

    @pytest.mark.parametrize("name", GAPPED)
    async def test_journey_without_its_known_gaps(
        memoria: Bot, shipped: Knowledge, name: str
    ) -> None:
        assert await play(memoria, shipped, JOURNEYS[name], with_gaps=False) == []


def test_every_journey_has_six_turns_or_more_in_both_languages() -> None:
    assert {name: len(j.steps) for name, j in JOURNEYS.items() if len(j.steps) < 6} == {}
    people = {name.rsplit("-", 1)[0] for name in JOURNEYS}
    assert {
        (who, j.lang) for who in people for j in [JOURNEYS[f"{who}-es"], JOURNEYS[f"{who}-en"]]
    } == {(who, lang) for who in people for lang in ("es", "en")}


def test_every_turn_that_gets_an_answer_checks_what_it_says() -> None:
    # An answer passes on its content, not on merely arriving: each question, tap or command
    # names at least one phrase of the reply (a sourced fact, a date, a name).
    unchecked = [
        (name, step)
        for name, j in JOURNEYS.items()
        for step in j.steps
        if isinstance(step, Ask | Press | Command) and not step.says
    ]
    assert unchecked == []


@pytest.mark.parametrize(
    ("text", "lang", "case"),
    [
        (
            "a mi abuelo lo mataron los soldados en accomarca en 1985, ¿qué se sabe de ese caso?",
            "es",
            "accomarca",
        ),
        ("my uncle was killed in Putis in 1984. what happened with that case?", "en", "putis"),
        (
            "mi tia contaba que en accomarca mataron a su esposo y a sus hijos, sera verdad eso?",
            "es",
            "accomarca",
        ),
    ],
)
def test_a_relative_asking_about_the_case_their_story_names_gets_that_case_first(
    shipped: Knowledge, text: str, lang: str, case: str
) -> None:
    # Not what relatives can do ("qué puedo hacer" gets that): the case they ask about.
    answer = shipped.answerer.ask(text, lang)
    assert answer.item_id == case
    assert answer.acknowledge == "loss"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_argument_opens_with_the_supporters_view_not_a_verdict(
    shipped: Knowledge, lang: str
) -> None:
    # Every topic of "Argumentos y hechos" (mito-*, argumento-*): neither its title nor the
    # first words of its answer are "Falso", "Mito" or another verdict.
    opens: dict[str, str] = {}
    for topic in shipped.content.topics.values():
        if topic.category != "myths":
            continue
        title = topic.title.text(lang)
        text = parse_html(shipped.renderer.render(shipped.answerer.item(topic.id, lang))[0])[0]
        assert text.startswith(title), topic.id
        body = text[len(title) :].lstrip()
        if title.lstrip('«"').startswith(DISMISSIVE) or body.startswith(DISMISSIVE):
            opens[topic.id] = f"{title} | {body[:40]}"
    assert len([t for t in shipped.content.topics.values() if t.category == "myths"]) >= 9
    assert opens == {}
