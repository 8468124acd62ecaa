"""A volatile entry whose facts are older than VOLATILE_STALE_AFTER_DAYS says so, in one sober
line under its date, in the first layer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import knowledge
from bot.answer import Answerer
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.contenttrees import build_tree

TODAY = date(2026, 11, 27)
LINE = {
    "es": "; pueden haber cambiado.",
    "en": "; they may have changed.",
}


def _loaded(tmp_path: Path, *, volatile: bool, after_days: int) -> Knowledge:
    root = build_tree(tmp_path)
    for path in (root / "topics" / "tema-uno.yaml", root / "cases" / "caso-prueba.yaml"):
        text = path.read_text(encoding="utf-8")
        # The case's status must not name its own month (that status needs no line, see
        # test_layers): only the date says how old the facts are.
        text = text.replace(" (septiembre de 2025)", "").replace(" (September 2025)", "")
        path.write_text(text + f"volatile: {str(volatile).lower()}\n", encoding="utf-8")
    env = {"CONTENT_DIR": str(root), "VOLATILE_STALE_AFTER_DAYS": str(after_days)}
    # Reviews must be recent for the strict load: only the facts are old.
    env["STALE_AFTER_DAYS"] = "36500"
    return knowledge.load(Settings.from_env(env), today=TODAY)


def _first_layer(loaded: Knowledge, item_id: str, lang: str) -> str:
    return loaded.renderer.html(loaded.answerer.item(item_id, lang))


def test_old_volatile_facts_get_the_line_under_their_date(tmp_path: Path) -> None:
    # tema-uno's facts are as of 1 October 2026 (57 days before TODAY); caso-prueba's status as
    # of 1 September 2025.
    loaded = _loaded(tmp_path, volatile=True, after_days=30)
    for lang in ("es", "en"):
        topic = _first_layer(loaded, "tema-uno", lang)
        assert LINE[lang] in topic
        assert topic.index(LINE[lang]) > topic.index("2026")
        assert LINE[lang] in _first_layer(loaded, "caso-prueba", lang)


def test_recent_volatile_facts_have_no_line(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, volatile=True, after_days=120)
    assert LINE["es"] not in _first_layer(loaded, "tema-uno", "es")
    # The case's status is 452 days old: it still gets the line.
    assert LINE["es"] in _first_layer(loaded, "caso-prueba", "es")


def test_settled_facts_never_get_the_line(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, volatile=False, after_days=30)
    assert LINE["es"] not in _first_layer(loaded, "tema-uno", "es")
    assert LINE["es"] not in _first_layer(loaded, "caso-prueba", "es")


def test_a_long_running_bot_adds_the_line_the_day_the_facts_become_old(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, volatile=True, after_days=120)
    day = [date(2026, 10, 2)]
    answerer = Answerer(loaded.content, loaded.index, stale_after_days=30, today=lambda: day[0])

    def asked() -> str:
        return loaded.renderer.html(answerer.ask("¿qué dice la norma de prueba?", "es"))

    assert LINE["es"] not in asked()
    day[0] = date(2026, 11, 27)  # 57 days after the facts (as of 1 October 2026)
    assert LINE["es"] in asked()
