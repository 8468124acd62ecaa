"""/fuentes TEMA: a topic's or case's sources as APA references."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot import knowledge
from bot.answer.references import Citation, citations
from bot.config import Settings
from bot.content import Case, Source, Topic
from bot.knowledge import Knowledge
from tests.conftest import Bot
from tests.faketelegram import message_update, parse_html

USER = 5003


def test_outlet_becomes_the_author_and_the_rest_a_description() -> None:
    source = Source("RPP: el Gobierno oficializa la Ley 32419", "https://rpp.pe/x", "2025-08-14")
    assert citations([source]) == (
        Citation(
            "RPP", date(2025, 8, 14), "el Gobierno oficializa la Ley 32419", "https://rpp.pe/x"
        ),
    )


def test_a_title_without_a_colon_is_the_author_and_no_date_stays_none() -> None:
    [cited] = citations([Source("Infobae", "https://infobae.com/y")])
    assert (cited.author, cited.date, cited.description) == ("Infobae", None, None)


def test_the_bot_itself_is_not_cited() -> None:
    assert citations([Source("Memoria (este bot / this bot)", None)]) == ()


async def test_sources_command_gives_apa_references_and_a_way_back(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/fuentes norma de prueba", chat_id=USER))
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert "Fuentes para citar: ¿Qué dice la norma de prueba?" in sent["text"]
    assert "Fuente de prueba. (2025, 14 de agosto). https://example.org/fuente" in sent["text"]
    datas = [
        b.get("callback_data") for row in sent["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert datas == ["i:tema-uno", "m"]


async def test_sources_command_in_english_uses_english_dates(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update("/sources the test rule", chat_id=USER, language_code="en")
    )
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert "Fuente de prueba. (2025, August 14). https://example.org/fuente" in sent["text"]


async def test_sources_command_without_a_topic_says_how_and_unknown_says_so(
    telegram_bot: Bot,
) -> None:
    await telegram_bot.feed(message_update("/fuentes", chat_id=USER))
    await telegram_bot.feed(message_update("/fuentes receta de ceviche", chat_id=USER))
    usage, unknown = telegram_bot.fake.sent_messages(USER)
    assert "/fuentes putis" in usage["text"]
    assert "No encontré ese tema" in unknown["text"]


@pytest.fixture(scope="module")
def real() -> Knowledge:
    """The repository's own content/, loaded strictly once for this module."""
    return knowledge.load(Settings.from_env({}), today=date(2026, 12, 5))


# One APA reference: Author. (year, month day) or (s. f.). [What it reports]. URL
APA = re.compile(
    r"^[^\n\[\]]+\. \((\d{4}, [^)]+|s\. f\.|n\.d\.)\)\. (\[[^\]\n]+\]\. )?https?://\S+$"
)


@pytest.mark.parametrize(
    ("command", "lang", "reference"),
    [
        (
            "ley-32419",
            "es",
            "RPP. (2025, 14 de agosto). [el Gobierno oficializa la Ley 32419]. "
            "https://rpp.pe/politica/gobierno/gobierno-oficializa-ley-de-amnistia-a-miembros-"
            "de-las-ffaa-pnp-y-comites-de-autodefensa-noticia-1650492",
        ),
        (
            "estado-actual",
            "en",
            "La República. (2026, March 11). [el TC deja al voto la demanda contra la ley de "
            "amnistía]. https://larepublica.pe/politica/2026/03/11/tribunal-constitucional-deja-"
            "al-voto-demanda-de-inconstitucional-contra-ley-de-amnistia-del-congreso-hnews-210276",
        ),
    ],
)
def test_sources_of_a_real_topic_are_apa_references(
    real: Knowledge, command: str, lang: str, reference: str
) -> None:
    answer = real.answerer.command("sources", command, lang)
    assert answer is not None
    texts = real.renderer.render(answer)
    plain = "\n".join(parse_html(text)[0] for text in texts)
    lines = [line for line in plain.splitlines() if "://" in line]
    assert reference in lines
    assert [line for line in lines if not APA.match(line)] == []


# "RPP, 14 ago 2025": a day of publication written after the outlet, as titles once were.
DAY_IN_TITLE = re.compile(r", \d{1,2} [A-Za-z]{3}[a-z]* \d{4}")


def test_no_source_title_carries_its_day_of_publication(real: Knowledge) -> None:
    # The day belongs in the source's `date`, which /fuentes turns into the APA date.
    items: list[Topic | Case] = [*real.content.topics.values(), *real.content.cases.values()]
    dated = {
        f"{item.id}: {source.title}"
        for item in items
        for source in item.sources
        if DAY_IN_TITLE.search(source.title)
    }
    assert dated == set()
