"""Ask-path latency (normalise + match + render) on the shipped knowledge base and a 20x one.

Run: ``.venv/bin/python bench/ask.py [--rounds N] [--factor F]``

Each call is ``knowledge.answerer.ask(q, lang)`` then ``knowledge.renderer.render(answer)``, for
every question of content/learning/questions.yaml (real phrasings: short, long, typos, off-topic),
in ``--rounds`` rounds. The typo-correction cache is emptied before each round, so every round pays
for every correction. Reported: p50 and p99 of every call (``raw``: what a user would see on this
machine, including other processes and garbage collection) and of each question's fastest call
(``per question``: the work itself). The baseline, in the same process, is rapidfuzz
``process.extractOne`` (WRatio) of the folded question over all example questions, then the same
rendering. The synthetic knowledge base clones every topic and case ``--factor - 1`` times with new
ids and perturbed example questions and aliases (a dropped, swapped or misspelt word).


Whole messages (issue #12) are timed on the shipped knowledge base too: the development part of
content/learning/messages.yaml as written (greetings, stories, questions), and long messages of
up to Telegram's 4,096 characters, each made of consecutive whole messages run together and cut
at a word under 4,096 characters, with the last one's question at the end.

The ask path runs compiled with mypyc after ``pip install -e .`` (setup.py); the first line says
which code ran ("compiled", or "source" after MEMORIA_PURE_PYTHON=1 or an edit not compiled yet).

Budgets: p99 <= 1 ms on the shipped knowledge base; <= 3 ms (3x) on the 20x one; long messages
(up to 4,096 characters) p99 <= 5 ms on the shipped knowledge base.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/ask.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.baseline import Baseline, calibrate
from bench.matcher import MESSAGES, Entry, load_entries
from bench.synthetic import knowledge_for, synthetic
from bot import compiled
from bot.answer import Answer
from bot.index import Index
from bot.knowledge import Knowledge

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 1.0
LARGE_BUDGET_MS = 3.0
LONG_BUDGET_MS = 5.0
LONG_CHARS = 4096
LONG_MESSAGES = 60


@dataclass(frozen=True, slots=True)
class Latency:
    """Call durations in milliseconds."""

    raw: list[float]
    per_question: list[float]

    def p(self, which: str, q: float) -> float:
        """The ``q`` quantile (0-1) of ``raw`` or ``per_question``."""
        values = sorted(self.raw if which == "raw" else self.per_question)
        return values[min(len(values) - 1, int(q * len(values)))]


def measure(
    call: Callable[[str, str], object],
    entries: Sequence[Entry],
    rounds: int,
    before_round: Callable[[], None],
) -> Latency:
    """Time ``call`` on every entry, ``rounds`` times after one warm-up round."""
    best = [float("inf")] * len(entries)
    raw: list[float] = []
    for number in range(rounds + 1):
        before_round()
        for i, entry in enumerate(entries):
            start = time.perf_counter()
            call(entry.q, entry.lang)
            took = (time.perf_counter() - start) * 1000
            if number:
                raw.append(took)
                best[i] = min(best[i], took)
    return Latency(raw, best)


def ours(k: Knowledge) -> Callable[[str, str], object]:
    """The real ask path: answer, then render."""

    def call(q: str, lang: str) -> list[str]:
        return k.renderer.render(k.answerer.ask(q, lang))

    return call


def baseline_path(k: Knowledge, baseline: Baseline) -> Callable[[str, str], object]:
    """The baseline's ask path: nearest example question, then the same rendering."""

    def call(q: str, lang: str) -> list[str]:
        found = baseline.ask(q, lang)
        answer: Answer = (
            k.answerer.ask("", lang) if found == "fallback" else k.answerer.item(found, lang)
        )
        return k.renderer.render(answer)

    return call


def long_messages(entries: Sequence[Entry], count: int = LONG_MESSAGES) -> list[Entry]:
    """Messages of up to 4,096 characters: whole messages run together, the last one's
    question at the end (what a long story that ends in a question looks like)."""
    found: list[Entry] = []
    for start in range(min(count, len(entries))):
        last = entries[(start + 1) % len(entries)]
        story: list[str] = []
        size = len(last.q) + 1
        at = start
        while True:
            said = entries[at % len(entries)].q
            if size + len(said) + 1 > LONG_CHARS:
                story.append(said[: LONG_CHARS - size - 1].rsplit(" ", 1)[0])
                break
            story.append(said)
            size += len(said) + 1
            at += 2
        found.append(Entry(" ".join([*story, last.q])[:LONG_CHARS], last.lang, last.expect))
    return found


def _nothing() -> None:
    pass


def build_time(k: Knowledge) -> tuple[float, float]:
    """Seconds to build the Index (best of 3), and the MB it holds (tracemalloc)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        Index(k.content)
        best = min(best, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    index = Index(k.content)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index
    return best, held / 1e6


def main(argv: Sequence[str]) -> int:
    """Print the latency table with ratios to budgets and to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--factor", type=int, default=20)
    args = parser.parse_args(argv)
    entries = load_entries()
    with tempfile.TemporaryDirectory() as tmp:
        shipped = knowledge_for(ROOT / "content")
        large = knowledge_for(synthetic(Path(tmp), args.factor))
    cutoff = calibrate(Baseline(shipped.content), entries)
    bases = {"shipped": shipped, f"{args.factor}x": large}
    rows = {
        name: _questions(k, entries, args.rounds, cutoff, k is large) for name, k in bases.items()
    }
    sizes = {name: _size(k) for name, k in bases.items()}
    messages = load_entries(MESSAGES)
    sets = {"whole messages": messages, "long messages": long_messages(messages)}
    whole = _messages(shipped, sets, args.rounds, cutoff)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, ", end="")
    print(f"load average {load:.2f}; {len(entries)} questions x {args.rounds} rounds; ", end="")
    print(f"ask path: {compiled.ask_path()} (setup.py)")
    print()
    _print_questions(rows, sizes, args.factor)
    _print_messages(whole, sets)
    print("| knowledge base | items | index build s | index MB (tracemalloc) |")
    print("| --- | --- | --- | --- |")
    for name, (items, seconds, megabytes) in sizes.items():
        print(f"| {name} | {items} | {seconds:.3f} | {megabytes:.1f} |")
    return 0


def _questions(
    k: Knowledge, entries: Sequence[Entry], rounds: int, cutoff: float, large: bool
) -> dict[str, Latency]:
    """The matcher's and the baseline's latency on the short questions."""
    baseline = Baseline(k.content, cutoff)
    # The baseline scans every example question: on the large base, a fifth of the
    # questions, one round, is enough to see it.
    sample = entries[::5] if large else entries
    return {
        "matcher": measure(ours(k), entries, rounds, k.index.corrections.clear),
        "baseline": measure(baseline_path(k, baseline), sample, 1 if large else rounds, _nothing),
    }


def _size(k: Knowledge) -> tuple[int, float, float]:
    seconds, megabytes = build_time(k)
    return len(k.content.topics) + len(k.content.cases), seconds, megabytes


def _messages(
    shipped: Knowledge, sets: dict[str, list[Entry]], rounds: int, cutoff: float
) -> dict[str, Latency]:
    """The matcher's and the baseline's latency on whole and long messages."""
    baseline = Baseline(shipped.content, cutoff)
    clear = shipped.index.corrections.clear
    whole: dict[str, Latency] = {}
    for name, found in sets.items():
        whole[name] = measure(ours(shipped), found, rounds, clear)
        whole[f"{name}, baseline"] = measure(
            baseline_path(shipped, baseline), found, rounds, _nothing
        )
    return whole


def _print_questions(
    rows: dict[str, dict[str, Latency]], sizes: dict[str, tuple[int, float, float]], factor: int
) -> None:
    print(
        "| knowledge base | items | path | p50 ms (raw) | p99 ms (raw) | p50 ms (per question) ",
        end="",
    )
    print("| p99 ms (per question) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, paths in rows.items():
        for path, lat in paths.items():
            print(
                f"| {name} | {sizes[name][0]} | {path} | {lat.p('raw', 0.5):.3f} "
                f"| {lat.p('raw', 0.99):.3f} | {lat.p('best', 0.5):.3f} "
                f"| {lat.p('best', 0.99):.3f} |"
            )
    print()
    small, big = rows["shipped"]["matcher"], rows[f"{factor}x"]["matcher"]
    for which, label in (("raw", "raw"), ("best", "per question")):
        print(
            f"{label}: p99 shipped / budget {BUDGET_MS:g} ms = "
            f"{small.p(which, 0.99) / BUDGET_MS:.2f}; "
            f"p99 {factor}x / budget {LARGE_BUDGET_MS:g} ms = "
            f"{big.p(which, 0.99) / LARGE_BUDGET_MS:.2f}; "
            f"growth 1x -> {factor}x: p50 x{big.p(which, 0.5) / small.p(which, 0.5):.2f}, "
            f"p99 x{big.p(which, 0.99) / small.p(which, 0.99):.2f}"
        )
    for name, paths in rows.items():
        mine, base = paths["matcher"], paths["baseline"]
        print(
            f"{name}: matcher / baseline p50 x{mine.p('best', 0.5) / base.p('best', 0.5):.2f}, "
            f"p99 x{mine.p('best', 0.99) / base.p('best', 0.99):.2f} (per question)"
        )
    print()


def _print_messages(whole: dict[str, Latency], sets: dict[str, list[Entry]]) -> None:
    chars = {n: max(len(e.q) for e in found) for n, found in sets.items()}
    print(
        "| shipped knowledge base | messages | longest | path | p50 ms (raw) | p99 ms (raw) ",
        end="",
    )
    print("| p50 ms (per message) | p99 ms (per message) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, lat in whole.items():
        kind = name.split(",")[0]
        path = "baseline" if name.endswith("baseline") else "matcher"
        print(
            f"| {kind} | {len(sets[kind])} | {chars[kind]} | {path} "
            f"| {lat.p('raw', 0.5):.3f} | {lat.p('raw', 0.99):.3f} "
            f"| {lat.p('best', 0.5):.3f} | {lat.p('best', 0.99):.3f} |"
        )
    print()
    mine, base = whole["long messages"], whole["long messages, baseline"]
    print(
        f"long messages: p99 / budget {LONG_BUDGET_MS:g} ms = "
        f"{mine.p('raw', 0.99) / LONG_BUDGET_MS:.2f} (raw), "
        f"{mine.p('best', 0.99) / LONG_BUDGET_MS:.2f} (per message); matcher / baseline "
        f"p99 x{mine.p('best', 0.99) / base.p('best', 0.99):.2f} (per message)"
    )
    print()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
