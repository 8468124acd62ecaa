"""Durability: real sender processes killed, terminated and run side by side.

The sender runs as ``python -m bot alert …`` (or ``run --polling``) in a subprocess, against
the fake Bot API in this process and a SQLite file (or PostgreSQL) that the test prepared.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.broadcast.sender import in_flight_for
from bot.knowledge import Knowledge
from bot.store import Store, normalize_url
from tests.broadcasting import (
    ALERT,
    alert_campaign,
    broadcaster,
    connected_bot,
    delivered,
    settings_for,
    subscribe_many,
)
from tests.contenttrees import ROOT, build_tree
from tests.faketelegram import FakeTelegram
from tests.processes import run_bot
from tests.stores import POSTGRES_URL, fresh_postgres_schema

# About a minute: runs in CI (CI is set) or locally with MEMORIA_SLOW_TESTS=1.
very_slow = pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("MEMORIA_SLOW_TESTS")),
    reason="very slow: runs in CI, or locally with MEMORIA_SLOW_TESTS=1",
)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "tree")


def _env(fake: FakeTelegram, database: Path, content: Path, rate: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        BOT_API_BASE_URL=fake.base_url,
        DATABASE_URL=f"sqlite:///{database}",
        CONTENT_DIR=str(content),
        BROADCAST_RATE=str(rate),
        ADMIN_IDS="4242",
        STALE_AFTER_DAYS="100000",
        ALERT_STALE_AFTER_DAYS="100000",
        LOG_LEVEL="WARNING",
    )
    return env


def _memoria(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )


def _prepare(database: Path, knowledge: Knowledge, chats: range) -> int:
    async def prepare() -> int:
        async with await Store.open(f"sqlite:///{database}") as store:
            await subscribe_many(store, chats)
            return (await alert_campaign(store, knowledge)).id

    return asyncio.run(prepare())


def _progress(database: Path, campaign_id: int) -> tuple[int, int, int]:
    async def read() -> tuple[int, int, int]:
        async with await Store.open(f"sqlite:///{database}") as store:
            progress = await store.campaigns.progress(campaign_id)
            return progress.sent, progress.pending, progress.possible_duplicates

    return asyncio.run(read())


def _leased(database: Path) -> int:
    async def count() -> int:
        engine = create_async_engine(normalize_url(f"sqlite:///{database}"))
        try:
            async with engine.connect() as conn:
                query = text("SELECT count(*) FROM deliveries WHERE lease_owner IS NOT NULL")
                return int((await conn.execute(query)).scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(count())


def _wait_for_sends(fake: FakeTelegram, more_than: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while len(fake.calls("sendMessage")) <= more_than and process.poll() is None:
        assert time.monotonic() < deadline, "the sender sent nothing within 30 s"
        time.sleep(0.02)


def test_command_line_sends_an_alert_once_and_prints_its_report(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path, content_dir: Path
) -> None:
    database = tmp_path / "memoria.db"
    chats = range(100, 140)
    asyncio.run(_subscribe_only(database, chats))
    env = _env(fake_telegram, database, content_dir, rate=100)
    first = run_bot("alert", ALERT, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Enviadas: 40" in first.stdout
    assert "idempotencia" in first.stdout
    assert "40/40" in first.stderr  # the progress bar
    again = run_bot("alert", ALERT, env=env, timeout=120)
    assert again.returncode == 0
    assert "already sent" in again.stderr
    assert set(delivered(fake_telegram, chats).values()) == {1}
    unknown = run_bot("alert", "alerta-prueva", env=env, timeout=120)
    assert unknown.returncode == 2
    assert "Did you mean 'alerta-prueba'?" in unknown.stderr


def test_command_line_refuses_an_alert_with_old_facts_unless_confirmed(
    fake_telegram: FakeTelegram, tmp_path: Path, content_dir: Path
) -> None:
    database = tmp_path / "memoria.db"
    chats = range(200, 205)
    asyncio.run(_subscribe_only(database, chats))
    # The sample alert's facts are as of 1 October 2026: always more than 30 days ago.
    env = {**_env(fake_telegram, database, content_dir, rate=100), "ALERT_STALE_AFTER_DAYS": "30"}
    refused = run_bot("alert", ALERT, env=env, timeout=120)
    assert refused.returncode == 2
    assert "states facts as of 2026-10-01" in refused.stderr
    assert "--confirm-stale" in refused.stderr
    assert fake_telegram.calls("sendMessage") == []
    confirmed = run_bot("alert", ALERT, "--confirm-stale", env=env, timeout=120)
    assert confirmed.returncode == 0, confirmed.stderr
    assert set(delivered(fake_telegram, chats).values()) == {1}


async def _subscribe_only(database: Path, chats: range) -> None:
    async with await Store.open(f"sqlite:///{database}") as store:
        await subscribe_many(store, chats)


@pytest.mark.slow
@very_slow
def test_sigkill_at_random_moments_loses_nobody_and_counts_every_duplicate(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path, content_dir: Path
) -> None:
    database, log = tmp_path / "memoria.db", tmp_path / "sender.log"
    chats = range(10_000, 12_000)
    rate = 500
    campaign_id = _prepare(database, sample_knowledge, chats)
    env = _env(fake_telegram, database, content_dir, rate=rate)
    rng = random.Random(20261127)
    kills = 0
    while kills < 10:
        process = _memoria("alert", "--resume", env=env, log=log)
        _wait_for_sends(fake_telegram, len(fake_telegram.calls("sendMessage")), process)
        time.sleep(rng.uniform(0.0, 0.4))
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
    final = _memoria("alert", "--resume", env=env, log=log)
    assert final.wait(timeout=120) == 0, log.read_text()
    counts = delivered(fake_telegram, chats)
    assert min(counts.values()) >= 1, "a recipient was lost"
    duplicates = sum(n - 1 for n in counts.values())
    sent, pending, possible = _progress(database, campaign_id)
    assert kills >= 10
    assert (sent, pending) == (len(chats), 0)
    assert duplicates <= in_flight_for(rate) * kills
    assert duplicates <= possible


@pytest.mark.slow
def test_sigterm_drains_within_twenty_seconds(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path, content_dir: Path
) -> None:
    database, log = tmp_path / "memoria.db", tmp_path / "sender.log"
    chats = range(20_000, 20_300)
    campaign_id = _prepare(database, sample_knowledge, chats)
    env = _env(fake_telegram, database, content_dir, rate=50)
    process = _memoria("alert", "--resume", env=env, log=log)
    _wait_for_sends(fake_telegram, 50, process)
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    assert process.wait(timeout=20) == 0, log.read_text()
    assert time.monotonic() - started < 20
    sends = len(fake_telegram.calls("sendMessage"))
    time.sleep(0.3)
    assert len(fake_telegram.calls("sendMessage")) == sends, "a send after the process exited"
    # Every send that reached Telegram is recorded, and nothing stays leased.
    sent, pending, possible = _progress(database, campaign_id)
    assert sent == sum(1 for n in delivered(fake_telegram, chats).values() if n)
    assert (possible, _leased(database)) == (0, 0)
    assert 0 < pending < len(chats)
    rest = _memoria("alert", "--resume", env={**env, "BROADCAST_RATE": "300"}, log=log)
    assert rest.wait(timeout=120) == 0
    assert set(delivered(fake_telegram, chats).values()) == {1}


@pytest.mark.slow
def test_run_resumes_an_unfinished_campaign_and_drains_on_sigterm(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path, content_dir: Path
) -> None:
    database, log = tmp_path / "memoria.db", tmp_path / "bot.log"
    chats = range(30_000, 30_100)
    campaign_id = _prepare(database, sample_knowledge, chats)
    env = _env(fake_telegram, database, content_dir, rate=100)
    process = _memoria("run", "--polling", env=env, log=log)
    try:
        deadline = time.monotonic() + 60
        while _progress(database, campaign_id)[1] and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, log.read_text()
    assert set(delivered(fake_telegram, chats).values()) == {1}
    # Nobody followed this campaign in a chat, so the admins got its report.
    assert any("Informe" in str(m["text"]) for m in fake_telegram.sent_messages(4242))


# -- two senders on PostgreSQL ------------------------------------------------------------------


@pytest.fixture
async def postgres_schema() -> AsyncIterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards (skipped when no server, failed in CI)."""
    async with fresh_postgres_schema("b") as schema:
        yield schema


@pytest.mark.postgres
async def test_two_senders_on_postgresql_never_send_to_one_recipient_twice(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, postgres_schema: str
) -> None:
    chats = range(40_000, 40_300)
    first = await Store.open(POSTGRES_URL, schema=postgres_schema)
    second = await Store.open(POSTGRES_URL, schema=postgres_schema)
    try:
        await subscribe_many(first, chats)
        campaign = await alert_campaign(first, sample_knowledge)
        settings = settings_for(fake_telegram)
        async with connected_bot(fake_telegram) as bot_a, connected_bot(fake_telegram) as bot_b:
            senders = [
                broadcaster(bot, store, sample_knowledge, settings, rate=150)
                for bot, store in ((bot_a, first), (bot_b, second))
            ]
            await asyncio.gather(*(s.run_until_done() for s in senders))
        assert len({s.sender.worker for s in senders}) == 2
        assert all(s.sender.sent > 0 for s in senders), "both senders took part"
        progress = await first.campaigns.progress(campaign.id)
    finally:
        await first.close()
        await second.close()
    calls = [c for c in fake_telegram.calls("sendMessage") if int(c.params["chat_id"]) in chats]
    assert len(calls) == len(chats)
    assert set(delivered(fake_telegram, chats).values()) == {1}
    assert (progress.sent, progress.possible_duplicates) == (len(chats), 0)
