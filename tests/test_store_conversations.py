"""The conversation memory in bot/store, on both engines (fixtures in tests/stores.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.store import Conversation, Store
from bot.store.schema import conversations
from tests.stores import NOW, Database, at, database, store

__all__ = ["database", "store"]  # the fixtures, re-used: every test runs on both engines
HOUR = timedelta(hours=1)


async def _rows(database: Database) -> int:
    engine = database.engine()
    try:
        async with engine.connect() as conn:
            return int(
                (await conn.execute(select(func.count()).select_from(conversations))).scalar_one()
            )
    finally:
        await engine.dispose()


async def test_memory_is_read_back_within_its_window(store: Store) -> None:
    await store.conversations.remember(
        7, lang="en", last_item="ley-32419", last_case=None, now=NOW
    )
    assert await store.conversations.recall(7, since=NOW - HOUR) == Conversation(
        lang="en", last_item="ley-32419", last_case=None, updated_at=NOW
    )
    assert await store.conversations.recall(8, since=NOW - HOUR) is None


async def test_expired_memory_reads_as_none(store: Store) -> None:
    await store.conversations.remember(7, lang="en", last_item="putis", last_case="putis", now=NOW)
    assert await store.conversations.recall(7, since=at(1)) is None
    assert await store.conversations.recall(7, since=NOW) is not None


async def test_a_later_turn_replaces_the_memory(store: Store) -> None:
    await store.conversations.remember(7, lang="en", last_item="putis", last_case="putis", now=NOW)
    await store.conversations.remember(
        7, lang="es", last_item="ley-32419", last_case="putis", now=at(60)
    )
    remembered = await store.conversations.recall(7, since=NOW)
    assert remembered == Conversation("es", "ley-32419", "putis", at(60))


async def test_concurrent_turns_of_many_chats_are_all_kept(store: Store) -> None:
    import asyncio

    await asyncio.gather(
        *(
            store.conversations.remember(
                chat, lang="es", last_item=f"i{chat}", last_case=None, now=NOW
            )
            for chat in range(1, 30)
        ),
        store.conversations.remember(1, lang="en", last_item="again", last_case=None, now=at(1)),
    )
    found = await asyncio.gather(*(store.conversations.recall(c, since=NOW) for c in range(1, 30)))
    assert [c.last_item for c in found if c is not None][1:] == [f"i{c}" for c in range(2, 30)]
    first = found[0]
    assert first is not None
    assert first.last_item in ("i1", "again")


async def test_purge_deletes_only_expired_memories(store: Store, database: Database) -> None:
    await store.conversations.remember(1, lang="es", last_item=None, last_case=None, now=NOW)
    await store.conversations.remember(2, lang="en", last_item=None, last_case=None, now=at(7200))
    assert await store.conversations.purge(at(3600)) == 1
    assert await _rows(database) == 1
    assert await store.conversations.recall(2, since=NOW) is not None


async def test_forget_deletes_the_memory(store: Store) -> None:
    await store.chats.set_language(1, "en", NOW)
    await store.conversations.remember(1, lang="en", last_item="putis", last_case=None, now=NOW)
    await store.conversations.remember(2, lang="en", last_item="putis", last_case=None, now=NOW)
    assert await store.chats.forget(1) == 2
    assert await store.conversations.recall(1, since=NOW) is None
    assert await store.conversations.recall(2, since=NOW) is not None


async def test_migrate_chat_moves_the_memory_unless_the_new_id_has_one(store: Store) -> None:
    old, new, other = -123, -100123, -456
    await store.conversations.remember(old, lang="en", last_item="a", last_case=None, now=NOW)
    assert await store.chats.migrate(old, new) == 1
    moved = await store.conversations.recall(new, since=NOW)
    assert moved is not None
    assert moved.last_item == "a"
    await store.conversations.remember(other, lang="es", last_item="b", last_case=None, now=NOW)
    await store.chats.migrate(other, new)
    kept = await store.conversations.recall(new, since=NOW)
    assert kept is not None
    assert kept.last_item == "a"
    assert await store.conversations.recall(other, since=NOW) is None
