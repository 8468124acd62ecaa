"""Inline mode: latency of answering an inline query with up to 50 results (at least 40).

Run: ``.venv/bin/python bench/inline.py [--rounds N]``

Queries that match at least 40 topics and cases ("amnistia", "caso amnistia"...; since
session 4 the index offers fewer loose matches, so none reaches 50), each sent as an
``inline_query`` update through the real application (``build_application`` with the shipped
content) to the fake Bot API of tests/faketelegram.py, running in a thread of this process:
the time from ``process_update`` to its return, which includes ranking, rendering 50 answers,
building the results and the ``answerInlineQuery`` request over loopback. Measured apart: the
same work without Telegram (``inline_ids`` and 50 renders), and a bare ``answerInlineQuery``
with the same 50 results sent to the fake without the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/inline.py`: make `bench`, `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Bot, Update

from bot import knowledge
from bot.app import build_application
from bot.config import Settings
from bot.store import Store
from tests.faketelegram import FakeTelegram, inline_query_update
from tests.transports import loopback_request

QUERIES = (
    ("amnistia", "es"),
    ("caso amnistia", "es"),
    ("peru amnistia", "es"),
    ("la ley de amnistia y los casos", "es"),
    ("amnesty", "en"),
    ("law amnesty", "en"),
    ("case", "en"),
    ("amnesty law cases", "en"),
)
RESULTS = 50
# Each query must give at least this many, so that the figures measure a full answer.
LEAST = 40


def quantiles(values: list[float]) -> tuple[float, float]:
    """p50 and p99 of ``values``."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


async def run(rounds: int) -> dict[str, list[float]]:
    """Milliseconds per inline query: through the bot, its work alone, the fake alone."""
    k = knowledge.load(Settings.from_env({}))
    for query, _ in QUERIES:
        found = len(k.answerer.inline_ids(query, limit=RESULTS))
        if found < LEAST:
            raise SystemExit(f"{query!r} gives {found} results, fewer than {LEAST}")
    timings: dict[str, list[float]] = {"bot": [], "work": [], "fake": []}
    with FakeTelegram() as fake, tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env(
            {"TELEGRAM_BOT_TOKEN": fake.token, "BOT_API_BASE_URL": fake.base_url}
        )
        store = await Store.open(f"sqlite:///{Path(folder) / 'inline.db'}")
        application = build_application(settings, k, store=store, request=loopback_request())
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        bot = application.bot
        for number in range(rounds + 1):
            for query, lang in QUERIES:
                update = Update.de_json(
                    inline_query_update(query, user_id=500 + number, language_code=lang), bot
                )
                started = time.perf_counter()
                await application.process_update(update)
                took = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                for item_id in k.answerer.inline_ids(query, limit=RESULTS):
                    k.renderer.render(k.answerer.item(item_id, lang), bot_username=bot.username)
                work = (time.perf_counter() - started) * 1000
                if number:
                    timings["bot"].append(took)
                    timings["work"].append(work)
        timings["fake"] = await _fake_alone(fake, bot, rounds * len(QUERIES))
        await application.shutdown()
        await store.close()
    return timings


async def _fake_alone(fake: FakeTelegram, bot: Bot, calls: int) -> list[float]:
    """Milliseconds per answerInlineQuery sent straight to the fake with the bot's last results."""
    sent = fake.calls("answerInlineQuery")
    if not sent or len(sent[-1].params["results"]) < LEAST:
        raise SystemExit(f"the bot did not answer with at least {LEAST} results")
    results = sent[-1].params["results"]
    timings = []
    for number in range(calls):
        started = time.perf_counter()
        # PTB prefers its typed method; the raw call is the point.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            await bot.do_api_request(
                "answerInlineQuery",
                api_kwargs={"inline_query_id": str(number + 1), "results": results},
            )
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: Sequence[str]) -> int:
    """Print p50 and p99 of each path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    timings = asyncio.run(run(args.rounds))
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, ", end="")
    print(f"load average {os.getloadavg()[0]:.2f}; {len(QUERIES)} queries x {args.rounds} rounds")
    print()
    print("| path | p50 ms | p99 ms |")
    print("| --- | --- | --- |")
    for key, label in (
        ("bot", f"inline query answered with {LEAST}-{RESULTS} results, through PTB and the fake"),
        ("work", f"of which the bot's own work: rank + render {LEAST}-{RESULTS} answers"),
        ("fake", "the fake alone: answerInlineQuery with the same results"),
    ):
        p50, p99 = quantiles(timings[key])
        print(f"| {label} | {p50:.1f} | {p99:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
