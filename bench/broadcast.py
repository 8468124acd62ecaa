"""Broadcast throughput, resume time after a kill, and the sender's peak memory.

Run: ``.venv/bin/python bench/broadcast.py [--quick]`` (``--quick``: a tenth of the recipients).

The fake Bot API (tests/faketelegram.py) runs in this process; each scenario prepares a SQLite
database with N subscribers and one campaign, then runs the real sender as a separate process,
``python -m bot alert --resume``, exactly as an operator would. The achieved rate comes from the
fake's recorded arrival times, (N - 1) / (last - first), and is printed as a ratio of the
configured rate. Peak RSS is the sender process's own (``VmHWM``, polled while it runs).
The kill scenario SIGKILLs the sender mid-campaign, starts it again, and reports how long until
the first send after the restart and until everything (including the rows the killed process
held, whose leases must expire first) was sent, plus the duplicates against the reported bound.

Scenarios: 10,000 recipients at 25/s (the default), 10,000 at 200/s, 10,000 in paid mode at
1,000/s (``ALLOW_PAID_BROADCAST``), and a kill at 200/s over 10,000.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/broadcast.py`: make `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datetime import UTC, date, datetime

from bot import knowledge
from bot.broadcast.sender import LEASE_SECONDS, in_flight_for
from bot.config import Settings
from bot.store import Store
from tests.broadcasting import alert_campaign
from tests.contenttrees import ROOT, build_tree
from tests.faketelegram import FakeTelegram


@dataclass(frozen=True, slots=True)
class Result:
    """One scenario's figures."""

    name: str
    recipients: int
    rate: float
    achieved: float
    seconds: float
    peak_rss_mb: float
    duplicates: int
    possible_duplicates: int


async def _prepare(database: Path, content: Path, recipients: int) -> int:
    loaded = knowledge.load(
        Settings.from_env({"CONTENT_DIR": str(content), "STALE_AFTER_DAYS": "100000"}),
        today=date.today(),
    )
    async with await Store.open(f"sqlite:///{database}") as store:
        now = _now()
        for chat_id in range(1, recipients + 1):
            await store.subscribers.subscribe(
                chat_id,
                audiences=("action",),
                language="es" if chat_id % 3 else "en",
                chat_type="private",
                wording_version="bench",
                now=now,
            )
        return (await alert_campaign(store, loaded)).id


async def _possible_duplicates(database: Path, campaign_id: int) -> tuple[int, int]:
    async with await Store.open(f"sqlite:///{database}") as store:
        progress = await store.campaigns.progress(campaign_id)
        return progress.sent, progress.possible_duplicates


def _now() -> datetime:
    return datetime.now(UTC)


def _env(
    fake: FakeTelegram, database: Path, content: Path, rate: float, paid: bool
) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        BOT_API_BASE_URL=fake.base_url,
        DATABASE_URL=f"sqlite:///{database}",
        CONTENT_DIR=str(content),
        STALE_AFTER_DAYS="100000",
        BROADCAST_RATE=str(rate),
        ALLOW_PAID_BROADCAST="true" if paid else "false",
        LOG_LEVEL="WARNING",
    )
    return env


def _sender(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "alert", "--resume"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _peak_rss_kb(process: subprocess.Popen[bytes]) -> int:
    """Wait for the process; its peak RSS in kB (VmHWM, read every 0.1 s while it runs).

    Not ``ru_maxrss``: that one counts the child from the fork, when it still shares this
    (bigger, after a scenario) process's pages, before it becomes the sender.
    """
    peak = 0
    while process.poll() is None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            status = Path(f"/proc/{process.pid}/status").read_text()
            peak = max(peak, int(status.split("VmHWM:")[1].split()[0]))
        time.sleep(0.1)
    return peak


def _duplicates(fake: FakeTelegram) -> tuple[int, int]:
    counts = Counter(int(message["chat"]["id"]) for message in fake.messages())
    return len(counts), sum(n - 1 for n in counts.values())


def _achieved(fake: FakeTelegram) -> tuple[float, float]:
    times = sorted(call.at for call in fake.calls("sendMessage"))
    seconds = times[-1] - times[0]
    return ((len(times) - 1) / seconds if seconds > 0 else 0.0), seconds


def run(name: str, recipients: int, rate: float, *, paid: bool = False) -> Result:
    """Send one campaign to ``recipients`` chats at ``rate``; measure it."""
    with tempfile.TemporaryDirectory() as folder, FakeTelegram() as fake:
        tmp = Path(folder)
        content, database = build_tree(tmp), tmp / "memoria.db"
        campaign_id = asyncio.run(_prepare(database, content, recipients))
        process = _sender(_env(fake, database, content, rate, paid))
        peak = _peak_rss_kb(process)
        if process.returncode != 0:
            raise SystemExit(f"{name}: the sender failed")
        achieved, seconds = _achieved(fake)
        reached, duplicates = _duplicates(fake)
        assert reached == recipients, f"{name}: {reached} of {recipients} reached"
        _, possible = asyncio.run(_possible_duplicates(database, campaign_id))
        return Result(name, recipients, rate, achieved, seconds, peak / 1024, duplicates, possible)


def kill_and_resume(recipients: int, rate: float) -> dict[str, float]:
    """SIGKILL the sender after 2 s, restart it, and time the recovery."""
    with tempfile.TemporaryDirectory() as folder, FakeTelegram() as fake:
        tmp = Path(folder)
        content, database = build_tree(tmp), tmp / "memoria.db"
        campaign_id = asyncio.run(_prepare(database, content, recipients))
        env = _env(fake, database, content, rate, False)
        first = _sender(env)
        while not fake.calls("sendMessage"):
            time.sleep(0.01)
        time.sleep(2.0)
        first.send_signal(signal.SIGKILL)
        first.wait()
        sent_before = len(fake.calls("sendMessage"))
        restarted = time.monotonic()
        second = _sender(env)
        while len(fake.calls("sendMessage")) == sent_before:
            time.sleep(0.005)
        first_send = time.monotonic() - restarted
        if second.wait() != 0:
            raise SystemExit("kill: the resumed sender failed")
        total = time.monotonic() - restarted
        reached, duplicates = _duplicates(fake)
        sent, possible = asyncio.run(_possible_duplicates(database, campaign_id))
        assert reached == recipients == sent
        return {
            "sent_before_kill": sent_before,
            "first_send_after_restart_s": first_send,
            "all_sent_after_restart_s": total,
            "duplicates": duplicates,
            "possible_duplicates": possible,
            "in_flight_bound": in_flight_for(rate),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the recipients")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    results = [
        run("default rate", 10_000 // scale, 25),
        run("higher rate", 10_000 // scale, 200),
        run("paid broadcast", 10_000 // scale, 1000, paid=True),
    ]
    print(
        "| scenario | recipients | configured /s | achieved /s | ratio | seconds "
        "| peak RSS (MB) | duplicates | reported possible |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(
            f"| {r.name} | {r.recipients:,} | {r.rate:g} | {r.achieved:.1f} | "
            f"{r.achieved / r.rate:.3f} | {r.seconds:.1f} | {r.peak_rss_mb:.0f} | "
            f"{r.duplicates} | {r.possible_duplicates} |"
        )
    killed = kill_and_resume(10_000 // scale, 200)
    print()
    size = f"{10_000 // scale:,}"
    print(f"kill -9 after 2 s at 200/s over {size} recipients (lease {LEASE_SECONDS:g} s):")
    for key, value in killed.items():
        print(f"  {key}: {value:.2f}" if isinstance(value, float) else f"  {key}: {value}")


if __name__ == "__main__":
    main()
