"""How many phone lines the first message of each answer fills, over the evaluation set.

Run: ``.venv/bin/python bench/phone_lines.py [--width 38] [--worst 5] [--layer summary]``.

Asks every question of ``content/learning/questions.yaml`` through the real answer path
(``knowledge.answerer.ask``), renders the answer with the real renderer, and counts the lines
of its first message on a phone 38 characters wide: each line of the visible text (tags
removed, entities decoded) wraps at word boundaries as a phone does (a word longer than a line
is broken), and a blank line counts as one. Buttons are not counted. Prints the median, p95 and
maximum over every question, and over the questions answered with a topic or a case, each
also in Spanish and in English, and the worst items. Budgets (issue #13): median ≤ 12, p95 ≤ 20.

``--layer detail`` (or ``sources``) measures that layer of the item answers instead, for
comparison; other answers are left out then.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/phone_lines.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.matcher import load_entries
from bot import knowledge
from bot.answer import LAYERS, Answer
from bot.config import Settings
from bot.render import plain

WIDTH = 38
BUDGET_MEDIAN = 12
BUDGET_P95 = 20


def phone_lines(html: str, width: int = WIDTH) -> int:
    """Lines a Telegram HTML text fills on a phone ``width`` characters wide."""
    count = 0
    for line in plain(html).split("\n"):
        wrapped = textwrap.wrap(line, width=width, break_on_hyphens=False)
        count += max(1, len(wrapped))
    return count


@dataclass(frozen=True, slots=True)
class Measure:
    """One question's first message: its answer's kind, item (if any) and phone lines."""

    question: str
    lang: str
    kind: str
    item_id: str | None
    lines: int


def measure(layer: str = "summary", width: int = WIDTH) -> list[Measure]:
    """The phone lines of the first message of every answer to the evaluation set."""
    loaded = knowledge.load(Settings.from_env(os.environ))
    found: list[Measure] = []
    for entry in load_entries():
        answer: Answer = loaded.answerer.ask(entry.q, entry.lang)
        kind = answer.kind
        if layer != "summary":
            if answer.item_id is None or kind not in ("topic", "case"):
                continue
            answer = loaded.answerer.item(answer.item_id, answer.lang, layer)
        first = loaded.renderer.render(answer, bot_username="memoria_bot")[0]
        found.append(Measure(entry.q, entry.lang, kind, answer.item_id, phone_lines(first, width)))
    return found


def percentile(values: list[int], share: float) -> float:
    """The ``share`` percentile (0-1) by linear interpolation, as numpy's default."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * share
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _row(name: str, values: list[int]) -> str:
    return (
        f"| {name} | {len(values)} | {statistics.median(values):g} | "
        f"{percentile(values, 0.95):g} | {max(values)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--width", type=int, default=WIDTH)
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--layer", choices=LAYERS, default="summary")
    args = parser.parse_args()
    found = measure(args.layer, args.width)
    items = [m for m in found if m.kind in ("topic", "case")]
    print(f"Python {platform.python_version()}, {args.width} characters a line, {args.layer}\n")
    print("| answers | count | median | p95 | max |")
    print("| --- | --- | --- | --- | --- |")
    for lang in ("", "es", "en"):
        asked = [m for m in found if m.lang == lang or not lang]
        suffix = f", {lang}" if lang else ""
        if args.layer == "summary":
            print(_row(f"every question{suffix}", [m.lines for m in asked]))
        for kind in ("topic", "case"):
            print(
                _row(f"answered with a {kind}{suffix}", [m.lines for m in asked if m.kind == kind])
            )
    print(_row("answered with a topic or case", [m.lines for m in items]))
    worst: dict[tuple[str | None, str], Measure] = {}
    for m in sorted(found, key=lambda m: -m.lines):
        worst.setdefault((m.item_id or m.kind, m.lang), m)
    print(f"\nWorst {args.worst} items (each item and language once):\n")
    print("| lines | item | lang | kind |")
    print("| --- | --- | --- | --- |")
    for m in list(worst.values())[: args.worst]:
        print(f"| {m.lines} | {m.item_id or '-'} | {m.lang} | {m.kind} |")
    if args.layer == "summary":
        every = [m.lines for m in found]
        met = statistics.median(every) <= BUDGET_MEDIAN and percentile(every, 0.95) <= BUDGET_P95
        verdict = "met" if met else "MISSED"
        print(f"\nBudgets (median ≤ {BUDGET_MEDIAN}, p95 ≤ {BUDGET_P95}): {verdict}")


if __name__ == "__main__":
    main()
