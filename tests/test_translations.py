"""The translators' spreadsheet: ``export`` then ``import`` of every translatable text, and a
new language (Quechua, ``qu``) added by content alone, falling back to Spanish with a note."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import content, knowledge
from bot.config import Settings
from bot.content import Content
from bot.content.texts import texts
from bot.content.translations import ENCODING, export_csv, import_csv
from bot.render import plain
from tests.contenttrees import ROOT, build_tree

TODAY = date(2026, 11, 27)
QU_LOCALE = "# Quechua: test strings only.\nlanguage_name: Runasimi (prueba)\n"


def _load(root: Path) -> Content:
    return content.load(root, today=TODAY)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding=ENCODING, newline="") as file:
        return list(csv.reader(file))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding=ENCODING, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _with_quechua(tmp_path: Path) -> Path:
    root = build_tree(tmp_path)
    (root / "locales" / "qu.yaml").write_text(QU_LOCALE, encoding="utf-8")
    return root


def _translate(rows: list[list[str]], wanted: dict[tuple[str, str], str]) -> list[list[str]]:
    """The exported rows with the qu cell of each (id, field) in ``wanted`` filled in."""
    column = rows[0].index("qu")
    out = [rows[0]]
    for row in rows[1:]:
        row = list(row)
        row[column] = wanted.get((row[0], row[1]), row[column])
        out.append(row)
    return out


# -- export --------------------------------------------------------------------------------


def test_export_writes_one_row_per_translatable_text(tmp_path: Path) -> None:
    loaded = _load(build_tree(tmp_path))
    count = export_csv(loaded, tmp_path / "out.csv")
    rows = _rows(tmp_path / "out.csv")
    assert rows[0] == ["id", "field", "es", "en"]
    assert count == len(rows) - 1 == len(texts(loaded))
    found = {(row[0], row[1]): row for row in rows[1:]}
    assert found["locales", "menu.back"][2:] == ["« Volver", "« Back"]
    assert found["categories/law", "title"][2] == "La ley de amnistía (Ley 32419)"
    assert found["topics/tema-uno", "title"][3] == "What does the test rule say?"
    assert found["topics/tema-uno", "questions"][2].split("\n")[:2] == [
        "que dice la norma de prueba",
        "norma de prueba",
    ]
    assert {("topics/tema-dos", "copy"), ("cases/caso-prueba", "amnesty")} <= set(found)
    assert {("alerts/alerta-prueba", "body"), ("intents", "greeting")} <= set(found)
    assert ("topics/tema-dos", "detail") not in found  # only texts that exist in Spanish


def test_export_has_a_column_per_locale_file_and_per_added_language(tmp_path: Path) -> None:
    loaded = _load(_with_quechua(tmp_path))
    export_csv(loaded, tmp_path / "out.csv", add_languages=["ay", "qu"])
    rows = _rows(tmp_path / "out.csv")
    assert rows[0] == ["id", "field", "es", "en", "qu", "ay"]
    language_name = next(row for row in rows if row[:2] == ["locales", "language_name"])
    assert language_name[4:] == ["Runasimi (prueba)", ""]


# -- import --------------------------------------------------------------------------------


def test_import_adds_translations_and_changes_nothing_else(tmp_path: Path) -> None:
    root = _with_quechua(tmp_path)
    before = _snapshot(root)
    export_csv(_load(root), tmp_path / "out.csv")
    wanted = {
        ("topics/tema-uno", "title"): "¿Imatam nin?",
        ("topics/tema-uno", "summary"): "Iskay raki.\n\n• huk\n• iskay",
        ("topics/tema-uno", "questions"): "imatam nin\nnorma",
        ("locales", "menu.back"): "« Kutiy",
    }
    rows = _translate(_rows(tmp_path / "out.csv"), wanted)
    result = import_csv(_load(root), _write(tmp_path / "qu.csv", rows))
    assert result.problems == []
    assert result.changed == {"content/locales/qu.yaml": 1, "content/topics/tema-uno.yaml": 3}
    after = _snapshot(root)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"locales/qu.yaml", "topics/tema-uno.yaml"}
    old = before["topics/tema-uno.yaml"].decode().splitlines(keepends=True)
    inserted = {
        5: ["  qu: ¿Imatam nin?\n"],
        16: ["  qu: |\n", "    Iskay raki.\n", "\n", "    • huk\n", "    • iskay\n"],
        22: ["  qu: [imatam nin, norma]\n"],
    }
    expected = "".join(
        line for n, old_line in enumerate(old, 1) for line in [old_line, *inserted.get(n, [])]
    )
    assert after["topics/tema-uno.yaml"].decode() == expected
    assert after["locales/qu.yaml"].decode() == QU_LOCALE + "menu:\n  back: « Kutiy\n"
    reloaded = _load(root)
    assert reloaded.topics["tema-uno"].summary["qu"] == wanted["topics/tema-uno", "summary"]
    assert reloaded.topics["tema-uno"].questions["qu"] == ("imatam nin", "norma")
    assert reloaded.strings("qu")["menu.back"] == "« Kutiy"


def test_import_replaces_a_translation_in_place(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = root / "topics" / "tema-uno.yaml"
    before = path.read_text(encoding="utf-8")
    export_csv(_load(root), tmp_path / "out.csv")
    rows = _rows(tmp_path / "out.csv")
    for row in rows:
        if row[:2] == ["topics/tema-uno", "detail"]:
            row[3] = 'A longer detail: with "quotes" and a colon.'
    assert import_csv(_load(root), _write(tmp_path / "en.csv", rows)).problems == []
    assert path.read_text(encoding="utf-8") == before.replace(
        '  en: A longer detail, with "quotes".',
        "  en: 'A longer detail: with \"quotes\" and a colon.'",
    )


def test_import_keeps_texts_that_would_read_as_numbers_or_dates_as_text(tmp_path: Path) -> None:
    root = _with_quechua(tmp_path)
    export_csv(_load(root), tmp_path / "out.csv")
    wanted = {("topics/tema-uno", "title"): "1985", ("topics/tema-dos", "title"): "yes"}
    rows = _translate(_rows(tmp_path / "out.csv"), wanted)
    assert import_csv(_load(root), _write(tmp_path / "qu.csv", rows)).problems == []
    reloaded = _load(root)
    assert reloaded.topics["tema-uno"].title["qu"] == "1985"
    assert reloaded.topics["tema-dos"].title["qu"] == "yes"


def test_import_reports_every_wrong_row_by_line_and_changes_nothing(tmp_path: Path) -> None:
    root = _with_quechua(tmp_path)
    before = _snapshot(root)
    summary = _load(root).topics["tema-uno"].summary["es"]
    rows = [
        ["id", "field", "es", "en", "qu"],
        ["topics/tema-uno", "title", "¿Qué dice la norma de prueba?", "", "Allin"],
        ["topics/tema-uno", "summary", summary, "", "Huk\nIskay"],
        ["", "title", "x", "", "y"],
        ["topics/tema-unoo", "title", "x", "", "y"],
        ["topics/tema-uno", "titel", "x", "", "y"],
        ["topics/tema-dos", "title", "Modelo de carta", "", "y"],
        ["topics/tema-uno", "title", "¿Qué dice la norma de prueba?", "", "Allin"],
        ["locales", "topic.reviewed", "Revisado el {date}", "", "Qhawasqa {p'unchaw}"],
    ]
    result = import_csv(_load(root), _write(tmp_path / "qu.csv", rows))
    assert [(p.line, p.message.split(" (")[0]) for p in result.problems] == [
        (8, "the id is empty"),
        (9, "no text has the id 'topics/tema-unoo'"),
        (10, "'topics/tema-uno' has no text 'titel'"),
        (11, "the Spanish text of 'topics/tema-dos' 'title' is not the bot's Spanish text"),
        (12, "'topics/tema-uno' 'title' already has a row"),
        (
            13,
            "the qu text of 'topic.reviewed' must keep the placeholders of the Spanish text, "
            "written exactly as there: {date}",
        ),
    ]
    assert result.problems[1].message.endswith("Did you mean 'topics/tema-uno'?")
    assert all(p.path == str(tmp_path / "qu.csv") for p in result.problems)
    assert "(spreadsheet row 4)" in result.problems[0].message  # a row spans lines 3 to 7
    assert result.problems[4].message.endswith("already has a row (line 2).")
    assert result.changed == {}
    assert _snapshot(root) == before


def test_import_refuses_a_language_without_a_locale_file(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    loaded = _load(root)
    export_csv(loaded, tmp_path / "out.csv", add_languages=["qu"])
    result = import_csv(loaded, tmp_path / "out.csv")
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'out.csv'}:1: error: the column 'qu' is a language without a locale "
        "file; create content/locales/qu.yaml first (see 'Adding a language' in "
        "content/README.md). The bot's languages are es, en."
    ]


# -- property tests ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Content, list[list[str]]]:
    base = tmp_path_factory.mktemp("sample")
    root = build_tree(base)
    loaded = _load(root)
    export_csv(loaded, base / "out.csv")
    return root, loaded, _rows(base / "out.csv")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Content, list[list[str]]]:
    base = tmp_path_factory.mktemp("real")
    root = base / "content"
    shutil.copytree(ROOT / "content", root)
    loaded, problems = content.check(root)
    assert loaded is not None, problems
    export_csv(loaded, base / "out.csv")
    return root, loaded, _rows(base / "out.csv")


@st.composite
def resaved(draw: st.DrawFn, rows: list[list[str]]) -> list[list[str]]:
    """The same spreadsheet as a person may save it: rows reordered or dropped, cells padded
    with spaces, line breaks in Windows style."""
    body = draw(st.permutations(rows[1:]))
    body = body[: draw(st.integers(min_value=0, max_value=len(body)))]
    pad = draw(st.sampled_from(["", " ", "  \t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return [rows[0]] + [[pad + cell.replace("\n", newline) + pad for cell in row] for row in body]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_export_then_import_without_edits_changes_no_byte(
    data: st.DataObject, sample: tuple[Path, Content, list[list[str]]], tmp_path: Path
) -> None:
    root, loaded, rows = sample
    before = _snapshot(root)
    result = import_csv(loaded, _write(tmp_path / "same.csv", data.draw(resaved(rows))))
    assert (result.problems, result.changed) == ([], {})
    assert _snapshot(root) == before


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_export_then_import_of_the_real_content_changes_no_byte(
    data: st.DataObject, real: tuple[Path, Content, list[list[str]]], tmp_path: Path
) -> None:
    root, loaded, rows = real
    before = _snapshot(root)
    result = import_csv(loaded, _write(tmp_path / "same.csv", data.draw(resaved(rows))))
    assert (result.problems, result.changed) == ([], {})
    assert _snapshot(root) == before


def test_real_content_files_hold_every_exported_text(
    real: tuple[Path, Content, list[list[str]]],
) -> None:
    _, loaded, rows = real
    assert len(rows) - 1 == len(texts(loaded))
    assert rows[0] == ["id", "field", *loaded.languages]


TRANSLATION = st.text(
    alphabet=st.characters(
        exclude_categories=("Cs", "Cc"), include_characters="\n\u2028\t", codec="utf-8"
    ),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")


@pytest.fixture(scope="module")
def quechua(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Content]:
    root = _with_quechua(tmp_path_factory.mktemp("quechua"))
    return root, _load(root)


# Each example reloads the whole tree (about half a second), so a few dozen are enough here.
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), value=TRANSLATION)
def test_any_translation_reads_back_exactly(
    data: st.DataObject, value: str, quechua: tuple[Path, Content], tmp_path: Path
) -> None:
    root, loaded = quechua
    text = data.draw(st.sampled_from([t for t in texts(loaded) if not t.locale]))
    # A list (example questions, keywords) has one item a line.
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    wanted = "\n".join(lines) if text.many else value.strip()
    rows = [["id", "field", "es", "qu"], [text.id, text.field, text.values["es"], value]]
    before = _snapshot(root)
    try:
        result = import_csv(loaded, _write(tmp_path / "qu.csv", rows))
        assert result.problems == []
        after = {(t.id, t.field): t.values for t in texts(_load(root))}
        changed = {name for name, new in _snapshot(root).items() if before[name] != new}
    finally:
        (root / text.file).write_bytes(before[text.file])
    assert after[text.id, text.field]["qu"] == wanted
    assert after[text.id, text.field]["es"] == text.values["es"]
    assert changed == {text.file}


# -- a new language ------------------------------------------------------------------------


def test_a_new_language_shows_spanish_with_a_note_until_translated(tmp_path: Path) -> None:
    root = _with_quechua(tmp_path)
    with (root / "locales" / "qu.yaml").open("a", encoding="utf-8") as file:
        file.write("fallback_note: (Manaraq runasimipi; castellanopi.)\n")
    export_csv(_load(root), tmp_path / "out.csv")
    wanted = {
        ("topics/tema-uno", "title"): "¿Imatam nin?",
        ("topics/tema-uno", "summary"): "Iskay raki.",
        ("topics/tema-uno", "detail"): "Astawan.",
    }
    rows = _translate(_rows(tmp_path / "out.csv"), wanted)
    assert import_csv(_load(root), _write(tmp_path / "qu.csv", rows)).problems == []
    settings_ = Settings.from_env({"CONTENT_DIR": str(root)})
    loaded, problems = knowledge.check(settings_, today=TODAY)
    assert problems == []
    assert loaded is not None
    assert loaded.content.languages == ("es", "en", "qu")

    def first_line(answer_html: list[str]) -> str:
        return plain(answer_html[0]).split("\n")[0]

    render, answerer = loaded.renderer.render, loaded.answerer
    assert first_line(render(answerer.item("tema-uno", "qu"))) == "¿Imatam nin?"
    assert first_line(render(answerer.item("tema-dos", "qu"))) == (
        "(Manaraq runasimipi; castellanopi.)"
    )
    alert = loaded.content.alerts["alerta-prueba"]
    assert first_line(render(answerer.alert(alert, "qu"))) == "(Manaraq runasimipi; castellanopi.)"
    assert first_line(render(answerer.item("tema-dos", "en"))) == "Test letter template"
    assert first_line(render(answerer.item("caso-prueba", "es"))) == "Caso de prueba"
