"""A chat's short-lived conversation memory: its last clear language, last item and last case.

One row per chat, rewritten after each turn. It holds no message text. A row older than the
caller's window (``since``) reads as no row, and ``purge`` deletes such rows
(serve.py's housekeeping); ``forget`` and ``migrate`` (chats.py) treat it like every
other row about a chat. Reads and writes are batched like the chat's language (batches.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cached_property

from sqlalchemy import delete, select

from bot.store.batches import Batcher
from bot.store.engine import Part, insert_for
from bot.store.records import Conversation
from bot.store.schema import conversations


class Conversations(Part):
    """The conversation memory (``store.conversations``)."""

    async def recall(self, chat_id: int, *, since: datetime) -> Conversation | None:
        """The chat's memory if its last turn was at or after ``since``, else None."""
        return await self._recalled.submit((chat_id, since))

    @cached_property
    def _recalled(self) -> Batcher[tuple[int, datetime], Conversation | None]:
        return Batcher(self._conversations_of)

    async def _conversations_of(
        self, keys: Sequence[tuple[int, datetime]]
    ) -> list[Conversation | None]:
        query = select(conversations).where(
            conversations.c.chat_id.in_(sorted({chat_id for chat_id, _ in keys}))
        )
        async with self._read() as conn:
            found = {
                row.chat_id: Conversation(
                    lang=row.lang,
                    last_item=row.last_item,
                    last_case=row.last_case,
                    updated_at=row.updated_at,
                )
                for row in await conn.execute(query)
            }
        results: list[Conversation | None] = []
        for chat_id, since in keys:
            row = found.get(chat_id)
            results.append(row if row is not None and row.updated_at >= since else None)
        return results

    async def remember(
        self,
        chat_id: int,
        *,
        lang: str | None,
        last_item: str | None,
        last_case: str | None,
        now: datetime,
    ) -> None:
        """Store the chat's memory after a turn (replacing what was there)."""
        row: dict[str, object] = {
            "chat_id": chat_id,
            "lang": lang,
            "last_item": last_item,
            "last_case": last_case,
            "updated_at": now,
        }
        await self._remembered.submit(row)

    @cached_property
    def _remembered(self) -> Batcher[dict[str, object], None]:
        return Batcher(self._remember_many)

    async def _remember_many(self, rows: Sequence[dict[str, object]]) -> list[None]:
        # One row per chat, the last one given: PostgreSQL refuses to update a row twice in one
        # statement, and a chat's turns come in order (bot/handlers/ordering.py).
        latest = {row["chat_id"]: row for row in rows}
        async with self._write() as conn:
            statement = insert_for(conn, conversations)
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[conversations.c.chat_id],
                    set_={
                        "lang": statement.excluded.lang,
                        "last_item": statement.excluded.last_item,
                        "last_case": statement.excluded.last_case,
                        "updated_at": statement.excluded.updated_at,
                    },
                ),
                [latest[chat_id] for chat_id in sorted(latest, key=str)],
            )
        return [None] * len(rows)

    async def purge(self, older_than: datetime) -> int:
        """Delete the memories whose last turn was before ``older_than``; return how many."""
        async with self._write() as conn:
            result = await conn.execute(
                delete(conversations).where(conversations.c.updated_at < older_than)
            )
        return result.rowcount
