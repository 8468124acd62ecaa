"""End to end: private questions the real bot answers per second through the fake Bot API.

Run: ``.venv/bin/python bench/e2e.py [--updates N]``

The fake Bot API (tests/faketelegram.py) runs in its own process (this script, started again
with ``--serve-fake``), so its work does not share this process's interpreter lock with the bot:
on this machine's cores each side has one. The fake queues N private messages (questions of
content/learning/questions.yaml, each from its own chat); the real application
(``build_application`` with the shipped content and a fresh SQLite store, as tests/conftest.py
builds it) fetches them with getUpdates long polling, answers, and the run ends when the fake
has N sendMessage calls.

Measured separately: the fake's own CPU time per call during the run, and its ceiling: bare
sendMessage calls through the bot's HTTP client (bot/transport.py), without PTB, one at a time
and 8 at a time, without the bot. Budget: >= 300 updates/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/e2e.py`: make `bench` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bench.matcher import load_entries
from bot import knowledge
from bot.app import build_application
from bot.config import Settings
from bot.store import Store
from bot.transport import AiohttpRequest
from tests.faketelegram import FakeTelegram, message_update

BUDGET = 300.0
FIRST_CHAT = 10_000


def serve_fake(updates: int) -> int:
    """The child: a fake with ``updates`` queued questions; reports when all are answered."""
    questions = [e for e in load_entries() if e.group != "smalltalk"]
    with FakeTelegram() as fake:
        for number in range(updates):
            entry = questions[number % len(questions)]
            language = "en" if entry.lang == "en" else "es"
            fake.push_update(
                message_update(entry.q, chat_id=FIRST_CHAT + number, language_code=language)
            )
        print(json.dumps({"base_url": fake.base_url, "token": fake.token}), flush=True)
        command = sys.stdin.readline().strip()
        cpu = time.process_time()
        if command == "wait":
            sent = fake.wait_for("sendMessage", count=updates, timeout=600)
            fetched = fake.calls("getUpdates")
            cpu = time.process_time() - cpu
            calls = len(fake.calls())
            report = {"first": fetched[0].at, "last": sent[-1].at, "fake_cpu_ms": cpu * 1000}
            print(json.dumps({**report, "fake_calls": calls}), flush=True)
        sys.stdin.readline()  # the parent says when to stop
    return 0


def start_fake(updates: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start the fake in a child process; its base URL and token."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve-fake", str(updates)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    found: dict[str, str] = json.loads(child.stdout.readline())
    return child, found


def tell(child: subprocess.Popen[str], line: str) -> None:
    """Send one line to the fake's process."""
    assert child.stdin is not None
    child.stdin.write(line + "\n")
    child.stdin.flush()


async def bot_run(updates: int) -> tuple[float, float, float, float]:
    """Answers per second, wall time, the bot's CPU ms per update, the fake's CPU ms per call."""
    child, fake = start_fake(updates)
    k = knowledge.load(Settings.from_env({}))
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": fake["token"], "BOT_API_BASE_URL": fake["base_url"]}
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite:///{Path(tmp) / 'bench.db'}")
        application = build_application(
            settings,
            k,
            store=store,
            request=AiohttpRequest(certificates=False),
            updates_request=AiohttpRequest(
                certificates=False, connection_pool_size=1, read_timeout=30
            ),
        )
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        tell(child, "wait")
        started = time.monotonic()
        cpu = time.process_time()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=10)
        await application.start()
        assert child.stdout is not None
        report = json.loads(await asyncio.to_thread(child.stdout.readline))
        wall = time.monotonic() - started
        cpu = time.process_time() - cpu
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await store.close()
    tell(child, "stop")
    child.wait(timeout=30)
    seconds = report["last"] - report["first"]
    fake_cpu = report["fake_cpu_ms"] / report["fake_calls"]
    return updates / seconds, wall, cpu * 1000 / updates, fake_cpu


async def fake_ceiling(calls: int, concurrency: int) -> float:
    """sendMessage calls per second the fake serves to the bot's own client, without the bot."""
    child, fake = start_fake(0)
    url = f"{fake['base_url']}{fake['token']}/sendMessage"
    request = AiohttpRequest(certificates=False, connection_pool_size=concurrency)
    await request.initialize()
    try:

        async def send(number: int) -> None:
            chat = RequestParameter.from_input("chat_id", FIRST_CHAT + number)
            text = RequestParameter.from_input("text", "hola")
            await request.post(url, RequestData([chat, text]))

        await send(0)
        started = time.monotonic()
        for first in range(0, calls, concurrency):
            await asyncio.gather(*(send(n) for n in range(first, min(calls, first + concurrency))))
        seconds = time.monotonic() - started
    finally:
        await request.shutdown()
    tell(child, "")
    tell(child, "stop")
    child.wait(timeout=30)
    return calls / seconds


def main(argv: Sequence[str]) -> int:
    """Print updates per second and the fake's own ceiling, with the ratio to the budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--serve-fake", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_fake is not None:
        return serve_fake(args.serve_fake)
    rate, wall, cpu, fake_cpu = asyncio.run(bot_run(args.updates))
    alone = asyncio.run(fake_ceiling(args.updates, 1))
    parallel = asyncio.run(fake_ceiling(args.updates, 8))
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, ", end="")
    print(f"load average {os.getloadavg()[0]:.2f}")
    print()
    print("| measure | value | budget | ratio |")
    print("| --- | --- | --- | --- |")
    print(
        f"| bot: private questions answered per second ({args.updates} updates, polling) "
        f"| {rate:.0f} | >= {BUDGET:.0f} | {rate / BUDGET:.2f} |"
    )
    print(f"| bot: wall time, start of polling to last answer | {wall:.2f} s | | |")
    print(f"| bot: its process's CPU time per update (all threads) | {cpu:.1f} ms | | |")
    print(f"| fake: its process's CPU time per call during the run | {fake_cpu:.2f} ms | | |")
    print(f"| fake alone: sendMessage per second, 1 at a time | {alone:.0f} | | |")
    print(f"| fake alone: sendMessage per second, 8 at a time | {parallel:.0f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
