"""What a failed send means: Telegram's errors mapped to one decision each, with no side effects.

- 429 ``RetryAfter``: pause every send for ``retry_after``, then try this chat again.
- ``ChatMigrated``: the group became a supergroup; rewrite its id and try once more.
- 403 ``Forbidden`` (blocked, deactivated, kicked) and 400 "chat not found": the chat is gone.
- 400 about the message itself (bad HTML, too long, …): it hits every recipient of that text,
  so a few in a row stop the campaign.
- Other 400s concern one chat (no right to write there): that delivery fails.
- Timeouts and 5xx: try again later; the message may have arrived anyway.

sender.py carries the decisions out against the store and the pacer.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

Action = Literal["pause", "migrate", "gone", "campaign", "failed", "retry"]

# Fragments of Telegram's 400 descriptions that are about the message, not the chat.
ABOUT_THE_MESSAGE = (
    "can't parse entities",
    "message is too long",
    "message text is empty",
    "text must be non-empty",
    "button_data_invalid",
    "button_url_invalid",
    "can't parse inline keyboard",
    "reply markup is too long",
    "entities_too_long",
)
REASON_CHARS = 200


@dataclass(frozen=True, slots=True)
class Failure:
    """A decision about one failed send. ``reason`` is Telegram's description, never user text."""

    action: Action
    reason: str
    seconds: float = 0.0
    new_chat_id: int | None = None
    maybe_delivered: bool = False


def classify(error: TelegramError) -> Failure:
    """The decision for ``error``, raised by one ``sendMessage``."""
    reason = error.message[:REASON_CHARS]
    if isinstance(error, RetryAfter):
        return Failure("pause", reason, seconds=retry_seconds(error))
    if isinstance(error, ChatMigrated):
        return Failure("migrate", reason, new_chat_id=int(error.new_chat_id))
    if isinstance(error, Forbidden):
        return Failure("gone", reason)
    if isinstance(error, InvalidToken):
        # Every send will fail the same way: stop rather than burn through the recipients.
        return Failure("campaign", reason)
    if isinstance(error, BadRequest):
        lowered = reason.lower()
        if "chat not found" in lowered:
            return Failure("gone", reason)
        if any(fragment in lowered for fragment in ABOUT_THE_MESSAGE):
            return Failure("campaign", reason)
        return Failure("failed", reason)
    if isinstance(error, TimedOut | NetworkError):
        return Failure("retry", reason, maybe_delivered=True)
    return Failure("retry", reason, maybe_delivered=True)


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` in seconds, whether PTB gives an int or (PTB_TIMEDELTA) a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)
