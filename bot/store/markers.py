"""Once-only markers: things that must happen at most once, however many processes try.

A scheduled alert is sent once even if two processes both see its time come; a Telegram update
that is delivered again (after a webhook retry or a restart) is processed once. Each marker is a
row under a unique key: the first INSERT wins, the others find the row there. This module only
keeps the markers; the scheduler lives in bot/broadcast/schedule.py, the once-only update check
in bot/handlers/guard.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cached_property

from sqlalchemy import delete

from bot.store.batches import Batcher
from bot.store.engine import Part, insert_for
from bot.store.schema import processed_updates, scheduled_alerts


class Markers(Part):
    """Once-only markers: scheduled alerts sent, updates processed (``store.markers``)."""

    async def mark_alert_scheduled_sent(
        self, alert_id: str, scheduled_for: datetime, now: datetime
    ) -> bool:
        """Claim the sending of an alert at its scheduled time: True only for the first caller."""
        async with self._write() as conn:
            row = (
                await conn.execute(
                    insert_for(conn, scheduled_alerts)
                    .values(alert_id=alert_id, scheduled_for=scheduled_for, sent_at=now)
                    .on_conflict_do_nothing()
                    .returning(scheduled_alerts.c.alert_id)
                )
            ).first()
        return row is not None

    async def claim_update(self, update_id: int, now: datetime) -> bool:
        """True the first time an update id is seen, False every time after."""
        return await self._claims.submit((update_id, now))

    @cached_property
    def _claims(self) -> Batcher[tuple[int, datetime], bool]:
        return Batcher(self._claim_many)

    async def _claim_many(self, claims: Sequence[tuple[int, datetime]]) -> list[bool]:
        rows = [{"update_id": update_id, "processed_at": now} for update_id, now in claims]
        async with self._write() as conn:
            result = await conn.execute(
                insert_for(conn, processed_updates)
                .on_conflict_do_nothing()
                .returning(processed_updates.c.update_id),
                rows,
            )
            claimed = set(result.scalars())
        # The first request for a new id wins; a repeat in the same batch does not.
        won = []
        for update_id, _ in claims:
            won.append(update_id in claimed)
            claimed.discard(update_id)
        return won

    async def purge_updates(self, older_than: datetime) -> int:
        """Forget update ids processed before ``older_than``; return how many.

        Telegram keeps an undelivered update for 24 hours, so older ids cannot come back.
        """
        async with self._write() as conn:
            result = await conn.execute(
                delete(processed_updates).where(processed_updates.c.processed_at < older_than)
            )
        return result.rowcount
