"""Builders of the updates a user's client makes Telegram send.

Each returns the JSON of one ``Update`` with every field PTB requires (``Update.de_json`` takes
it) and a fresh ``update_id``; ids of messages and queries are fresh too unless given.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any, Final

from tests.fake.errors import JSONDict
from tests.fake.html import utf16_len
from tests.fake.objects import (
    DEFAULT_BOT_ID,
    DEFAULT_BOT_USERNAME,
    bot_user,
    chat,
    chat_member,
    now,
    user,
)

# Telegram's own senders of anonymous group-admin and linked-channel messages.
GROUP_ANONYMOUS_BOT: Final = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
CHANNEL_BOT: Final = {
    "id": 136817688,
    "is_bot": True,
    "first_name": "Channel",
    "username": "Channel_Bot",
}


_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_query_ids = itertools.count(1)

_COMMAND_IN_TEXT: Final = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_IN_TEXT: Final = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}")


def text_entities(text: str) -> list[JSONDict]:
    """The bot_command and mention entities Telegram's clients attach to ``text``."""
    found: list[JSONDict] = []
    for kind, pattern in (("bot_command", _COMMAND_IN_TEXT), ("mention", _MENTION_IN_TEXT)):
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(found, key=lambda e: e["offset"])


def _user_message(
    text: str,
    *,
    chat_id: int,
    user_id: int | None,
    chat_type: str,
    username: str | None,
    first_name: str,
    language_code: str | None,
    chat_title: str,
    message_id: int | None,
) -> JSONDict:
    sender = user(
        user_id if user_id is not None else (chat_id if chat_type == "private" else 1001),
        first_name,
        username,
        language_code,
    )
    where = chat(chat_id, chat_type, title=chat_title, first_name=first_name, username=username)
    message: JSONDict = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": now(),
        "chat": where,
        "text": text,
    }
    if chat_type == "channel":
        message["sender_chat"] = where
    else:
        message["from"] = sender
    entities = text_entities(text)
    if entities:
        message["entities"] = entities
    return message


def _bot_message(
    message_id: int, where: Mapping[str, Any], bot_id: int, bot_username: str
) -> JSONDict:
    """The bot's own earlier message in ``where``, as a reply or a button press carries it."""
    return {
        "message_id": message_id,
        "from": bot_user(bot_id, bot_username),
        "chat": dict(where),
        "date": now(),
        "text": "...",
    }


def _send_as(message: JSONDict, sender_chat: int) -> None:
    """Make ``message`` an anonymous admin's (``sender_chat`` is the chat) or a channel's."""
    if sender_chat == message["chat"]["id"]:
        message["sender_chat"] = message["chat"]
        message["from"] = dict(GROUP_ANONYMOUS_BOT)
    else:
        message["sender_chat"] = chat(sender_chat, "channel", title="Canal")
        message["from"] = dict(CHANNEL_BOT)
        message["is_automatic_forward"] = True


def message_update(
    text: str,
    *,
    chat_id: int,
    user_id: int | None = None,
    chat_type: str = "private",
    username: str | None = None,
    first_name: str = "Ana",
    language_code: str | None = "es",
    reply_to_bot_message_id: int | None = None,
    reply_to_text: str = "...",
    bot_username: str = DEFAULT_BOT_USERNAME,
    bot_id: int = DEFAULT_BOT_ID,
    forward: bool = False,
    sender_chat: int | None = None,
    message_id: int | None = None,
    chat_title: str = "Grupo",
) -> JSONDict:
    """A user's text message (a ``channel_post`` when ``chat_type`` is "channel").

    ``user_id`` defaults to ``chat_id`` in private chats and to 1001 elsewhere. ``sender_chat``
    equal to ``chat_id`` is an anonymous group admin; another id is a linked channel.
    """
    message = _user_message(
        text,
        chat_id=chat_id,
        user_id=user_id,
        chat_type=chat_type,
        username=username,
        first_name=first_name,
        language_code=language_code,
        chat_title=chat_title,
        message_id=message_id,
    )
    if reply_to_bot_message_id is not None:
        message["reply_to_message"] = {
            **_bot_message(reply_to_bot_message_id, message["chat"], bot_id, bot_username),
            "date": message["date"],
            "text": reply_to_text,
        }
    if forward:
        message["forward_origin"] = {
            "type": "user",
            "sender_user": user(777000111, "Reenviado"),
            "date": message["date"] - 3600,
        }
    if sender_chat is not None:
        _send_as(message, sender_chat)
    kind = "channel_post" if chat_type == "channel" else "message"
    return {"update_id": next(_update_ids), kind: message}


def edited_message_update(
    text: str,
    *,
    chat_id: int,
    message_id: int,
    user_id: int | None = None,
    chat_type: str = "private",
    username: str | None = None,
    first_name: str = "Ana",
    language_code: str | None = "es",
    chat_title: str = "Grupo",
) -> JSONDict:
    """A user's edit of an earlier message."""
    message = _user_message(
        text,
        chat_id=chat_id,
        user_id=user_id,
        chat_type=chat_type,
        username=username,
        first_name=first_name,
        language_code=language_code,
        chat_title=chat_title,
        message_id=message_id,
    )
    message["edit_date"] = message["date"]
    message["date"] -= 60
    kind = "edited_channel_post" if chat_type == "channel" else "edited_message"
    return {"update_id": next(_update_ids), kind: message}


def callback_update(
    data: str,
    *,
    chat_id: int,
    user_id: int,
    message_id: int,
    message_text: str = "...",
    chat_type: str = "private",
    language_code: str | None = "es",
    reply_markup: Mapping[str, Any] | None = None,
    first_name: str = "Ana",
    chat_title: str = "Grupo",
    bot_username: str = DEFAULT_BOT_USERNAME,
    bot_id: int = DEFAULT_BOT_ID,
) -> JSONDict:
    """A press on an inline button of the bot's message ``message_id``."""
    where = chat(chat_id, chat_type, title=chat_title, first_name=first_name)
    message = {**_bot_message(message_id, where, bot_id, bot_username), "text": message_text}
    if reply_markup is not None:
        message["reply_markup"] = dict(reply_markup)
    query = {
        "id": str(next(_query_ids) * 1_000_003 + user_id),
        "from": user(user_id, first_name, language_code=language_code),
        "chat_instance": str(abs(chat_id) * 7919 + 4_000_000_000_000_000),
        "message": message,
        "data": data,
    }
    return {"update_id": next(_update_ids), "callback_query": query}


def inline_query_update(
    query: str,
    *,
    user_id: int,
    language_code: str | None = "es",
    chat_type: str | None = "sender",
    offset: str = "",
    first_name: str = "Ana",
) -> JSONDict:
    """A user typing ``@bot query`` in any chat."""
    inline: JSONDict = {
        "id": str(next(_query_ids) * 1_000_003 + user_id),
        "from": user(user_id, first_name, language_code=language_code),
        "query": query,
        "offset": offset,
    }
    if chat_type is not None:
        inline["chat_type"] = chat_type
    return {"update_id": next(_update_ids), "inline_query": inline}


def chosen_inline_result_update(
    result_id: str,
    *,
    user_id: int,
    query: str,
    inline_message_id: str | None = None,
    language_code: str | None = "es",
) -> JSONDict:
    """A user picking inline result ``result_id``."""
    chosen: JSONDict = {
        "result_id": result_id,
        "from": user(user_id, language_code=language_code),
        "query": query,
    }
    if inline_message_id is not None:
        chosen["inline_message_id"] = inline_message_id
    return {"update_id": next(_update_ids), "chosen_inline_result": chosen}


def my_chat_member_update(
    *,
    chat_id: int,
    user_id: int,
    old_status: str,
    new_status: str,
    chat_type: str = "group",
    chat_title: str = "Grupo",
    first_name: str = "Ana",
    bot_username: str = DEFAULT_BOT_USERNAME,
    bot_id: int = DEFAULT_BOT_ID,
) -> JSONDict:
    """User ``user_id`` changed the bot's status in a chat (added, removed, blocked…)."""
    bot = bot_user(bot_id, bot_username)
    changed = {
        "chat": chat(chat_id, chat_type, title=chat_title, first_name=first_name),
        "from": user(user_id, first_name),
        "date": now(),
        "old_chat_member": chat_member(bot, old_status),
        "new_chat_member": chat_member(bot, new_status),
    }
    return {"update_id": next(_update_ids), "my_chat_member": changed}
