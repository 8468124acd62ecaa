"""The Bot API methods the bot calls, as a table, and what they remember: the bot's messages.

Each method takes the fake's ``State`` and the decoded parameters and returns the ``result`` of
Telegram's answer, or raises ``ApiError`` with the real server's error. ``METHODS`` lists them;
getUpdates, which waits, is ``polling.Updates.poll``. A method the table lacks gets 404 Not Found,
as on the real server, so a new call in ``bot/`` fails its tests until it is added here.

Deliberate differences from the real server: any webhook URL is accepted (tests listen on plain
http), Markdown is not parsed, every chat exists, and a reply to a message the fake never stored
(a user's) is sent without ``reply_to_message``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from tests.fake import photos
from tests.fake.errors import ApiError, Fault, JSONDict, bad_request
from tests.fake.html import format_text
from tests.fake.objects import chat_member, default_chat, now, user
from tests.fake.polling import Updates

MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_INLINE_RESULTS: Final = 50
MAX_INLINE_RESULT_ID_BYTES: Final = 64

NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD: Final = "query is too old and response timeout expired or query ID is invalid"

_COMMAND: Final = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_ACTIONS: Final = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


@dataclass(slots=True)
class State:
    """What the fake remembers between calls; methods run under the fake's lock."""

    bot: JSONDict
    updates: Updates
    messages: dict[tuple[int, int], JSONDict] = field(default_factory=dict)
    next_message_id: dict[int, int] = field(default_factory=dict)
    statuses: dict[int, dict[int, str]] = field(default_factory=dict)
    # Photos uploaded by file id (photos.py).
    files: dict[str, bytes] = field(default_factory=dict)


Method = Callable[[State, Mapping[str, Any]], Any]


# --- Checks shared by several methods -----------------------------------------------------------


def _chat_id(params: Mapping[str, Any]) -> int:
    raw = params.get("chat_id")
    if raw is None or raw == "":
        raise bad_request("chat_id is empty")
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise bad_request("chat not found") from None


def _int(params: Mapping[str, Any], name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, TypeError, ValueError):
        raise bad_request(f"{name} is empty") from None


def _text(params: Mapping[str, Any]) -> tuple[str, list[JSONDict]]:
    return format_text(params.get("text"), params.get("parse_mode"), params.get("entities"))


def check_markup(markup: object) -> JSONDict | None:
    """Validate reply_markup like the server; return the inline keyboard a Message would carry."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None  # reply keyboards and ForceReply are not part of the returned Message
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            "can't parse inline keyboard button: inline_keyboard must be an Array of Arrays"
        )
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request("can't parse inline keyboard button: Text must be non-empty")
        if not _BUTTON_ACTIONS.intersection(button):
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the "
                "inline keyboard"
            )
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows} if any(rows) else None


def _stored(state: State, params: Mapping[str, Any]) -> JSONDict:
    message = state.messages.get((_chat_id(params), _int(params, "message_id")))
    if message is None:
        raise bad_request("message to edit not found")
    return message


def _replace(message: JSONDict, key: str, value: object) -> None:
    """Set ``key``, or remove it when ``value`` is empty, as Telegram leaves empty fields out."""
    if value:
        message[key] = value
    else:
        message.pop(key, None)


# --- Methods ------------------------------------------------------------------------------------


def get_me(state: State, _: Mapping[str, Any]) -> JSONDict:
    return {
        **state.bot,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(state: State, params: Mapping[str, Any]) -> JSONDict:
    chat_id = _chat_id(params)
    markup = check_markup(params.get("reply_markup"))
    text, entities = _text(params)
    message_id = state.next_message_id.get(chat_id, 1)
    state.next_message_id[chat_id] = message_id + 1
    message: JSONDict = {
        "message_id": message_id,
        "from": state.bot,
        "chat": default_chat(chat_id),
        "date": now(),
        "text": text,
    }
    _replace(message, "entities", entities)
    _replace(message, "reply_markup", markup)
    if isinstance(params.get("link_preview_options"), dict):
        message["link_preview_options"] = params["link_preview_options"]
    reply = params.get("reply_parameters")
    reply_id = reply.get("message_id") if isinstance(reply, dict) else None
    original = state.messages.get((chat_id, int(reply_id))) if reply_id is not None else None
    if original is not None:
        message["reply_to_message"] = {
            key: value for key, value in original.items() if key != "reply_to_message"
        }
    state.messages[(chat_id, message_id)] = message
    return copy.deepcopy(message)


def send_photo(state: State, params: Mapping[str, Any]) -> JSONDict:
    chat_id = _chat_id(params)
    markup = check_markup(params.get("reply_markup"))
    message_id = state.next_message_id.get(chat_id, 1)
    message = photos.send_photo(state, params, markup, message_id)
    state.next_message_id[chat_id] = message_id + 1
    state.messages[(chat_id, message_id)] = message
    return copy.deepcopy(message)


def edit_message_text(state: State, params: Mapping[str, Any]) -> JSONDict | bool:
    text, entities = _text(params)
    markup = check_markup(params.get("reply_markup"))
    if params.get("inline_message_id"):
        return True
    message = _stored(state, params)
    old = (message.get("text"), message.get("entities", []), message.get("reply_markup"))
    if old == (text, entities, markup):
        raise ApiError(Fault(400, NOT_MODIFIED))
    message["text"] = text
    _replace(message, "entities", entities)
    _replace(message, "reply_markup", markup)  # an edit without a markup removes the keyboard
    message["edit_date"] = now()
    return copy.deepcopy(message)


def edit_message_reply_markup(state: State, params: Mapping[str, Any]) -> JSONDict | bool:
    markup = check_markup(params.get("reply_markup"))
    if params.get("inline_message_id"):
        return True
    message = _stored(state, params)
    if message.get("reply_markup") == markup:
        raise ApiError(Fault(400, NOT_MODIFIED))
    _replace(message, "reply_markup", markup)
    message["edit_date"] = now()
    return copy.deepcopy(message)


def answer_callback_query(_: State, params: Mapping[str, Any]) -> bool:
    if not params.get("callback_query_id"):
        raise bad_request(QUERY_TOO_OLD)
    return True


def answer_inline_query(state: State, params: Mapping[str, Any]) -> bool:
    if not params.get("inline_query_id"):
        raise bad_request(QUERY_TOO_OLD)
    results = params.get("results")
    if not isinstance(results, list):
        raise bad_request("can't parse JSON encoded inline query results")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        result_id = str(result.get("id", "")) if isinstance(result, dict) else ""
        if not 1 <= len(result_id.encode()) <= MAX_INLINE_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        check_markup(result.get("reply_markup"))
        photos.check_photo_result(state.files, result)
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            format_text(
                content["message_text"], content.get("parse_mode"), content.get("entities")
            )
    return True


def set_my_commands(_: State, params: Mapping[str, Any]) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return True


def get_chat_member(state: State, params: Mapping[str, Any]) -> JSONDict:
    chat_id, user_id = _chat_id(params), _int(params, "user_id")
    status = state.statuses.get(chat_id, {}).get(user_id, "member")
    who = state.bot if user_id == state.bot["id"] else user(user_id, f"Usuario {user_id}")
    return chat_member(who, status)


METHODS: Final[Mapping[str, Method]] = {
    "getMe": get_me,
    "setWebhook": lambda state, params: state.updates.set_webhook(params),
    "deleteWebhook": lambda state, params: state.updates.delete_webhook(params),
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
    "setMyCommands": set_my_commands,
    "getChatMember": get_chat_member,
}
POLL: Final = "getUpdates"

# Method names are case-insensitive on the real server.
_CANONICAL: Final = {name.lower(): name for name in [*METHODS, POLL]}


def canonical(method: str) -> str:
    """The Bot API's spelling of ``method`` (sendmessage -> sendMessage), or ``method`` itself."""
    return _CANONICAL.get(method.lower(), method)
