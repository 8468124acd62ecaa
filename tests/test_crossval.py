"""bench/crossval.py: the development blocks it reads, and what it leaves out of the fit."""

from __future__ import annotations

import pytest

from bench.crossval import blocks, training
from bench.matcher import MESSAGES, load_entries
from bot import knowledge
from bot.config import Settings
from bot.index.learned import Learned
from bot.index.text import fold
from bot.knowledge import Knowledge


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_every_lettered_block_is_read_in_order_with_its_entries() -> None:
    found = blocks()
    letters = list(found)
    assert letters == sorted(letters)
    assert {"k", "v", "w"} <= set(letters)
    assert all(found.values())
    every = {fold(e.q) for e in load_entries(MESSAGES)}
    assert all(fold(e.q) in every for entries in found.values() for e in entries)


def test_a_block_is_left_out_of_the_fit_and_nothing_else_is(real: Knowledge) -> None:
    held = blocks()["w"]
    texts, labels = training(real.content, held)
    assert len(texts) == len(labels)
    folded = {fold(t) for t in texts}
    assert not any(fold(e.q) in folded for e in held)
    everything, every_label = training(real.content, [])
    assert len(everything) - len(texts) == len({fold(e.q) for e in held})
    # With nothing left out, it is what the bot fits.
    assert Learned(everything, every_label).vocabulary == real.index.learned.vocabulary
