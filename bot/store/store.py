"""``Store``: the one object the rest of the bot uses to reach the database.

``await Store.open(url)`` normalizes the URL, creates the engine and applies missing migrations;
``await store.close()`` (or leaving ``async with``) disposes of the engine. The methods come
from one class per noun, each in its own module: subscribers, chats, conversations, campaigns,
deliveries, markers, feedback and questions. Every time a method needs is passed in as
``now``: no hidden clock, so tests control time.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.store.campaigns import Campaigns
from bot.store.cardfiles import CardFiles
from bot.store.chats import Chats
from bot.store.conversations import Conversations
from bot.store.deliveries import Deliveries
from bot.store.engine import DEFAULT_URL, create_engine, normalize_url
from bot.store.feedback import Feedback
from bot.store.markers import Markers
from bot.store.migrations import migrate
from bot.store.questions import Questions
from bot.store.subscribers import Subscribers

logger = logging.getLogger(__name__)


class Store(
    Subscribers,
    Chats,
    Conversations,
    Campaigns,
    Deliveries,
    Markers,
    Feedback,
    Questions,
    CardFiles,
):
    """Memoria's storage, on SQLite or PostgreSQL. Open it with ``await Store.open(url)``."""

    @classmethod
    async def open(cls, url: str = DEFAULT_URL, *, schema: str | None = None) -> Self:
        """Connect and bring the schema up to date.

        Args:
            url: ``postgres://``, ``postgresql://`` or ``sqlite:///`` (with or without the
                async driver named).
            schema: PostgreSQL only: work in this existing schema instead of ``public``.
        """
        engine = create_engine(normalize_url(url), schema=schema)
        try:
            await migrate(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def ping(self) -> bool:
        """True if the database answers a query."""
        try:
            async with self._read() as conn:
                await conn.execute(select(1))
        except (SQLAlchemyError, OSError) as error:
            logger.warning("Database ping failed: %s", error)
            return False
        return True
