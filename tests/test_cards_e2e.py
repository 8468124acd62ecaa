"""Share cards through the real application and the fake Bot API (tests/fake/photos.py).

The share button and /tarjeta send a card as a photo, uploaded the first time and named by its
``file_id`` after; inline mode, given a storage chat, offers cached photo results; a changed
item (its date here) is drawn and uploaded again, an unchanged one is not.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image

from bot import knowledge
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Store
from tests.conftest import Bot, running_bot
from tests.contenttrees import build_tree
from tests.faketelegram import (
    DEFAULT_BOT_USERNAME,
    FakeTelegram,
    UploadedFile,
    callback_update,
    inline_query_update,
    message_update,
)

USER = 5001
GROUP = -100777
STORAGE = -100999
LINK = f"https://t.me/{DEFAULT_BOT_USERNAME}?start="


def _photos(bot: Bot, chat_id: int | None = None) -> list[Any]:
    return [
        call.params
        for call in bot.fake.calls("sendPhoto")
        if chat_id is None or str(call.params.get("chat_id")) == str(chat_id)
    ]


def _qr_link(photo: UploadedFile) -> str:
    image = Image.open(io.BytesIO(photo.data))
    (found,) = zxingcpp.read_barcodes(image.convert("L").reduce(2))
    return str(found.text)


async def _press_share(bot: Bot, item_id: str) -> None:
    await bot.feed(callback_update(f"k:es:{item_id}", chat_id=USER, user_id=USER, message_id=1))


async def test_the_first_message_offers_the_card_in_its_four_buttons(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("¿qué dice la norma de prueba?", chat_id=USER))
    [sent] = telegram_bot.fake.sent_messages(USER)
    rows = sent["reply_markup"]["inline_keyboard"]
    buttons = [button for row in rows for button in row]
    assert len(buttons) == 4
    assert [b["text"] for b in rows[1]] == ["Compartir imagen", "Menú"]
    assert rows[1][0]["callback_data"] == "k:es:tema-uno"


async def test_the_share_button_sends_the_card_then_reuses_its_file_id(
    telegram_bot: Bot,
) -> None:
    await _press_share(telegram_bot, "tema-uno")
    await _press_share(telegram_bot, "tema-uno")

    first, second = _photos(telegram_bot, USER)
    assert isinstance(first["photo"], UploadedFile)
    assert Image.open(io.BytesIO(first["photo"].data)).size == (1080, 1080)
    assert _qr_link(first["photo"]) == f"{LINK}tema-uno"
    assert second["photo"] == "photo-1"
    assert first["caption"] == second["caption"]
    assert first["caption"].startswith("<b>¿Qué dice la norma de prueba?</b>")
    assert f"{LINK}tema-uno" in first["caption"]
    [[onward]] = first["reply_markup"]["inline_keyboard"]
    assert onward["text"] == "Enviar a otro chat"
    assert onward["switch_inline_query_chosen_chat"]["query"] == "tema-uno"
    assert await telegram_bot.store.feedback.presses() == {"card": 2}


async def test_a_file_id_telegram_refuses_is_replaced_by_an_upload(telegram_bot: Bot) -> None:
    deps = telegram_bot.application.bot_data.deps
    assert deps is not None
    card = deps.knowledge.card("tema-uno", "es", bot_username=DEFAULT_BOT_USERNAME)
    assert card is not None
    key = deps.knowledge.shelf.key(card)
    await telegram_bot.store.card_files.keep(key, "gone-file", datetime.now(UTC))

    await _press_share(telegram_bot, "tema-uno")

    refused, uploaded = _photos(telegram_bot, USER)
    assert refused["photo"] == "gone-file"
    assert isinstance(uploaded["photo"], UploadedFile)
    assert await telegram_bot.store.card_files.find([key]) == {key: "photo-1"}


async def test_the_card_command_sends_the_best_match_in_a_group(telegram_bot: Bot) -> None:
    await telegram_bot.feed(
        message_update(
            f"/tarjeta@{DEFAULT_BOT_USERNAME} caso de prueba", chat_id=GROUP, chat_type="group"
        )
    )
    [photo] = _photos(telegram_bot, GROUP)
    assert _qr_link(photo["photo"]) == f"{LINK}caso-prueba"
    assert photo["reply_parameters"]["message_id"] >= 1


async def test_the_card_command_without_a_topic_says_how_to_use_it(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/card", chat_id=USER, language_code="en"))
    [sent] = telegram_bot.fake.sent_messages(USER)
    assert "/card putis" in sent["text"]
    assert _photos(telegram_bot) == []


async def test_inline_mode_offers_cached_card_photos_with_a_storage_chat(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path
) -> None:
    async with running_bot(
        fake_telegram, sample_knowledge, tmp_path, CARD_STORAGE_CHAT_ID=str(STORAGE)
    ) as bot:
        await bot.feed(inline_query_update("norma de prueba", user_id=USER))
        uploads = _photos(bot, STORAGE)
        await bot.feed(inline_query_update("norma de prueba", user_id=USER))
        first, second = (c.params["results"] for c in bot.fake.calls("answerInlineQuery"))

    assert 1 <= len(uploads) <= 3
    assert all(isinstance(p["photo"], UploadedFile) for p in uploads)
    assert len(_photos(bot)) == len(uploads)  # the second query uploaded nothing
    assert first == second
    photos = [r for r in first if r["type"] == "photo"]
    assert [r["id"] for r in photos] == [r["id"] for r in first][: len(photos)]
    assert photos[0]["id"] == "tema-uno"
    assert photos[0]["photo_file_id"] == "photo-1"
    assert f"{LINK}tema-uno" in photos[0]["caption"]
    assert {r["type"] for r in first[len(photos) :]} <= {"article"}


async def test_inline_mode_without_a_storage_chat_keeps_text_results(telegram_bot: Bot) -> None:
    await telegram_bot.feed(inline_query_update("norma de prueba", user_id=USER))
    [call] = telegram_bot.fake.calls("answerInlineQuery")
    assert {r["type"] for r in call.params["results"]} == {"article"}
    assert _photos(telegram_bot) == []
    # Under a message posted through inline mode the bot sees no chat: share stays a share.
    share = call.params["results"][0]["reply_markup"]["inline_keyboard"][1][0]
    assert share["text"] == "Compartir imagen"
    assert share["switch_inline_query_chosen_chat"]["query"] == "tema-uno"


async def test_a_changed_item_gets_a_new_card(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path
) -> None:
    root = build_tree(tmp_path / "changed")
    topic = root / "topics" / "tema-uno.yaml"
    text = topic.read_text(encoding="utf-8")
    assert "as_of: 2026-10-01" in text
    topic.write_text(text.replace("as_of: 2026-10-01", "as_of: 2026-11-02"), encoding="utf-8")
    changed = knowledge.load(
        Settings.from_env({"CONTENT_DIR": str(root), "ORG_NAME": "Colectivo de prueba"}),
        today=date(2026, 11, 27),
    )
    sent = []
    for loaded in (sample_knowledge, changed):
        # Each run starts with the fake's record cleared; its files and the database stay.
        async with running_bot(fake_telegram, loaded, tmp_path) as bot:
            await _press_share(bot, "tema-uno")
            await _press_share(bot, "caso-prueba")
            sent += [photo["photo"] for photo in _photos(bot, USER)]

    before_topic, before_case, after_topic, after_case = sent
    assert isinstance(before_topic, UploadedFile)
    assert isinstance(after_topic, UploadedFile)
    assert before_topic.data != after_topic.data
    assert isinstance(before_case, UploadedFile)
    assert after_case == "photo-2"


async def test_card_file_ids_are_kept_by_key(tmp_path: Path) -> None:
    async with await Store.open(f"sqlite:///{tmp_path / 'cards.db'}") as store:
        now = datetime.now(UTC)
        await store.card_files.keep("a" * 32, "file-1", now)
        await store.card_files.keep("a" * 32, "file-2", now)
        await store.card_files.keep("b" * 32, "file-3", now)
        assert await store.card_files.find(["a" * 32, "c" * 32]) == {"a" * 32: "file-2"}
        assert await store.card_files.find([]) == {}
