"""Privacy and abuse guards, end to end through the fake Bot API: /privacidad, /olvidar, flood."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import Bot
from tests.faketelegram import callback_update, message_update

USER = 6001
GROUP = -100888
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


async def test_privacy_states_what_is_kept_and_for_how_long(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/privacy", chat_id=USER, language_code="en"))
    [sent] = telegram_bot.fake.sent_messages(USER)
    text = str(sent["text"])
    assert "What data I keep and for how long" in text
    assert "deleted after 90 days" in text
    assert "/forget" in text


async def test_forget_deletes_every_row_after_confirming(telegram_bot: Bot) -> None:
    store = telegram_bot.store
    await store.chats.set_language(USER, "es", NOW)
    await store.subscribers.subscribe(
        USER,
        audiences=["court"],
        language="es",
        chat_type="private",
        wording_version="v1",
        now=NOW,
    )
    await store.campaigns.create(
        key="k1", audience="court", alert_id=None, texts={"es": "x"}, created_by="h", now=NOW
    )
    await telegram_bot.feed(message_update("/olvidar", chat_id=USER))
    ask = telegram_bot.fake.messages(USER)[-1]
    assert "¿Borro todo lo que guardo sobre este chat" in ask["text"]
    await telegram_bot.feed(
        callback_update("o:yes", chat_id=USER, user_id=USER, message_id=ask["message_id"])
    )
    assert await store.subscribers.get(USER) is None
    assert await store.chats.language(USER) is None
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert "Borré 4 registros" in edit.params["text"]
    assert await store.chats.forget(USER) == 0


async def test_forget_can_be_cancelled(telegram_bot: Bot) -> None:
    await telegram_bot.store.chats.set_language(USER, "es", NOW)
    await telegram_bot.feed(message_update("/olvidar", chat_id=USER))
    ask = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update("o:no", chat_id=USER, user_id=USER, message_id=ask["message_id"])
    )
    assert await telegram_bot.store.chats.language(USER) == "es"
    assert "No borré nada." in telegram_bot.fake.calls("editMessageText")[0].params["text"]


async def test_only_a_group_admin_may_forget_the_group(telegram_bot: Bot) -> None:
    await telegram_bot.store.chats.set_language(GROUP, "en", NOW)
    telegram_bot.fake.set_admins(GROUP, [1])
    await telegram_bot.feed(
        message_update(
            "/olvidar@memoria_test_bot", chat_id=GROUP, user_id=77, chat_type="supergroup"
        )
    )
    assert "only an admin" in str(telegram_bot.fake.sent_messages(GROUP)[-1]["text"])
    await telegram_bot.feed(
        callback_update("o:yes", chat_id=GROUP, user_id=77, message_id=1, chat_type="supergroup")
    )
    assert await telegram_bot.store.chats.language(GROUP) == "en"


async def test_flooding_user_is_warned_once_then_ignored(telegram_bot: Bot) -> None:
    for number in range(25):
        await telegram_bot.feed(message_update(f"norma de prueba {number}", chat_id=USER))
    texts = [str(m["text"]) for m in telegram_bot.fake.sent_messages(USER)]
    assert len(texts) == 21
    assert texts[-1] == "Vas muy rápido. Espera un minuto y vuelve a escribirme, por favor."
    await telegram_bot.feed(message_update("norma de prueba", chat_id=USER + 1))
    assert len(telegram_bot.fake.sent_messages(USER + 1)) == 1
