"""Cross-validation of the whole-message answer path over the lettered development blocks.

Run: ``.venv/bin/python bench/crossval.py [LETTER ...] [--show] [--set NAME=V1,V2 ...]``

The bot learns from every development message (``content/learning/messages.yaml``), so its
figures on them say little of messages it has never seen. Here each lettered block (``# ===…
block 2026-12-07 (v)``: written by new hands, scored blind, then learned from) is scored by the
real answer path with the learned reading fitted without that block: how the bot would have
done on it had it never seen it. ``--show`` lists each block's off-topic misses and
confidently wrong answers (development messages: they may be read). ``--set`` tries other
values of the answer thresholds (``bot/answer/confidence.Confidence``), e.g. ``--set
weak_ratio=1.65,1.5 --set line=0.95,0.9``: every combination is scored, the current one first.
The held-out parts (``tests/data/heldout``) are never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/crossval.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from bench.matcher import MESSAGES, Entry, Report, evaluate, is_confidently_wrong, matcher_ask
from bench.matcher import known_ids as known_ids_of
from bot import knowledge
from bot.answer.confidence import Confidence
from bot.config import Settings
from bot.content import Content
from bot.index.learned import Learned
from bot.index.search import labelled
from bot.index.text import fold
from bot.knowledge import Knowledge

_BLOCK = re.compile(r"# =+ block \S+ \((\w)\)")


def blocks(path: Path = MESSAGES) -> dict[str, list[Entry]]:
    """The lettered blocks of a development file, in order, each with its entries."""
    found: dict[str, list[Entry]] = {}
    letter: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ="):
            opened = _BLOCK.match(line)
            letter = opened[1] if opened else None
            if letter:
                found[letter] = []
        elif letter and line.startswith("- {"):
            raw = yaml.safe_load(line)[0]
            expect = raw["expect"] if isinstance(raw["expect"], list) else [raw["expect"]]
            found[letter].append(Entry(str(raw["q"]), str(raw["lang"]), tuple(map(str, expect))))
    return found


def training(content: Content, held: Sequence[Entry]) -> tuple[list[str], list[str]]:
    """The texts and labels the bot fits its learned reading on, less those of ``held``."""
    return labelled(content, {fold(e.q) for e in held})


def without(content: Content, held: Sequence[Entry]) -> Learned:
    """The learned reading fitted without ``held``."""
    return Learned(*training(content, held))


def use(k: Knowledge, level: Confidence) -> None:
    """Answer with thresholds ``level`` everywhere the answer path holds them."""
    free_text = k.answerer.free_text
    free_text.confidence = level
    free_text.elsewhere.confidence = level
    free_text.after_case.confidence = level


def cross_validate(
    k: Knowledge, found: dict[str, list[Entry]], models: dict[str, Learned]
) -> dict[str, Report]:
    """Each block scored with the learned reading fitted without it."""
    ask, known = matcher_ask(k), known_ids_of(k)
    kept = k.index.learned
    reports: dict[str, Report] = {}
    try:
        for letter, entries in found.items():
            k.index.learned = models[letter]
            reports[letter] = evaluate(ask, entries, known)
    finally:
        k.index.learned = kept
    return reports


def together(reports: dict[str, Report]) -> Report:
    """Every block's report summed into one."""
    total = Report()
    for report in reports.values():
        total.right.update(report.right)
        total.total.update(report.total)
        total.misses += report.misses
        total.direct += report.direct
        total.wrong += report.wrong
    return total


def _row(name: str, report: Report) -> str:
    direct = report.direct / report.total["on-topic"] if report.total["on-topic"] else 0.0
    return (
        f"| {name} | {report.scored} | {report.top1:.3f} | {report.rejection:.3f} "
        f"| {report.rate('smalltalk'):.3f} | {report.rate('list'):.3f} | {direct:.3f} "
        f"| {report.wrong} |"
    )


def _variants(settings: Sequence[str]) -> list[dict[str, Any]]:
    """Every combination of the ``--set NAME=V1,V2`` values (none: the current thresholds)."""
    axes = [
        [(name, float(value)) for value in values.split(",")]
        for name, _, values in (each.partition("=") for each in settings)
    ]
    return [dict(combination) for combination in itertools.product(*axes)]


def main(argv: Sequence[str]) -> int:
    """Print each block's cross-validated figures, for each threshold variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("letters", nargs="*")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--set", action="append", default=[], dest="settings")
    args = parser.parse_args(argv)
    k = knowledge.load(Settings.from_env({}))
    found = blocks()
    if args.letters:
        found = {letter: found[letter] for letter in args.letters}
    models = {letter: without(k.content, entries) for letter, entries in found.items()}
    start = k.answerer.free_text.confidence
    for variant in _variants(args.settings):
        use(k, dataclasses.replace(start, **variant))
        reports = cross_validate(k, found, models)
        print(f"thresholds: {variant or 'as shipped'}")
        print()
        print("| block | scored | top-1 | off-topic declined | smalltalk | lists ", end="")
        print("| on-topic answered directly, right | confidently wrong |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for letter, report in reports.items():
            print(_row(letter, report))
        print(_row("all", together(reports)))
        print()
        if args.show:
            for letter, report in reports.items():
                for entry, got in report.misses:
                    if entry.group == "fallback" or is_confidently_wrong(entry, got):
                        print(f"({letter}) [{'|'.join(entry.expect)}] got {got}: {entry.q}")
    use(k, start)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
