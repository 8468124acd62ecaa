"""Telegram's error answers: ``Fault`` (status, description, parameters) and one builder per kind.

Tests queue faults with ``FakeTelegram.fail``; methods raise ``ApiError`` to answer with one. The
descriptions are the real server's (tdlib/telegram-bot-api), because PTB picks its exception
class from the status and, for some, the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

JSONDict = dict[str, Any]


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


class ApiError(Exception):
    """Raised inside a method to answer with ``fault``."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.description)
        self.fault = fault


def bad_request(description: str) -> ApiError:
    """A 400 ``Bad Request: <description>``, ready to raise."""
    return ApiError(Fault(400, f"Bad Request: {description}"))


NOT_FOUND = Fault(404, "Not Found")
UNAUTHORIZED = Fault(401, "Unauthorized")


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
