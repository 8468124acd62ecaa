"""Start-up: load + validate + index the shipped content, ``python -m bot check``, idle memory.

Run: ``.venv/bin/python bench/startup.py [--runs N]``

Each figure comes from a fresh interpreter (a subprocess), so imports count as they do when the
bot starts: ``knowledge.load(Settings.from_env({}))`` timed inside the process (imports, then the
load), ``python -m bot check`` timed from outside (wall), and the resident memory of a process
that built the real Telegram application (``bot.app.build_application`` on the shipped content,
a SQLite store, the fake Bot API of tests/faketelegram.py in a thread) and ran ``initialize`` and
``post_init``: its RSS then (idle, ready to serve) and its peak. Best and worst of ``--runs``.

Budgets: start-up (imports + load + validate + index) <= 2 s; idle RSS <= 120 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/startup.py`: make `bench`, `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
START_BUDGET = 2.0
RSS_BUDGET_MB = 120.0


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def child_load() -> dict[str, float]:
    """In a fresh process: seconds to import and load the knowledge base."""
    started = time.perf_counter()
    from bot import knowledge
    from bot.config import Settings

    imported = time.perf_counter()
    knowledge.load(Settings.from_env({}))
    done = time.perf_counter()
    return {"imports": imported - started, "load": done - imported, "total": done - started}


def child_idle() -> dict[str, float]:
    """In a fresh process: RSS after building and initializing the real application."""
    from bot import knowledge
    from bot.app import build_application
    from bot.config import Settings
    from bot.store import Store
    from tests.faketelegram import FakeTelegram
    from tests.transports import loopback_request

    async def run(fake: FakeTelegram, folder: str) -> dict[str, float]:
        started = time.perf_counter()
        k = knowledge.load(Settings.from_env({}))
        settings = Settings.from_env(
            {"TELEGRAM_BOT_TOKEN": fake.token, "BOT_API_BASE_URL": fake.base_url}
        )
        store = await Store.open(f"sqlite:///{Path(folder) / 'idle.db'}")
        application = build_application(settings, k, store=store, request=loopback_request())
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        ready = time.perf_counter() - started
        await asyncio.sleep(0.5)
        found = {"ready": ready, "rss": _rss_mb(), "peak": _peak_mb()}
        await application.shutdown()
        await store.close()
        return found

    with FakeTelegram() as fake, tempfile.TemporaryDirectory() as folder:
        return asyncio.run(run(fake, folder))


def in_child(kind: str) -> dict[str, float]:
    """Run ``--child kind`` in a fresh interpreter and read its JSON line."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def check_wall() -> float:
    """Wall seconds of ``python -m bot check``."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "check"], capture_output=True, check=True, cwd=ROOT
    )
    return time.perf_counter() - started


def main(argv: Sequence[str]) -> int:
    """Print the start-up table with ratios to the budgets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=("load", "idle"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child_load() if args.child == "load" else child_idle()))
        return 0
    loads = [in_child("load") for _ in range(args.runs)]
    checks = [check_wall() for _ in range(args.runs)]
    idles = [in_child("idle") for _ in range(args.runs)]
    total = [run["total"] for run in loads]
    rss = [run["rss"] for run in idles]
    from bot import compiled

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, ", end="")
    print(
        f"load average {os.getloadavg()[0]:.2f}; best and worst of {args.runs} fresh processes; ",
        end="",
    )
    print(f"ask path: {compiled.ask_path()} (setup.py)")
    print()
    print("| measure | best | worst | budget | ratio (worst / budget) |")
    print("| --- | --- | --- | --- | --- |")
    print(
        f"| start-up: imports + load + validate + index (s) | {min(total):.2f} | {max(total):.2f} "
        f"| {START_BUDGET:g} | {max(total) / START_BUDGET:.2f} |"
    )
    for key, label in (("imports", "of which imports"), ("load", "of which load + index")):
        values = [run[key] for run in loads]
        print(f"| {label} (s) | {min(values):.2f} | {max(values):.2f} | | |")
    print(f"| `python -m bot check` wall (s) | {min(checks):.2f} | {max(checks):.2f} | | |")
    ready = [run["ready"] for run in idles]
    print(
        f"| Telegram application ready: load + build + initialize (s) | {min(ready):.2f} "
        f"| {max(ready):.2f} | | |"
    )
    print(
        f"| idle RSS after start-up (MB) | {min(rss):.1f} | {max(rss):.1f} | {RSS_BUDGET_MB:g} "
        f"| {max(rss) / RSS_BUDGET_MB:.2f} |"
    )
    peak = [run["peak"] for run in idles]
    print(f"| peak RSS during start-up (MB) | {min(peak):.1f} | {max(peak):.1f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
