"""Whole messages end to end (issue #12): the real application against the fake Bot API.

A greeting, an introduction or a story around the question; "ok" and "👍"; a long message.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import Bot
from tests.faketelegram import message_update

USER = 6001


def _sent(bot: Bot) -> list[dict[str, Any]]:
    return [dict(m) for m in bot.fake.sent_messages(USER)]


def _datas(sent: dict[str, Any]) -> list[str]:
    markup = sent.get("reply_markup") or {}
    return [str(b.get("callback_data")) for row in markup.get("inline_keyboard", []) for b in row]


async def test_a_story_with_a_question_is_answered_after_one_sober_sentence(
    telegram_bot: Bot,
) -> None:
    await telegram_bot.feed(
        message_update(
            "buenas noches, disculpe la molestia. mi hermano desaparecio en 1984, "
            "¿qué dice la norma de prueba?",
            chat_id=USER,
        )
    )
    [sent] = _sent(telegram_bot)
    first, _, rest = str(sent["text"]).partition("\n\n")
    assert first == "Lamento mucho lo que vivió tu familia."
    assert rest.startswith("<b>¿Qué dice la norma de prueba?</b>")
    assert "v:d:es:tema-uno" in _datas(sent)  # the item's own answer, its detail one tap away


async def test_an_english_introduction_is_set_aside(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update(
            "Hi, I'm a journalist based in Madrid. What does the test rule say?",
            chat_id=USER,
            language_code="es",
        )
    )
    [sent] = _sent(telegram_bot)
    assert str(sent["text"]).startswith("<b>What does the test rule say?</b>")


async def test_ok_and_a_thumbs_up_get_a_short_kind_reply(telegram_bot: Bot) -> None:
    for text in ("ok", "👍"):
        await telegram_bot.feed(message_update(text, chat_id=USER))
    replies = _sent(telegram_bot)
    assert [str(r["text"]) for r in replies] == [
        "De acuerdo. Si tienes otra pregunta, escríbemela.",
    ] * 2
    assert all(_datas(r) == ["m"] for r in replies)
    assert await telegram_bot.store.questions.logged() == []


async def test_a_long_message_is_answered_not_refused(telegram_bot: Bot) -> None:
    story = "mi familia es de una comunidad de las alturas y siempre nos conto lo de esos años, "
    text = "buenas noches, disculpe que escriba tan largo. " + story * 36
    text += "¿qué dice la norma de prueba?"
    assert 3000 < len(text) <= 4096
    await telegram_bot.feed(message_update(text, chat_id=USER))
    [sent] = _sent(telegram_bot)
    assert str(sent["text"]).startswith("<b>¿Qué dice la norma de prueba?</b>")
    assert "muy largo" not in str(sent["text"])


async def test_an_unanswered_long_message_is_logged_cut_short(telegram_bot: Bot) -> None:
    text = "receta de ceviche con limon y aji, " * 100
    await telegram_bot.feed(message_update(text, chat_id=USER))
    [logged] = await telegram_bot.store.questions.logged()
    assert logged.outcome == "fallback"
    assert len(logged.text) == 1000


async def test_a_forwarded_rumour_is_answered_with_the_claim_it_carries(memoria: Bot) -> None:
    """The carrier ("me pasaron un audio en whatsapp que dice que") is set aside: the claim is
    the question, answered directly with the myth it repeats, not the WhatsApp topic."""
    await memoria.feed(
        message_update(
            "me pasaron un audio en whatsapp que dice que con esta ley liberan a los "
            "terroristas, es verdad?",
            chat_id=USER,
        )
    )
    [sent] = [dict(m) for m in memoria.fake.sent_messages(USER)]
    assert "v:d:es:mito-terroristas" in _datas(sent)
    assert not any("whatsapp" in d for d in _datas(sent))


async def test_a_loss_told_with_nothing_asked_gets_one_sober_sentence_and_the_relatives_topics(
    memoria: Bot,
) -> None:
    await memoria.feed(
        message_update("hoy mi papá cumpliría 80 años. nunca lo encontramos", chat_id=USER)
    )
    [sent] = [dict(m) for m in memoria.fake.sent_messages(USER)]
    first, _, rest = str(sent["text"]).partition("\n\n")
    assert first == "Lamento mucho lo que vivió tu familia."
    assert rest.startswith("Si te sirve, aquí puedes ver cómo se busca")
    assert _datas(sent)[:3] == [
        "i:busqueda-desaparecidos",
        "i:familiares-que-hacer",
        "i:organizaciones-apoyo",
    ]
