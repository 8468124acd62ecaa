"""/fuentes TEMA: a topic's or case's sources as APA references."""

from __future__ import annotations

from datetime import date

from bot.answer.references import Citation, citations
from bot.content import Source
from tests.conftest import Bot
from tests.faketelegram import message_update

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
