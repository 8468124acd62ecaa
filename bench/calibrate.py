"""Calibrate the answer thresholds (``freetext.Confidence``) on the development sets:
``.venv/bin/python bench/matcher.py --calibrate``. Never give it the held-out part.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from bench.matcher import Entry, Report, evaluate, known_ids, matcher_ask
from bot import knowledge
from bot.answer.confidence import Confidence
from bot.index import Query

# Grids searched: "did you mean", "not understood" and off-topic; then direct answers.
CHOICE_GRID = (
    (0.55, 0.6, 0.65, 0.7),
    (0.55, 0.6, 0.65, 0.7),
    (0.05, 0.075, 0.1, 0.125, 0.15),
    (0.2, 0.25, 0.3, 0.35),
)
DIRECT_GRID = (
    (0.6, 0.65, 0.7, 0.75, 0.8),
    (0.7, 0.75, 0.8, 0.85, 0.9, 0.95),
    (0.0, 1.0, 2.0, 3.0),
    (0.95, 0.97, 1.0),
)
Run = Callable[[Confidence], list[Report]]


def calibrate_confidence(
    k: knowledge.Knowledge, parts: Sequence[Sequence[Entry]], *, wrong_at: float = 0.018
) -> tuple[Confidence, list[Report]]:
    """Calibrate ``freetext.Confidence`` on development parts, in two steps: the thresholds of
    "did you mean", "not understood" and off-topic that give the best worst top-1 while every
    part declines >= 0.95 of its off-topic messages (direct answers as they are now); then the
    direct-answer line and margin that answer directly most often while every part stays <=
    ``wrong_at`` confidently wrong. Never give it the held-out part."""
    known = known_ids(k)
    searched: dict[tuple[object, ...], list[Any]] = {}
    search = k.index.search

    def remembered(query: Query | str, **options: Any) -> list[Any]:
        text = query if isinstance(query, str) else (query.words, query.told)
        key = (text, *sorted((n, str(v)) for n, v in options.items()))
        if key not in searched:
            searched[key] = search(query, **options)
        return searched[key]

    free_text = k.answerer.free_text
    ask = matcher_ask(k)

    def run(level: Confidence) -> list[Report]:
        free_text.confidence = level
        return [evaluate(ask, entries, known) for entries in parts]

    k.index.search = remembered  # type: ignore[method-assign]
    try:
        chosen = _choices(run, Confidence())
        level = _direct(run, chosen, wrong_at)
        return level, run(level)
    finally:
        k.index.search = search  # type: ignore[method-assign]
        free_text.confidence = Confidence()


def _choices(run: Run, start: Confidence) -> Confidence:
    """The suggestion and "not understood" thresholds with the best worst top-1."""
    best: tuple[float, Confidence] = (-1.0, start)
    for suggest, unclear, step, lowest in itertools.product(*CHOICE_GRID):
        if unclear <= suggest:
            level = replace(start, suggest=suggest, unclear=unclear, step=step, lowest=lowest)
            reports = run(level)
            if all(r.rejection >= 0.95 for r in reports):
                best = max(best, (min(r.top1 for r in reports), level), key=lambda b: b[0])
    return best[1]


def _direct(run: Run, chosen: Confidence, wrong_at: float) -> Confidence:
    """The direct-answer thresholds that answer directly most often, wrong at most ``wrong_at``."""
    direct: tuple[float, Confidence] = (-1.0, chosen)
    for floor, line, margin_weight, sure in itertools.product(*DIRECT_GRID):
        if floor < chosen.suggest:
            continue
        level = replace(chosen, floor=floor, line=line, margin_weight=margin_weight, sure=sure)
        reports = run(level)
        if all(r.confidently_wrong <= wrong_at for r in reports):
            rate = min(r.direct / (r.total["on-topic"] or 1) for r in reports)
            direct = max(direct, (rate, level), key=lambda d: d[0])
    return direct[1]
