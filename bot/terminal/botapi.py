"""The Bot API, answered in the terminal: PTB's request interface with no HTTP behind it.

The real PTB application calls the Bot API through a ``BaseRequest`` (bot/transport.py carries
it over HTTP). ``TerminalBotAPI`` answers the methods the bot calls itself, in Telegram's JSON
shape, and draws what they mean on the ``Screen``: a sent or edited message, new buttons, a
callback query's answer. So the terminal runs every handler (alerts, privacy, forget, feedback)
exactly as Telegram does. A method the terminal cannot play is refused with Telegram's own
"400 Bad Request" shape, which the bot handles like any other.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.terminal.chat import BOT, TerminalChat
from bot.terminal.screen import Screen, text_of

logger = logging.getLogger(__name__)

# Methods with nothing to show: Telegram answers True.
SILENT = frozenset(
    {"setMyCommands", "deleteMyCommands", "sendChatAction", "setWebhook", "deleteWebhook"}
)


class TerminalBotAPI(BaseRequest):
    """Answers the Bot API calls of one terminal chat and draws them on its screen."""

    def __init__(self, screen: Screen, chat: TerminalChat) -> None:
        self.screen = screen
        self.chat = chat
        # The bot's messages in this chat, as Telegram would return them, by id.
        self.messages: dict[int, dict[str, Any]] = {}

    @property
    def read_timeout(self) -> float | None:
        """Nothing is read from a network."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One Bot API call (the method is the URL's last part): its status and JSON body."""
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        result = self.answer(name, params)
        if result is None:
            logger.warning("event=terminal_unsupported method=%s", name)
            body = {"ok": False, "error_code": 400, "description": f"Bad Request: {name}"}
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def answer(self, name: str, params: Mapping[str, Any]) -> object | None:
        """The result of Bot API method ``name``, or None when the terminal cannot play it."""
        if name == "getMe":
            return BOT
        if name in SILENT:
            return True
        if name == "sendMessage":
            return self._send(params)
        if name in ("editMessageText", "editMessageReplyMarkup"):
            return self._edit(name, params)
        if name == "answerCallbackQuery":
            if params.get("text"):
                self.screen.toast(str(params["text"]))
            return True
        if name == "deleteMessage":
            self.messages.pop(int(params.get("message_id", 0)), None)
            return True
        if name == "getChatMember":
            # The person owns their own private chat.
            return {"status": "creator", "user": self.chat.person, "is_anonymous": False}
        if name == "getChat":
            return {**self.chat.chat, "accent_color_id": 0, "max_reaction_count": 0}
        return None

    def _send(self, params: Mapping[str, Any]) -> dict[str, Any]:
        html = str(params.get("text", ""))
        message: dict[str, Any] = {
            "message_id": self.chat.next_message_id(),
            "date": int(time.time()),
            "chat": self.chat.chat,
            "from": BOT,
            "text": text_of(html, styled=False),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[message["message_id"]] = message
        self.screen.show(message, html)
        return message

    def _edit(self, name: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
        message = self.messages.get(int(params.get("message_id", 0)))
        if message is None:
            return None
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        message["edit_date"] = int(time.time())
        if name == "editMessageText":
            html = str(params.get("text", ""))
            message["text"] = text_of(html, styled=False)
            self.screen.show(message, html)
        else:
            self.screen.keyboard(message)
        return message
