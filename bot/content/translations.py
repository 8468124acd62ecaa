"""The translators' spreadsheet: every translatable text to CSV, and translations back into YAML.

``export_csv`` writes one row per text (``texts.py`` says which). ``import_csv`` checks every
row first and writes nothing when any row is wrong; then it edits only the files whose texts
changed, with ruamel.yaml's round trip, so comments, key order, quoting and block style stay as
editors wrote them. Each rewritten file is read back with the loader's own YAML reader and must
say exactly what was intended, or nothing is written at all.
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
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from bot.content.fields import did_you_mean
from bot.content.model import FALLBACK_LANGUAGE, Content
from bot.content.texts import Key, Text, texts
from bot.content.yamlfile import parse, reads_as_text
from bot.errors import Problem

ID, FIELD = "id", "field"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_FLOW_PLAIN = re.compile(r"[^\W_][\w .'\u2019/()¿¡«»-]*")
# Spreadsheets on Windows guess the encoding; a byte-order mark makes them read UTF-8.
ENCODING = "utf-8-sig"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: problems (then nothing was written), or the texts changed per file."""

    problems: list[Problem]
    changed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Edit:
    text: Text
    lang: str
    value: str


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
    by_file: dict[str, list[_Edit]] = defaultdict(list)
    for edit in edits:
        by_file[edit.text.file.format(lang=edit.lang)].append(edit)
    root = Path(content.root)
    written: dict[Path, str] = {}
    for name, file_edits in sorted(by_file.items()):
        target = root / name
        shown_file = f"{root.name}/{name}"
        new_text = _rewrite(target, shown_file, file_edits, content, problems)
        if new_text is not None:
            written[target] = new_text
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

    def edits(self, raw: str) -> list[_Edit]:
        records = _records(raw, self.shown, self.problems)
        if not records:
            if not self.problems:
                self.report(1, "the spreadsheet is empty; export one with: python -m bot export")
            return []
        line, _, header = records[0]
        columns = self.columns(line, header)
        if columns is None:
            return []
        found: list[_Edit] = []
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
    ) -> list[_Edit]:
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
        found = []
        for lang in columns:
            if lang in (ID, FIELD, FALLBACK_LANGUAGE):
                continue
            value = _clean(cell(lang), many=text.many)
            if not value or value == _clean(text.values.get(lang, ""), many=text.many):
                continue
            if text.locale and _placeholders(value) != _placeholders(source):
                wanted = " ".join(sorted(f"{{{p}}}" for p in _placeholders(source))) or "none"
                self.report(
                    line,
                    f"the {lang} text of '{name}' must keep the placeholders of the Spanish "
                    f"text, written exactly as there: {wanted} {where}.",
                )
                continue
            found.append(_Edit(text, lang, value))
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


# -- writing YAML --------------------------------------------------------------------------


def _yaml(*, list_at_top: bool) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line the editor wrote on one line
    if list_at_top:
        yaml.indent(mapping=2, sequence=2, offset=0)
    else:
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _rewrite(
    path: Path, shown: str, edits: Sequence[_Edit], content: Content, problems: list[Problem]
) -> str | None:
    """The new text of ``path`` with ``edits`` applied, or None (and a Problem)."""
    original = path.read_text(encoding="utf-8")
    expected, parse_problems = parse(original, shown)
    try:
        data = _yaml(list_at_top=False).load(original)
    except YAMLError:
        data = None
    if parse_problems or (data is None and original.strip() and not _only_comments(original)):
        problems.append(Problem(shown, 1, "error", "this file must pass check before import."))
        return None
    # A new locale file may hold only comments so far: keep them above the new strings.
    header = original.rstrip("\n") + "\n" if data is None and original.strip() else ""
    if data is None:
        data, expected = CommentedMap(), {}
    order = list(content.locales.get(FALLBACK_LANGUAGE, {}))
    for edit in edits:
        value = _styled(edit, data, order)
        _place(data, edit, value, order)
        _place(expected, edit, _plain(value), order)
    out = io.StringIO()
    try:
        _yaml(list_at_top=isinstance(data, list)).dump(data, out)
    except YAMLError as exc:
        problems.append(Problem(shown, 1, "error", f"cannot write the translations: {exc}."))
        return None
    new_text = header + out.getvalue()
    if parse(new_text, shown) != (expected, []):
        problems.append(
            Problem(
                shown,
                1,
                "error",
                "the translations cannot be written here without changing something else; "
                "nothing was written. Add them by hand, and please report this file.",
            )
        )
        return None
    return new_text


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _container(data: Any, keys: Sequence[Key], order: Sequence[str]) -> Any:
    """The mapping at ``keys``, creating mappings on the way (only locale files need that)."""
    for number, key in enumerate(keys):
        if isinstance(key, str) and isinstance(data, dict) and key not in data:
            prefix = ".".join(str(k) for k in keys[: number + 1])
            _insert(
                data, key, CommentedMap() if isinstance(data, CommentedMap) else {}, prefix, order
            )
        data = data[key]
    return data


def _place(data: Any, edit: _Edit, value: Any, order: Sequence[str]) -> None:
    text = edit.text
    if text.locale:
        parent = _container(data, text.keys[:-1], order)
        last = str(text.keys[-1])
        if last in parent:
            parent[last] = value
        else:
            _insert(parent, last, value, ".".join(str(k) for k in text.keys), order)
    else:
        _container(data, text.keys, order)[edit.lang] = value


def _insert(parent: Any, key: str, value: Any, name: str, order: Sequence[str]) -> None:
    """Add ``key`` where Spanish has it: before the first later key, else at the end."""
    prefix = name[: -len(key)]
    rank = _rank(name, order)
    later = [k for k in parent if _rank(f"{prefix}{k}", order) > rank]
    if later and isinstance(parent, CommentedMap):
        parent.insert(list(parent).index(later[0]), key, value)
    else:
        parent[key] = value


def _rank(name: str, order: Sequence[str]) -> int:
    ranks = [n for n, key in enumerate(order) if key == name or key.startswith(f"{name}.")]
    return min(ranks, default=len(order))


def _styled(edit: _Edit, data: Any, order: Sequence[str]) -> Any:
    """The value to write, in the style of the text it replaces or of the Spanish one."""
    text = edit.text
    if text.locale:
        model = None
    else:
        holder = _container(data, text.keys, order)
        model = holder.get(edit.lang, holder.get(FALLBACK_LANGUAGE))
    if text.many:
        flow = isinstance(model, CommentedSeq) and model.fa.flow_style()
        items = CommentedSeq(_item(item, flow=flow) for item in edit.value.split("\n"))
        if flow:
            items.fa.set_flow_style()
        else:
            items.fa.set_block_style()
        return items
    return _scalar(edit.value, model)


def _item(value: str, *, flow: bool) -> Any:
    # In [a, b] lists the loader's YAML 1.1 reader ends a bare word at , : ? [ ] { } (the
    # writer's YAML 1.2 does not), so anything beyond plain words is quoted there.
    if flow and not _FLOW_PLAIN.fullmatch(value):
        return DoubleQuotedScalarString(value)
    return _scalar(value, None)


def _scalar(value: str, model: Any) -> Any:
    if "\n" in value or isinstance(model, LiteralScalarString | FoldedScalarString):
        return LiteralScalarString(value + "\n")
    if isinstance(model, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    if isinstance(model, DoubleQuotedScalarString) or not reads_as_text(value):
        return DoubleQuotedScalarString(value)
    return value


def _plain(value: Any) -> Any:
    """What the loader's YAML reader will read for a written value."""
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)
