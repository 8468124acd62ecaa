"""Turn the environment into one frozen :class:`Settings` object.

This is the only module that reads environment variables; everything else receives ``Settings``.
Tests pass a plain dict to :meth:`Settings.from_env`, so nothing needs monkeypatching.
Every error is one sentence naming the variable and the fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "en")
DEFAULT_DATABASE_URL = "sqlite:///memoria.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Memoria can be configured with. See README.md, "Configuration"."""

    token: Secret | None = None
    admin_ids: frozenset[int] = frozenset()
    admin_chat_id: int | None = None
    database_url: str = DEFAULT_DATABASE_URL
    database_url_set: bool = False
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    port: int = 8080
    content_dir: Path = PROJECT_ROOT / "content"
    templates_dir: Path = PROJECT_ROOT / "templates"
    bot_api_base_url: str | None = None
    log_level: str = "INFO"
    org_name: str = "Memoria"
    default_language: str = "es"
    broadcast_rate: float = 25.0
    paid_broadcast: bool = False
    question_retention_days: int = 90
    stale_after_days: int = 365
    max_question_chars: int = 1000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (``os.environ`` when None)."""
        env = os.environ if environ is None else environ

        def get(key: str) -> str | None:
            value = env.get(key, "").strip()
            return value or None

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and (":" not in token or " " in token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token; copy it from @BotFather "
                "(it looks like 123456789:ABC...)."
            )
        database_url = get("DATABASE_URL")
        if database_url is not None:
            _check_database_url(database_url)
        webhook_url = get("WEBHOOK_URL")
        if webhook_url is not None and urlsplit(webhook_url).scheme != "https":
            raise ConfigError(
                "WEBHOOK_URL must be a public https:// address (Telegram only calls HTTPS), "
                f"not {urlsplit(webhook_url).scheme or 'a bare host'}; fix it or unset it to poll."
            )
        webhook_secret = get("WEBHOOK_SECRET")
        if webhook_secret is not None and not _is_secret_token(webhook_secret):
            raise ConfigError(
                "WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters); "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'."
            )
        base_url = get("BOT_API_BASE_URL")
        if base_url is not None and urlsplit(base_url).scheme not in ("http", "https"):
            raise ConfigError(
                "BOT_API_BASE_URL must start with http:// or https:// "
                "(for example http://127.0.0.1:8081/bot); fix it or unset it."
            )
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; fix its value.")
        default_language = (get("DEFAULT_LANGUAGE") or "es").lower()
        if default_language not in LANGUAGES:
            raise ConfigError(
                f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}; fix its value."
            )
        admin_chat = get("ADMIN_CHAT_ID")
        return cls(
            token=Secret(token) if token else None,
            admin_ids=_parse_ids(get("ADMIN_IDS")),
            admin_chat_id=_parse_int("ADMIN_CHAT_ID", admin_chat) if admin_chat else None,
            database_url=database_url or DEFAULT_DATABASE_URL,
            database_url_set=database_url is not None,
            webhook_url=webhook_url,
            webhook_secret=Secret(webhook_secret) if webhook_secret else None,
            port=_parse_port(get("PORT")),
            content_dir=Path(get("CONTENT_DIR") or PROJECT_ROOT / "content"),
            templates_dir=Path(get("TEMPLATES_DIR") or PROJECT_ROOT / "templates"),
            bot_api_base_url=base_url,
            log_level=log_level,
            org_name=get("ORG_NAME") or "Memoria",
            default_language=default_language,
            broadcast_rate=_parse_rate(get("BROADCAST_RATE")),
            paid_broadcast=_parse_bool("ALLOW_PAID_BROADCAST", get("ALLOW_PAID_BROADCAST")),
            question_retention_days=_parse_positive(
                "QUESTION_RETENTION_DAYS", get("QUESTION_RETENTION_DAYS"), 90
            ),
            stale_after_days=_parse_positive("STALE_AFTER_DAYS", get("STALE_AFTER_DAYS"), 365),
            max_question_chars=_parse_positive(
                "MAX_QUESTION_CHARS", get("MAX_QUESTION_CHARS"), 4096
            ),
        )

    def require_token(self) -> Secret:
        """The bot token, or a ConfigError that tells a newcomer what to do instead."""
        if self.token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set; get one from @BotFather, or talk to the bot "
                "locally without a token: python -m bot chat."
            )
        return self.token


def _is_secret_token(value: str) -> bool:
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    return 1 <= len(value) <= 256 and set(value) <= allowed


def _check_database_url(url: str) -> None:
    scheme = urlsplit(url).scheme.split("+")[0]
    if scheme not in ("sqlite", "postgres", "postgresql"):
        raise ConfigError(
            "DATABASE_URL must start with postgres://, postgresql:// or sqlite:///, "
            f"not {scheme or 'nothing'}://; fix it or unset it to use a local SQLite file."
        )


def _parse_int(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, not {value!r}; fix its value.") from None


def _parse_ids(value: str | None) -> frozenset[int]:
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


def _parse_port(value: str | None) -> int:
    if value is None:
        return 8080
    port = _parse_int("PORT", value)
    if not 1 <= port <= 65535:
        raise ConfigError(f"PORT must be between 1 and 65535, not {port}; fix its value.")
    return port


def _parse_rate(value: str | None) -> float:
    if value is None:
        return 25.0
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


def _parse_bool(key: str, value: str | None) -> bool:
    if value is None:
        return False
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be true or false, not {value!r}; fix its value.")


def _parse_positive(key: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    number = _parse_int(key, value)
    if number <= 0:
        raise ConfigError(f"{key} must be a whole number above 0, not {number}; fix its value.")
    return number
