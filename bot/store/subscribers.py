"""Subscriptions: who gets alerts, to which audiences, in which language, with whose consent.

A subscription is never deleted here, only made inactive with a reason, so the consent record
survives until ``forget`` (chats.py) deletes everything about the chat. Stopping a subscription
takes effect mid-broadcast: deliveries.py skips rows of chats no longer subscribed to the
campaign's audience. Renaming a chat id and deleting a chat live in chats.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.engine import Part, insert_for
from bot.store.records import Subscriber
from bot.store.schema import subscriber_audiences, subscribers

UNSUBSCRIBED = "unsubscribed"


class Subscribers(Part):
    """Subscriptions, their audiences and consent (``store.subscribers``)."""

    async def subscribe(
        self,
        chat_id: int,
        *,
        audiences: Sequence[str],
        language: str,
        chat_type: str,
        wording_version: str,
        now: datetime,
    ) -> Subscriber:
        """Subscribe a chat, or update and reactivate its subscription; record its consent."""
        chosen = _clean(audiences)
        values = {
            "chat_type": chat_type,
            "language": language,
            "active": True,
            "consented_at": now,
            "wording_version": wording_version,
            "updated_at": now,
            "inactive_reason": None,
            "inactive_since": None,
        }
        async with self._write() as conn:
            await conn.execute(
                insert_for(conn, subscribers)
                .values(chat_id=chat_id, **values)
                .on_conflict_do_update(index_elements=[subscribers.c.chat_id], set_=values)
            )
            await _replace_audiences(conn, chat_id, chosen)
        return Subscriber(
            chat_id=chat_id,
            chat_type=chat_type,
            language=language,
            audiences=chosen,
            active=True,
            consented_at=now,
            wording_version=wording_version,
            updated_at=now,
            inactive_reason=None,
            inactive_since=None,
        )

    async def unsubscribe(self, chat_id: int, now: datetime) -> bool:
        """Stop sending to a chat at its request; False if it was not subscribed."""
        return await self.deactivate(chat_id, UNSUBSCRIBED, now)

    async def deactivate(self, chat_id: int, reason: str, now: datetime) -> bool:
        """Stop sending to a chat we lost (blocked, kicked, not found); False if not active."""
        async with self._write() as conn:
            result = await conn.execute(
                update(subscribers)
                .where(subscribers.c.chat_id == chat_id, subscribers.c.active)
                .values(active=False, inactive_reason=reason, inactive_since=now, updated_at=now)
            )
        return result.rowcount > 0

    async def get(self, chat_id: int) -> Subscriber | None:
        """The chat's subscription, active or not, or None if it never subscribed."""
        async with self._read() as conn:
            row = (
                await conn.execute(select(subscribers).where(subscribers.c.chat_id == chat_id))
            ).first()
            if row is None:
                return None
            chosen = (
                await conn.execute(
                    select(subscriber_audiences.c.audience)
                    .where(subscriber_audiences.c.chat_id == chat_id)
                    .order_by(subscriber_audiences.c.audience)
                )
            ).scalars()
            return _subscriber(row, tuple(chosen))

    async def set_audiences(self, chat_id: int, audiences: Sequence[str], now: datetime) -> bool:
        """Replace a subscriber's audiences; False if the chat never subscribed."""
        chosen = _clean(audiences)
        async with self._write() as conn:
            result = await conn.execute(
                update(subscribers).where(subscribers.c.chat_id == chat_id).values(updated_at=now)
            )
            if result.rowcount == 0:
                return False
            await _replace_audiences(conn, chat_id, chosen)
        return True

    async def count(self) -> dict[tuple[str, str], int]:
        """Active subscribers per ``(language, audience)``; a chat counts once per audience."""
        query = (
            select(subscribers.c.language, subscriber_audiences.c.audience, func.count())
            .join(subscriber_audiences, subscriber_audiences.c.chat_id == subscribers.c.chat_id)
            .where(subscribers.c.active)
            .group_by(subscribers.c.language, subscriber_audiences.c.audience)
        )
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return {(language, audience): count for language, audience, count in rows}


def _clean(audiences: Sequence[str]) -> tuple[str, ...]:
    if isinstance(audiences, str):
        raise TypeError("audiences must be a sequence of names, not one string")
    if any(not audience for audience in audiences):
        raise ValueError("an audience name cannot be empty")
    return tuple(sorted(set(audiences)))


async def _replace_audiences(
    conn: AsyncConnection, chat_id: int, audiences: tuple[str, ...]
) -> None:
    await conn.execute(
        delete(subscriber_audiences).where(subscriber_audiences.c.chat_id == chat_id)
    )
    if audiences:
        await conn.execute(
            insert(subscriber_audiences),
            [{"chat_id": chat_id, "audience": audience} for audience in audiences],
        )


def _subscriber(row: Row[Any], audiences: tuple[str, ...]) -> Subscriber:
    return Subscriber(
        chat_id=row.chat_id,
        chat_type=row.chat_type,
        language=row.language,
        audiences=audiences,
        active=bool(row.active),
        consented_at=row.consented_at,
        wording_version=row.wording_version,
        updated_at=row.updated_at,
        inactive_reason=row.inactive_reason,
        inactive_since=row.inactive_since,
    )
