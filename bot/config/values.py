"""Environment strings -> typed settings values: each parser names its key in the one-sentence
``ConfigError`` it raises, and says the fix. ``Secret`` keeps a token out of every ``repr``.

Reads no environment itself: ``Settings.from_env`` (``bot/config/__init__.py``) hands it the
strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.errors import ConfigError


class Secret:
    """A string that never shows itself in ``repr``, ``str`` or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The real value, for the one place that needs it (PTB's ApplicationBuilder)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('<redacted>')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def colour(key: str, value: str | None, default: str) -> str:
    if value is None:
        return default
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ConfigError(f"{key} must be a colour written #rrggbb, not {value!r}; fix it.")
    return value.upper()


def token(token: str | None) -> Secret | None:
    if token is not None and (":" not in token or " " in token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token; copy it from @BotFather "
            "(it looks like 123456789:ABC...)."
        )
    return Secret(token) if token else None


def webhook_url(url: str | None) -> str | None:
    if url is not None and urlsplit(url).scheme != "https":
        raise ConfigError(
            "WEBHOOK_URL must be a public https:// address (Telegram only calls HTTPS), "
            f"not {urlsplit(url).scheme or 'a bare host'}; fix it or unset it to poll."
        )
    return url


def webhook_secret(secret: str | None) -> Secret | None:
    if secret is not None and not _is_secret_token(secret):
        raise ConfigError(
            "WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters); "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'."
        )
    return Secret(secret) if secret else None


def base_url(url: str | None) -> str | None:
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        raise ConfigError(
            "BOT_API_BASE_URL must start with http:// or https:// "
            "(for example http://127.0.0.1:8081/bot); fix it or unset it."
        )
    return url


def choice(key: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise ConfigError(f"{key} must be one of {', '.join(choices)}; fix its value.")
    return value


def _is_secret_token(value: str) -> bool:
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    return 1 <= len(value) <= 256 and set(value) <= allowed


def check_database_url(url: str) -> None:
    scheme = urlsplit(url).scheme.split("+")[0]
    if scheme not in ("sqlite", "postgres", "postgresql"):
        raise ConfigError(
            "DATABASE_URL must start with postgres://, postgresql:// or sqlite:///, "
            f"not {scheme or 'nothing'}://; fix it or unset it to use a local SQLite file."
        )


def parse_int(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, not {value!r}; fix its value.") from None


def parse_ids(value: str | None) -> frozenset[int]:
    if value is None:
        return frozenset()
    ids: set[int] = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(
                f"ADMIN_IDS must be numeric Telegram user ids separated by commas, not {part!r} "
                "(usernames can change hands); ask @userinfobot for your numeric id."
            )
        ids.add(int(part))
    return frozenset(ids)


def parse_port(value: str | None, default: int) -> int:
    if value is None:
        return default
    port = parse_int("PORT", value)
    if not 1 <= port <= 65535:
        raise ConfigError(f"PORT must be between 1 and 65535, not {port}; fix its value.")
    return port


def parse_rate(value: str | None, default: float) -> float:
    if value is None:
        return default
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not 0 < rate <= 1000:
        raise ConfigError(
            f"BROADCAST_RATE must be a number of messages per second above 0 and at most 1000, "
            f"not {value!r}; 25 is a safe default."
        )
    return rate


def parse_bool(key: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be true or false, not {value!r}; fix its value.")


def parse_positive(key: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    number = parse_int(key, value)
    if number <= 0:
        raise ConfigError(f"{key} must be a whole number above 0, not {number}; fix its value.")
    return number
