"""The translators' spreadsheet: every translatable text to CSV, and translations back into YAML.

``export_csv`` writes one row per text (``texts.py`` says which). ``import_csv`` checks every
row first and writes nothing when any row is wrong; then ``roundtrip`` rewrites only the files
whose texts changed, and nothing at all unless every one of them can be written safely.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.fields import did_you_mean
from bot.content.model import FALLBACK_LANGUAGE, Content
from bot.content.roundtrip import Edit, rewrite
from bot.content.texts import Text, texts
from bot.errors import Problem

ID, FIELD = "id", "field"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Spreadsheets on Windows guess the encoding; a byte-order mark makes them read UTF-8.
ENCODING = "utf-8-sig"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: problems (then nothing was written), or the texts changed per file."""

    problems: list[Problem]
    changed: dict[str, int] = field(default_factory=dict)


def export_csv(content: Content, path: Path, *, add_languages: Sequence[str] = ()) -> int:
    """Write every translatable text of ``content`` to ``path``; return the number of rows.

    Columns: id, field, then one per language with a locale file, then ``add_languages``.
    """
    languages = [*content.languages, *(a for a in add_languages if a not in content.languages)]
    rows = texts(content)
    with path.open("w", encoding=ENCODING, newline="") as out:
        writer = csv.writer(out)
        writer.writerow([ID, FIELD, *languages])
        for text in rows:
            writer.writerow([text.id, text.field, *(text.values.get(x, "") for x in languages)])
    return len(rows)


def import_csv(content: Content, path: Path) -> Imported:
    """Write the translations of ``path`` into the content files, or change nothing."""
    shown = str(path)
    try:
        raw = path.read_text(encoding=ENCODING)
    except (OSError, UnicodeDecodeError) as exc:
        return Imported([Problem(shown, 1, "error", f"cannot read the spreadsheet: {exc}.")])
    problems: list[Problem] = []
    edits = _Rows(content, shown, problems).edits(raw)
    if problems:
        return Imported(problems)
    by_file: dict[str, list[Edit]] = defaultdict(list)
    for edit in edits:
        by_file[edit.text.file.format(lang=edit.lang)].append(edit)
    root = Path(content.root)
    order = list(content.locales.get(FALLBACK_LANGUAGE, {}))
    written: dict[Path, str] = {}
    for name, file_edits in sorted(by_file.items()):
        new_text = rewrite(root / name, f"{root.name}/{name}", file_edits, order=order)
        if isinstance(new_text, Problem):
            problems.append(new_text)
        else:
            written[root / name] = new_text
    if problems:
        return Imported(problems)
    for target, new_text in written.items():
        temporary = target.with_name(f".{target.name}.importing")
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, target)
    return Imported([], {f"{root.name}/{n}": len(e) for n, e in sorted(by_file.items())})


# -- reading the spreadsheet ---------------------------------------------------------------


class _Rows:
    """Checks the rows of one spreadsheet against the content; every mistake is a Problem."""

    def __init__(self, content: Content, shown: str, problems: list[Problem]) -> None:
        self.content = content
        self.shown = shown
        self.problems = problems
        self.texts = {(t.id, t.field): t for t in texts(content)}
        self.fields: dict[str, list[str]] = defaultdict(list)
        for item_id, name in self.texts:
            self.fields[item_id].append(name)

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, "error", message))

    def edits(self, raw: str) -> list[Edit]:
        records = _records(raw, self.shown, self.problems)
        if not records:
            if not self.problems:
                self.report(1, "the spreadsheet is empty; export one with: python -m bot export")
            return []
        line, _, header = records[0]
        columns = self.columns(line, header)
        if columns is None:
            return []
        found: list[Edit] = []
        seen: dict[tuple[str, str], int] = {}
        for line, row, cells in records[1:]:
            found += self.row(line, row, cells, columns, seen)
        return found

    def columns(self, line: int, header: list[str]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for number, cell in enumerate(header):
            name = cell.strip().lower()
            if not name:
                continue
            if name in columns:
                self.report(line, f"the column '{name}' appears twice; keep one.")
            elif name not in (ID, FIELD, *self.content.languages):
                self.report(line, self.unknown_column(name))
            columns[name] = number
        for name in (ID, FIELD, FALLBACK_LANGUAGE):
            if name not in columns:
                self.report(
                    line,
                    f"the first row must name the columns id, field and es (and one per "
                    f"language); the column '{name}' is missing.",
                )
        return None if len(self.problems) else columns

    def unknown_column(self, name: str) -> str:
        languages = ", ".join(self.content.languages)
        if LANGUAGE_CODE.match(name):
            return (
                f"the column '{name}' is a language without a locale file; create "
                f"content/locales/{name}.yaml first (see 'Adding a language' in "
                f"content/README.md). The bot's languages are {languages}."
            )
        return f"the column '{name}' is not id, field or a language of the bot ({languages})."

    def row(
        self,
        line: int,
        row: int,
        cells: list[str],
        columns: Mapping[str, int],
        seen: dict[tuple[str, str], int],
    ) -> list[Edit]:
        where = f"(spreadsheet row {row})"

        def cell(name: str) -> str:
            number = columns[name]
            return cells[number] if number < len(cells) else ""

        item_id, name = cell(ID).strip(), cell(FIELD).strip()
        if not item_id:
            self.report(line, f"the id is empty {where}; copy the row again from the export.")
            return []
        text = self.texts.get((item_id, name))
        if item_id not in self.fields:
            hint = did_you_mean(item_id, list(self.fields))
            self.report(line, f"no text has the id '{item_id}' {where}.{hint}")
            return []
        if text is None:
            hint = did_you_mean(name, self.fields[item_id])
            self.report(line, f"'{item_id}' has no text '{name}' {where}.{hint}")
            return []
        if (item_id, name) in seen:
            self.report(
                line, f"'{item_id}' '{name}' already has a row (line {seen[item_id, name]})."
            )
            return []
        seen[item_id, name] = line
        source = _clean(cell(FALLBACK_LANGUAGE), many=text.many)
        if source != _clean(text.values.get(FALLBACK_LANGUAGE, ""), many=text.many):
            self.report(
                line,
                f"the Spanish text of '{item_id}' '{name}' is not the bot's Spanish text "
                f"{where}: it changed since the export, or was edited in the spreadsheet "
                "(Spanish is edited in the YAML file). Export again and copy the translation.",
            )
            return []
        cells_by_lang = {lang: cell(lang) for lang in columns if lang not in (ID, FIELD)}
        return self.translations(line, text, cells_by_lang, source, where)

    def translations(
        self, line: int, text: Text, cells: Mapping[str, str], source: str, where: str
    ) -> list[Edit]:
        """The edits a row's cells make to ``text``: each changed translation that keeps the
        Spanish text's placeholders (the others are reported)."""
        found = []
        for lang, raw in cells.items():
            if lang == FALLBACK_LANGUAGE:
                continue
            value = _clean(raw, many=text.many)
            if not value or value == _clean(text.values.get(lang, ""), many=text.many):
                continue
            if text.locale and _placeholders(value) != _placeholders(source):
                wanted = " ".join(sorted(f"{{{p}}}" for p in _placeholders(source))) or "none"
                self.report(
                    line,
                    f"the {lang} text of '{text.field}' must keep the placeholders of the Spanish "
                    f"text, written exactly as there: {wanted} {where}.",
                )
                continue
            found.append(Edit(text, lang, value))
        return found


def _records(raw: str, shown: str, problems: list[Problem]) -> list[tuple[int, int, list[str]]]:
    """(first line, spreadsheet row, cells) of every non-blank record."""
    reader = csv.reader(io.StringIO(raw, newline=""))
    records: list[tuple[int, int, list[str]]] = []
    line = 1
    row = 0
    try:
        for cells in reader:
            row += 1
            if any(c.strip() for c in cells):
                records.append((line, row, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num, "error", f"not a valid CSV file: {exc}."))
    return records


def _clean(value: str, *, many: bool) -> str:
    """A cell as the bot reads it: no outer spaces; for lists, one item a line, none empty."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if many:
        return "\n".join(line.strip() for line in value.split("\n") if line.strip())
    return value.strip()


def _placeholders(value: str) -> set[str]:
    return set(_PLACEHOLDER.findall(value))
