"""Turn the environment into one frozen :class:`Settings` object.

This is the only module that reads environment variables; everything else receives ``Settings``.
Tests pass a plain dict to :meth:`Settings.from_env`, so nothing needs monkeypatching.
Every error is one sentence naming the variable and the fix.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _shipped(folder: str) -> Path:
    """Where ``content`` or ``templates`` is when CONTENT_DIR/TEMPLATES_DIR are not set.

    A wheel (``pip install .``) installs them beside ``bot`` as ``memoria_data/<folder>``
    (pyproject.toml, [tool.setuptools]); a checkout, an editable install and a buildpack that
    runs ``python -m bot`` from the repository use the repository's own folder.
    """
    installed = PROJECT_ROOT / "memoria_data" / folder
    return installed if installed.is_dir() else PROJECT_ROOT / folder


DEFAULT_CONTENT_DIR = _shipped("content")
DEFAULT_TEMPLATES_DIR = _shipped("templates")
DEFAULT_FONTS_DIR = _shipped("fonts")
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
    content_dir: Path = DEFAULT_CONTENT_DIR
    templates_dir: Path = DEFAULT_TEMPLATES_DIR
    bot_api_base_url: str | None = None
    log_level: str = "INFO"
    # Who runs the bot, as users are told ("¿quién lo gestiona?"): unset, the bot says so.
    org_name: str | None = None
    org_description: str | None = None
    org_contact: str | None = None
    default_language: str = "es"
    broadcast_rate: float = 25.0
    paid_broadcast: bool = False
    question_retention_days: int = 90
    stale_after_days: int = 365
    volatile_stale_after_days: int = 120
    # `alert` refuses (without --confirm-stale) an alert whose facts are older than this.
    alert_stale_after_days: int = 30
    max_question_chars: int = 4096
    # Webhook mode on SQLite: refused where the host wipes its disk on every restart (Heroku and
    # compatible hosts set DYNO), unless the operator says the file is on a volume that survives.
    disk_wiped_on_restart: bool = False
    allow_sqlite_webhook: bool = False
    # How long a chat's conversation memory (last language, topic, case) lasts after its last turn.
    conversation_hours: int = 6
    # Share cards (bot/cards): colours as #rrggbb, a logo, a folder that may be wiped, and the
    # chat where cards are uploaded once so inline mode can offer them by file id.
    card_background: str = "#101820"
    card_foreground: str = "#FFFFFF"
    card_accent: str = "#F2AA4C"
    card_logo: Path | None = None
    card_cache_dir: Path = Path(tempfile.gettempdir()) / "memoria-cards"
    card_storage_chat_id: int | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (``os.environ`` when None); a variable that is unset
        keeps the default declared on the field above, and only there."""
        env = os.environ if environ is None else environ

        def get(key: str) -> str | None:
            value = env.get(key, "").strip()
            return value or None

        d = cls()
        token, database_url = _token(get("TELEGRAM_BOT_TOKEN")), get("DATABASE_URL")
        if database_url is not None:
            _check_database_url(database_url)
        admin_chat, storage = get("ADMIN_CHAT_ID"), get("CARD_STORAGE_CHAT_ID")
        return cls(
            token=token,
            admin_ids=_parse_ids(get("ADMIN_IDS")),
            admin_chat_id=_parse_int("ADMIN_CHAT_ID", admin_chat) if admin_chat else None,
            database_url=database_url or d.database_url,
            database_url_set=database_url is not None,
            webhook_url=_webhook_url(get("WEBHOOK_URL")),
            webhook_secret=_webhook_secret(get("WEBHOOK_SECRET")),
            port=_parse_port(get("PORT"), d.port),
            content_dir=Path(get("CONTENT_DIR") or d.content_dir),
            templates_dir=Path(get("TEMPLATES_DIR") or d.templates_dir),
            bot_api_base_url=_base_url(get("BOT_API_BASE_URL")),
            log_level=_choice("LOG_LEVEL", (get("LOG_LEVEL") or d.log_level).upper(), LOG_LEVELS),
            org_name=get("ORG_NAME"),
            org_description=get("ORG_DESCRIPTION"),
            org_contact=get("ORG_CONTACT"),
            default_language=_choice(
                "DEFAULT_LANGUAGE",
                (get("DEFAULT_LANGUAGE") or d.default_language).lower(),
                LANGUAGES,
            ),
            broadcast_rate=_parse_rate(get("BROADCAST_RATE"), d.broadcast_rate),
            paid_broadcast=_parse_bool(
                "ALLOW_PAID_BROADCAST", get("ALLOW_PAID_BROADCAST"), d.paid_broadcast
            ),
            **{
                name: _parse_positive(key, get(key), getattr(d, name))
                for name, key in POSITIVE_WHOLE_NUMBERS.items()
            },
            disk_wiped_on_restart=get("DYNO") is not None,
            allow_sqlite_webhook=_parse_bool(
                "ALLOW_SQLITE_WEBHOOK", get("ALLOW_SQLITE_WEBHOOK"), d.allow_sqlite_webhook
            ),
            card_background=_colour("CARD_BACKGROUND", get("CARD_BACKGROUND"), d.card_background),
            card_foreground=_colour("CARD_FOREGROUND", get("CARD_FOREGROUND"), d.card_foreground),
            card_accent=_colour("CARD_ACCENT", get("CARD_ACCENT"), d.card_accent),
            card_logo=Path(logo) if (logo := get("CARD_LOGO")) else None,
            card_cache_dir=Path(get("CARD_CACHE_DIR") or d.card_cache_dir),
            card_storage_chat_id=_parse_int("CARD_STORAGE_CHAT_ID", storage) if storage else None,
        )

    def require_token(self) -> Secret:
        """The bot token, or a ConfigError that tells a newcomer what to do instead."""
        if self.token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set; get one from @BotFather, or talk to the bot "
                "locally without a token: python -m bot chat."
            )
        return self.token


# Settings that are whole numbers above 0: field name -> environment variable.
POSITIVE_WHOLE_NUMBERS = {
    "question_retention_days": "QUESTION_RETENTION_DAYS",
    "stale_after_days": "STALE_AFTER_DAYS",
    "volatile_stale_after_days": "VOLATILE_STALE_AFTER_DAYS",
    "alert_stale_after_days": "ALERT_STALE_AFTER_DAYS",
    "max_question_chars": "MAX_QUESTION_CHARS",
    "conversation_hours": "CONVERSATION_MEMORY_HOURS",
}


def _colour(key: str, value: str | None, default: str) -> str:
    if value is None:
        return default
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ConfigError(f"{key} must be a colour written #rrggbb, not {value!r}; fix it.")
    return value.upper()


def _token(token: str | None) -> Secret | None:
    if token is not None and (":" not in token or " " in token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token; copy it from @BotFather "
            "(it looks like 123456789:ABC...)."
        )
    return Secret(token) if token else None


def _webhook_url(url: str | None) -> str | None:
    if url is not None and urlsplit(url).scheme != "https":
        raise ConfigError(
            "WEBHOOK_URL must be a public https:// address (Telegram only calls HTTPS), "
            f"not {urlsplit(url).scheme or 'a bare host'}; fix it or unset it to poll."
        )
    return url


def _webhook_secret(secret: str | None) -> Secret | None:
    if secret is not None and not _is_secret_token(secret):
        raise ConfigError(
            "WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters); "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'."
        )
    return Secret(secret) if secret else None


def _base_url(url: str | None) -> str | None:
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        raise ConfigError(
            "BOT_API_BASE_URL must start with http:// or https:// "
            "(for example http://127.0.0.1:8081/bot); fix it or unset it."
        )
    return url


def _choice(key: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise ConfigError(f"{key} must be one of {', '.join(choices)}; fix its value.")
    return value


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


def _parse_port(value: str | None, default: int) -> int:
    if value is None:
        return default
    port = _parse_int("PORT", value)
    if not 1 <= port <= 65535:
        raise ConfigError(f"PORT must be between 1 and 65535, not {port}; fix its value.")
    return port


def _parse_rate(value: str | None, default: float) -> float:
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


def _parse_bool(key: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
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
