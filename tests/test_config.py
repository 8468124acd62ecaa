"""Settings come from a mapping; bad values give one sentence naming the variable and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.errors import ConfigError


def test_defaults_need_no_environment() -> None:
    settings = Settings.from_env({})
    assert settings.token is None
    assert settings.database_url == "sqlite:///memoria.db"
    assert settings.content_dir == PROJECT_ROOT / "content"
    assert settings.templates_dir == PROJECT_ROOT / "templates"
    assert settings.default_language == "es"
    assert settings.port == 8080
    assert settings.broadcast_rate == 25.0
    assert settings.paid_broadcast is False
    assert settings.question_retention_days == 90


def test_every_key_is_read() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": "123:abc",
            "ADMIN_IDS": "11, 22;33",
            "DATABASE_URL": "postgres://u@h/db",
            "WEBHOOK_URL": "https://example.org/hook",
            "WEBHOOK_SECRET": "s3cret_-",
            "PORT": "5000",
            "CONTENT_DIR": "/c",
            "TEMPLATES_DIR": "/t",
            "BOT_API_BASE_URL": "http://127.0.0.1:9/bot",
            "LOG_LEVEL": "debug",
            "ORG_NAME": "Colectivo",
            "DEFAULT_LANGUAGE": "EN",
        }
    )
    assert settings.token is not None
    assert settings.token.reveal() == "123:abc"
    assert settings.admin_ids == frozenset({11, 22, 33})
    assert settings.database_url == "postgres://u@h/db"
    assert settings.webhook_url == "https://example.org/hook"
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.reveal() == "s3cret_-"
    assert settings.port == 5000
    assert settings.content_dir == Path("/c")
    assert settings.templates_dir == Path("/t")
    assert settings.bot_api_base_url == "http://127.0.0.1:9/bot"
    assert settings.log_level == "DEBUG"
    assert settings.org_name == "Colectivo"
    assert settings.default_language == "en"


def test_a_host_that_wipes_its_disk_is_known_by_dyno() -> None:
    assert Settings.from_env({}).disk_wiped_on_restart is False
    wiping = Settings.from_env({"DYNO": "web.1", "ALLOW_SQLITE_WEBHOOK": "yes"})
    assert (wiping.disk_wiped_on_restart, wiping.allow_sqlite_webhook) == (True, True)


def test_token_never_shows_in_repr() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456:SECRET-TOKEN"})
    assert "SECRET-TOKEN" not in repr(settings)
    assert "SECRET-TOKEN" not in str(settings.token)


def test_settings_are_frozen() -> None:
    settings = Settings.from_env({})
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("ADMIN_IDS", "@someone", "ADMIN_IDS must be numeric"),
        ("PORT", "http", "PORT must be a whole number"),
        ("PORT", "70000", "PORT must be between 1 and 65535"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL must start with postgres://"),
        ("WEBHOOK_URL", "http://example.org", "WEBHOOK_URL must be a public https://"),
        ("WEBHOOK_SECRET", "has spaces", "WEBHOOK_SECRET may only use"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE must be one of"),
        ("BROADCAST_RATE", "fast", "BROADCAST_RATE must be a number"),
        ("ALLOW_PAID_BROADCAST", "maybe", "ALLOW_PAID_BROADCAST must be true or false"),
        ("ALLOW_SQLITE_WEBHOOK", "sure", "ALLOW_SQLITE_WEBHOOK must be true or false"),
        ("TELEGRAM_BOT_TOKEN", "not a token", "TELEGRAM_BOT_TOKEN does not look like"),
        ("BOT_API_BASE_URL", "ftp://x", "BOT_API_BASE_URL must start with http://"),
        ("QUESTION_RETENTION_DAYS", "0", "QUESTION_RETENTION_DAYS must be a whole number above 0"),
    ],
)
def test_bad_value_names_the_variable(key: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({key: value})
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_missing_token_points_to_the_local_chat() -> None:
    with pytest.raises(ConfigError, match="python -m bot chat"):
        Settings.from_env({}).require_token()
