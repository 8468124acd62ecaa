"""End to end: the real PTB application against the fake Bot API over loopback HTTP.

Each test feeds Bot API updates and asserts on what crossed the wire.
"""

from __future__ import annotations

from typing import Any

from bot.answer import callbacks
from tests.conftest import Bot
from tests.faketelegram import (
    callback_update,
    chosen_inline_result_update,
    inline_query_update,
    message_update,
    my_chat_member_update,
)

USER = 5001
GROUP = -100777


def _texts(bot: Bot, chat_id: int | None = None) -> list[str]:
    return [str(m["text"]) for m in bot.fake.sent_messages(chat_id)]


def _buttons(call_params: dict[str, Any] | Any) -> list[dict[str, Any]]:
    markup = call_params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_private_question_gets_its_topic_first_layer_and_buttons(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("¿qué dice la norma de prueba?", chat_id=USER))
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert sent["parse_mode"] == "HTML"
    assert str(sent["text"]).startswith("<b>¿Qué dice la norma de prueba?</b>")
    assert "<i>Datos al 1 de octubre de 2026</i>" in sent["text"]
    assert "example.org" not in sent["text"]
    datas = [b.get("callback_data") for b in _buttons(sent)]
    # Share sends the share card (issue #18): a callback in a chat the bot sees.
    assert datas == ["v:d:es:tema-uno", "v:s:es:tema-uno", "k:es:tema-uno", "m"]
    assert not [b for b in _buttons(sent) if "switch_inline_query_chosen_chat" in b]


async def test_english_question_is_answered_in_english(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update("what does the test rule say", chat_id=USER, language_code="es")
    )
    assert _texts(telegram_bot, USER)[0].startswith("<b>What does the test rule say?</b>")


async def test_deep_link_start_opens_the_case(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/start caso-prueba", chat_id=USER))
    assert _texts(telegram_bot, USER)[0].startswith("<b>Caso de prueba</b>")


async def test_unknown_deep_link_payload_gets_the_welcome(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/start no-existe", chat_id=USER))
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert "Hola, soy Memoria." in sent["text"]
    assert any(str(b.get("callback_data", "")).startswith("c:") for b in _buttons(sent))


async def test_menu_buttons_edit_the_message_in_place(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/temas", chat_id=USER))
    menu = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update("c:law", chat_id=USER, user_id=USER, message_id=menu["message_id"])
    )
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert edit.params["message_id"] == menu["message_id"]
    assert "elige una pregunta" in edit.params["text"]
    assert "m" in [b.get("callback_data") for b in _buttons(edit.params)]
    [answered] = telegram_bot.fake.calls("answerCallbackQuery")
    assert answered.params["callback_query_id"]


async def test_button_of_a_deleted_topic_gets_a_kind_answer(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/temas", chat_id=USER))
    menu = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update("i:borrado", chat_id=USER, user_id=USER, message_id=menu["message_id"])
    )
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert "Ese tema ya no existe" in edit.params["text"]
    assert len(telegram_bot.fake.calls("answerCallbackQuery")) == 1


async def test_forged_button_data_gets_the_menu(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/temas", chat_id=USER))
    [menu] = telegram_bot.fake.sent_messages(USER)
    await telegram_bot.feed(message_update("¿qué dice la norma de prueba?", chat_id=USER))
    topic = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update("zz:!!", chat_id=USER, user_id=USER, message_id=topic["message_id"])
    )
    [edited] = telegram_bot.fake.calls("editMessageText")
    assert edited.params["message_id"] == topic["message_id"]
    assert edited.params["text"] == menu["text"] == "<b>Elige un tema</b>"
    assert _buttons(edited.params) == _buttons(menu)
    # One button per category that has topics in the sample tree, then the cases and the news.
    datas = [b.get("callback_data") for b in _buttons(edited.params)]
    assert datas == [
        callbacks.category("law"),
        callbacks.category("congress"),
        callbacks.case_page(1, ""),
        callbacks.NEWS,
    ]
    assert len(telegram_bot.fake.calls("answerCallbackQuery")) == 1


async def test_feedback_is_counted_without_the_user_and_buttons_go(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/start tema-uno_detail", chat_id=USER))
    answer = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update(
            "f:1:tema-uno",
            chat_id=USER,
            user_id=USER,
            message_id=answer["message_id"],
            reply_markup=answer["reply_markup"],
        )
    )
    assert await telegram_bot.store.feedback.votes() == {"tema-uno": (1, 0)}
    [thanks] = telegram_bot.fake.calls("answerCallbackQuery")
    assert thanks.params["text"] == "Gracias por tu opinión."
    [edited] = telegram_bot.fake.calls("editMessageReplyMarkup")
    assert not any(str(b.get("callback_data")).startswith("f:") for b in _buttons(edited.params))


async def test_inline_query_lists_ranked_cards(telegram_bot: Bot) -> None:
    await telegram_bot.feed(inline_query_update("norma de prueba", user_id=USER))
    [call] = telegram_bot.fake.calls("answerInlineQuery")
    results = call.params["results"]
    assert results[0]["id"] == "tema-uno"
    assert results[0]["title"] == "¿Qué dice la norma de prueba?"
    assert results[0]["description"]
    assert results[0]["input_message_content"]["parse_mode"] == "HTML"
    detail, sources = results[0]["reply_markup"]["inline_keyboard"][0]
    assert (detail["callback_data"], sources["callback_data"]) == (
        "v:d:es:tema-uno",
        "v:s:es:tema-uno",
    )
    menu = results[0]["reply_markup"]["inline_keyboard"][1][1]
    assert menu == {"text": "Menú", "url": "https://t.me/memoria_test_bot?start=menu"}
    assert call.params["cache_time"] <= 60


async def test_empty_inline_query_shows_useful_topics(telegram_bot: Bot) -> None:
    await telegram_bot.feed(inline_query_update("", user_id=USER, language_code="en"))
    [call] = telegram_bot.fake.calls("answerInlineQuery")
    ids = [r["id"] for r in call.params["results"]]
    assert ids[:2] == ["tema-uno", "tema-dos"]
    assert call.params["results"][0]["title"] == "What does the test rule say?"


async def test_chosen_inline_result_is_counted(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        chosen_inline_result_update("caso-prueba", user_id=USER, query="prueba")
    )
    assert await telegram_bot.store.feedback.top_asked(5) == [("caso-prueba", 1)]
    assert await telegram_bot.store.feedback.presses() == {}


async def test_an_answer_shared_with_the_share_button_counts_a_share(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        chosen_inline_result_update("caso-prueba", user_id=USER, query="caso-prueba")
    )
    assert await telegram_bot.store.feedback.presses() == {"share": 1}


async def test_group_command_to_the_bot_is_answered_as_a_reply(telegram_bot: Bot) -> None:
    update = message_update(
        "/caso@memoria_test_bot prueba uno", chat_id=GROUP, chat_type="supergroup"
    )
    await telegram_bot.feed(update)
    [sent] = telegram_bot.fake.sent_messages(GROUP)
    assert str(sent["text"]).startswith("<b>Caso de prueba</b>")
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_group_chatter_is_ignored(telegram_bot: Bot) -> None:
    for text in ("hola a todos", "que dice la norma de prueba", "/caso@otro_bot putis", "/foo"):
        await telegram_bot.feed(message_update(text, chat_id=GROUP, chat_type="supergroup"))
    assert telegram_bot.fake.sent_messages(GROUP) == []


async def test_group_mention_and_reply_are_answered(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update("@memoria_test_bot norma de prueba", chat_id=GROUP, chat_type="group")
    )
    bot_message = telegram_bot.fake.messages(GROUP)[-1]
    await telegram_bot.feed(
        message_update(
            "y la carta?",
            chat_id=GROUP,
            chat_type="group",
            reply_to_bot_message_id=bot_message["message_id"],
            reply_to_text="x",
        )
    )
    texts = _texts(telegram_bot, GROUP)
    assert texts[0].startswith("<b>¿Qué dice la norma de prueba?</b>")
    assert len(texts) == 2


async def test_added_to_group_posts_one_introduction(telegram_bot: Bot) -> None:
    join = dict(chat_id=GROUP, user_id=USER, old_status="left", new_status="member")
    await telegram_bot.feed(my_chat_member_update(**join))  # type: ignore[arg-type]
    [intro] = _texts(telegram_bot, GROUP)
    assert "Hola, soy Memoria." in intro
    assert "/caso@memoria_test_bot putis" in intro


async def test_language_switch_persists(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/idioma", chat_id=USER))
    prompt = telegram_bot.fake.messages(USER)[-1]
    await telegram_bot.feed(
        callback_update("lang:en", chat_id=USER, user_id=USER, message_id=prompt["message_id"])
    )
    assert await telegram_bot.store.chats.language(USER) == "en"
    await telegram_bot.feed(message_update("/ayuda", chat_id=USER))
    assert "How to use Memoria" in _texts(telegram_bot, USER)[-1]


async def test_group_language_is_for_admins_only(telegram_bot: Bot) -> None:
    telegram_bot.fake.set_admins(GROUP, [9])
    await telegram_bot.feed(
        callback_update(
            "lang:en", chat_id=GROUP, user_id=USER, message_id=1, chat_type="supergroup"
        )
    )
    assert await telegram_bot.store.chats.language(GROUP) is None
    await telegram_bot.feed(
        callback_update("lang:en", chat_id=GROUP, user_id=9, message_id=1, chat_type="supergroup")
    )
    assert await telegram_bot.store.chats.language(GROUP) == "en"


async def test_unknown_command_lists_the_commands(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/frobnicar", chat_id=USER))
    [text] = _texts(telegram_bot, USER)
    assert "No conozco ese comando." in text
    assert "/caso" in text


async def test_very_long_question_gets_a_kind_limit(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("norma " * 1000, chat_id=USER))
    [text] = _texts(telegram_bot, USER)
    assert "Tu mensaje es muy largo" in text


async def test_html_in_a_question_is_harmless(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update("<b>hola</b> <script>x</script> & norma?", chat_id=USER)
    )
    assert len(telegram_bot.fake.messages(USER)) == 1
    assert "<script>" not in _texts(telegram_bot, USER)[0]


async def test_redelivered_update_has_one_effect(telegram_bot: Bot) -> None:
    update = message_update("norma de prueba", chat_id=USER)
    await telegram_bot.feed(update)
    await telegram_bot.feed(update)
    assert len(telegram_bot.fake.sent_messages(USER)) == 1


async def test_fallback_is_logged_without_ids(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("receta de ceviche con limon", chat_id=USER))
    [logged] = await telegram_bot.store.questions.logged()
    assert logged.text == "receta de ceviche con limon"
    assert logged.outcome == "fallback"
    assert str(USER) not in repr(logged)


async def test_commands_are_registered_per_language_and_scope(
    fake_telegram: Any, sample_knowledge: Any, tmp_path: Any
) -> None:
    from bot.app import build_application
    from bot.config import Settings
    from bot.store import Store
    from tests.transports import loopback_request

    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": fake_telegram.token, "BOT_API_BASE_URL": fake_telegram.base_url}
    )
    async with await Store.open(f"sqlite:///{tmp_path / 'm.db'}") as store:
        application = build_application(
            settings, sample_knowledge, store=store, request=loopback_request()
        )
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        await application.shutdown()
    calls = fake_telegram.calls("setMyCommands")
    seen = {(c.params.get("language_code"), c.params.get("scope", {}).get("type")) for c in calls}
    assert {
        ("es", "all_private_chats"),
        ("en", "all_private_chats"),
        ("es", "all_group_chats"),
        ("en", "all_group_chats"),
    } <= seen
    english_private = next(
        c
        for c in calls
        if c.params.get("language_code") == "en"
        and c.params["scope"]["type"] == "all_private_chats"
    )
    assert [c["command"] for c in english_private.params["commands"]][:3] == [
        "start",
        "help",
        "topics",
    ]
    groups = next(
        c
        for c in calls
        if c.params.get("language_code") == "es" and c.params["scope"]["type"] == "all_group_chats"
    )
    assert "olvidar" not in [c["command"] for c in groups.params["commands"]]
