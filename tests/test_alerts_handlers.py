"""/alertas and /broadcast end to end: the real application against the fake Bot API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.broadcast import Broadcaster
from tests.broadcasting import ADMIN, delivered, subscribe_many
from tests.conftest import Bot
from tests.faketelegram import callback_update, edited_message_update, message_update

USER = 5001
GROUP = -100777
GROUP_ADMIN = 9


def _texts(bot: Bot, chat_id: int) -> list[str]:
    return [str(m["text"]) for m in bot.fake.sent_messages(chat_id)]


def _datas(params: Any) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row]


def _broadcasts(bot: Bot) -> Broadcaster:
    deps = bot.application.bot_data.deps
    assert deps is not None
    assert deps.broadcasts is not None
    return deps.broadcasts


@pytest.fixture
async def sending(telegram_bot: Bot) -> AsyncIterator[Broadcaster]:
    """The application's broadcaster, sending in the background (as ``run`` does)."""
    broadcasts = _broadcasts(telegram_bot)
    broadcasts.progress_every = 0.2
    broadcasts.start(scheduler=False)
    yield broadcasts
    await broadcasts.stop()


# -- /alertas ----------------------------------------------------------------------------------


async def test_alerts_shows_what_subscribing_means_and_topic_buttons(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/alertas", chat_id=USER))
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert "No estás suscrito" in sent["text"]
    assert "Si te suscribes" in sent["text"]
    assert "/alertas no" in sent["text"]
    assert _datas(sent) == ["a:t:court", "a:t:action", "a:t:anniversary", "a:on"]


@pytest.mark.parametrize("text", ["/alertas sí", "/alertas si", "/alerts yes", "/alerts on"])
async def test_one_step_subscribes_to_every_topic_with_consent_recorded(
    telegram_bot: Bot, text: str
) -> None:
    before = datetime.now(UTC)
    await telegram_bot.feed(message_update(text, chat_id=USER))
    subscriber = await telegram_bot.store.subscribers.get(USER)
    assert subscriber is not None
    assert subscriber.active
    assert subscriber.audiences == ("action", "anniversary", "court")
    assert subscriber.wording_version == "2026-11-27"
    assert before - timedelta(seconds=1) <= subscriber.consented_at <= datetime.now(UTC)
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert "a:off" in _datas(sent)


@pytest.mark.parametrize("text", ["/alertas no", "/alerts off"])
async def test_one_step_unsubscribes(telegram_bot: Bot, text: str) -> None:
    await telegram_bot.feed(message_update("/alertas si", chat_id=USER))
    await telegram_bot.feed(message_update(text, chat_id=USER))
    subscriber = await telegram_bot.store.subscribers.get(USER)
    assert subscriber is not None
    assert not subscriber.active
    assert "te diste de baja" in _texts(telegram_bot, USER)[-1]


async def test_topic_buttons_switch_one_topic_each(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/alertas", chat_id=USER))
    status = telegram_bot.fake.messages(USER)[-1]["message_id"]
    for data in ("a:t:court", "a:t:anniversary", "a:t:court"):
        await telegram_bot.feed(
            callback_update(data, chat_id=USER, user_id=USER, message_id=status)
        )
    subscriber = await telegram_bot.store.subscribers.get(USER)
    assert subscriber is not None
    assert subscriber.audiences == ("anniversary",)
    edits = telegram_bot.fake.calls("editMessageText")
    assert len(edits) == 3
    assert "✅ Aniversarios" in str(edits[-1].params["text"])
    await telegram_bot.feed(
        callback_update("a:off", chat_id=USER, user_id=USER, message_id=status)
    )
    gone = await telegram_bot.store.subscribers.get(USER)
    assert gone is not None
    assert not gone.active


async def test_unclear_argument_gets_the_usage(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/alertas quizas", chat_id=USER))
    assert "/alertas si" in _texts(telegram_bot, USER)[0]
    assert await telegram_bot.store.subscribers.get(USER) is None


async def test_only_a_group_admin_subscribes_the_group(telegram_bot: Bot) -> None:
    telegram_bot.fake.set_admins(GROUP, [GROUP_ADMIN])
    await telegram_bot.feed(
        message_update("/alertas si", chat_id=GROUP, user_id=USER, chat_type="supergroup")
    )
    assert await telegram_bot.store.subscribers.get(GROUP) is None
    assert "Solo un administrador" in _texts(telegram_bot, GROUP)[0]
    await telegram_bot.feed(
        message_update("/alertas si", chat_id=GROUP, user_id=GROUP_ADMIN, chat_type="supergroup")
    )
    subscriber = await telegram_bot.store.subscribers.get(GROUP)
    assert subscriber is not None
    assert (subscriber.active, subscriber.chat_type) == (True, "supergroup")


async def test_an_anonymous_group_admin_may_subscribe_the_group(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update("/alertas si", chat_id=GROUP, chat_type="supergroup", sender_chat=GROUP)
    )
    subscriber = await telegram_bot.store.subscribers.get(GROUP)
    assert subscriber is not None
    assert subscriber.active


async def test_a_group_member_pressing_a_topic_gets_a_refusal(telegram_bot: Bot) -> None:
    telegram_bot.fake.set_admins(GROUP, [GROUP_ADMIN])
    await telegram_bot.feed(
        callback_update("a:on", chat_id=GROUP, user_id=USER, message_id=1, chat_type="supergroup")
    )
    assert await telegram_bot.store.subscribers.get(GROUP) is None
    [answered] = telegram_bot.fake.calls("answerCallbackQuery")
    assert "Solo un administrador" in answered.params["text"]


# -- /broadcast: who may --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (message_update("/broadcast alerta-prueba", chat_id=USER), "solo para quienes"),
        (
            message_update(
                "/broadcast alerta-prueba", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup"
            ),
            "chat privado",
        ),
        (
            message_update(
                "/broadcast alerta-prueba",
                chat_id=GROUP,
                chat_type="supergroup",
                sender_chat=GROUP,
            ),
            "administrador anónimo",
        ),
        (message_update("/broadcast alerta-prueba", chat_id=ADMIN, forward=True), "reenviado"),
    ],
    ids=["not-admin", "group", "anonymous-admin", "forwarded"],
)
async def test_broadcast_is_refused_to_anyone_but_an_admin_typing_in_private(
    telegram_bot: Bot, update: dict[str, Any], expected: str
) -> None:
    await telegram_bot.feed(update)
    [sent] = telegram_bot.fake.sent_messages()
    assert expected in sent["text"]
    assert _datas(sent) == []


# -- /broadcast: preview, confirm, progress, report ---------------------------------------------


async def _preview(bot: Bot, text: str = "/broadcast alerta-prueba") -> list[Any]:
    await bot.feed(message_update(text, chat_id=ADMIN))
    return bot.fake.sent_messages(ADMIN)


async def test_preview_shows_each_language_as_subscribers_will_see_it(telegram_bot: Bot) -> None:
    await subscribe_many(telegram_bot.store, [1, 2], language="es")
    await subscribe_many(telegram_bot.store, [3], language="en")
    es, en, confirm = await _preview(telegram_bot)
    assert str(es["text"]).startswith("📣 <b>Alerta de prueba</b>")
    assert str(en["text"]).startswith("📣 <b>Test alert</b>")
    urls = [b["url"] for row in es["reply_markup"]["inline_keyboard"] for b in row]
    assert urls == ["https://t.me/memoria_test_bot?start=tema-uno"]
    assert "Español: 2 chats" in confirm["text"]
    assert "English: 1 chats" in confirm["text"]
    assert _datas(confirm) == ["b:go:action", "b:no"]


async def test_confirm_sends_once_to_everyone_with_progress_and_a_report(
    telegram_bot: Bot, sending: Broadcaster
) -> None:
    await subscribe_many(telegram_bot.store, [11, 12, 13])
    es, _, confirm = await _preview(telegram_bot)
    confirm_id = telegram_bot.fake.messages(ADMIN)[-1]["message_id"]
    press = callback_update("b:go:action", chat_id=ADMIN, user_id=ADMIN, message_id=confirm_id)
    await telegram_bot.feed(press)
    await telegram_bot.feed(
        callback_update("b:go:action", chat_id=ADMIN, user_id=ADMIN, message_id=confirm_id)
    )
    report = await _wait_for_text(telegram_bot, ADMIN, "Informe")
    assert "Enviadas: 3" in report
    assert "idempotencia" in report
    assert delivered(telegram_bot.fake, [11, 12, 13]) == {11: 1, 12: 1, 13: 1}
    assert [m["text"] for m in telegram_bot.fake.sent_messages(11)] == [es["text"]]
    assert len(await telegram_bot.store.campaigns.recent()) == 1
    edits = [str(c.params["text"]) for c in telegram_bot.fake.calls("editMessageText")]
    assert "Enviando la alerta" in edits[0]
    assert any("ya se está enviando" in text for text in edits)
    del confirm


async def test_an_edited_broadcast_command_does_nothing(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        edited_message_update("/broadcast alerta-prueba", chat_id=ADMIN, message_id=77)
    )
    assert telegram_bot.fake.sent_messages(ADMIN) == []


async def test_preview_dates_the_alerts_facts_and_warns_when_they_are_old(
    telegram_bot: Bot,
) -> None:
    # The sample alert's facts are as of 1 October 2026: more than ALERT_STALE_AFTER_DAYS (30)
    # before any day these tests run.
    *_, confirm = await _preview(telegram_bot)
    assert "Datos de la alerta al 1 de octubre de 2026." in confirm["text"]
    assert "⚠️ Esos datos tienen" in confirm["text"]
    assert "revisa que sigan siendo ciertos" in confirm["text"]


async def test_a_free_text_preview_has_no_facts_date(telegram_bot: Bot) -> None:
    [_, confirm] = await _preview(telegram_bot, "/broadcast Marcha el jueves\nA las 5 pm.")
    assert "Datos de la alerta" not in confirm["text"]
    assert "⚠️" not in confirm["text"]


async def test_a_free_text_preview_offers_one_button_per_topic(telegram_bot: Bot) -> None:
    [preview, confirm] = await _preview(
        telegram_bot, "/broadcast Marcha el jueves\nA las 5 pm en la plaza San Martín."
    )
    assert str(preview["text"]).startswith("📣 <b>Marcha el jueves</b>")
    assert _datas(confirm) == ["b:go:court", "b:go:action", "b:go:anniversary", "b:no"]


async def test_an_unknown_alert_id_gets_the_closest_ones(telegram_bot: Bot) -> None:
    [sent] = await _preview(telegram_bot, "/broadcast alerta-prueva")
    assert "Quizás quisiste decir" in sent["text"]
    assert "alerta-prueba" in sent["text"]


async def test_a_confirm_without_its_preview_is_expired(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        callback_update("b:go:action", chat_id=ADMIN, user_id=ADMIN, message_id=999)
    )
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert "ya no vale" in edit.params["text"]
    assert await telegram_bot.store.campaigns.recent() == []


async def test_cancel_sends_nothing(telegram_bot: Bot) -> None:
    await _preview(telegram_bot)
    confirm_id = telegram_bot.fake.messages(ADMIN)[-1]["message_id"]
    await telegram_bot.feed(
        callback_update("b:no", chat_id=ADMIN, user_id=ADMIN, message_id=confirm_id)
    )
    await telegram_bot.feed(
        callback_update("b:go:action", chat_id=ADMIN, user_id=ADMIN, message_id=confirm_id)
    )
    assert await telegram_bot.store.campaigns.recent() == []


async def test_a_non_admin_cannot_press_confirm(telegram_bot: Bot) -> None:
    await _preview(telegram_bot)
    confirm_id = telegram_bot.fake.messages(ADMIN)[-1]["message_id"]
    await telegram_bot.feed(
        callback_update("b:go:action", chat_id=ADMIN, user_id=USER, message_id=confirm_id)
    )
    assert await telegram_bot.store.campaigns.recent() == []


async def test_questions_are_answered_fast_during_a_broadcast(
    telegram_bot: Bot, sending: Broadcaster
) -> None:
    await subscribe_many(telegram_bot.store, range(100, 400))
    await _preview(telegram_bot)
    confirm_id = telegram_bot.fake.messages(ADMIN)[-1]["message_id"]
    await telegram_bot.feed(
        callback_update("b:go:action", chat_id=ADMIN, user_id=ADMIN, message_id=confirm_id)
    )
    await telegram_bot.fake.await_for("sendMessage", count=20)
    await telegram_bot.feed(message_update("¿qué dice la norma de prueba?", chat_id=USER))
    assert _texts(telegram_bot, USER)[0].startswith("<b>¿Qué dice la norma de prueba?</b>")
    # Answered while the broadcast is still going, not queued behind its 300 sends.
    assert sum(delivered(telegram_bot.fake, range(100, 400)).values()) < 300


async def _wait_for_text(bot: Bot, chat_id: int, needle: str) -> str:
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        for text in _texts(bot, chat_id):
            if needle in text:
                return text
        await asyncio.sleep(0.05)
    raise AssertionError(f"no message with {needle!r} in chat {chat_id}: {_texts(bot, chat_id)}")


async def test_an_edited_alerts_command_does_nothing(telegram_bot: Bot) -> None:
    await telegram_bot.feed(edited_message_update("/alertas si", chat_id=USER, message_id=78))
    assert telegram_bot.fake.sent_messages(USER) == []
    assert await telegram_bot.store.subscribers.get(USER) is None
