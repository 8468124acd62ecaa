"""Shared fixtures. The fake Bot API is ``tests/fake/``, imported through ``faketelegram.py``."""

import io
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot import knowledge
from bot.app import MemoriaApp, build_application
from bot.cli import configure_logging
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Store
from tests.contenttrees import build_tree
from tests.faketelegram import DEFAULT_TOKEN, FakeTelegram
from tests.transports import loopback_request

# Everything logged during the whole test session, through the bot's real logging set-up, and
# every text a test user "typed": at the end, no token and no such text may appear in the logs.
LOG_AUDIT = io.StringIO()
TYPED: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def log_audit() -> Iterator[None]:
    """Install the bot's logging at DEBUG for the session, then audit what it wrote."""
    handler = configure_logging("DEBUG", secrets=[DEFAULT_TOKEN], stream=LOG_AUDIT)
    yield
    logging.getLogger().removeHandler(handler)
    logged = LOG_AUDIT.getvalue()
    assert DEFAULT_TOKEN not in logged
    assert DEFAULT_TOKEN.split(":")[1] not in logged
    leaked = sorted({text for text in TYPED if len(text) >= 12 and text in logged})
    assert leaked == [], f"user text in the logs: {leaked[:3]}"


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A started fake Bot API server; fails the test if the fake itself crashed."""
    with FakeTelegram() as fake:
        yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``pytest --update-golden`` rewrites tests/golden/ from the current templates."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden rendered answers in tests/golden/",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


@dataclass
class Bot:
    """The real PTB application wired to the fake Bot API, and a way to feed it updates."""

    application: MemoriaApp
    fake: FakeTelegram
    store: Store

    async def feed(self, update: Mapping[str, Any]) -> None:
        """Process one update through PTB's real dispatch."""
        for kind in ("message", "edited_message"):
            text = update.get(kind, {}).get("text")
            if text:
                TYPED.append(str(text))
        if "inline_query" in update:
            TYPED.append(str(update["inline_query"].get("query", "")))
        await self.application.process_update(Update.de_json(dict(update), self.application.bot))


@pytest.fixture(scope="session")
def sample_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The sample content tree, loaded once per test session."""
    root = build_tree(tmp_path_factory.mktemp("sample"))
    settings = Settings.from_env({"CONTENT_DIR": str(root), "ORG_NAME": "Colectivo de prueba"})
    return knowledge.load(settings, today=date(2026, 11, 27))


@asynccontextmanager
async def running_bot(
    fake: FakeTelegram, loaded: Knowledge, tmp_path: Path, **env: str
) -> AsyncIterator[Bot]:
    """The real application on ``loaded``, a fresh SQLite store and the fake server, initialised
    as ``run`` does; ``env`` adds settings."""
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": fake.token, "BOT_API_BASE_URL": fake.base_url, **env}
    )
    store = await Store.open(f"sqlite:///{tmp_path / 'memoria.db'}")
    application = build_application(settings, loaded, store=store, request=loopback_request())
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    fake.clear()
    try:
        yield Bot(application, fake, store)
    finally:
        await application.shutdown()
        await store.close()


@pytest.fixture
async def telegram_bot(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path
) -> AsyncIterator[Bot]:
    """The real application on the sample content, a fresh SQLite store, the fake server."""
    async with running_bot(
        fake_telegram, sample_knowledge, tmp_path, ADMIN_IDS="4242", ORG_NAME="Colectivo de prueba"
    ) as bot:
        yield bot


# The day the journeys and conversations on the shipped content are played (their facts' dates
# are judged against it), and who runs the bot there.
SHIPPED_DAY = date(2026, 12, 5)
SHIPPED_ORG = {"ORG_NAME": "Colectivo de prueba"}


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    """The repository's own content/, loaded strictly once per module."""
    return knowledge.load(Settings.from_env(SHIPPED_ORG), today=SHIPPED_DAY)


@pytest.fixture
async def memoria(
    fake_telegram: FakeTelegram, shipped: Knowledge, tmp_path: Path
) -> AsyncIterator[Bot]:
    """The real application on the shipped content, a fresh SQLite store and the fake Bot API."""
    async with running_bot(fake_telegram, shipped, tmp_path, **SHIPPED_ORG) as bot:
        yield bot
