"""``Store``: the one object the rest of the bot uses to reach the database.

``await Store.open(url)`` normalizes the URL, creates the engine and applies missing migrations;
``await store.close()`` (or leaving ``async with``) disposes of the engine. The store is made of
one part per noun, each in its own module and reached by name: ``store.subscribers``,
``store.chats``, ``store.conversations``, ``store.campaigns``, ``store.deliveries``,
``store.markers``, ``store.feedback``, ``store.questions`` and ``store.card_files``. A new noun
is a new part: a ``Part`` subclass over the shared ``Database``, added in ``__init__`` below.
Every time a method needs is passed in as ``now``: no hidden clock, so tests control time.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.campaigns import Campaigns
from bot.store.cardfiles import CardFiles
from bot.store.chats import Chats
from bot.store.conversations import Conversations
from bot.store.deliveries import Deliveries
from bot.store.engine import DEFAULT_URL, Database, create_engine, normalize_url
from bot.store.feedback import Feedback
from bot.store.markers import Markers
from bot.store.migrations import migrate
from bot.store.questions import Questions
from bot.store.subscribers import Subscribers

logger = logging.getLogger(__name__)


class Store:
    """Memoria's storage, on SQLite or PostgreSQL. Open it with ``await Store.open(url)``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.database = Database(engine)
        self.subscribers = Subscribers(self.database)
        self.chats = Chats(self.database)
        self.conversations = Conversations(self.database)
        self.campaigns = Campaigns(self.database)
        self.deliveries = Deliveries(self.database)
        self.markers = Markers(self.database)
        self.feedback = Feedback(self.database)
        self.questions = Questions(self.database)
        self.card_files = CardFiles(self.database)

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
        await self.database.engine.dispose()

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
            async with self.database.read() as conn:
                await conn.execute(select(1))
        except (SQLAlchemyError, OSError) as error:
            logger.warning("Database ping failed: %s", error)
            return False
        return True
