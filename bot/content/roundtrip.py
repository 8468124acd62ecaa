"""Write changed texts into content YAML files the way an editor would, for ``translations``.

ruamel.yaml's round trip keeps comments, key order, quoting and ``|`` blocks as editors wrote
them; a new language goes after the others, a new UI string where Spanish has it. The loader
reads YAML 1.1 (PyYAML) and ruamel writes YAML 1.2, so every new text is quoted where the two
could read it differently, and each rewritten file is read back with the loader's own reader:
it must say exactly what was intended, or the file is not written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
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

from bot.content.model import FALLBACK_LANGUAGE
from bot.content.texts import Key, Text
from bot.content.yamlfile import parse, reads_as_text
from bot.errors import Problem

_FLOW_PLAIN = re.compile(r"[^\W_][\w .'\u2019/()¿¡«»-]*")


@dataclass(frozen=True, slots=True)
class Edit:
    """A new value of ``text`` in ``lang``: one item a line for a list."""

    text: Text
    lang: str
    value: str


def rewrite(
    path: Path, shown: str, edits: Sequence[Edit], *, order: Sequence[str]
) -> str | Problem:
    """The new content of ``path`` with ``edits``, or the Problem that prevents writing it.

    ``order`` is the order of the Spanish UI strings, where new strings are placed.
    """
    original = path.read_text(encoding="utf-8")
    expected, problems = parse(original, shown)
    try:
        data = _yaml(list_at_top=False).load(original)
    except YAMLError:
        data = None
    if problems or not isinstance(data, CommentedMap | CommentedSeq):
        return Problem(shown, 1, "error", "this file must pass check before an import.")
    for edit in edits:
        value = _styled(edit, data, order)
        _place(data, edit, value, order)
        _place(expected, edit, _plain(value), order)
    out = io.StringIO()
    try:
        _yaml(list_at_top=isinstance(data, list)).dump(data, out)
    except YAMLError as exc:
        return Problem(shown, 1, "error", f"cannot write the translations: {exc}.")
    if parse(out.getvalue(), shown) != (expected, []):
        return Problem(
            shown,
            1,
            "error",
            "the translations cannot be written here without changing something else; "
            "nothing was written. Add them by hand, and please report this file.",
        )
    return out.getvalue()


def _yaml(*, list_at_top: bool) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line the editor wrote on one line
    if list_at_top:
        yaml.indent(mapping=2, sequence=2, offset=0)
    else:
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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


def _place(data: Any, edit: Edit, value: Any, order: Sequence[str]) -> None:
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


def _styled(edit: Edit, data: Any, order: Sequence[str]) -> Any:
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
