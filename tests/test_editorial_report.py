"""``python -m bot report``: unanswered questions from a real SQLite store, grouped by
similarity, most asked first, each with the nearest topic."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot import editorial
from bot.editorial.stale import OldFacts
from bot.knowledge import Knowledge
from bot.store import Store
from tests.contenttrees import build_tree
from tests.processes import run_bot

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
# (text, lang, outcome, suggestion, hours before NOW)
ASKED = [
    ("¿Qué dice la norma de prueba sobre los anexos?", "es", "suggestions", "tema-uno", 50),
    ("que dice la norma de prueba sobre los anexos", "es", "suggestions", "tema-uno", 5),
    ("Que dice la norma de prueba sobre los anexos??", "es", "fallback", None, 2),
    ("la norma de prueba sobre anexos que dice", "es", "suggestions", "tema-uno", 1),
    ("receta de pollo a la brasa", "es", "fallback", None, 30),
    ("Receta de pollo a la brasa!", "es", "fallback", None, 3),
    ("weather in lima tomorrow", "en", "fallback", None, 400),
]


async def _fill(url: str) -> None:
    async with await Store.open(url) as store:
        for text, lang, outcome, suggestion, hours in ASKED:
            await store.questions.log(
                text,
                lang=lang,
                outcome=outcome,  # type: ignore[arg-type]
                suggestion=suggestion,
                now=NOW - timedelta(hours=hours),
            )


@pytest.fixture
async def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'questions.db'}"
    await _fill(url)
    return url


async def test_similar_questions_are_grouped_most_asked_first(
    database: str, sample_knowledge: Knowledge
) -> None:
    async with await Store.open(database) as store:
        groups = editorial.group(await store.questions.logged(), sample_knowledge)
    assert [(g.count, g.wordings) for g in groups] == [
        (
            4,
            (
                ("¿Qué dice la norma de prueba sobre los anexos?", 3),
                ("la norma de prueba sobre anexos que dice", 1),
            ),
        ),
        (2, (("receta de pollo a la brasa", 2),)),
        (1, (("weather in lima tomorrow", 1),)),
    ]
    first = groups[0]
    assert (first.unanswered, first.suggested, first.languages) == (1, 3, ("es",))
    assert first.last_asked == datetime(2026, 11, 20, 14, tzinfo=UTC)
    assert first.nearest is not None
    assert (first.nearest.item_id, first.nearest.path) == (
        "tema-uno",
        "content/topics/tema-uno.yaml",
    )
    assert first.nearest.close


async def test_a_group_shows_the_wording_people_used_most(
    tmp_path: Path, sample_knowledge: Knowledge
) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    async with await Store.open(url) as store:
        for text in ("Caso Uno?", "caso uno", "caso uno", "CASO UNO"):
            await store.questions.log(
                text, lang="es", outcome="fallback", suggestion=None, now=NOW
            )
        [found] = editorial.group(await store.questions.logged(), sample_knowledge)
    assert found.wordings == (("caso uno", 4),)


def _report(database: str, content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTENT_DIR": str(content), "DATABASE_URL": database}
    env["STALE_AFTER_DAYS"] = "36500"
    return run_bot("report", *args, env=env)


async def test_report_command_prints_groups_with_the_nearest_topic(
    database: str, tmp_path: Path
) -> None:
    result = _report(database, build_tree(tmp_path / "tree"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "7 question(s) without a clear answer, in 3 group(s):"
    assert lines[2] == (
        "1. 4 question(s) in 2 wording(s) · es · 1 unanswered, 3 did-you-mean · last 2026-11-20"
    )
    assert lines[3:5] == [
        '   3x "¿Qué dice la norma de prueba sobre los anexos?"',
        '   1x "la norma de prueba sobre anexos que dice"',
    ]
    assert lines[5].startswith("   nearest: topic 'tema-uno' \"¿Qué dice la norma de prueba?\"")
    assert lines[5].endswith("in content/topics/tema-uno.yaml.")
    assert "2. 2 question(s) in 1 wording(s)" in result.stdout


async def test_report_limit_and_days(database: str, tmp_path: Path) -> None:
    tree = build_tree(tmp_path / "tree")
    limited = _report(database, tree, "--limit", "1").stdout
    assert "2. " not in limited
    assert limited.endswith("… and 2 smaller group(s) (--limit shows more).\n")
    # NOW is in the past: every question is older than a day.
    assert _report(database, tree, "--days", "1").stdout == (
        "No unanswered questions are recorded in 1 days.\n"
    )


def test_report_with_an_empty_store_says_so(tmp_path: Path) -> None:
    result = _report(f"sqlite:///{tmp_path / 'empty.db'}", build_tree(tmp_path / "tree"))
    assert (result.returncode, result.stdout) == (0, "No unanswered questions are recorded.\n")


def _old(item_id: str, as_of: date) -> OldFacts:
    path = f"content/topics/{item_id}.yaml"
    return OldFacts(path, 1, item_id, item_id, "as_of", as_of, 200, as_of, 200)


def test_stale_volatile_entries_are_listed_most_asked_about_first() -> None:
    old = [_old("quiet", date(2026, 1, 1)), _old("asked", date(2026, 3, 1))]
    lines = editorial.asked_old_facts_lines(old, {"asked": 7}, after_days=120, limit=5)
    assert lines[0].startswith("Volatile entries with facts older than 120 days")
    assert [line.split()[0] for line in lines[1:]] == ["7x", "0x"]
    assert "content/topics/asked.yaml" in lines[1]
    assert "(facts as of 2026-03-01, 200 days ago)" in lines[1]


def test_no_stale_volatile_entries_print_nothing() -> None:
    assert editorial.asked_old_facts_lines([], {}, after_days=120, limit=5) == []
