"""A conversation that remembers, end to end through the fake Bot API.

Follow-ups about the last item shown, the language kept across turns, the memory's expiry, and
/olvidar deleting it. The Ley 32419 tests run on the repository's own content.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Store
from tests.conftest import LOG_AUDIT, Bot, running_bot
from tests.faketelegram import FakeTelegram, callback_update, message_update

USER = 7_340_001
WINDOW = timedelta(hours=6)


def _texts(bot: Bot, chat_id: int = USER) -> list[str]:
    return [str(m["text"]) for m in bot.fake.sent_messages(chat_id)]


async def _remembered(bot: Bot, chat_id: int = USER) -> tuple[str | None, str | None] | None:
    found = await bot.store.conversations.recall(chat_id, since=datetime.now(UTC) - WINDOW)
    return None if found is None else (found.lang, found.last_item)


@pytest.fixture(scope="module")
def real_knowledge() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


@pytest.fixture
async def real_bot(
    fake_telegram: FakeTelegram, real_knowledge: Knowledge, tmp_path: Path
) -> AsyncIterator[Bot]:
    """The real application on the repository's content (as conftest's ``telegram_bot``)."""
    async with running_bot(fake_telegram, real_knowledge, tmp_path) as bot:
        yield bot


async def test_who_signed_it_after_ley_32419_answers_about_that_law(real_bot: Bot) -> None:
    await real_bot.feed(message_update("¿qué es la ley 32419?", chat_id=USER))
    await real_bot.feed(message_update("y quien la firmo?", chat_id=USER))
    first, follow_up = _texts(real_bot)
    assert first.startswith("<b>¿Qué es la Ley 32419?</b>")
    assert follow_up.startswith("<b>¿Qué es la Ley 32419?</b>")
    # Its detail: who proposed and co-signed the bill.
    assert "Jorge Montoya" in follow_up
    assert "<b>Fuentes</b>" in follow_up
    assert await _remembered(real_bot) == ("es", "ley-32419")


async def test_in_english_please_repeats_the_spanish_answer_in_english(real_bot: Bot) -> None:
    await real_bot.feed(message_update("¿qué es la ley 32419?", chat_id=USER))
    await real_bot.feed(message_update("in English please", chat_id=USER))
    assert _texts(real_bot)[-1].startswith("<b>What is Law 32419?</b>")
    assert await _remembered(real_bot) == ("en", "ley-32419")


async def test_follow_up_about_a_case_opened_by_a_button(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/temas", chat_id=USER))
    menu = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update("i:caso-prueba", chat_id=USER, user_id=USER, message_id=menu["message_id"])
    )
    await telegram_bot.feed(message_update("y eso cuando fue?", chat_id=USER))
    answer = _texts(telegram_bot)[-1]
    assert answer.startswith("<b>Caso de prueba</b>")
    assert "<b>Fecha:</b> 1 de enero de 1985" in answer


async def test_the_language_is_kept_across_turns(telegram_bot: Bot) -> None:
    # The client says Spanish; the chat writes English once, then a message with no cues.
    await telegram_bot.feed(
        message_update("what does the test rule say", chat_id=USER, language_code="es")
    )
    await telegram_bot.feed(message_update("carta", chat_id=USER, language_code="es"))
    await telegram_bot.feed(message_update("/ayuda", chat_id=USER, language_code="es"))
    first, letter, help_ = _texts(telegram_bot)
    assert first.startswith("<b>What does the test rule say?</b>")
    assert letter.startswith("<b>Test letter template</b>")
    assert "How to use Memoria" in help_
    # Until it writes Spanish.
    await telegram_bot.feed(message_update("¿qué dice la norma?", chat_id=USER))
    await telegram_bot.feed(message_update("carta", chat_id=USER))
    assert _texts(telegram_bot)[-1].startswith("<b>Modelo de carta de prueba</b>")


async def test_a_chosen_language_wins_over_the_remembered_one(telegram_bot: Bot) -> None:
    await telegram_bot.store.chats.set_language(USER, "es", datetime.now(UTC))
    await telegram_bot.feed(message_update("what does the test rule say", chat_id=USER))
    await telegram_bot.feed(message_update("carta", chat_id=USER))
    assert _texts(telegram_bot)[-1].startswith("<b>Modelo de carta de prueba</b>")


async def test_an_expired_memory_is_ignored(telegram_bot: Bot) -> None:
    long_ago = datetime.now(UTC) - WINDOW - timedelta(minutes=1)
    await telegram_bot.store.conversations.remember(
        USER, lang="en", last_item="tema-uno", last_case=None, now=long_ago
    )
    await telegram_bot.feed(message_update("mas detalles", chat_id=USER, language_code=None))
    [answer] = _texts(telegram_bot)
    assert not answer.startswith("<b>¿Qué dice la norma de prueba?</b>")
    assert not answer.startswith("<b>What does the test rule say?</b>")


async def test_forget_deletes_the_conversation(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("what does the test rule say", chat_id=USER))
    assert await _remembered(telegram_bot) == ("en", "tema-uno")
    await telegram_bot.feed(message_update("/olvidar", chat_id=USER))
    ask = telegram_bot.fake.messages(USER)[-1]
    assert "conversation" in ask["text"] or "conversación" in ask["text"]
    await telegram_bot.feed(
        callback_update("o:yes", chat_id=USER, user_id=USER, message_id=ask["message_id"])
    )
    assert await _remembered(telegram_bot) is None
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert "1 records" in edit.params["text"] or "1 registros" in edit.params["text"]
    # Nothing left to follow up on.
    await telegram_bot.feed(message_update("more details", chat_id=USER))
    assert not _texts(telegram_bot)[-1].startswith("<b>What does the test rule say?</b>")


async def test_privacy_tells_about_the_conversation_memory(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/privacidad", chat_id=USER))
    text = _texts(telegram_bot)[-1]
    assert "el último tema o caso que te mostré" in text
    assert "pasan 6 horas" in text
    assert "conversación reciente" in text


async def test_logs_hold_neither_the_chat_id_nor_the_follow_up(telegram_bot: Bot) -> None:
    start = len(LOG_AUDIT.getvalue())
    await telegram_bot.feed(message_update("que dice la norma de prueba", chat_id=USER))
    await telegram_bot.feed(message_update("y quién la firmó exactamente?", chat_id=USER))
    logged = LOG_AUDIT.getvalue()[start:]
    assert "event=question" in logged
    assert str(USER) not in logged
    assert "firm" not in logged


async def test_housekeeping_deletes_expired_conversations(tmp_path: Path) -> None:
    from bot.serve import tidy

    now = datetime(2026, 12, 5, 12, tzinfo=UTC)
    settings = Settings.from_env({"CONVERSATION_MEMORY_HOURS": "2"})
    async with await Store.open(f"sqlite:///{tmp_path / 't.db'}") as store:
        for chat_id, hours in ((1, 3), (2, 1)):
            await store.conversations.remember(
                chat_id,
                lang="es",
                last_item=None,
                last_case=None,
                now=now - timedelta(hours=hours),
            )
        await tidy(store, settings, now)
        assert await store.chats.forget(1) == 0
        assert await store.chats.forget(2) == 1
