"""Facts about a chat as a whole: its language, its id changing, and forgetting it.

A chat's language preference lives in ``languages`` and, for a subscriber, is copied onto the
subscription so broadcasts use it. ``migrate`` and ``forget`` go through every table that
holds a chat id (subscriptions, languages, deliveries, conversation memory); a new table
holding one must be added to ``_CHAT_TABLES``. Subscribing lives in subscribers.py, sending in
deliveries.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cached_property

from sqlalchemy import Table, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.batches import Batcher
from bot.store.engine import Part, insert_for
from bot.store.schema import (
    conversations,
    deliveries,
    languages,
    subscriber_audiences,
    subscribers,
)

# Every table with a chat id, children before parents.
_CHAT_TABLES = (subscriber_audiences, subscribers, languages, deliveries, conversations)


class Chats(Part):
    """Each chat's language, id changes and forgetting (``store.chats``)."""

    async def language(self, chat_id: int) -> str | None:
        """The language the chat chose, or None if it never chose one."""
        return await self._languages.submit(chat_id)

    @cached_property
    def _languages(self) -> Batcher[int, str | None]:
        return Batcher(self._languages_of)

    async def _languages_of(self, chat_ids: Sequence[int]) -> list[str | None]:
        query = select(languages.c.chat_id, languages.c.lang).where(
            languages.c.chat_id.in_(sorted(set(chat_ids)))
        )
        async with self._read() as conn:
            chosen = {row.chat_id: row.lang for row in await conn.execute(query)}
        return [chosen.get(chat_id) for chat_id in chat_ids]

    async def set_language(self, chat_id: int, lang: str, now: datetime) -> None:
        """Remember the chat's language; a subscriber gets future alerts in it too."""
        async with self._write() as conn:
            await conn.execute(
                insert_for(conn, languages)
                .values(chat_id=chat_id, lang=lang, updated_at=now)
                .on_conflict_do_update(
                    index_elements=[languages.c.chat_id], set_={"lang": lang, "updated_at": now}
                )
            )
            await conn.execute(
                update(subscribers)
                .where(subscribers.c.chat_id == chat_id)
                .values(language=lang, updated_at=now)
            )

    async def migrate(self, old_id: int, new_id: int) -> int:
        """Rewrite a chat id everywhere (a group became a supergroup); return rows rewritten.

        If the new id already has its own subscription, language, conversation memory or
        delivery in a campaign, that row wins and the old one is dropped.
        """
        if old_id == new_id:
            return 0
        rewritten = 0
        async with self._write() as conn:
            if await _has(conn, subscribers, new_id):
                for table in (subscriber_audiences, subscribers):
                    await conn.execute(delete(table).where(table.c.chat_id == old_id))
            for table in (languages, conversations):
                if await _has(conn, table, new_id):
                    await conn.execute(delete(table).where(table.c.chat_id == old_id))
            newer = deliveries.alias("newer")
            await conn.execute(
                delete(deliveries).where(
                    deliveries.c.chat_id == old_id,
                    exists().where(
                        newer.c.chat_id == new_id, newer.c.campaign_id == deliveries.c.campaign_id
                    ),
                )
            )
            for table in _CHAT_TABLES:
                result = await conn.execute(
                    update(table).where(table.c.chat_id == old_id).values(chat_id=new_id)
                )
                rewritten += result.rowcount
        return rewritten

    async def forget(self, chat_id: int) -> int:
        """Delete every row about a chat (or a user: a private chat's id is theirs).

        Returns the number of rows deleted. Counters and the question log hold no ids.
        """
        deleted = 0
        async with self._write() as conn:
            for table in _CHAT_TABLES:
                result = await conn.execute(delete(table).where(table.c.chat_id == chat_id))
                deleted += result.rowcount
        return deleted


async def _has(conn: AsyncConnection, table: Table, chat_id: int) -> bool:
    found = await conn.execute(select(exists().where(table.c.chat_id == chat_id)))
    return bool(found.scalar())
