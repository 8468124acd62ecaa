"""Migration 4: a campaign's title moves out of the buttons JSON into its own column."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import JSON, Column, Integer, MetaData, Table, Text, insert, select

from bot.broadcast.campaigns import stored_rows, stored_title
from bot.store import Store
from bot.store.engine import create_engine, normalize_url
from bot.store.migrations import MIGRATIONS, migrate, schema_migrations

NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)
ROWS = {"es": [[{"text": "Caso", "url": "https://t.me/memoria_test_bot?start=putis"}]]}


async def test_old_campaign_titles_move_to_their_column_and_buttons_keep_their_rows(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(normalize_url(url))
    old = MetaData()
    campaigns = Table(
        "campaigns",
        old,
        Column("id", Integer, primary_key=True),
        Column("key", Text),
        Column("audience", Text),
        Column("texts", JSON),
        Column("buttons", JSON),
        Column("created_by", Text),
        Column("created_at", Text),
    )
    try:
        async with engine.begin() as conn:
            await conn.run_sync(schema_migrations.metadata.create_all)
            for step in MIGRATIONS[:3]:  # the database as release 3 left it
                await conn.run_sync(step.apply)
                await conn.execute(
                    insert(schema_migrations).values(
                        version=step.version, name=step.name, applied_at=NOW
                    )
                )
            await conn.execute(
                insert(campaigns).values(
                    key="k",
                    audience="action",
                    texts={"es": "x"},
                    buttons={"title": "Marcha el jueves", "rows": ROWS},
                    created_by="h",
                    created_at=NOW.isoformat(),
                )
            )
        assert await migrate(engine) == [4, 5]
        async with engine.connect() as conn:
            stored = (await conn.execute(select(campaigns.c.buttons))).scalar_one()
        assert stored == {"rows": ROWS}
    finally:
        await engine.dispose()
    async with await Store.open(url) as store:
        [campaign] = await store.campaigns.unfinished()
    assert campaign.title == "Marcha el jueves"
    assert stored_title(campaign) == "Marcha el jueves"
    assert stored_rows(campaign, "es") == ROWS["es"]
