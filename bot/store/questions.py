"""The log of questions the bot could not answer well, kept so advocates can add content.

A logged question has no user id, no chat id and no message id. Its time is rounded down to the
hour, so it cannot be matched to a message by timestamp either; users may still type personal
details, so the log is purged by age (``purge``). Anonymous counters live in
feedback.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cached_property
from typing import get_args

from sqlalchemy import delete, insert, select

from bot.store.batches import Batcher
from bot.store.engine import Part
from bot.store.records import LoggedQuestion, QuestionOutcome
from bot.store.schema import questions

_OUTCOMES = get_args(QuestionOutcome)


class Questions(Part):
    """The question log (``store.questions``)."""

    async def log(
        self,
        text: str,
        *,
        lang: str,
        outcome: QuestionOutcome,
        suggestion: str | None,
        now: datetime,
    ) -> None:
        """Log a question that got the fallback answer or only suggestions.

        Args:
            outcome: ``"fallback"`` (nothing matched) or ``"suggestions"`` (no clear answer).
            suggestion: the item id suggested first, if any.
        """
        if outcome not in _OUTCOMES:
            raise ValueError(f"outcome must be one of {_OUTCOMES}, not {outcome!r}")
        if now.utcoffset() is None:
            raise ValueError(f"naive datetime {now!r}: pass a timezone-aware one")
        hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        row: dict[str, object] = {
            "text": text,
            "lang": lang,
            "outcome": outcome,
            "suggestion": suggestion,
            "asked_at": hour,
        }
        await self._logged.submit(row)

    @cached_property
    def _logged(self) -> Batcher[dict[str, object], None]:
        return Batcher(self._log_many)

    async def _log_many(self, rows: Sequence[dict[str, object]]) -> list[None]:
        async with self._write() as conn:
            await conn.execute(insert(questions), list(rows))
        return [None] * len(rows)

    async def logged(self, since: datetime | None = None) -> list[LoggedQuestion]:
        """Logged questions, oldest first; only those asked at or after ``since`` if given."""
        query = select(questions).order_by(questions.c.asked_at, questions.c.id)
        if since is not None:
            query = query.where(questions.c.asked_at >= since)
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [
            LoggedQuestion(
                text=row.text,
                lang=row.lang,
                outcome=row.outcome,
                suggestion=row.suggestion,
                asked_at=row.asked_at,
            )
            for row in rows
        ]

    async def purge(self, older_than: datetime) -> int:
        """Delete questions logged before ``older_than``; return how many."""
        async with self._write() as conn:
            result = await conn.execute(delete(questions).where(questions.c.asked_at < older_than))
        return result.rowcount
