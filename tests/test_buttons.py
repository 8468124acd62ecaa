"""End to end: every layer of an answer is one tap away, in private chats, in groups and on
answers shared from inline mode, in both languages.

The real PTB application runs against the fake Bot API; each test presses real buttons (the
callback data the bot itself sent) and asserts on what crossed the wire.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pytest

from tests.conftest import Bot
from tests.faketelegram import (
    Fault,
    callback_update,
    inline_query_update,
    message_update,
)

USER = 5001
GROUP = -100777
BOT = "memoria_test_bot"
_update_ids = itertools.count(900_000_000)
_query_ids = itertools.count(1)

# What each language's reader sees, on the sample tree's topic tema-uno.
WORDS: dict[str, dict[str, str]] = {
    "es": {
        "question": "¿qué dice la norma de prueba?",
        "title": "<b>¿Qué dice la norma de prueba?</b>",
        "as_of": "<i>Datos al 1 de octubre de 2026</i>",
        "detail": "Un detalle más largo",
        "related": "Modelo de carta de prueba",
        "copy": "Estimado/a [NOMBRE]:",
        "menu": "<b>Elige un tema</b>",
        "first_source": '<a href="https://gaceta.example.gob/ley">Gaceta oficial de prueba</a>\n',
        "reviewed": "Revisado el 1 de noviembre de 2026",
    },
    "en": {
        "question": "what does the test rule say",
        "title": "<b>What does the test rule say?</b>",
        "as_of": "<i>Facts as of 1 October 2026</i>",
        "detail": "A longer detail",
        "related": "Test letter template",
        "copy": "Dear [NAME],",
        "menu": "<b>Choose a topic</b>",
        "first_source": (
            '<a href="https://gaceta.example.gob/ley">Gaceta oficial de prueba</a> (in Spanish)'
        ),
        "reviewed": "Reviewed on 1 November 2026",
    },
}
LANGS = pytest.mark.parametrize("lang", ["es", "en"])


def _rows(params: dict[str, Any] | Any) -> list[list[dict[str, Any]]]:
    markup = params.get("reply_markup") or {}
    return list(markup.get("inline_keyboard", []))


def _buttons(params: dict[str, Any] | Any) -> list[dict[str, Any]]:
    return [b for row in _rows(params) for b in row]


def _data(params: dict[str, Any] | Any, prefix: str) -> str:
    """The callback data of the one button whose data starts with ``prefix``."""
    [found] = [
        str(b["callback_data"])
        for b in _buttons(params)
        if str(b.get("callback_data", "")).startswith(prefix)
    ]
    return found


async def _ask(bot: Bot, lang: str) -> dict[str, Any]:
    await bot.feed(message_update(WORDS[lang]["question"], chat_id=USER, language_code=lang))
    return bot.fake.messages(USER)[-1]


async def _press(bot: Bot, data: str, message: dict[str, Any], lang: str) -> dict[str, Any]:
    """Press ``data`` on ``message`` in the private chat; return the message as edited."""
    await bot.feed(
        callback_update(
            data,
            chat_id=USER,
            user_id=USER,
            message_id=message["message_id"],
            language_code=lang,
            reply_markup=message.get("reply_markup"),
        )
    )
    return next(m for m in bot.fake.messages(USER) if m["message_id"] == message["message_id"])


def _inline_press(data: str, *, inline_message_id: str, language_code: str) -> dict[str, Any]:
    """A press on a button of a message posted through inline mode: no chat, no message."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_query_ids)),
            "from": {
                "id": USER,
                "is_bot": False,
                "first_name": "Ana",
                "language_code": language_code,
            },
            "chat_instance": "-4242",
            "inline_message_id": inline_message_id,
            "data": data,
        },
    }


# -- private chats -----------------------------------------------------------------------------


@LANGS
async def test_detail_edits_the_answer_in_place_and_back_returns(
    telegram_bot: Bot, lang: str
) -> None:
    first = await _ask(telegram_bot, lang)
    assert WORDS[lang]["as_of"] in telegram_bot.fake.sent_messages(USER)[0]["text"]
    detail = await _press(telegram_bot, _data(first, "v:d:"), first, lang)
    assert detail["text"].startswith(WORDS[lang]["title"].removeprefix("<b>").removesuffix("</b>"))
    assert WORDS[lang]["detail"] in detail["text"]
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert edit.params["message_id"] == first["message_id"]
    assert WORDS[lang]["detail"] in edit.params["text"]
    back = await _press(telegram_bot, _data(detail, "v:b:"), detail, lang)
    assert back["text"] == first["text"]
    assert _rows(back) == _rows(first)
    assert len(telegram_bot.fake.sent_messages(USER)) == 1


@LANGS
async def test_sources_shows_three_primary_first(telegram_bot: Bot, lang: str) -> None:
    first = await _ask(telegram_bot, lang)
    await _press(telegram_bot, _data(first, "v:s:"), first, lang)
    [edit] = telegram_bot.fake.calls("editMessageText")
    text = str(edit.params["text"])
    assert text.count("<a href=") == 3
    assert text.index("gaceta.example.gob") < text.index("diario.example.com")
    assert WORDS[lang]["first_source"] in text
    assert WORDS[lang]["reviewed"] in text
    assert f"https://t.me/{BOT}?start=tema-uno" in text
    every = _data(edit.params, "v:a:")
    await telegram_bot.feed(
        callback_update(every, chat_id=USER, user_id=USER, message_id=first["message_id"])
    )
    assert (
        str(telegram_bot.fake.calls("editMessageText")[-1].params["text"]).count("<a href=") == 5
    )


@LANGS
async def test_related_opens_the_related_item_in_place(telegram_bot: Bot, lang: str) -> None:
    first = await _ask(telegram_bot, lang)
    detail = await _press(telegram_bot, _data(first, "v:d:"), first, lang)
    [related] = [b for b in _buttons(detail) if b["text"] == WORDS[lang]["related"]]
    other = await _press(telegram_bot, related["callback_data"], detail, lang)
    assert other["text"].startswith(WORDS[lang]["related"])
    copy = await _press(telegram_bot, _data(other, "v:d:"), other, lang)
    assert WORDS[lang]["copy"] in copy["text"]
    assert await telegram_bot.store.feedback.top_asked(5) == [("tema-dos", 1), ("tema-uno", 1)]


@LANGS
async def test_menu_shows_the_menu_in_place(telegram_bot: Bot, lang: str) -> None:
    first = await _ask(telegram_bot, lang)
    menu = await _press(telegram_bot, "m", first, lang)
    assert menu["text"].startswith(WORDS[lang]["menu"].removeprefix("<b>").removesuffix("</b>"))
    assert any(str(b.get("callback_data")).startswith("c:") for b in _buttons(menu))


async def test_presses_are_counted_by_action_only(telegram_bot: Bot) -> None:
    first = await _ask(telegram_bot, "es")
    detail = await _press(telegram_bot, _data(first, "v:d:"), first, "es")
    back = await _press(telegram_bot, _data(detail, "v:b:"), detail, "es")
    await _press(telegram_bot, _data(back, "v:d:"), back, "es")
    assert await telegram_bot.store.feedback.presses() == {"detail": 2, "back": 1}
    # A layer of an answer already shown is not counted as asked again.
    assert await telegram_bot.store.feedback.top_asked(5) == [("tema-uno", 1)]


async def test_a_message_that_cannot_be_edited_gets_the_layer_below(telegram_bot: Bot) -> None:
    first = await _ask(telegram_bot, "es")
    telegram_bot.fake.fail(
        "editMessageText", error=Fault(400, "Bad Request: message can't be edited")
    )
    await telegram_bot.feed(
        callback_update(
            _data(first, "v:s:"), chat_id=USER, user_id=USER, message_id=first["message_id"]
        )
    )
    sent = telegram_bot.fake.sent_messages(USER)
    assert len(sent) == 2
    assert "gaceta.example.gob" in sent[1]["text"]
    assert _data(sent[1], "v:b:") == "v:b:es:tema-uno"


async def test_an_inaccessible_message_gets_the_layer_below(telegram_bot: Bot) -> None:
    update = callback_update("v:d:en:tema-uno", chat_id=USER, user_id=USER, message_id=77)
    update["callback_query"]["message"]["date"] = 0  # Telegram's mark of an old message
    await telegram_bot.feed(update)
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert WORDS["en"]["detail"] in sent["text"]
    assert telegram_bot.fake.calls("editMessageText") == []


@pytest.mark.parametrize("data", ["v:z:es:tema-uno", "v:d:es:", "i", "v:d:es:no-existe"])
async def test_forged_or_stale_layer_data_gets_the_menu_kindly(
    telegram_bot: Bot, data: str
) -> None:
    first = await _ask(telegram_bot, "es")
    edited = await _press(telegram_bot, data, first, "es")
    assert "Elige un tema" in edited["text"] or "Ese tema ya no existe" in edited["text"]
    assert any(str(b.get("callback_data")).startswith("c:") for b in _buttons(edited))
    assert len(telegram_bot.fake.calls("answerCallbackQuery")) == 1


# -- groups ------------------------------------------------------------------------------------


@LANGS
async def test_a_group_gets_the_short_layer_with_deep_links(telegram_bot: Bot, lang: str) -> None:
    question = f"@{BOT} {WORDS[lang]['question']}"
    await telegram_bot.feed(
        message_update(question, chat_id=GROUP, chat_type="group", language_code=lang)
    )
    [sent] = telegram_bot.fake.sent_messages(GROUP)
    assert sent["text"].startswith(WORDS[lang]["title"])
    assert WORDS[lang]["as_of"] in sent["text"]
    urls = [b.get("url") for b in _buttons(sent)]
    assert urls == [
        f"https://t.me/{BOT}?start=tema-uno_detail",
        f"https://t.me/{BOT}?start=tema-uno_sources",
        None,
        f"https://t.me/{BOT}?start=menu",
    ]
    assert "switch_inline_query_chosen_chat" in _buttons(sent)[2]
    assert not any("callback_data" in b for b in _buttons(sent))


@LANGS
async def test_a_group_deep_link_opens_the_layer_in_private(telegram_bot: Bot, lang: str) -> None:
    await telegram_bot.feed(
        message_update("/start tema-uno_detail", chat_id=USER, language_code=lang)
    )
    [detail] = telegram_bot.fake.sent_messages(USER)
    assert WORDS[lang]["detail"] in detail["text"]
    stored = telegram_bot.fake.messages(USER)[-1]
    back = await _press(telegram_bot, _data(stored, "v:b:"), stored, lang)
    assert back["text"].startswith(WORDS[lang]["title"].removeprefix("<b>").removesuffix("</b>"))
    await telegram_bot.feed(
        message_update("/start tema-uno_sources", chat_id=USER, language_code=lang)
    )
    assert WORDS[lang]["reviewed"] in telegram_bot.fake.sent_messages(USER)[-1]["text"]
    await telegram_bot.feed(message_update("/start menu", chat_id=USER, language_code=lang))
    assert any(
        str(b.get("callback_data")).startswith("c:")
        for b in _buttons(telegram_bot.fake.sent_messages(USER)[-1])
    )


async def test_an_old_layer_button_in_a_group_edits_there_with_deep_links(
    telegram_bot: Bot,
) -> None:
    await telegram_bot.feed(
        message_update(f"@{BOT} norma de prueba", chat_id=GROUP, chat_type="group")
    )
    answer = telegram_bot.fake.messages(GROUP)[-1]
    await telegram_bot.feed(
        callback_update(
            "v:s:es:tema-uno",
            chat_id=GROUP,
            user_id=USER,
            message_id=answer["message_id"],
            chat_type="group",
        )
    )
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert "gaceta.example.gob" in edit.params["text"]
    assert [b.get("url") for b in _buttons(edit.params)] == [
        f"https://t.me/{BOT}?start=tema-uno_all_sources",
        f"https://t.me/{BOT}?start=tema-uno_detail",
        f"https://t.me/{BOT}?start=tema-uno",
    ]


# -- inline results ----------------------------------------------------------------------------


@LANGS
async def test_layers_of_an_inline_result_edit_it_by_its_id(telegram_bot: Bot, lang: str) -> None:
    await telegram_bot.feed(
        inline_query_update(WORDS[lang]["question"], user_id=USER, language_code=lang)
    )
    [call] = telegram_bot.fake.calls("answerInlineQuery")
    result = call.params["results"][0]
    assert result["input_message_content"]["message_text"].startswith(WORDS[lang]["title"])
    assert WORDS[lang]["as_of"] in result["input_message_content"]["message_text"]
    markup = result["reply_markup"]
    assert markup["inline_keyboard"][1][1]["url"] == f"https://t.me/{BOT}?start=menu"
    # Someone else, whose Telegram is in the other language, presses the buttons.
    other = "en" if lang == "es" else "es"
    for prefix, expected in (("v:d:", WORDS[lang]["detail"]), ("v:s:", WORDS[lang]["reviewed"])):
        await telegram_bot.feed(
            _inline_press(_data(result, prefix), inline_message_id="AAQ-1", language_code=other)
        )
        edit = telegram_bot.fake.calls("editMessageText")[-1]
        assert edit.params["inline_message_id"] == "AAQ-1"
        assert "chat_id" not in edit.params
        assert expected in edit.params["text"]
    back = _data(edit.params, "v:b:")
    await telegram_bot.feed(_inline_press(back, inline_message_id="AAQ-1", language_code=other))
    summary = telegram_bot.fake.calls("editMessageText")[-1].params
    assert summary["text"] == result["input_message_content"]["message_text"]
    assert _rows(summary) == markup["inline_keyboard"]
    assert telegram_bot.fake.sent_messages() == []


async def test_related_on_an_inline_result_opens_it_in_place(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        _inline_press("v:d:en:tema-uno", inline_message_id="AAQ-2", language_code="es")
    )
    detail = telegram_bot.fake.calls("editMessageText")[-1].params
    related = _data(detail, "v:r:en:tema-dos")
    await telegram_bot.feed(_inline_press(related, inline_message_id="AAQ-2", language_code="es"))
    other = telegram_bot.fake.calls("editMessageText")[-1].params
    assert other["inline_message_id"] == "AAQ-2"
    assert str(other["text"]).startswith("<b>Test letter template</b>")


async def test_a_stale_press_on_an_inline_result_gets_the_menu(telegram_bot: Bot) -> None:
    await telegram_bot.feed(_inline_press("m", inline_message_id="AAQ-3", language_code="en"))
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert edit.params["inline_message_id"] == "AAQ-3"
    assert str(edit.params["text"]).startswith("<b>Choose a topic</b>")
    await telegram_bot.feed(_inline_press("zz:!!", inline_message_id="AAQ-3", language_code="en"))
    assert len(telegram_bot.fake.calls("answerCallbackQuery")) == 2


# -- every button of a case, in each kind of chat ----------------------------------------------

# What each layer of the sample tree's case caso-prueba shows, per language.
CASE: dict[str, dict[str, str]] = {
    "es": {
        "question": "caso de prueba",
        "summary": "Lo ocurrido, en breve.",
        "detail": "Diez personas ficticias.",
        "sources": "Fuente del caso",
        "menu": "Elige un tema",
    },
    "en": {
        "question": "test case",
        "summary": "What happened, in brief.",
        "detail": "Ten fictional people.",
        "sources": "Fuente del caso",
        "menu": "Choose a topic",
    },
}
# The layer a button opens, by its callback data or deep-link payload.
LAYER_OF = {"v:d:": "detail", "v:s:": "sources", "m": "menu"}
PAYLOAD_LAYER = {"caso-prueba_detail": "detail", "caso-prueba_sources": "sources", "menu": "menu"}


def _share_query(button: dict[str, Any]) -> str:
    return str(button["switch_inline_query_chosen_chat"]["query"])


def _layer(data: str) -> str:
    [layer] = [name for prefix, name in LAYER_OF.items() if data.startswith(prefix)]
    return layer


async def _open_in_private(bot: Bot, url: str, lang: str) -> str:
    """Follow a deep link as Telegram does (a /start in private); the layer it opened."""
    prefix = f"https://t.me/{BOT}?start="
    assert url.startswith(prefix)
    payload = url.removeprefix(prefix)
    await bot.feed(message_update(f"/start {payload}", chat_id=USER, language_code=lang))
    sent = bot.fake.sent_messages(USER)[-1]
    layer = PAYLOAD_LAYER[payload]
    if layer == "menu":  # the welcome, with the topics to choose from
        assert any(str(b.get("callback_data")).startswith("c:") for b in _buttons(sent))
    else:
        assert CASE[lang][layer] in sent["text"]
    return layer


@LANGS
async def test_every_button_of_a_private_case_answer_opens_its_layer(
    telegram_bot: Bot, lang: str
) -> None:
    words = CASE[lang]
    await telegram_bot.feed(message_update(words["question"], chat_id=USER, language_code=lang))
    first = telegram_bot.fake.messages(USER)[-1]
    assert words["summary"] in first["text"]
    assert words["detail"] not in first["text"]
    opened = []
    for button in _buttons(first):
        if "switch_inline_query_chosen_chat" in button:
            # Sharing pre-fills an inline query with the case's id: the case comes first.
            assert _share_query(button) == "caso-prueba"
            await telegram_bot.feed(
                inline_query_update("caso-prueba", user_id=USER, language_code=lang)
            )
            [call] = telegram_bot.fake.calls("answerInlineQuery")
            shared = call.params["results"][0]["input_message_content"]["message_text"]
            assert words["summary"] in shared
            opened.append("share")
            continue
        data = str(button["callback_data"])
        if data == f"k:{lang}:caso-prueba":
            # In a private chat, share sends the case's share card below it (issue #18).
            await _press(telegram_bot, data, first, lang)
            [photo] = telegram_bot.fake.calls("sendPhoto")
            assert "?start=caso-prueba" in photo.params["caption"]
            opened.append("share")
            continue
        shown = await _press(telegram_bot, data, first, lang)
        assert shown["message_id"] == first["message_id"]  # one tap, edited in place
        assert words[_layer(data)] in shown["text"]
        opened.append(_layer(data))
    assert sorted(opened) == ["detail", "menu", "share", "sources"]
    assert len(telegram_bot.fake.sent_messages(USER)) == 1


async def _shared_case_answer(bot: Bot, where: str, lang: str) -> Mapping[str, Any]:
    """The case answer as a group sees it (asked with a mention) or as an inline result."""
    words = CASE[lang]
    if where == "group":
        mention = f"@{BOT} {words['question']}"
        await bot.feed(
            message_update(mention, chat_id=GROUP, chat_type="group", language_code=lang)
        )
        [sent] = bot.fake.sent_messages(GROUP)
        assert words["summary"] in sent["text"]
        return sent
    await bot.feed(inline_query_update(words["question"], user_id=USER, language_code=lang))
    [call] = bot.fake.calls("answerInlineQuery")
    results: list[Mapping[str, Any]] = call.params["results"]
    [result] = [
        r for r in results if words["summary"] in r["input_message_content"]["message_text"]
    ]
    return result


@LANGS
@pytest.mark.parametrize("where", ["group", "inline"])
async def test_every_button_of_a_shared_case_answer_opens_its_layer(
    telegram_bot: Bot, lang: str, where: str
) -> None:
    words = CASE[lang]
    shown = await _shared_case_answer(telegram_bot, where, lang)
    opened = []
    for button in _buttons(shown):
        if "switch_inline_query_chosen_chat" in button:
            assert _share_query(button) == "caso-prueba"
            opened.append("share")
        elif "url" in button:
            opened.append(await _open_in_private(telegram_bot, str(button["url"]), lang))
        else:
            assert where == "inline"  # a group gets links, not in-place edits
            data = str(button["callback_data"])
            await telegram_bot.feed(
                _inline_press(data, inline_message_id="AAQ-9", language_code=lang)
            )
            edit = telegram_bot.fake.calls("editMessageText")[-1].params
            assert edit["inline_message_id"] == "AAQ-9"
            assert words[_layer(data)] in edit["text"]
            opened.append(_layer(data))
    assert sorted(opened) == ["detail", "menu", "share", "sources"]
    assert len(telegram_bot.fake.sent_messages(GROUP)) == (1 if where == "group" else 0)
