"""Telegram's file ids of share cards already uploaded, by card key (bot/cards ``Face.key``).

A card is uploaded once; later sends, and inline mode's photo results, name it by its file id.
The key is a hash of what the card shows, so a changed item has a new key and is uploaded again;
rows of old keys are harmless and are never read again. No chat or user id is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bot.store.engine import Part, insert_for
from bot.store.schema import card_files


class CardFiles(Part):
    """The file ids of uploaded share cards (``store.card_files``)."""

    async def find(self, keys: Sequence[str]) -> dict[str, str]:
        """The file id of each of ``keys`` that was uploaded before."""
        if not keys:
            return {}
        async with self._read() as conn:
            rows = (
                await conn.execute(
                    select(card_files.c.key, card_files.c.file_id).where(
                        card_files.c.key.in_(sorted(set(keys)))
                    )
                )
            ).all()
        return {row.key: row.file_id for row in rows}

    async def keep(self, key: str, file_id: str, now: datetime) -> None:
        """Remember the file id Telegram gave the card ``key`` (the latest one wins)."""
        async with self._write() as conn:
            statement = insert_for(conn, card_files).values(
                key=key, file_id=file_id, stored_at=now
            )
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[card_files.c.key],
                    set_={"file_id": file_id, "stored_at": now},
                )
            )
