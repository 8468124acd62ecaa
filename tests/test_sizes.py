"""The size rules of ../shared/STYLE.md, measured: modules ≤ 300 lines in bot/ and ≤ 600 in
tests/, functions ≤ 50 lines in bot/, bench/ and tests/.

A function over the limit is allowed only when it is a declarative table (data written out, no
logic to split), and only by name in ``TABLES``, with the reason. ``TEMPORARY`` holds what
another branch is splitting at the same time; it must be emptied once that branch is merged.
Every entry of both lists must still be over its limit, so the lists never go stale.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Folders never walked: data (the held-out set lives there), caches.
SKIPPED = frozenset({"data", "__pycache__", ".venv"})
MODULE_LIMITS = {"bot": 300, "tests": 600}
FUNCTION_LIMIT = 50

# "path:function" -> why it is a declarative table rather than code to split.
TABLES: dict[str, str] = {
    "bot/store/migrations.py:_create_initial_tables": (
        "the first migration's tables, column by column; frozen, as applied migrations must be"
    ),
}
# Over a limit in files another branch is splitting now (issue #17); the lead empties this list
# after merging it. "path" for a module, "path:function" for a function.
TEMPORARY: dict[str, str] = {}


def _sources(top: str) -> list[Path]:
    """Every Python file under ``top``; tests/data (with the held-out set) is never walked."""
    found = []
    for folder, subfolders, files in os.walk(ROOT / top):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED)
        found += [Path(folder) / name for name in files if name.endswith(".py")]
    return sorted(found)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _functions(path: Path) -> dict[str, int]:
    """Every function and method of a file (nested ones too) -> its length in lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            key = f"{_name(path)}:{node.name}"
            found[key] = max(length, found.get(key, 0))
    return found


def _long_modules() -> dict[str, int]:
    return {
        _name(path): _lines(path)
        for top, limit in MODULE_LIMITS.items()
        for path in _sources(top)
        if _lines(path) > limit
    }


def _long_functions() -> dict[str, int]:
    return {
        key: length
        for top in ("bot", "bench", "tests")
        for path in _sources(top)
        for key, length in _functions(path).items()
        if length > FUNCTION_LIMIT
    }


def test_no_module_is_over_its_limit() -> None:
    assert sorted(set(_long_modules()) - set(TEMPORARY)) == []


def test_no_function_is_over_fifty_lines() -> None:
    assert sorted(set(_long_functions()) - set(TABLES) - set(TEMPORARY)) == []


@pytest.mark.parametrize("key", sorted({**TABLES, **TEMPORARY}))
def test_every_exception_is_still_needed(key: str) -> None:
    # An entry whose module or function shrank under the limit (or is gone) must be removed.
    assert key in {**_long_modules(), **_long_functions()}


def test_the_measure_sees_what_it_should() -> None:
    functions = _functions(ROOT / "tests" / "test_sizes.py")
    assert functions["tests/test_sizes.py:_functions"] == 10
    assert all(_name(path).startswith("bot/") for path in _sources("bot"))
    assert {_name(p) for p in _sources("tests")} >= {"tests/conftest.py", "tests/fake/server.py"}
    assert not any("data" in path.relative_to(ROOT).parts for path in _sources("tests"))
