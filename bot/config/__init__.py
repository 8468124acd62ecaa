"""Turn the environment into one frozen :class:`Settings` object.

This is the only module that reads environment variables; everything else receives ``Settings``.
Tests pass a plain dict to :meth:`Settings.from_env`, so nothing needs monkeypatching.
Every error is one sentence naming the variable and the fix.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import values
from bot.config.values import Secret as Secret
from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


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


def pure_python(environ: Mapping[str, str] | None = None) -> bool:
    """Whether MEMORIA_PURE_PYTHON (set, not empty) asks for the ask path's Python source over
    its compiled modules (bot/compiled.py; at install time, setup.py builds none). Read as
    ``bot`` is imported, before any ``Settings``."""
    env = os.environ if environ is None else environ
    return bool(env.get("MEMORIA_PURE_PYTHON"))


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
        token, database_url = values.token(get("TELEGRAM_BOT_TOKEN")), get("DATABASE_URL")
        if database_url is not None:
            values.check_database_url(database_url)
        admin_chat = get("ADMIN_CHAT_ID")
        return cls(
            token=token,
            admin_ids=values.parse_ids(get("ADMIN_IDS")),
            admin_chat_id=values.parse_int("ADMIN_CHAT_ID", admin_chat) if admin_chat else None,
            database_url=database_url or d.database_url,
            database_url_set=database_url is not None,
            webhook_url=values.webhook_url(get("WEBHOOK_URL")),
            webhook_secret=values.webhook_secret(get("WEBHOOK_SECRET")),
            port=values.parse_port(get("PORT"), d.port),
            content_dir=Path(get("CONTENT_DIR") or d.content_dir),
            templates_dir=Path(get("TEMPLATES_DIR") or d.templates_dir),
            bot_api_base_url=values.base_url(get("BOT_API_BASE_URL")),
            log_level=values.choice(
                "LOG_LEVEL", (get("LOG_LEVEL") or d.log_level).upper(), LOG_LEVELS
            ),
            org_name=get("ORG_NAME"),
            org_description=get("ORG_DESCRIPTION"),
            org_contact=get("ORG_CONTACT"),
            default_language=values.choice(
                "DEFAULT_LANGUAGE",
                (get("DEFAULT_LANGUAGE") or d.default_language).lower(),
                LANGUAGES,
            ),
            broadcast_rate=values.parse_rate(get("BROADCAST_RATE"), d.broadcast_rate),
            paid_broadcast=values.parse_bool(
                "ALLOW_PAID_BROADCAST", get("ALLOW_PAID_BROADCAST"), d.paid_broadcast
            ),
            **_whole_numbers(get, d),
            disk_wiped_on_restart=get("DYNO") is not None,
            allow_sqlite_webhook=values.parse_bool(
                "ALLOW_SQLITE_WEBHOOK", get("ALLOW_SQLITE_WEBHOOK"), d.allow_sqlite_webhook
            ),
            **_card_settings(get, d),
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


def _card_settings(get: Callable[[str], str | None], d: Settings) -> dict[str, Any]:
    """The CARD_* settings of ``Settings.from_env`` (``get`` reads one variable)."""
    storage = get("CARD_STORAGE_CHAT_ID")
    return {
        "card_background": values.colour(
            "CARD_BACKGROUND", get("CARD_BACKGROUND"), d.card_background
        ),
        "card_foreground": values.colour(
            "CARD_FOREGROUND", get("CARD_FOREGROUND"), d.card_foreground
        ),
        "card_accent": values.colour("CARD_ACCENT", get("CARD_ACCENT"), d.card_accent),
        "card_logo": Path(logo) if (logo := get("CARD_LOGO")) else None,
        "card_cache_dir": Path(get("CARD_CACHE_DIR") or d.card_cache_dir),
        "card_storage_chat_id": (
            values.parse_int("CARD_STORAGE_CHAT_ID", storage) if storage else None
        ),
    }


def _whole_numbers(get: Callable[[str], str | None], d: Settings) -> dict[str, Any]:
    """The POSITIVE_WHOLE_NUMBERS settings of ``Settings.from_env``."""
    return {
        name: values.parse_positive(key, get(key), getattr(d, name))
        for name, key in POSITIVE_WHOLE_NUMBERS.items()
    }
