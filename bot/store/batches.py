"""Many concurrent small requests to the database, run as one: a group commit.

When many updates are handled at once, each one claims its update id, reads its chat's language
and counts the item it answered with. Alone, each is a transaction of its own: a round trip to
the database's thread or server and, for writes, a commit. ``Batcher`` gathers the requests
made while the previous batch was running and runs them together, in one transaction; every
caller still waits until its own request is done (for a write: committed), so nothing about
durability changes. A lone request runs at once, as before, in a batch of one.

This module knows no table; the store's methods give it a function that runs one batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Key = TypeVar("Key")
Result = TypeVar("Result")

# Rows per statement: well under SQLite's 32,766 bound parameters, even at four columns a row.
MAX_BATCH = 500

RunBatch = Callable[[Sequence[Key]], Awaitable[Sequence[Result]]]


class Batcher(Generic[Key, Result]):
    """Runs the requests made meanwhile as one batch; each caller gets its own result."""

    def __init__(self, run: RunBatch[Key, Result], *, max_batch: int = MAX_BATCH) -> None:
        self._run = run
        self._max_batch = max_batch
        self._waiting: list[tuple[Key, asyncio.Future[Result]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, key: Key) -> Result:
        """Queue one request and wait for its result (or its batch's exception)."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((key, future))
        if self._worker is None:
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[: self._max_batch]
                del self._waiting[: self._max_batch]
                await self._run_one(batch)
        finally:
            self._worker = None
            left, self._waiting = self._waiting, []  # only when a cancellation stopped us
            for _, future in left:
                if not future.done():
                    future.set_exception(_for_caller(asyncio.CancelledError()))

    async def _run_one(self, batch: list[tuple[Key, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._run([key for key, _ in batch])
        except BaseException as error:
            for _, future in batch:
                if not future.done():
                    future.set_exception(_for_caller(error))
            if not isinstance(error, Exception):
                raise  # cancelled or exiting: stop draining too
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():  # the caller may have been cancelled meanwhile
                future.set_result(result)


def _for_caller(error: BaseException) -> BaseException:
    # A cancelled batch is not the caller's cancellation: tell it the batch did not run.
    if isinstance(error, asyncio.CancelledError):
        return RuntimeError("the database batch was cancelled before it finished")
    return error
