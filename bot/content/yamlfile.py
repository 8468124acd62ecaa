"""Read one YAML file with a safe loader that remembers the line of every value.

The only module that imports ``yaml``. A syntax error becomes a ``Problem`` in ``path:line:`` form;
no traceback reaches an editor. Lines count from 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.errors import Problem


class LineDict(dict[Any, Any]):
    """A mapping that also knows the line of itself and of each of its keys."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence that also knows the line of itself and of each item."""

    line: int
    item_lines: list[int]


# libyaml's parser (CSafeLoader) is several times faster than the pure-Python one and reports
# the same marks; PyYAML's wheels include it, a source build may not.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that records lines on mappings and sequences (mkdocs's local-loader trick)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word", key_node.start_mark
                )
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _Loader.construct_mapping,
)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    _Loader.construct_sequence,
)


def read(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse ``path``; return (data, problems). ``shown`` is the path printed in problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, "error", f"the file is not UTF-8 text ({exc.reason}).")]
    return parse(text, shown)


def parse(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse YAML ``text``; return (data, problems), as ``read`` does for a file."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = exc.problem or exc.context or "the YAML is not valid"
        hint = _hint(what)
        return None, [Problem(shown, line, "error", f"YAML syntax: {what}.{hint}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "error", f"YAML syntax: {exc}.")]


def _hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return ' A text with ": " inside must be quoted, or written as a block with "|".'
    if "found character '\\t'" in what:
        return " Use spaces, not tabs, to indent."
    if "expected <block end>" in what or "did not find expected" in what:
        return " Check the indentation of this line and the one above."
    return ""


def reads_as_text(value: str) -> bool:
    """Whether ``value``, written without quotes, reads as text, not a number, date or yes/no."""
    # PyYAML's stubs leave resolve() untyped.
    tag = yaml.resolver.Resolver().resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, value, (True, False)
    )
    return bool(tag == "tag:yaml.org,2002:str")
