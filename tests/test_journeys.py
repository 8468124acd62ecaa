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

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest

from bot import knowledge
from bot.config import Settings
from bot.content import Topic
from bot.knowledge import Knowledge
from tests.conftest import Bot, running_bot
from tests.faketelegram import (
    DEFAULT_BOT_USERNAME,
    FakeTelegram,
    callback_update,
    inline_query_update,
    message_update,
    my_chat_member_update,
    parse_html,
)

USER = 8001
ADMIN = 8002
MEMBER = 8003
GROUP = -1008004
BOT = f"@{DEFAULT_BOT_USERNAME}"
# How an argument's answer may not begin: the supporter's view comes first, stated fairly.
DISMISSIVE = ("Falso", "False", "Mito", "Myth", "No.")
TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def real() -> Knowledge:
    """The repository's own content/, loaded strictly once for this module."""
    return knowledge.load(Settings.from_env({"ORG_NAME": "Colectivo de prueba"}), today=TODAY)


@pytest.fixture
async def memoria(
    fake_telegram: FakeTelegram, real: Knowledge, tmp_path: Path
) -> AsyncIterator[Bot]:
    """The real application on the real content, a fresh SQLite store and the fake Bot API."""
    async with running_bot(fake_telegram, real, tmp_path, ORG_NAME="Colectivo de prueba") as bot:
        yield bot


@dataclass
class Session:
    """One person's conversation: who they are, in which language, and what the bot last said."""

    bot: Bot
    real: Knowledge
    lang: str
    last: dict[int, Mapping[str, Any]] = field(default_factory=dict)

    def title(self, item_id: str) -> str:
        found = self.real.content.item(item_id)
        assert found is not None, f"no topic or case {item_id!r}"
        return (found.title if isinstance(found, Topic) else found.name).text(self.lang)

    def sent_since(self, chat_id: int, before: int) -> list[Mapping[str, Any]]:
        return self.bot.fake.sent_messages(chat_id)[before:]

    async def say(self, text: str, *, chat_id: int, user_id: int, group: bool = False) -> int:
        """Send a message; return how many messages the chat had before it."""
        before = len(self.bot.fake.sent_messages(chat_id))
        await self.bot.feed(
            message_update(
                text, chat_id=chat_id, user_id=user_id, language_code=self.lang,
                chat_type="supergroup" if group else "private",
            )
        )  # fmt: skip
        return before


def _plain(params: Mapping[str, Any]) -> str:
    return parse_html(str(params["text"]))[0]


def _answer(s: Session, params: Mapping[str, Any]) -> str:
    """The reply without the one sentence that may acknowledge a loss before the answer."""
    text = _plain(params)
    sorry = s.real.content.strings(s.lang)["acknowledge.loss"]
    return text.removeprefix(sorry).lstrip() if text.startswith(sorry) else text


def _datas(params: Mapping[str, Any]) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [
        str(b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row
    ]


def _opens(datas: Sequence[str], item: str) -> str | None:
    """The button that opens ``item``: from a menu or list (i:) or as a related item (v:r:)."""
    related = [d for d in datas if d.startswith("v:r:") and d.endswith(f":{item}")]
    return f"i:{item}" if f"i:{item}" in datas else next(iter(related), None)


async def _detail(s: Session, chat: int, params: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Tap "Más detalle" under an answer in a private chat; the edited layer, or None."""
    press = next((d for d in _datas(params) if d.startswith("v:d:")), None)
    if press is None or chat != USER:
        return None
    message = s.bot.fake.messages(chat)[-1]
    before = len(s.bot.fake.calls("editMessageText"))
    await s.bot.feed(
        callback_update(
            press, chat_id=chat, user_id=USER, message_id=message["message_id"],
            language_code=s.lang,
        )
    )  # fmt: skip
    edits = s.bot.fake.calls("editMessageText")[before:]
    return edits[0].params if edits else None


def _check_answer(
    s: Session,
    params: Mapping[str, Any],
    expect: str,
    says: Sequence[str],
    offers: Sequence[str],
    detail: Mapping[str, Any] | None = None,
) -> list[str]:
    """What is wrong with a reply that should be the answer ``expect``: its first layer, and
    its detail layer (one tap away) when given."""
    text, datas = _answer(s, params), _datas(params)
    if detail is not None:
        text, datas = f"{text}\n{_plain(detail)}", [*datas, *_datas(detail)]
    problems = []
    if not text.startswith(s.title(expect)):
        problems.append(f"expected {expect!r}, got: {text[:90]!r}")
        return problems
    problems += [f"{expect}: missing {phrase!r}" for phrase in says if phrase not in text]
    problems += [f"{expect}: no button to {o!r}" for o in offers if _opens(datas, o) is None]
    return problems


class Step(Protocol):
    """One turn of a journey: it plays itself and returns what went wrong."""

    @property
    def gap(self) -> str: ...

    async def play(self, s: Session) -> list[str]: ...


@dataclass(frozen=True)
class Ask:
    """The person writes a question; the topic ``expect`` must answer it."""

    text: str
    expect: str
    says: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    in_group: bool = False  # asked in the group by a member, mentioning the bot
    fair: bool = False  # an argument: the reply opens with the supporter's view, not a verdict
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        chat, user = (GROUP, MEMBER) if self.in_group else (USER, USER)
        text = f"{BOT} {self.text}" if self.in_group else self.text
        before = await s.say(text, chat_id=chat, user_id=user, group=self.in_group)
        sent = s.sent_since(chat, before)
        if len(sent) != 1:
            return [f"{self.text!r}: {len(sent)} replies"]
        s.last[chat] = s.bot.fake.messages(chat)[-1]
        body = _answer(s, sent[0])[len(s.title(self.expect)) :].lstrip()
        detail = await _detail(s, chat, sent[0])
        if detail is not None:
            s.last[chat] = s.bot.fake.messages(chat)[-1]
        problems = _check_answer(s, sent[0], self.expect, self.says, self.offers, detail)
        if self.fair and body.startswith(DISMISSIVE):
            problems.append(f"{self.expect}: opens with a verdict: {body[:40]!r}")
        return [f"{self.text!r} -> {p}" for p in problems]


@dataclass(frozen=True)
class Press:
    """The person taps the button that opens ``item`` under the bot's last message."""

    item: str
    says: tuple[str, ...] = ()
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        message = s.last[USER]
        if self.item.startswith("c:"):
            data: str | None = self.item if self.item in _datas(message) else None
        else:
            data = _opens(_datas(message), self.item)
        if data is None:
            return [f"no button to {self.item!r} under the last message"]
        before = len(s.bot.fake.calls("editMessageText"))
        await s.bot.feed(
            callback_update(
                data, chat_id=USER, user_id=USER, message_id=message["message_id"],
                language_code=s.lang,
            )
        )  # fmt: skip
        edits = s.bot.fake.calls("editMessageText")[before:]
        if len(edits) != 1:
            return [f"pressing {data!r}: {len(edits)} edits"]
        s.last[USER] = s.bot.fake.messages(USER)[-1]
        if self.item.startswith("c:"):
            text = _plain(edits[0].params)
            return [f"{data}: missing {p!r}" for p in self.says if p not in text]
        detail = await _detail(s, USER, edits[0].params)
        if detail is not None:
            s.last[USER] = s.bot.fake.messages(USER)[-1]
        return _check_answer(s, edits[0].params, self.item, self.says, (), detail)


@dataclass(frozen=True)
class Start:
    """/start: the welcome, whose menu opens with the relatives' category."""

    first_category: str
    says: tuple[str, ...] = ()
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = await s.say("/start", chat_id=USER, user_id=USER)
        [sent] = s.sent_since(USER, before)
        s.last[USER] = s.bot.fake.messages(USER)[-1]
        categories = [d for d in _datas(sent) if d.startswith("c:")]
        problems = [f"welcome: missing {p!r}" for p in self.says if p not in _plain(sent)]
        if categories[:1] != [f"c:{self.first_category}"]:
            problems.append(f"welcome menu starts with {categories[:1]}")
        return problems


@dataclass(frozen=True)
class Join:
    """An admin adds the bot to the group: one introduction saying what it reads."""

    says: tuple[str, ...]
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        s.bot.fake.set_admins(GROUP, [ADMIN])
        before = len(s.bot.fake.sent_messages(GROUP))
        update = my_chat_member_update(
            chat_id=GROUP, user_id=ADMIN, old_status="left", new_status="member",
            chat_type="supergroup",
        )  # fmt: skip
        update["my_chat_member"]["from"]["language_code"] = s.lang  # the admin's Telegram app
        await s.bot.feed(update)
        sent = s.sent_since(GROUP, before)
        if len(sent) != 1:
            return [f"joining: {len(sent)} messages"]
        return [f"intro: missing {p!r}" for p in self.says if p not in _plain(sent[0])]


@dataclass(frozen=True)
class Chatter:
    """Members talk among themselves: the bot stays silent."""

    text: str
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = await s.say(self.text, chat_id=GROUP, user_id=MEMBER, group=True)
        sent = s.sent_since(GROUP, before)
        return [f"answered group chatter {self.text!r}"] if sent else []


@dataclass(frozen=True)
class GroupAlerts:
    """Someone in the group sends /alertas@bot si (or /alerts yes)."""

    command: str
    by_admin: bool
    says: tuple[str, ...]
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        user = ADMIN if self.by_admin else MEMBER
        text = self.command.replace("@bot", BOT)
        before = await s.say(text, chat_id=GROUP, user_id=user, group=True)
        sent = s.sent_since(GROUP, before)
        if len(sent) != 1:
            return [f"{text!r}: {len(sent)} replies"]
        problems = [f"{text!r}: missing {p!r}" for p in self.says if p not in _plain(sent[0])]
        subscriber = await s.bot.store.subscriber(GROUP)
        subscribed = subscriber is not None and subscriber.active
        if subscribed != self.by_admin:
            problems.append(f"{text!r} by {'admin' if self.by_admin else 'member'}: {subscriber}")
        if subscriber is not None and subscriber.chat_type != "supergroup":
            problems.append(f"subscription stored as {subscriber.chat_type!r}")
        return problems


@dataclass(frozen=True)
class Inline:
    """In another chat the person types @bot and a word: answer cards to share."""

    query: str
    includes: str
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = len(s.bot.fake.calls("answerInlineQuery"))
        await s.bot.feed(inline_query_update(self.query, user_id=USER, language_code=s.lang))
        [call] = s.bot.fake.calls("answerInlineQuery")[before:]
        results = call.params["results"]
        ids = [r["id"] for r in results]
        if self.includes not in ids[:5]:
            return [f"inline {self.query!r}: {self.includes!r} not in the first cards {ids[:5]}"]
        card = results[ids.index(self.includes)]
        if card["title"] != s.title(self.includes):
            return [f"inline card titled {card['title']!r}"]
        return []


@dataclass(frozen=True)
class Journey:
    lang: str
    steps: tuple[Step, ...]

    @property
    def gaps(self) -> list[str]:
        return [step.gap for step in self.steps if step.gap]


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
            gap="'lleva 20 años' pulls to argumento-plazo-razonable; 'archivar' is not tied to "
            "'se archivan' / 'se cierra' (did-you-mean only)",
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
            gap="the margin rule (issue #12) makes it a did-you-mean with this topic first",
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
            gap="'dragged on' and 'closed' do not reach procesos-en-curso (fallback)",
        ),
        Ask(
            "how do we get the state to search for his remains",
            "busqueda-desaparecidos",
            says=("Law 30470",),
            gap="'get the state to search' / 'remains' only reach a did-you-mean",
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
            gap="the margin rule (issue #12) makes it a did-you-mean with this topic first",
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
            gap="'caviar', 'financiada', 'desde afuera' are unknown to the matcher "
            "(did-you-mean sobre-memoria only)",
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
            gap="'lets ... out' is not read as 'frees' (did-you-mean mito-terroristas only)",
        ),
        Ask(
            "who funds you? are you some foreign ngo",
            "sobre-memoria",
            says=("Colectivo de prueba",),
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
            gap="the self-introduction ('reporter in Madrid') drowns the question "
            "(did-you-mean estado-actual only)",
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
            gap="a follow-up with 'it' for the amnesty: the matcher has no conversation context",
        ),
        Ask(
            "which judges have refused to apply the amnesty law",
            "jueces-inaplican",
            says=("Leodan Cristóbal Ayala",),
        ),
        Ask(
            "what did the inter-american court order",
            "corte-idh-resoluciones-2025",
            says=("3 Sep 2025",),
            gap="corte-idh-medidas-2024 is as close: a did-you-mean with this topic first",
        ),
        Ask("what has the UN said about the amnesty", "onu-pronunciamientos", says=("Türk",)),
        Ask("how many people could benefit from the amnesty", "alcance-cifras"),
        Ask(
            "who can I interview, do you have press contacts",
            "prensa-contactos",
            says=("no verified press phone numbers", "amnistia.org.pe", "Jorge Montoya"),
        ),
        Ask("where does your information come from", "fuentes-memoria"),
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
            gap="the margin rule (issue #12) makes it a did-you-mean with this topic first",
        ),
        Ask("hay militares liberados por la ley 32419?", "liberaciones", says=("Urresti",)),
        Ask("cuantos casos afecta la amnistia", "alcance-cifras"),
        Ask("que dijo la onu sobre la amnistia", "onu-pronunciamientos", says=("Türk",)),
        Ask(
            "con quien puedo hablar para una entrevista sobre la ley",
            "prensa-contactos",
            says=("no tiene teléfonos ni correos de prensa verificados", "Gloria Cano"),
        ),
        Ask("cronologia de la ley de amnistia", "cronologia"),
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
        Inline(
            "familiares",
            includes="familiares-que-hacer",
            gap="six topics name 'familiares'; this one comes sixth",
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
        Inline("putis", includes="putis"),
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


async def _run(bot: Bot, real: Knowledge, journey: Journey, *, with_gaps: bool) -> list[str]:
    session = Session(bot, real, journey.lang)
    problems: list[str] = []
    for step in journey.steps:
        if step.gap and not with_gaps:
            continue
        problems += await step.play(session)
    return problems


def _journey_params() -> list[Any]:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason="; ".join(j.gaps))] if j.gaps else [],
        )
        for name, j in JOURNEYS.items()
    ]


@pytest.mark.parametrize("name", _journey_params())
async def test_journey(memoria: Bot, real: Knowledge, name: str) -> None:
    assert await _run(memoria, real, JOURNEYS[name], with_gaps=True) == []


@pytest.mark.parametrize("name", [n for n, j in JOURNEYS.items() if j.gaps])
async def test_journey_without_its_known_gaps(memoria: Bot, real: Knowledge, name: str) -> None:
    assert await _run(memoria, real, JOURNEYS[name], with_gaps=False) == []


def test_every_journey_has_six_turns_or_more() -> None:
    assert {name: len(j.steps) for name, j in JOURNEYS.items() if len(j.steps) < 6} == {}
