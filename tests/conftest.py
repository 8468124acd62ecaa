"""Shared fixtures. The fake Bot API server lives in ``faketelegram.py``."""

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot import knowledge
from bot.app import MemoriaApp, build_application
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Store
from tests.contenttrees import build_tree
from tests.faketelegram import FakeTelegram, loopback_request


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
        await self.application.process_update(Update.de_json(dict(update), self.application.bot))


@pytest.fixture(scope="session")
def sample_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The sample content tree, loaded once per test session."""
    root = build_tree(tmp_path_factory.mktemp("sample"))
    settings = Settings.from_env({"CONTENT_DIR": str(root), "ORG_NAME": "Colectivo de prueba"})
    return knowledge.load(settings, today=date(2026, 11, 27))


@pytest.fixture
async def telegram_bot(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path
) -> AsyncIterator[Bot]:
    """The real application on the sample content, a fresh SQLite store, the fake server."""
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": fake_telegram.token,
            "BOT_API_BASE_URL": fake_telegram.base_url,
            "ADMIN_IDS": "4242",
            "ORG_NAME": "Colectivo de prueba",
        }
    )
    store = await Store.open(f"sqlite:///{tmp_path / 'memoria.db'}")
    application = build_application(
        settings, sample_knowledge, store=store, request=loopback_request()
    )
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    fake_telegram.clear()
    try:
        yield Bot(application, fake_telegram, store)
    finally:
        await application.shutdown()
        await store.close()
