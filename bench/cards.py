"""Share cards: time to get a card, cached on disk, against drawing it again without the cache.

Run: ``.venv/bin/python bench/cards.py [--rounds N]``

Every topic and case of the shipped content in both languages and both shapes. "drawn" is
``draw``: the card laid out, painted and saved as PNG with no cache (what a first request, or a
dyno with a wiped disk, pays). "cached" is ``Shelf.png`` after a first call filled the folder:
the words worded (``Knowledge.card``), hashed, and the PNG read from disk, which is what every
later request pays. The budget is 30 ms at p99 for a card as served.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/cards.py`: make `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import knowledge
from bot.cards import SHAPES, Shelf, draw
from bot.config import Settings

USERNAME = "MemoriaBenchBot"


def quantiles(values: list[float]) -> tuple[float, float]:
    """p50 and p99 of ``values``."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def run(rounds: int) -> dict[str, list[float]]:
    """Milliseconds per card: drawn without a cache, and served from the disk cache."""
    k = knowledge.load(Settings.from_env({}))
    keys = [
        (item_id, lang, shape)
        for item_id in [*k.content.topics, *k.content.cases]
        for lang in k.content.languages
        for shape in SHAPES
    ]
    timings: dict[str, list[float]] = {"drawn": [], "cached": []}
    with tempfile.TemporaryDirectory() as folder:
        shelf = Shelf(k.shelf.style, Path(folder))
        for item_id, lang, shape in keys:
            face = k.card(item_id, lang, bot_username=USERNAME, shape=shape)
            assert face is not None
            shelf.png(face)
        for _ in range(rounds):
            for item_id, lang, shape in keys:
                start = time.perf_counter()
                face = k.card(item_id, lang, bot_username=USERNAME, shape=shape)
                assert face is not None
                shelf.png(face)
                timings["cached"].append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                draw(face, shelf.style)
                timings["drawn"].append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    """Print p50/p99 per way of getting a card, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    timings = run(args.rounds)
    print(f"python {platform.python_version()}, {len(timings['drawn'])} cards per way")
    print("| way | p50 ms | p99 ms |")
    print("| --- | ---: | ---: |")
    for name, values in timings.items():
        p50, p99 = quantiles(values)
        print(f"| {name} | {p50:.2f} | {p99:.2f} |")
    drawn, cached = quantiles(timings["drawn"])[1], quantiles(timings["cached"])[1]
    print(f"cached p99 is {cached / drawn:.3f} of drawn p99 (budget: cached p99 <= 30 ms)")


if __name__ == "__main__":
    main()
