"""Anonymous counters: thumbs up or down per answer, how often each item is asked about, and
how often each kind of button is pressed.

Each counter is one row per item (or per button action) with running totals: no user id, no
chat id and no time is stored, so a vote or a press cannot be traced back to whoever made it.
The question log (questions.py) is separate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cached_property

from sqlalchemy import select

from bot.store.batches import Batcher
from bot.store.engine import Part, insert_for
from bot.store.schema import asked, feedback, presses


class Feedback(Part):
    """Votes on answers and counters (``store.feedback``)."""

    async def add(self, item_id: str, positive: bool) -> None:
        """Count one vote on an item's answer."""
        column = feedback.c.positive if positive else feedback.c.negative
        async with self._write() as conn:
            await conn.execute(
                insert_for(conn, feedback)
                .values(item_id=item_id, positive=int(positive), negative=int(not positive))
                .on_conflict_do_update(
                    index_elements=[feedback.c.item_id], set_={column.name: column + 1}
                )
            )

    async def votes(self) -> dict[str, tuple[int, int]]:
        """Votes per item id, as ``(positive, negative)``."""
        async with self._read() as conn:
            rows = (await conn.execute(select(feedback).order_by(feedback.c.item_id))).all()
        return {row.item_id: (row.positive, row.negative) for row in rows}

    async def count_asked(self, item_id: str) -> None:
        """Count one question answered with this item."""
        await self._asked.submit(item_id)

    @cached_property
    def _asked(self) -> Batcher[str, None]:
        return Batcher(self._count_asked_many)

    async def _count_asked_many(self, item_ids: Sequence[str]) -> list[None]:
        # One row per item: PostgreSQL refuses to update a row twice in one statement.
        rows = [{"item_id": i, "times": n} for i, n in sorted(Counter(item_ids).items())]
        async with self._write() as conn:
            statement = insert_for(conn, asked)
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[asked.c.item_id],
                    set_={"times": asked.c.times + statement.excluded.times},
                ),
                rows,
            )
        return [None] * len(item_ids)

    async def count_press(self, action: str) -> None:
        """Count one press of a button by its action (detail, sources, back, menu…)."""
        await self._pressed.submit(action)

    @cached_property
    def _pressed(self) -> Batcher[str, None]:
        return Batcher(self._count_presses)

    async def _count_presses(self, actions: Sequence[str]) -> list[None]:
        rows = [{"action": a, "times": n} for a, n in sorted(Counter(actions).items())]
        async with self._write() as conn:
            statement = insert_for(conn, presses)
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[presses.c.action],
                    set_={"times": presses.c.times + statement.excluded.times},
                ),
                rows,
            )
        return [None] * len(actions)

    async def presses(self) -> dict[str, int]:
        """Presses per button action, most pressed first."""
        query = select(presses.c.action, presses.c.times).order_by(
            presses.c.times.desc(), presses.c.action
        )
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return {action: times for action, times in rows}

    async def top_asked(self, limit: int) -> list[tuple[str, int]]:
        """The ``limit`` most asked-about items, as ``(item_id, times)``, most first."""
        query = select(asked.c.item_id, asked.c.times).order_by(
            asked.c.times.desc(), asked.c.item_id
        )
        async with self._read() as conn:
            rows = (await conn.execute(query.limit(limit))).all()
        return [(item_id, times) for item_id, times in rows]
