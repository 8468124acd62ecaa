"""Batcher: requests made at the same time run as one batch; each caller gets its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.store.batches import Batcher


class Doubler:
    """A batch function that records each batch it runs, and can be made to fail or wait."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.fail_on: int | None = None
        self.gate: asyncio.Event | None = None

    async def run(self, keys: Sequence[int]) -> list[int]:
        self.batches.append(list(keys))
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_on is not None and self.fail_on in keys:
            raise ValueError(f"bad key {self.fail_on}")
        return [key * 2 for key in keys]


async def test_a_lone_request_runs_in_a_batch_of_one() -> None:
    doubler = Doubler()
    batcher = Batcher(doubler.run)
    assert await batcher.submit(21) == 42
    assert await batcher.submit(5) == 10
    assert doubler.batches == [[21], [5]]


async def test_requests_made_together_run_as_one_batch() -> None:
    doubler = Doubler()
    batcher = Batcher(doubler.run)
    assert await asyncio.gather(*(batcher.submit(n) for n in range(10))) == [
        n * 2 for n in range(10)
    ]
    assert doubler.batches == [list(range(10))]


async def test_requests_made_while_a_batch_runs_form_the_next_one() -> None:
    doubler = Doubler()
    doubler.gate = asyncio.Event()
    batcher = Batcher(doubler.run)
    first = asyncio.create_task(batcher.submit(1))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    later = [asyncio.create_task(batcher.submit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    doubler.gate.set()
    assert await first == 2
    assert [await task for task in later] == [4, 6, 8]
    assert doubler.batches == [[1], [2, 3, 4]]


async def test_batches_are_capped() -> None:
    doubler = Doubler()
    batcher = Batcher(doubler.run, max_batch=4)
    await asyncio.gather(*(batcher.submit(n) for n in range(10)))
    assert [len(batch) for batch in doubler.batches] == [4, 4, 2]


async def test_a_failing_batch_fails_its_callers_only() -> None:
    doubler = Doubler()
    doubler.fail_on = 3
    batcher = Batcher(doubler.run)
    results = await asyncio.gather(*(batcher.submit(n) for n in range(5)), return_exceptions=True)
    assert all(isinstance(result, ValueError) for result in results)
    doubler.fail_on = None
    assert await batcher.submit(3) == 6


async def test_a_cancelled_caller_leaves_the_others_their_results() -> None:
    doubler = Doubler()
    doubler.gate = asyncio.Event()
    batcher = Batcher(doubler.run)
    tasks = [asyncio.create_task(batcher.submit(n)) for n in range(3)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    tasks[1].cancel()
    doubler.gate.set()
    assert await tasks[0] == 0
    assert await tasks[2] == 4
    with pytest.raises(asyncio.CancelledError):
        await tasks[1]
