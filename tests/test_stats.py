"""``python -m bot stats`` prints what the team needs, read from a real store."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path

from bot.store import Store
from tests.contenttrees import build_tree
from tests.processes import run_bot

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


async def _fill(database: str) -> int:
    async with await Store.open(database) as store:
        for chat, lang in ((1, "es"), (2, "es"), (3, "en")):
            await store.subscribers.subscribe(
                chat,
                audiences=["court", "action"],
                language=lang,
                chat_type="private",
                wording_version="v1",
                now=NOW,
            )
        campaign, _ = await store.campaigns.create(
            key="c1",
            audience="court",
            alert_id="alerta-prueba",
            texts={"es": "x", "en": "y"},
            created_by="h",
            now=NOW,
        )
        [first, *_] = await store.deliveries.claim(worker="w", limit=1, lease_seconds=60, now=NOW)
        await store.deliveries.mark_sent(first.id, NOW, message_id=9)
        for _ in range(3):
            await store.feedback.count_asked("tema-uno")
        await store.feedback.add("tema-uno", True)
        await store.feedback.add("tema-uno", False)
        for action in ("detail", "detail", "sources"):
            await store.feedback.count_press(action)
        for text in ("receta de cuy", "receta de cuy!", "Receta de cuy al horno"):
            await store.questions.log(
                text, lang="es", outcome="fallback", suggestion=None, now=NOW
            )
    return campaign.id


def test_stats_prints_every_section(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'stats.db'}"
    campaign_id = asyncio.run(_fill(database))
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CONTENT_DIR": str(build_tree(tmp_path)),
        "STALE_AFTER_DAYS": "36500",
    }
    result = run_bot("stats", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "  en   action             1" in out
    assert "  es   court              2" in out
    assert f"  #{campaign_id} alerta-prueba [court] running: 1 / 0 / 0 / 2 of 3, 0" in out
    assert "        3  tema-uno  ¿Qué dice la norma de prueba?" in out
    assert "      1 / 1     tema-uno" in out
    assert "        2  detail\n        1  sources\n" in out
    assert '1. 2x "receta de cuy" (+0 similar)' in out
    assert '2. 1x "Receta de cuy al horno"' in out
