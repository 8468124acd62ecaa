"""/novedades: dated headlines from content/news.yaml, newest first, each one tap from its item."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import knowledge
from bot.answer.contexts import NewsContext
from bot.answer.news import latest
from bot.config import Settings
from bot.content import Headline, Localized, Where
from bot.knowledge import Knowledge
from tests.conftest import Bot
from tests.contenttrees import build_tree
from tests.faketelegram import callback_update, message_update

USER = 5002
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    root = build_tree(tmp_path_factory.mktemp("news"))
    return knowledge.load(Settings.from_env({"CONTENT_DIR": str(root)}), today=TODAY)


def _headline(day: date, item: str) -> Headline:
    return Headline(day, item, Localized({"es": item, "en": item}), Where("news.yaml", 1))


def test_latest_is_newest_first_and_keeps_file_order_within_a_day() -> None:
    old = _headline(date(2025, 1, 1), "viejo")
    first = _headline(date(2026, 3, 11), "primero")
    second = _headline(date(2026, 3, 11), "segundo")
    assert latest([old, first, second]) == [first, second, old]


def test_latest_stops_at_its_limit() -> None:
    headlines = [_headline(date(2026, 1, day), f"n{day}") for day in range(1, 10)]
    assert [h.item for h in latest(headlines, limit=3)] == ["n9", "n8", "n7"]


def test_news_answer_lists_headlines_with_one_button_per_item(sample: Knowledge) -> None:
    answer = sample.answerer.replies.news("es")
    assert isinstance(answer.context, NewsContext)
    assert [line.date for line in answer.context.lines] == [
        date(2026, 3, 11),
        date(2026, 3, 11),
        date(2025, 9, 1),
    ]
    datas = [b.data for row in answer.buttons for b in row]
    assert datas == ["i:tema-uno", "i:tema-dos", "i:caso-prueba", "m"]


def test_news_without_headlines_says_so(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    (root / "news.yaml").unlink()
    loaded = knowledge.load(Settings.from_env({"CONTENT_DIR": str(root)}), today=TODAY)
    [text] = loaded.renderer.render(loaded.answerer.replies.news("en"))
    assert "There are no dated headlines yet." in text


def _buttons(params: Mapping[str, Any]) -> list[dict[str, Any]]:
    markup = params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_news_command_lists_dated_headlines(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/novedades", chat_id=USER))
    [sent] = telegram_bot.fake.sent_messages(USER)
    text = str(sent["text"])
    assert text.index("11 de marzo de 2026") < text.index("1 de septiembre de 2025")
    assert "La norma de prueba llegó a la audiencia." in text
    assert "i:caso-prueba" in [b.get("callback_data") for b in _buttons(sent)]


async def test_news_button_of_the_menu_opens_the_headlines_and_then_the_item(
    telegram_bot: Bot,
) -> None:
    await telegram_bot.feed(message_update("/news", chat_id=USER, language_code="en"))
    [menu_news] = telegram_bot.fake.sent_messages(USER)
    assert "The test rule reached its hearing." in str(menu_news["text"])
    await telegram_bot.feed(message_update("/temas", chat_id=USER))
    menu = telegram_bot.fake.messages(USER)[-1]
    assert "n" in [b.get("callback_data") for b in _buttons(menu)]
    await telegram_bot.feed(
        callback_update("n", chat_id=USER, user_id=USER, message_id=menu["message_id"])
    )
    [edit] = telegram_bot.fake.calls("editMessageText")
    assert "La norma de prueba llegó a la audiencia." in edit.params["text"]
    await telegram_bot.feed(
        callback_update("i:tema-uno", chat_id=USER, user_id=USER, message_id=menu["message_id"])
    )
    assert (
        "¿Qué dice la norma de prueba?"
        in telegram_bot.fake.calls("editMessageText")[-1].params["text"]
    )
