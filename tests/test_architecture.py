"""The import rules of ../shared/STYLE.md §2, enforced with ``ast``, plus the mock ban.

Data flows one way: content -> index -> answer -> render -> send. A wrong import fails CI here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"

# module (first name under bot/) -> the bot modules it may import
ALLOWED: dict[str, set[str]] = {
    "config": {"errors"},
    "errors": set(),
    "content": {"errors"},
    "index": {"content"},
    "answer": {"content", "index"},
    "render": {"content", "answer", "errors"},
    "knowledge": {"config", "content", "index", "answer", "render", "errors"},
    "console": {"app", "config", "knowledge", "store", "terminal"},
    "terminal": set(),
    "store": {"errors"},
    "broadcast": {
        "content",
        "answer",
        "render",
        "store",
        "errors",
        "knowledge",
        "config",
        "transport",
    },
    "handlers": {
        "flood",
        "index",
        "answer",
        "render",
        "store",
        "broadcast",
        "knowledge",
        "errors",
        "config",
        "content",
    },
    "app": {
        "config",
        "errors",
        "content",
        "index",
        "answer",
        "render",
        "store",
        "broadcast",
        "handlers",
        "knowledge",
        "transport",
    },
    "webhook": set(),
    "transport": set(),
    "serve": {"app", "config", "errors", "knowledge", "store", "webhook"},
    "flood": set(),
    "stats": {"editorial", "knowledge", "store"},
    "editorial": {"content", "index", "answer", "knowledge", "errors"},
    "preview": {"content", "answer", "render", "knowledge"},
    "cli": {
        "config",
        "errors",
        "content",
        "index",
        "answer",
        "render",
        "store",
        "broadcast",
        "handlers",
        "knowledge",
        "app",
        "console",
        "serve",
        "flood",
        "webhook",
        "stats",
        "editorial",
        "preview",
        "transport",
    },
    "__main__": {"cli"},
    "__init__": set(),
}
# third-party package -> the only modules that may import it
ONLY: dict[str, set[str]] = {
    "telegram": {"handlers", "broadcast", "app", "webhook", "serve", "transport", "terminal"},
    "aiohttp": {"transport"},
    "httpx": set(),
    "starlette": {"webhook"},
    "uvicorn": {"serve"},
    "yaml": {"content"},
    "ruamel": {"content"},
    "jinja2": {"render", "preview"},
    "sqlalchemy": {"store"},
    "asyncpg": {"store"},
    "aiosqlite": {"store"},
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(BOT.rglob("*.py")):
        parts = path.relative_to(BOT).with_suffix("").parts
        found.append((parts[0], path))
    return found


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            if node.module == "bot":
                names += [f"bot.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: str(v))
def test_module_imports_follow_the_data_flow(module: str, path: Path) -> None:
    assert module in ALLOWED, f"{path}: bot/{module} is not in STYLE.md's module table"
    wrong = []
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "bot" and len(parts) > 1 and parts[1] != module:
            if parts[1] not in ALLOWED[module]:
                wrong.append(name)
        elif parts[0] in ONLY and module not in ONLY[parts[0]]:
            wrong.append(name)
    assert wrong == [], f"{path.relative_to(ROOT)} may not import {wrong}"


def test_only_config_reads_the_environment() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for _, path in _modules()
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["bot/config.py"]


def test_no_grab_bag_modules() -> None:
    banned = {"utils", "helpers", "common", "manager", "service", "misc"}
    assert not [p for p in BOT.rglob("*.py") if p.stem in banned]


def test_tests_use_no_mocks() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == "test_architecture.py":
            continue
        text = path.read_text(encoding="utf-8")
        if any(
            word in text
            for word in ("unittest.mock", "MagicMock", "monkeypatch.setattr", "mocker")
        ):
            offenders.append(path.name)
    assert offenders == []


def test_the_architecture_test_sees_the_whole_package() -> None:
    assert {m for m, _ in _modules()} >= {
        "config",
        "errors",
        "content",
        "index",
        "answer",
        "render",
        "cli",
    }
