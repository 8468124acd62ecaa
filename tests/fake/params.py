"""A Bot API request's parameters, decoded as the Bot API server decodes them.

PTB sends a form (``application/x-www-form-urlencoded``), or ``multipart/form-data`` when a file
goes with it; other clients send JSON or a query string. In a form every value is text: nested
values (reply_markup, results, commands) and numbers are JSON inside it, while free text and
opaque ids stay strings, so "42" typed by a user is never read as a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Final
from urllib.parse import parse_qsl

from aiohttp import web

from tests.fake.errors import JSONDict, bad_request

# Parameters of the methods the fake implements that are free text or opaque ids.
TEXT_PARAMS: Final = frozenset(
    {
        "text",
        "caption",
        "photo",
        "parse_mode",
        "url",
        "secret_token",
        "ip_address",
        "language_code",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "next_offset",
        "business_connection_id",
        "message_effect_id",
    }
)


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


def decode_value(name: str, raw: str) -> Any:
    """A form or query value: JSON when it parses as JSON, unless ``name`` is free text."""
    if name in TEXT_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def read_params(request: web.BaseRequest) -> JSONDict:
    """Every parameter of ``request``: its query string, then its body.

    Raises ``ApiError`` for a JSON body that is not an object, and whatever aiohttp raises when the
    client hangs up before its body has arrived.
    """
    params: JSONDict = {key: decode_value(key, value) for key, value in request.query.items()}
    body = await request.read()  # even when unused: a request whose body never came is no call
    if request.content_type == "multipart/form-data":
        params.update(_multipart(request.headers.get("Content-Type", ""), body))
    elif request.content_type == "application/x-www-form-urlencoded":
        for key, value in parse_qsl(body.decode(), keep_blank_values=True):
            params[key] = decode_value(key, value)
    elif request.content_type == "application/json" and body:
        params.update(_json_object(body))
    return params


def _multipart(content_type: str, body: bytes) -> JSONDict:
    """The parts of a ``multipart/form-data`` body, read whole by the standard MIME parser.

    aiohttp's streaming reader depends on how the body arrives in chunks (and warns on some
    boundaries), so the fake parses the complete body instead: the same input gives the same
    result every time.
    """
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise bad_request("can't parse multipart/form-data request")
    params: JSONDict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        raw = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = UploadedFile(filename, part.get_content_type(), raw)
        else:
            params[name] = decode_value(name, raw.decode(part.get_content_charset() or "utf-8"))
    return params


def _json_object(body: bytes) -> JSONDict:
    try:
        loaded = json.loads(body)
    except ValueError as exc:
        raise bad_request("can't parse JSON encoded request") from exc
    if not isinstance(loaded, dict):
        raise bad_request("JSON object expected")
    return {
        key: decode_value(key, value) if isinstance(value, str) else value
        for key, value in loaded.items()
    }
