"""A Bot API request's parameters, decoded as the Bot API server decodes them.

PTB sends a form (``application/x-www-form-urlencoded``), or ``multipart/form-data`` when a file
goes with it; other clients send JSON or a query string. In a form every value is text: nested
values (reply_markup, results, commands) and numbers are JSON inside it, while free text and
opaque ids stay strings, so "42" typed by a user is never read as a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

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

FORMS: Final = ("application/x-www-form-urlencoded", "multipart/form-data")


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
    if request.content_type in FORMS:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                params[key] = UploadedFile(value.filename, value.content_type, data)
            elif isinstance(value, str):
                params[key] = decode_value(key, value)
            else:
                params[key] = decode_value(key, bytes(value).decode())
        return params
    body = await request.read()  # even when unused: a request whose body never came is no call
    if request.content_type == "application/json" and body:
        params.update(_json_object(body))
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
