"""A fake Telegram Bot API server: real HTTP on loopback, Telegram's shapes, limits and errors.

PTB talks to it exactly as it talks to api.telegram.org (``base_url=fake.base_url``). Tests queue
updates, inject faults and assert on the recorded calls. This module knows Telegram, not Memoria:
it must not import ``bot``. The ``fake_telegram`` fixture lives in ``conftest.py``; this module's
own tests in ``test_faketelegram.py``.

Usage::

    with FakeTelegram() as fake:
        app = (
            ApplicationBuilder().token(fake.token).base_url(fake.base_url)
            .request(loopback_request()).get_updates_request(loopback_request()).build()
        )
        fake.fail("sendMessage", chat_id=42, error=blocked())
        fake.push_update(message_update("/start", chat_id=42))   # for app.updater polling
        await app.process_update(Update.de_json(message_update("/start", chat_id=7), app.bot))
        (call,) = await fake.await_for("sendMessage")

The HTTP side lives in ``fakeserver.py``: one asyncio event loop in a daemon thread serves every
keep-alive connection. Each request is recorded and its fault picked as it arrives; ordinary
methods then run on the loop itself, ``latency`` and ``timeout()`` faults wait with
``asyncio.sleep``, and long polls (``getUpdates``) wait in a worker thread, so no request holds
up another. State is shared with the tests' threads under one lock. ``stop()`` wakes the polls,
closes every connection and joins the loop's thread and its workers.

Deliberate differences from the real server: any webhook URL is accepted (tests listen on plain
http), Markdown is not parsed, and a reply to a message the fake never stored (a user's) is sent
without ``reply_to_message``.
"""

from __future__ import annotations

import asyncio
import copy
import email.parser
import email.policy
import html.parser
import itertools
import json
import random
import re
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from types import TracebackType
from typing import Any, Final, Self

import httpx

from bot.transport import AiohttpRequest
from tests.fakeserver import Exchange, Gone, LoopbackServer

JSONDict = dict[str, Any]

DEFAULT_TOKEN: Final = "123456789:AAFakeTokenForMemoriaTests_0123456789"
DEFAULT_BOT_ID: Final = 123456789
DEFAULT_BOT_USERNAME: Final = "memoria_test_bot"
DEFAULT_BOT_NAME: Final = "Memoria"

MAX_TEXT_LENGTH: Final = 4096
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_INLINE_RESULTS: Final = 50
MAX_INLINE_RESULT_ID_BYTES: Final = 64

CONFLICT_POLLING: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
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


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


UPDATE_TYPES: Final = _words(
    """
    message edited_message channel_post edited_channel_post business_connection
    business_message edited_business_message deleted_business_messages message_reaction
    message_reaction_count inline_query chosen_inline_result callback_query shipping_query
    pre_checkout_query purchased_paid_media poll poll_answer my_chat_member chat_member
    chat_join_request chat_boost removed_chat_boost
    """
)
# What the server sends when allowed_updates was never set or set to [].
DEFAULT_ALLOWED_UPDATES: Final = frozenset(UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

CHAT_ACTIONS: Final = frozenset(
    _words(
        """
        typing upload_photo record_video upload_video record_voice upload_voice upload_document
        choose_sticker find_location record_video_note upload_video_note
        """
    )
)


# --- Records and faults -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received, with its parameters decoded to Python objects."""

    method: str
    params: Mapping[str, Any]
    at: float


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Fault:
    """What the fake answers instead of running a method.

    ``error_code`` 0 means no error: the fake only waits ``delay`` seconds, then answers normally
    (the method runs, as on the real server when the client gives up too early).
    """

    error_code: int = 0
    description: str = ""
    parameters: Mapping[str, int] | None = None
    delay: float = 0.0

    def body(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def retry_after(seconds: int = 5) -> Fault:
    """429 flood control; PTB raises ``RetryAfter``."""
    return Fault(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def blocked() -> Fault:
    """403 for a user who blocked the bot; PTB raises ``Forbidden``."""
    return Fault(403, "Forbidden: bot was blocked by the user")


def deactivated() -> Fault:
    """403 for a deleted account."""
    return Fault(403, "Forbidden: user is deactivated")


def kicked() -> Fault:
    """403 for a group the bot was removed from."""
    return Fault(403, "Forbidden: bot was kicked from the group chat")


def chat_not_found() -> Fault:
    """400 for an unknown chat; PTB raises ``BadRequest``."""
    return Fault(400, "Bad Request: chat not found")


def too_long() -> Fault:
    """400 for a text over 4096 characters."""
    return Fault(400, "Bad Request: message is too long")


def bad_html(detail: str = 'Unsupported start tag "div" at byte offset 0') -> Fault:
    """400 for markup Telegram cannot parse."""
    return Fault(400, f"Bad Request: can't parse entities: {detail}")


def migrated(new_chat_id: int) -> Fault:
    """400 for a group upgraded to a supergroup; PTB raises ``ChatMigrated``."""
    return Fault(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": new_chat_id},
    )


def server_error(status: int = 502) -> Fault:
    """A 5xx in Telegram's error shape; PTB raises ``NetworkError``."""
    return Fault(status, HTTPStatus(status).phrase)


def timeout(seconds: float) -> Fault:
    """Answer after ``seconds``: a client with a shorter read timeout raises ``TimedOut``."""
    return Fault(delay=seconds)


class ApiError(Exception):
    """Raised inside a method to answer with ``fault``."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.description)
        self.fault = fault


def _bad_request(description: str) -> ApiError:
    return ApiError(Fault(400, f"Bad Request: {description}"))


@dataclass(slots=True)
class _Rule:
    method: str | None
    fault: Fault
    chat_ids: frozenset[str] | None
    times: int | None
    rate: float = 1.0
    rng: random.Random | None = None

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.chat_ids is not None and str(params.get("chat_id")) not in self.chat_ids:
            return False
        return self.rng is None or self.rng.random() < self.rate


# --- Parameter decoding -------------------------------------------------------------------------

# Parameters that are free text or opaque ids: never JSON-decoded, so "42" stays a string.
_TEXT_PARAMS: Final = frozenset(
    _words(
        """
        text caption query data url title description short_description name parse_mode
        inline_message_id callback_query_id inline_query_id next_offset secret_token language_code
        action emoji question explanation address first_name last_name phone_number vcard
        custom_title sticker photo document video audio voice animation video_note thumbnail
        ip_address payload currency start_parameter provider_token message_effect_id
        business_connection_id invite_link file_id result_id web_app_query_id error_message
        """
    )
)


def _decode_value(name: str, raw: str) -> Any:
    """Nested values (reply_markup, results, …) and numbers arrive as JSON text inside forms."""
    if name in _TEXT_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _parse_multipart(content_type: str, body: bytes) -> JSONDict:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: JSONDict = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is None:
            params[name] = _decode_value(name, data.decode())
        else:
            params[name] = UploadedFile(filename, part.get_content_type(), data)
    return params


def decode_params(content_type: str, body: bytes, query: str = "") -> JSONDict:
    """Decode query, form, multipart or JSON parameters the way the Bot API server does."""
    params: JSONDict = {
        key: _decode_value(key, value)
        for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True)
    }
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/json" and body:
        try:
            loaded = json.loads(body)
        except ValueError as exc:
            raise _bad_request("can't parse JSON encoded request") from exc
        if not isinstance(loaded, dict):
            raise _bad_request("JSON object expected")
        for key, value in loaded.items():
            params[key] = _decode_value(key, value) if isinstance(value, str) else value
    elif mime == "application/x-www-form-urlencoded":
        for key, value in urllib.parse.parse_qsl(body.decode(), keep_blank_values=True):
            params[key] = _decode_value(key, value)
    elif mime == "multipart/form-data":
        params.update(_parse_multipart(content_type, body))
    return params


# --- Text, HTML and keyboards -------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


_TAG_ENTITY: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TRIMMED: Final = " \t\r\n"


class _HtmlError(Exception):
    pass


class _TelegramHtml(html.parser.HTMLParser):
    """Telegram's HTML dialect: the visible text and its entities, or the server's parse error."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self._parts: list[str] = []
        self._utf16 = 0
        self._open: list[tuple[str, JSONDict | None, int]] = []
        self.entities: list[JSONDict] = []

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def finish(self) -> None:
        self.close()
        if self._open:
            raise _HtmlError(
                f'Can\'t find end tag corresponding to start tag "{self._open[-1][0]}"'
            )

    def _at(self, extra: int = 0) -> str:
        line, column = self.getpos()
        index = self._line_starts[line - 1] + column + extra
        return f"byte offset {len(self._source[:index].encode())}"

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._utf16 += utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAG_ENTITY:
            raise _HtmlError(f'Unsupported start tag "{tag}" at {self._at()}')
        attributes = {key: value or "" for key, value in attrs}
        entity: JSONDict | None = {"type": _TAG_ENTITY[tag]}
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise _HtmlError(f'Tag "span" must have class "tg-spoiler" at {self._at()}')
        if tag == "a":
            entity = (
                {"type": "text_link", "url": attributes["href"]}
                if attributes.get("href")
                else None
            )
        elif tag == "blockquote" and "expandable" in attributes:
            entity = {"type": "expandable_blockquote"}
        elif tag == "tg-emoji":
            if not attributes.get("emoji-id"):
                raise _HtmlError(f'Tag "tg-emoji" must have attribute "emoji-id" at {self._at()}')
            entity = {"type": "custom_emoji", "custom_emoji_id": attributes["emoji-id"]}
        elif tag == "code" and self._open and self._open[-1][0] == "pre":
            language = attributes.get("class", "")
            pre = self._open[-1][1]
            if language.startswith("language-") and pre is not None:
                pre["language"] = language.removeprefix("language-")
            entity = None  # <pre><code> is one pre entity
        self._open.append((tag, entity, self._utf16))

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            raise _HtmlError(f"Unexpected end tag at {self._at()}")
        open_tag, entity, start = self._open.pop()
        if open_tag != tag:
            raise _HtmlError(
                f'Unmatched end tag at {self._at()}, expected "</{open_tag}>", found "</{tag}>"'
            )
        if entity is not None and self._utf16 > start:
            self.entities.append({**entity, "offset": start, "length": self._utf16 - start})

    def handle_data(self, data: str) -> None:
        if "<" in data:
            raise _HtmlError(f'Unsupported start tag "" at {self._at(data.index("<"))}')
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        self._append(_NAMED_ENTITIES.get(name, f"&{name};"))

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            self._append(chr(code))
        except (ValueError, OverflowError):
            self._append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        raise _HtmlError(f'Unsupported start tag "!--" at {self._at()}')

    def handle_decl(self, decl: str) -> None:
        raise _HtmlError(f'Unsupported start tag "!" at {self._at()}')

    def handle_pi(self, data: str) -> None:
        raise _HtmlError(f'Unsupported start tag "?" at {self._at()}')

    def unknown_decl(self, data: str) -> None:
        raise _HtmlError(f'Unsupported start tag "!" at {self._at()}')


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into (visible text, entities); raise ``ApiError`` like the server."""
    parser = _TelegramHtml(text)
    try:
        parser.feed(text)
        parser.finish()
    except _HtmlError as exc:
        raise _bad_request(f"can't parse entities: {exc}") from None
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return parser.text, entities


def _trim(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram strips leading and trailing whitespace and clips entities to what is left."""
    stripped = text.strip(_TRIMMED)
    if stripped == text:
        return text, entities
    lead = len(text) - len(text.lstrip(_TRIMMED))  # these characters are one UTF-16 unit each
    end = utf16_len(stripped)
    clipped = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        stop = min(entity["offset"] + entity["length"] - lead, end)
        if stop > start:
            clipped.append({**entity, "offset": start, "length": stop - start})
    return stripped, clipped


def format_text(
    text: object, parse_mode: object = None, entities: object = None
) -> tuple[str, list[JSONDict]]:
    """The visible text and entities Telegram would store, or the ``ApiError`` it would send."""
    if text is None or text == "":
        raise _bad_request("message text is empty")
    source = str(text)
    mode = str(parse_mode).lower() if parse_mode else ""
    if mode == "html":
        visible, found = parse_html(source)
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown is not parsed: Memoria sends HTML, and the length check stays approximate.
        visible = source
        found = (
            [dict(e) for e in entities if isinstance(e, dict)]
            if isinstance(entities, list)
            else []
        )
    else:
        raise _bad_request("unsupported parse_mode")
    visible, found = _trim(visible, found)
    if not visible:
        raise _bad_request("message text is empty")
    if len(visible) > MAX_TEXT_LENGTH:
        raise _bad_request("message is too long")
    return visible, found


_BUTTON_ACTIONS: Final = _words(
    """
    url callback_data web_app login_url switch_inline_query switch_inline_query_current_chat
    switch_inline_query_chosen_chat copy_text callback_game pay
    """
)


def check_markup(markup: object) -> JSONDict | None:
    """Validate reply_markup like the server; return the inline keyboard a Message would carry."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None  # reply keyboards and ForceReply are not part of the returned Message
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request(
            "can't parse inline keyboard button: inline_keyboard must be an Array of Arrays"
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise _bad_request("can't parse inline keyboard button: Text must be non-empty")
            if not any(key in button for key in _BUTTON_ACTIONS):
                raise _bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows} if any(rows) else None


# --- Objects ------------------------------------------------------------------------------------


def _now() -> int:
    return int(time.time())


def _user(
    user_id: int,
    first_name: str = "Ana",
    username: str | None = None,
    language_code: str | None = None,
) -> JSONDict:
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username is not None:
        user["username"] = username
    if language_code is not None:
        user["language_code"] = language_code
    return user


def _bot_user(bot_id: int, username: str, first_name: str = DEFAULT_BOT_NAME) -> JSONDict:
    return {"id": bot_id, "is_bot": True, "first_name": first_name, "username": username}


def _chat(
    chat_id: int,
    chat_type: str = "private",
    *,
    title: str = "Grupo",
    first_name: str = "Ana",
    username: str | None = None,
) -> JSONDict:
    if chat_type == "private":
        chat: JSONDict = {"id": chat_id, "type": "private", "first_name": first_name}
        if username is not None:
            chat["username"] = username
        return chat
    return {"id": chat_id, "type": chat_type, "title": title}


def _default_chat(chat_id: int) -> JSONDict:
    if chat_id > 0:
        return _chat(chat_id, first_name=f"Usuario {chat_id}")
    # Supergroup and channel ids look like -100xxxxxxxxxx.
    return _chat(chat_id, "supergroup" if chat_id < -1_000_000_000_000 else "group")


_ADMIN_RIGHTS: Final = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
    "can_manage_topics": False,
}
_RESTRICTIONS: Final = {
    "is_member": True,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_send_messages": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_manage_topics": False,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_edit_tag": False,
    "can_react_to_messages": False,
    "until_date": 0,
}


def chat_member(user: Mapping[str, Any], status: str) -> JSONDict:
    """A ChatMember of any status with every field PTB requires."""
    member: JSONDict = {"status": status, "user": dict(user)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "restricted":
        member.update(_RESTRICTIONS)
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in ("member", "left"):
        raise ValueError(f"unknown chat member status {status!r}")
    return member


_ACCEPTED_GIFTS: Final = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


# --- The server ---------------------------------------------------------------------------------

_METHODS: Final = _words(
    """
    getMe logOut close getUpdates setWebhook deleteWebhook getWebhookInfo sendMessage
    editMessageText editMessageReplyMarkup deleteMessage answerCallbackQuery answerInlineQuery
    sendChatAction setMyCommands deleteMyCommands getMyCommands setMyDescription
    getMyDescription setMyShortDescription getMyShortDescription getChat getChatMember
    getChatAdministrators
    """
)
# Method names are case-insensitive on the real server.
_CANONICAL: Final = {name.lower(): name for name in _METHODS}
_PATH: Final = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?")
_COMMAND: Final = re.compile(r"[a-z0-9_]{1,32}")
_SECRET: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _canonical(method: str) -> str:
    return _CANONICAL.get(method.lower(), method)


def _answer(fault: Fault, delay: float = 0.0) -> Exchange:
    """An exchange that answers with ``fault``'s error after ``delay``."""
    answer = fault.error_code, fault.body()
    return Exchange(lambda _: answer, delay)


class FakeTelegram:
    """A Bot API server on 127.0.0.1 in a daemon thread; see the module docstring."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = DEFAULT_BOT_USERNAME,
        first_name: str = DEFAULT_BOT_NAME,
        check_token: bool = True,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.username = username
        self.first_name = first_name
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else DEFAULT_BOT_ID
        self.check_token = check_token
        self.latency = latency
        self.internal_errors: list[str] = []
        self._cond = threading.Condition(threading.RLock())
        self._stopping = threading.Event()
        self._server: LoopbackServer | None = None
        self._calls: list[Call] = []
        self._once: list[_Rule] = []
        self._always: list[_Rule] = []
        self._updates: list[JSONDict] = []
        self._last_update_id = 0
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._poll_generation = 0
        self._webhook: JSONDict = {}
        self._chats: dict[int, JSONDict] = {}
        self._missing: set[int] = set()
        self._statuses: dict[int, dict[int, str]] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._next_message_id: dict[int, int] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        self._handlers: dict[str, Callable[[JSONDict], Any]] = {
            "getMe": self._get_me,
            "logOut": lambda _: True,
            "close": lambda _: True,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": self._get_my_commands,
            "setMyDescription": lambda p: self._set_description("description", p),
            "getMyDescription": lambda p: self._get_description("description", p),
            "setMyShortDescription": lambda p: self._set_description("short_description", p),
            "getMyShortDescription": lambda p: self._get_description("short_description", p),
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
        }

    # Lifecycle

    def start(self) -> Self:
        """Listen on a free loopback port."""
        if self._server is not None:
            raise RuntimeError("FakeTelegram is already running")
        self._stopping.clear()
        server = LoopbackServer(
            self._accept, on_error=self.internal_errors.append, name="faketelegram"
        )
        server.start()
        self._server = server
        return self

    def stop(self) -> None:
        """Wake waiting requests, close every connection and join every thread."""
        server = self._server
        if server is None:
            return
        self._stopping.set()  # long polls return, so the server's workers can be joined
        with self._cond:
            self._cond.notify_all()
        server.stop()
        self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not running")
        return self._server.port

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` takes; PTB appends ``<token>/<method>``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> JSONDict:
        return _bot_user(self.bot_id, self.username, self.first_name)

    # Recorded calls

    def calls(self, method: str | None = None) -> list[Call]:
        """Every call so far, in arrival order, optionally of one method."""
        with self._cond:
            if method is None:
                return list(self._calls)
            name = _canonical(method)
            return [call for call in self._calls if call.method == name]

    def sent_messages(self, chat_id: int | None = None) -> list[Mapping[str, Any]]:
        """The parameters of every sendMessage call, failed ones included."""
        return [
            call.params
            for call in self.calls("sendMessage")
            if chat_id is None or str(call.params.get("chat_id")) == str(chat_id)
        ]

    def messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """The bot's messages as Telegram now stores them: delivered, edited, not deleted."""
        with self._cond:
            return [
                copy.deepcopy(message)
                for (chat, _), message in self._messages.items()
                if chat_id is None or chat == chat_id
            ]

    def clear(self) -> None:
        """Forget recorded calls (not state, not faults)."""
        with self._cond:
            self._calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` were recorded; return them."""
        name = _canonical(method)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [call for call in self._calls if call.method == name]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._waited(name, count, len(found), timeout))
                self._cond.wait(remaining)

    async def await_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - the same signature as wait_for
    ) -> list[Call]:
        """``wait_for`` for asyncio tests: polls without blocking the event loop."""
        name = _canonical(method)
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls(name)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise TimeoutError(self._waited(name, count, len(found), timeout))
            await asyncio.sleep(0.005)

    def _waited(self, name: str, count: int, got: int, timeout: float) -> str:
        seen = [call.method for call in self.calls()]
        return f"waited {timeout}s for {count} {name} call(s), got {got}; calls: {seen}"

    # Faults

    def fail(
        self, method: str, *, error: Fault, chat_id: int | str | None = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id``) with ``error``."""
        if times < 1:
            raise ValueError("times must be at least 1")
        chats = None if chat_id is None else frozenset({str(chat_id)})
        with self._cond:
            self._once.append(_Rule(_canonical(method), error, chats, times))

    def fail_randomly(
        self, method: str | None, error: Fault, *, rate: float = 0.1, seed: int = 0
    ) -> None:
        """Answer each call of ``method`` (None: any) with ``error`` at ``rate``, reproducibly."""
        name = None if method is None else _canonical(method)
        with self._cond:
            self._always.append(_Rule(name, error, None, None, rate, random.Random(seed)))

    def fail_chats(
        self, chat_ids: Iterable[int | str], error: Fault, *, method: str | None = None
    ) -> None:
        """Answer every call for these chats (of ``method``, default any) with ``error``."""
        name = None if method is None else _canonical(method)
        chats = frozenset(str(chat_id) for chat_id in chat_ids)
        with self._cond:
            self._always.append(_Rule(name, error, chats, None))

    def clear_faults(self) -> None:
        with self._cond:
            self._once.clear()
            self._always.clear()

    def _pick_fault(self, method: str, params: Mapping[str, Any]) -> Fault | None:
        with self._cond:
            for rule in self._once:
                if rule.matches(method, params):
                    assert rule.times is not None
                    rule.times -= 1
                    if rule.times <= 0:
                        self._once.remove(rule)
                    return rule.fault
            for rule in self._always:
                if rule.matches(method, params):
                    return rule.fault
        return None

    # Chats

    def add_chat(self, chat: Mapping[str, Any]) -> None:
        """Declare a chat (a Bot API Chat dict) so getChat and replies use its type and title."""
        with self._cond:
            self._chats[int(chat["id"])] = dict(chat)

    def set_chat_missing(self, chat_id: int, missing: bool = True) -> None:
        """Make every call for ``chat_id`` fail with "chat not found" (or stop doing so)."""
        with self._cond:
            if missing:
                self._missing.add(chat_id)
            else:
                self._missing.discard(chat_id)

    def forget_chat(self, chat_id: int) -> None:
        self.set_chat_missing(chat_id)

    def set_admins(
        self, chat_id: int, user_ids: Iterable[int], *, creator: int | None = None
    ) -> None:
        """Who getChatMember reports as administrator (and creator) of ``chat_id``."""
        with self._cond:
            statuses = {user_id: "administrator" for user_id in user_ids}
            if creator is not None:
                statuses[creator] = "creator"
            self._statuses[chat_id] = statuses

    # Updates

    def push_update(self, update: Mapping[str, Any]) -> int:
        """Queue an update for getUpdates; assign ``update_id`` if missing and return it."""
        queued = copy.deepcopy(dict(update))
        with self._cond:
            update_id = queued.get("update_id")
            if update_id is None:
                update_id = self._last_update_id + 1
            elif update_id <= self._last_update_id:
                raise ValueError(
                    f"update_id {update_id} is not above the last one ({self._last_update_id})"
                )
            queued["update_id"] = update_id
            self._last_update_id = update_id
            self._remember_chats(queued)
            self._updates.append(queued)
            self._cond.notify_all()
        return int(update_id)

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by an ``offset``."""
        with self._cond:
            return len(self._updates)

    @property
    def webhook(self) -> Mapping[str, Any]:
        """The parameters of the last setWebhook ({} when none is set)."""
        with self._cond:
            return dict(self._webhook)

    def _remember_chats(self, value: object) -> None:
        if isinstance(value, dict):
            chat = value.get("chat")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                self._chats.setdefault(chat["id"], dict(chat))
            for item in value.values():
                self._remember_chats(item)

    # Request handling (on the server's event loop; long polls in its worker threads)

    def respond(
        self, path: str, query: str, content_type: str, body: bytes, gone: Gone
    ) -> tuple[int, JSONDict]:
        """Answer one HTTP request: (status, JSON body). Blocks for delays and long polls."""
        exchange = self._accept(path, query, content_type, body)
        if exchange.delay > 0:
            self._stopping.wait(exchange.delay)
        return exchange.finish(gone)

    def _accept(self, path: str, query: str, content_type: str, body: bytes) -> Exchange:
        """Record a request and pick its fault at once; the server waits, then finishes it."""
        match = _PATH.fullmatch(path)
        if match is None:
            return _answer(Fault(404, "Not Found"))
        method = _canonical(match["method"])
        try:
            params = decode_params(content_type, body, query)
        except ApiError as exc:
            return _answer(exc.fault)
        with self._cond:
            self._calls.append(Call(method, params, time.monotonic()))
            self._cond.notify_all()
        if self.check_token and match["token"] != self.token:
            return _answer(Fault(401, "Unauthorized"))
        fault = self._pick_fault(method, params)
        delay = self.latency + (fault.delay if fault else 0.0)
        if fault is not None and fault.error_code:
            return _answer(fault, delay)
        return Exchange(
            partial(self._finish, method, params), delay, blocking=method == "getUpdates"
        )

    def _finish(self, method: str, params: JSONDict, gone: Gone) -> tuple[int, JSONDict]:
        try:
            if method == "getUpdates":
                result = self._get_updates(params, gone)
            elif method in self._handlers:
                with self._cond:
                    result = self._handlers[method](params)
            else:
                return 404, Fault(404, "Not Found").body()
        except ApiError as exc:
            return exc.fault.error_code, exc.fault.body()
        except Exception:
            self.internal_errors.append(traceback.format_exc())
            return 500, Fault(500, "Internal Server Error: the fake failed").body()
        return 200, {"ok": True, "result": result}

    def _chat_id(self, params: Mapping[str, Any]) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            found = [cid for cid, chat in self._chats.items() if f"@{chat.get('username')}" == raw]
            if not found:
                raise _bad_request("chat not found")
            raw = found[0]
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise _bad_request("chat not found") from None
        if chat_id in self._missing:
            raise _bad_request("chat not found")
        return chat_id

    def _chat(self, chat_id: int) -> JSONDict:
        return dict(self._chats.get(chat_id) or _default_chat(chat_id))

    @staticmethod
    def _int(params: Mapping[str, Any], name: str) -> int:
        try:
            return int(params[name])
        except (KeyError, TypeError, ValueError):
            raise _bad_request(f"{name} is empty") from None

    def _get_me(self, _: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: Mapping[str, Any], gone: Gone) -> list[JSONDict]:
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        wait = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates")
        deadline = time.monotonic() + wait
        with self._cond:
            if self._webhook:
                raise ApiError(Fault(409, CONFLICT_WEBHOOK))
            # A newer request terminates the one still waiting, as on the real server.
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) or DEFAULT_ALLOWED_UPDATES
            if isinstance(offset, int) and offset < 0:
                del self._updates[: max(len(self._updates) + offset, 0)]
            elif isinstance(offset, int):
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                if self._poll_generation != generation:
                    raise ApiError(Fault(409, CONFLICT_POLLING))
                self._updates = [u for u in self._updates if self._allowed(u)]
                remaining = deadline - time.monotonic()
                if self._updates or remaining <= 0 or self._stopping.is_set() or gone():
                    return copy.deepcopy(self._updates[:limit])
                self._cond.wait(min(remaining, 0.1))

    def _allowed(self, update: Mapping[str, Any]) -> bool:
        return any(kind in self._allowed_updates for kind in update if kind != "update_id")

    def _set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return self._delete_webhook(params)
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        # Unlike the real server, any URL is accepted: tests listen on plain http://127.0.0.1.
        self._webhook = {key: value for key, value in params.items() if key != "certificate"}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = frozenset(params["allowed_updates"]) or DEFAULT_ALLOWED_UPDATES
        return True

    def _delete_webhook(self, params: JSONDict) -> bool:
        self._webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, _: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook:
            info["max_connections"] = int(self._webhook.get("max_connections") or 40)
            info["ip_address"] = "127.0.0.1"
            if isinstance(self._webhook.get("allowed_updates"), list):
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        markup = check_markup(params.get("reply_markup"))
        text, entities = format_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        message: JSONDict = {
            "message_id": message_id,
            "from": self.bot_user,
            "chat": self._chat(chat_id),
            "date": _now(),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            message["link_preview_options"] = params["link_preview_options"]
        if markup is not None:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters")
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        original = self._messages.get((chat_id, int(reply_id))) if reply_id is not None else None
        if original is not None:
            message["reply_to_message"] = {
                k: v for k, v in original.items() if k != "reply_to_message"
            }
        self._messages[(chat_id, message_id)] = message
        return copy.deepcopy(message)

    def _stored(self, params: Mapping[str, Any], missing: str) -> JSONDict:
        chat_id = self._chat_id(params)
        message = self._messages.get((chat_id, self._int(params, "message_id")))
        if message is None:
            raise _bad_request(missing)
        return message

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        text, entities = format_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._stored(params, "message to edit not found")
        unchanged = (
            message.get("text") == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        )
        if unchanged:
            raise ApiError(Fault(400, NOT_MODIFIED))
        message["text"] = text
        message.pop("entities", None)
        message.pop("reply_markup", None)  # editing text without a markup removes the keyboard
        if entities:
            message["entities"] = entities
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = _now()
        return copy.deepcopy(message)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        markup = check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._stored(params, "message to edit not found")
        if message.get("reply_markup") == markup:
            raise ApiError(Fault(400, NOT_MODIFIED))
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = _now()
        return copy.deepcopy(message)

    def _delete_message(self, params: JSONDict) -> bool:
        message = self._stored(params, "message to delete not found")
        del self._messages[(message["chat"]["id"], message["message_id"])]
        return True

    def _answer_callback_query(self, params: JSONDict) -> bool:
        if not params.get("callback_query_id"):
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        return True

    def _answer_inline_query(self, params: JSONDict) -> bool:
        if not params.get("inline_query_id"):
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad_request("can't parse JSON encoded inline query results")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = str(result.get("id", "")) if isinstance(result, dict) else ""
            if not 1 <= len(result_id.encode()) <= MAX_INLINE_RESULT_ID_BYTES:
                raise _bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            check_markup(result.get("reply_markup"))
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                format_text(
                    content["message_text"], content.get("parse_mode"), content.get("entities")
                )
        return True

    def _send_chat_action(self, params: JSONDict) -> bool:
        self._chat_id(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    @staticmethod
    def _scope_key(params: Mapping[str, Any]) -> tuple[str, str]:
        scope = params.get("scope")
        if not isinstance(scope, dict):
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND.fullmatch(
                str(command.get("command"))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description") or "")) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._scope_key(params)
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _set_description(self, field: str, params: JSONDict) -> bool:
        self._descriptions[(field, str(params.get("language_code") or ""))] = str(
            params.get(field) or ""
        )
        return True

    def _get_description(self, field: str, params: JSONDict) -> JSONDict:
        key = (field, str(params.get("language_code") or ""))
        return {field: self._descriptions.get(key, "")}

    def _get_chat(self, params: JSONDict) -> JSONDict:
        chat = self._chat(self._chat_id(params))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict(_ACCEPTED_GIFTS),
        }

    def _member_user(self, user_id: int) -> JSONDict:
        if user_id == self.bot_id:
            return self.bot_user
        return _user(user_id, first_name=f"Usuario {user_id}")

    def _get_chat_member(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        user_id = self._int(params, "user_id")
        status = self._statuses.get(chat_id, {}).get(user_id, "member")
        return chat_member(self._member_user(user_id), status)

    def _get_chat_administrators(self, params: JSONDict) -> list[JSONDict]:
        chat_id = self._chat_id(params)
        if self._chat(chat_id)["type"] == "private":
            raise _bad_request("there are no administrators in the private chat")
        statuses = self._statuses.get(chat_id, {})
        ordered = sorted(statuses.items(), key=lambda item: item[1] != "creator")
        return [chat_member(self._member_user(uid), status) for uid, status in ordered]


# --- Update builders ----------------------------------------------------------------------------

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
    sender = _user(
        user_id if user_id is not None else (chat_id if chat_type == "private" else 1001),
        first_name,
        username,
        language_code,
    )
    chat = _chat(chat_id, chat_type, title=chat_title, first_name=first_name, username=username)
    message: JSONDict = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": _now(),
        "chat": chat,
        "text": text,
    }
    if chat_type == "channel":
        message["sender_chat"] = chat
    else:
        message["from"] = sender
    entities = text_entities(text)
    if entities:
        message["entities"] = entities
    return message


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
            "message_id": reply_to_bot_message_id,
            "from": _bot_user(bot_id, bot_username),
            "chat": message["chat"],
            "date": message["date"],
            "text": reply_to_text,
        }
    if forward:
        message["forward_origin"] = {
            "type": "user",
            "sender_user": _user(777000111, "Reenviado"),
            "date": message["date"] - 3600,
        }
    if sender_chat is not None:
        if sender_chat == chat_id:
            message["sender_chat"] = message["chat"]
            message["from"] = dict(GROUP_ANONYMOUS_BOT)
        else:
            message["sender_chat"] = _chat(sender_chat, "channel", title="Canal")
            message["from"] = dict(CHANNEL_BOT)
            message["is_automatic_forward"] = True
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
    message: JSONDict = {
        "message_id": message_id,
        "from": _bot_user(bot_id, bot_username),
        "chat": _chat(chat_id, chat_type, title=chat_title, first_name=first_name),
        "date": _now(),
        "text": message_text,
    }
    if reply_markup is not None:
        message["reply_markup"] = dict(reply_markup)
    query = {
        "id": str(next(_query_ids) * 1_000_003 + user_id),
        "from": _user(user_id, first_name, language_code=language_code),
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
        "from": _user(user_id, first_name, language_code=language_code),
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
        "from": _user(user_id, language_code=language_code),
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
    bot = _bot_user(bot_id, bot_username)
    changed = {
        "chat": _chat(chat_id, chat_type, title=chat_title, first_name=first_name),
        "from": _user(user_id, first_name),
        "date": _now(),
        "old_chat_member": chat_member(bot, old_status),
        "new_chat_member": chat_member(bot, new_status),
    }
    return {"update_id": next(_update_ids), "my_chat_member": changed}


# --- Clients ------------------------------------------------------------------------------------


def loopback_request(
    *, read_timeout: float | None = 5.0, connection_pool_size: int = 64
) -> AiohttpRequest:
    """The bot's own HTTP client (bot/transport.py) for the fake: plain HTTP, no CA bundle."""
    return AiohttpRequest(
        connection_pool_size=connection_pool_size,
        read_timeout=read_timeout,
        certificates=False,
    )


# --- Webhook pushes -----------------------------------------------------------------------------


def _webhook_headers(secret_token: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if secret_token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    return headers


def post_update(
    url: str, update: Mapping[str, Any], secret_token: str | None = None, timeout: float = 5.0
) -> tuple[int, str]:
    """POST an update to a webhook as Telegram does; (status, body). Blocks: not from the loop."""
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers=_webhook_headers(secret_token),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


async def post_update_async(
    url: str, update: Mapping[str, Any], secret_token: str | None = None
) -> tuple[int, str]:
    """``post_update`` for asyncio tests, e.g. against PTB's webhook server in the same loop."""
    async with httpx.AsyncClient(timeout=5.0) as client:
        response = await client.post(url, json=update, headers=_webhook_headers(secret_token))
        return response.status_code, response.text
