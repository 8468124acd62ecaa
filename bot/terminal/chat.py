"""The one private chat of a terminal conversation, and the updates the person at it makes.

A typed line becomes a message update (a command gets its ``bot_command`` entity, as Telegram
adds it); a pressed number becomes a callback query on the bot's message. Update ids start from
the clock, so they never repeat an earlier session's in the same database (the bot ignores an
update id it has already handled: bot/handlers/guard.py).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping
from typing import Any

from telegram import Bot, Update

# The terminal's person and chat (a private chat's id is its user's id), and the bot. The bot's
# username is empty: it has no t.me address here, so answers carry no deep links (templates
# leave them out), and PTB still matches commands, comparing "" with "".
PERSON_ID = 1
BOT = {"id": 2, "is_bot": True, "first_name": "Memoria", "username": ""}


class TerminalChat:
    """Ids, the person, and the updates of one terminal conversation."""

    def __init__(self, *, language_code: str | None) -> None:
        """``language_code`` plays the Telegram client's language (None: the terminal has none)."""
        self.person: dict[str, Any] = {"id": PERSON_ID, "is_bot": False, "first_name": "Terminal"}
        if language_code is not None:
            self.person["language_code"] = language_code
        self.chat = {"id": PERSON_ID, "type": "private", "first_name": "Terminal"}
        self._update_ids = itertools.count(time.time_ns() // 1000)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    def next_message_id(self) -> int:
        """A new message id in this chat (the person's and the bot's share one sequence)."""
        return next(self._message_ids)

    def message(self, text: str, bot: Bot) -> Update:
        """The update for a line the person typed."""
        message: dict[str, Any] = {
            "message_id": self.next_message_id(),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.person,
            "text": text,
        }
        if text.startswith("/"):
            # No other bot is in this chat: "/caso@anything" is a command to this one.
            command, _, rest = text.partition(" ")
            command = command.split("@")[0]
            message["text"] = f"{command} {rest}".strip()
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._update({"message": message}, bot)

    def press(self, message: Mapping[str, Any], data: str, bot: Bot) -> Update:
        """The update for pressing the button with ``data`` under the bot's ``message``."""
        query = {
            "id": str(next(self._query_ids)),
            "from": self.person,
            "chat_instance": str(PERSON_ID),
            "message": dict(message),
            "data": data,
        }
        return self._update({"callback_query": query}, bot)

    def _update(self, body: dict[str, Any], bot: Bot) -> Update:
        return Update.de_json({"update_id": next(self._update_ids), **body}, bot)
