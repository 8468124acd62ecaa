"""``python -m bot run`` as a real process against the fake Bot API: start-up, SIGTERM, conflicts.

Polling runs on SQLite. Webhook mode runs on PostgreSQL as in production (those tests need the
server at MEMORIA_TEST_POSTGRES_URL: skipped without it, failed in CI; each gets a database of its
own, dropped afterwards, so no test sees another's tables or migrations), and on SQLite where the
host keeps its disk; where the host wipes it (DYNO set) SQLite is refused unless overridden.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store.engine import normalize_url
from tests.contenttrees import ROOT, build_tree
from tests.faketelegram import FakeTelegram, message_update, server_error

POSTGRES_URL = os.environ.get(
    "MEMORIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
SECRET = "serve-test-secret"
WEBHOOK = {"WEBHOOK_URL": "https://memoria.example.org", "WEBHOOK_SECRET": SECRET}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _need_postgres() -> None:
    if not _postgres_reachable():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable; CI must test the webhook mode on it.")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432.")


async def _run_sql(url: str, statement: str) -> None:
    # CREATE and DROP DATABASE cannot run inside a transaction: autocommit.
    engine = create_async_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    _need_postgres()
    name = f"memoria_serve_{secrets.token_hex(4)}"
    asyncio.run(_run_sql(POSTGRES_URL, f'CREATE DATABASE "{name}"'))
    try:
        yield urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()
    finally:
        asyncio.run(_run_sql(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return build_tree(tmp_path)


def _start(
    mode: str, fake: FakeTelegram, content_dir: Path, tmp_path: Path, **extra: str
) -> subprocess.Popen[str]:
    inherited = ("DATABASE_URL", "WEBHOOK_URL", "DYNO", "ALLOW_SQLITE_WEBHOOK")
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        BOT_API_BASE_URL=fake.base_url,
        CONTENT_DIR=str(content_dir),
        STALE_AFTER_DAYS="36500",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", f"--{mode}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


Launch = Callable[..., subprocess.Popen[str]]


@pytest.fixture
def launch(fake_telegram: FakeTelegram, content_dir: Path, tmp_path: Path) -> Iterator[Launch]:
    """Start ``python -m bot run --MODE`` with extra environment; every process ends with the test.

    ``folder`` (default: the test's tmp_path) holds its SQLite file.
    """
    started: list[subprocess.Popen[str]] = []

    def start(mode: str, *, folder: Path = tmp_path, **extra: str) -> subprocess.Popen[str]:
        process = _start(mode, fake_telegram, content_dir, folder, **extra)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


def _stop(process: subprocess.Popen[str]) -> tuple[float, str]:
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=25)
    return time.monotonic() - began, stderr


def test_polling_answers_then_drains_on_sigterm(
    fake_telegram: FakeTelegram,
    launch: Launch,
) -> None:
    process = launch("polling")
    fake_telegram.wait_for("getUpdates", timeout=20)
    fake_telegram.latency = 1.0  # the reply is still in flight when SIGTERM arrives
    fake_telegram.push_update(message_update("norma de prueba", chat_id=31))
    fake_telegram.wait_for("sendMessage", timeout=20)
    seconds, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert seconds < 20
    assert len(fake_telegram.messages(31)) == 1
    assert "event=stopped" in stderr
    assert "Traceback" not in stderr


def test_a_second_poller_logs_one_clear_line(
    fake_telegram: FakeTelegram,
    tmp_path: Path,
    launch: Launch,
) -> None:
    first = launch("polling")
    fake_telegram.wait_for("getUpdates", timeout=20)
    second = launch("polling", folder=tmp_path / "..")
    time.sleep(4)
    assert first.poll() is None
    assert second.poll() is None
    outputs = [_stop(p)[1] for p in (first, second)]
    conflicts = sum(o.count("event=polling_conflict") for o in outputs)
    assert 1 <= conflicts <= 2
    assert all("Traceback" not in o for o in outputs)


def test_webhook_binds_at_once_even_when_telegram_is_down(
    fake_telegram: FakeTelegram,
    launch: Launch,
    postgres_url: str,
) -> None:
    fake_telegram.fail("getMe", error=server_error(502), times=1000)
    port = _free_port()
    process = launch("webhook", PORT=str(port), DATABASE_URL=postgres_url, **WEBHOOK)
    health = _wait_for_health(port)
    assert health == {"content": True, "database": True, "telegram": False, "ok": True}
    response = httpx.post(
        f"http://127.0.0.1:{port}/telegram",
        json=message_update("hola", chat_id=5),
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert response.status_code == 503
    seconds, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert seconds < 20


def test_webhook_registers_serves_and_drains(
    fake_telegram: FakeTelegram,
    launch: Launch,
    postgres_url: str,
) -> None:
    port = _free_port()
    with_slash = {**WEBHOOK, "WEBHOOK_URL": "https://memoria.example.org/"}
    process = launch("webhook", PORT=str(port), DATABASE_URL=postgres_url, **with_slash)
    [registered] = fake_telegram.wait_for("setWebhook", timeout=20)
    assert registered.params["url"] == "https://memoria.example.org/telegram"
    assert registered.params["secret_token"] == SECRET
    assert set(registered.params["allowed_updates"]) == {
        "message",
        "edited_message",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "my_chat_member",
    }
    fake_telegram.latency = 1.0
    update = message_update("norma de prueba", chat_id=41)
    # The PostgreSQL database outlives test runs: a fresh update id is not a "redelivery".
    update["update_id"] = secrets.randbelow(2**31)
    response = httpx.post(
        f"http://127.0.0.1:{port}/telegram",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert response.status_code == 200
    fake_telegram.wait_for("sendMessage", timeout=20)
    seconds, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert seconds < 20
    assert len(fake_telegram.messages(41)) == 1


def test_webhook_on_sqlite_warns_once_and_serves(
    fake_telegram: FakeTelegram,
    launch: Launch,
) -> None:
    port = _free_port()
    process = launch("webhook", PORT=str(port), **WEBHOOK)
    fake_telegram.wait_for("setWebhook", timeout=20)
    health = _wait_for_health(port)
    assert (health["database"], health["ok"]) == (True, True)
    response = httpx.post(
        f"http://127.0.0.1:{port}/telegram",
        json=message_update("norma de prueba", chat_id=43),
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert response.status_code == 200
    fake_telegram.wait_for("sendMessage", timeout=20)
    _, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert len(fake_telegram.messages(43)) == 1
    assert stderr.count("event=sqlite_webhook") == 1


def test_webhook_refuses_sqlite_where_the_host_wipes_the_disk(
    fake_telegram: FakeTelegram, launch: Launch
) -> None:
    process = launch("webhook", DYNO="web.1", **WEBHOOK)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 2
    assert stderr.strip() == (
        "memoria: DATABASE_URL must point to PostgreSQL for run --webhook on this host, because "
        "it wipes the local disk on every restart (DYNO is set); add a PostgreSQL database and "
        "set DATABASE_URL, or set ALLOW_SQLITE_WEBHOOK=true if the SQLite file is on a volume "
        "that survives restarts."
    )
    assert fake_telegram.calls() == []


def test_webhook_serves_sqlite_on_a_wiping_host_when_told_the_disk_persists(
    fake_telegram: FakeTelegram,
    launch: Launch,
) -> None:
    port = _free_port()
    persists = {"DYNO": "web.1", "ALLOW_SQLITE_WEBHOOK": "true"}
    process = launch("webhook", PORT=str(port), **persists, **WEBHOOK)
    fake_telegram.wait_for("setWebhook", timeout=20)
    assert _wait_for_health(port)["ok"] is True
    _, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert "event=sqlite_webhook" in stderr


def _wait_for_health(port: int) -> dict[str, object]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return dict(response.json())
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("the webhook server never answered /healthz")


async def test_tidy_deletes_questions_past_their_retention(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.config import Settings
    from bot.serve import tidy
    from bot.store import Store

    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    settings = Settings.from_env({"QUESTION_RETENTION_DAYS": "30"})
    async with await Store.open(f"sqlite:///{tmp_path / 't.db'}") as store:
        for days, text in ((31, "vieja"), (29, "reciente")):
            await store.questions.log(
                text,
                lang="es",
                outcome="fallback",
                suggestion=None,
                now=now - timedelta(days=days),
            )
        await store.markers.claim_update(1, now - timedelta(days=3))
        await store.markers.claim_update(2, now)
        assert await tidy(store, settings, now) == (1, 1)
        assert [q.text for q in await store.questions.logged()] == ["reciente"]
        assert await store.markers.claim_update(2, now) is False
