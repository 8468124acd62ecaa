"""Matcher quality on the evaluation set, beside a plain rapidfuzz baseline in the same process.

Run: ``.venv/bin/python bench/matcher.py [--all]`` (``--all`` lists every miss).

Reads ``tests/data/questions.yaml`` (``{q, lang, expect}``; see its header) and asks each question
through the real answer path (``knowledge.answerer.ask``). Prints top-1 accuracy on on-topic
entries, off-topic rejection (fallback rate on ``fallback`` entries), smalltalk and list accuracy,
and the confusions (expected -> got, most frequent first). The baseline is what a first attempt
would be: rapidfuzz ``process.extractOne`` with ``fuzz.WRatio`` of the folded question against
every topic's example questions, with the one score cutoff that is best for it on this very set
(an oracle calibration, so the comparison flatters the baseline, not us).

``tests/test_matcher_quality.py`` imports ``evaluate`` from here and asserts the floors.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/matcher.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml
from rapidfuzz import fuzz, process

from bot import knowledge
from bot.answer import Answer, parse
from bot.config import Settings
from bot.content import Content
from bot.index import fold

ROOT = Path(__file__).resolve().parents[1]
EVAL_SET = ROOT / "tests" / "data" / "questions.yaml"
OUTCOMES = ("list", "fallback", "smalltalk")


@dataclass(frozen=True, slots=True)
class Entry:
    """One labelled question: ``expect`` holds one or two ids, or one of OUTCOMES."""

    q: str
    lang: str
    expect: tuple[str, ...]

    @property
    def group(self) -> str:
        """'on-topic' for ids, else the outcome it expects (list, fallback, smalltalk)."""
        return self.expect[0] if self.expect[0] in OUTCOMES else "on-topic"


def load_entries(path: Path = EVAL_SET) -> list[Entry]:
    """The evaluation set."""
    raw: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Entry(
            str(e["q"]),
            str(e["lang"]),
            tuple(map(str, e["expect"])) if isinstance(e["expect"], list) else (str(e["expect"]),),
        )
        for e in raw
    ]


def outcome(answer: Answer) -> str:
    """What the user got, in the eval set's vocabulary; did-you-mean as ``?a|b|c``."""
    if answer.kind in ("topic", "case"):
        return answer.item_id or answer.kind
    if answer.kind == "case_list":
        return "list"
    if answer.kind in ("smalltalk", "help"):
        return "smalltalk"
    if answer.kind == "suggestions":
        pressed = [parse(b.data) for row in answer.buttons for b in row if b.data]
        return "?" + "|".join(c.value for c in pressed if c is not None and c.action == "item")
    return answer.kind


def is_right(entry: Entry, got: str) -> bool:
    """Top-1: the first thing offered is expected, as a direct answer or as the first choice
    of a did-you-mean (the user taps it; ``Report.direct`` counts direct answers alone)."""
    if got in entry.expect:
        return True
    return got.startswith("?") and got[1:].split("|")[0] in entry.expect


@dataclass(slots=True)
class Report:
    """Accuracy per group, and the misses."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[Entry, str]] = field(default_factory=list)
    suggested: int = 0
    direct: int = 0

    def rate(self, group: str) -> float:
        """Share of right outcomes in ``group`` (on-topic, fallback, smalltalk, list)."""
        return self.right[group] / self.total[group] if self.total[group] else 0.0

    @property
    def top1(self) -> float:
        """Top-1 accuracy on on-topic entries."""
        return self.rate("on-topic")

    @property
    def rejection(self) -> float:
        """Off-topic rejection: the fallback rate on ``fallback`` entries."""
        return self.rate("fallback")

    def confusions(self) -> list[tuple[tuple[str, str], int]]:
        """(expected, got) pairs, most frequent first; did-you-mean shown by its first choice."""
        pairs: Counter[tuple[str, str]] = Counter()
        for entry, got in self.misses:
            shown = f"did-you-mean {got[1:].split('|')[0]}" if got.startswith("?") else got
            pairs["|".join(entry.expect), shown] += 1
        return pairs.most_common()


def evaluate(ask: Callable[[str, str], str], entries: Sequence[Entry]) -> Report:
    """Ask every entry through ``ask(q, lang) -> outcome`` and score it."""
    report = Report()
    for entry in entries:
        got = ask(entry.q, entry.lang)
        report.total[entry.group] += 1
        if entry.group == "on-topic" and got.startswith("?"):
            report.suggested += 1
        if entry.group == "on-topic" and got in entry.expect:
            report.direct += 1
        if is_right(entry, got):
            report.right[entry.group] += 1
        else:
            report.misses.append((entry, got))
    return report


class Baseline:
    """rapidfuzz WRatio of the folded question against all example questions, with a cutoff."""

    def __init__(self, content: Content, cutoff: float = 0.0) -> None:
        self.cutoff = cutoff
        self.choices: list[str] = []
        self.ids: list[str] = []
        for topic in content.topics.values():
            for questions in topic.questions.values():
                for question in questions:
                    self.choices.append(fold(question))
                    self.ids.append(topic.id)

    def score(self, question: str) -> tuple[str, float]:
        """The nearest example question's topic and its WRatio (0-100)."""
        best = process.extractOne(fold(question), self.choices, scorer=fuzz.WRatio)
        if best is None:
            return "fallback", 0.0
        return self.ids[best[2]], float(best[1])

    def ask(self, question: str, _: str) -> str:
        """The topic id, or ``fallback`` under the cutoff."""
        item_id, score = self.score(question)
        return item_id if score >= self.cutoff else "fallback"


def calibrate(baseline: Baseline, entries: Sequence[Entry]) -> float:
    """The cutoff that maximises the mean of top-1 and off-topic rejection for the baseline."""
    scored = [(e, *baseline.score(e.q)) for e in entries if e.group in ("on-topic", "fallback")]
    on_topic = sum(1 for e, _, _ in scored if e.group == "on-topic") or 1
    off_topic = sum(1 for e, _, _ in scored if e.group == "fallback") or 1

    def balanced(cutoff: float) -> float:
        top1 = sum(
            1 for e, i, s in scored if e.group == "on-topic" and s >= cutoff and i in e.expect
        )
        rejected = sum(1 for e, _, s in scored if e.group == "fallback" and s < cutoff)
        return (top1 / on_topic + rejected / off_topic) / 2

    return max((float(c) for c in range(0, 101)), key=balanced)


def matcher_ask(k: knowledge.Knowledge) -> Callable[[str, str], str]:
    """The real answer path as an ``ask(q, lang) -> outcome`` function."""
    return lambda q, lang: outcome(k.answerer.ask(q, lang))


def _line(name: str, ours: float, base: float, count: int) -> str:
    return f"| {name} | {ours:.3f} | {base:.3f} | {count} |"


def main(argv: Sequence[str]) -> int:
    """Print the comparison table and the confusions."""
    k = knowledge.load(Settings.from_env({}))
    entries = load_entries()
    ours = evaluate(matcher_ask(k), entries)
    baseline = Baseline(k.content)
    baseline.cutoff = calibrate(baseline, entries)
    base = evaluate(baseline.ask, entries)
    print(f"evaluation set: {len(entries)} entries ({EVAL_SET.relative_to(ROOT)})")
    print(f"baseline: WRatio against {len(baseline.choices)} example questions, ", end="")
    print(f"cutoff {baseline.cutoff:.0f} (best for it on this set)")
    print()
    print("| measure | matcher | baseline | entries |")
    print("| --- | --- | --- | --- |")
    print(_line("top-1, on-topic", ours.top1, base.top1, ours.total["on-topic"]))
    print(_line("off-topic rejection", ours.rejection, base.rejection, ours.total["fallback"]))
    print(
        _line("smalltalk", ours.rate("smalltalk"), base.rate("smalltalk"), ours.total["smalltalk"])
    )
    print(_line("case lists", ours.rate("list"), base.rate("list"), ours.total["list"]))
    on_topic = ours.total["on-topic"] or 1
    print()
    print(f"on-topic entries answered directly with the right item: {ours.direct / on_topic:.3f}")
    print(f"on-topic entries answered with did-you-mean: {ours.suggested / on_topic:.3f}")
    wrong = sum(
        1
        for e, got in ours.misses
        if e.group == "on-topic" and not got.startswith("?") and got not in OUTCOMES
    )
    print(f"on-topic entries answered with a wrong topic or case: {wrong / on_topic:.3f}")
    print()
    print("confusions, matcher (expected -> got, count):")
    for (expected, got), count in ours.confusions()[:10]:
        print(f"  {count:3d}  {expected} -> {got}")
    topics = set(k.content.topics)
    only = [e for e in entries if e.group != "on-topic" or set(e.expect) <= topics]
    ranked = evaluate(Baseline(k.content).ask, only)
    print(
        f"baseline without a cutoff, on-topic entries about topics only (it knows no case): "
        f"top-1 {ranked.top1:.3f} of {ranked.total['on-topic']}"
    )
    print("confusions, baseline (top 5):")
    for (expected, got), count in base.confusions()[:5]:
        print(f"  {count:3d}  {expected} -> {got}")
    if "--all" in argv:
        print()
        print("every miss of the matcher:")
        for entry, got in ours.misses:
            print(f"  [{entry.lang}] {entry.q!r}: expected {'|'.join(entry.expect)}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
