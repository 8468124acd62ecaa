"""The import rules of ../shared/STYLE.md §2, enforced with ``ast``, plus the mock ban.

Data flows one way: content -> index -> answer -> render -> send. A wrong import fails CI here.
Two levels: between the top modules of bot/ (``ALLOWED``, ``ONLY``), and file by file
(``FILE_ONLY``, ``NEVER``), which also covers the fake Bot API in tests/. Every import counts,
at the top of a file or inside a function.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"

# module (first name under bot/) -> the bot modules it may import
ALLOWED: dict[str, set[str]] = {
    "config": {"errors"},
    "errors": set(),
    "clock": set(),
    "content": {"errors"},
    "index": {"content"},
    "answer": {"content", "index"},
    "render": {"content", "answer", "errors"},
    # Share cards: words from content and answer, drawn into PNG bytes (no Telegram, no SQL).
    "cards": {"content", "answer", "errors"},
    "knowledge": {"config", "content", "index", "answer", "render", "errors", "cards"},
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
        "clock",
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
        "clock",
        "cards",
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
        "clock",
    },
    "webhook": set(),
    "transport": set(),
    "serve": {"app", "clock", "config", "errors", "knowledge", "store", "webhook"},
    "flood": set(),
    "stats": {"editorial", "knowledge", "store"},
    "editorial": {"content", "index", "answer", "knowledge", "errors"},
    "preview": {"content", "answer", "render", "knowledge", "cards"},
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
        "clock",
        "cards",
    },
    "__main__": {"cli"},
    # Which code runs the ask path (mypyc-compiled or source): chosen as bot is imported.
    "compiled": set(),
    "__init__": {"compiled", "config"},
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
    "PIL": {"cards"},
    "segno": {"cards"},
}

# File by file (paths from the repository root, fnmatch patterns): a third-party package -> the
# only files that may import it.
FILE_ONLY: dict[str, tuple[str, ...]] = {
    "sqlalchemy": ("bot/store/*.py",),
    "asyncpg": ("bot/store/*.py",),
    "aiosqlite": ("bot/store/*.py",),
    # Tests compare the schema with it; the bot migrates itself (bot/store/migrations.py).
    "alembic": (),
    "yaml": ("bot/content/*.py",),
    "ruamel": ("bot/content/*.py",),
    # preview.py draws the editors' HTML page (not a chat message) from templates/preview/.
    "jinja2": ("bot/render.py", "bot/preview.py"),
}
# Files -> packages they must never import. The synchronous core knows nothing of Telegram.
NEVER: dict[str, tuple[str, ...]] = {
    "bot/content/*.py": ("telegram",),
    "bot/index/*.py": ("telegram",),
    "bot/answer/*.py": ("telegram",),
    "bot/render.py": ("telegram",),
    "bot/cards/*.py": ("telegram",),
}
# Inside a package, file by file: a file -> the only bot modules it may import (fnmatch patterns on
# dotted names; ``from bot.answer import callbacks`` counts as bot.answer.callbacks). Composed
# objects (``Store``, ``Answerer``) import their parts; a part never imports the object it is part
# of, nor a sibling part, so each can be read (and replaced) alone.
STORE_BASICS = ("bot.store.engine", "bot.store.records", "bot.store.schema", "bot.store.batches")
STORE_PARTS = ("subscribers", "chats", "conversations", "campaigns", "deliveries", "markers")
ANSWER_BASICS = (
    "bot.answer.callbacks",
    "bot.answer.commands",
    "bot.answer.contexts",
    "bot.answer.contexts.*",
    "bot.answer.model",
    "bot.answer.news",
    "bot.answer.references",
    "bot.content",
    "bot.index",
)
WITHIN: dict[str, tuple[str, ...]] = {
    "bot/clock.py": (),
    "bot/config/values.py": ("bot.errors",),
    "bot/store/store.py": ("bot.store.*",),
    "bot/store/engine.py": ("bot.store.errors",),
    **{f"bot/store/{part}.py": STORE_BASICS for part in (*STORE_PARTS, "feedback", "questions")},
    "bot/answer/contexts/*.py": ("bot.answer.contexts.*", "bot.answer.references", "bot.content"),
    "bot/answer/model.py": ("bot.answer.contexts",),
    "bot/answer/callbacks.py": (),
    "bot/answer/buttons.py": ANSWER_BASICS,
    "bot/answer/replies.py": (*ANSWER_BASICS, "bot.answer.buttons"),
    "bot/answer/alerts.py": ANSWER_BASICS,
    "bot/content/sources.py": ("bot.content.fields", "bot.content.model", "bot.content.yamlfile"),
}
# The fake Bot API is the far side of the wire: it must not share code with the bot it tests.
FAKE_TELEGRAM = ("tests/faketelegram.py", "tests/fake/*.py")
# What reads the environment: os.environ, os.getenv and their kin.
ENVIRONMENT = frozenset({"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"})


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
    assert readers == ["bot/config/__init__.py"]


def _files(pattern: str) -> list[Path]:
    found = sorted([*BOT.rglob("*.py"), *(ROOT / "tests").rglob("*.py")])
    return [path for path in found if fnmatch(_name(path), pattern)]


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _bot_files() -> list[Path]:
    return [path for _, path in _modules()]


@pytest.mark.parametrize("package", sorted(FILE_ONLY))
def test_a_package_is_imported_only_by_its_own_files(package: str) -> None:
    allowed = FILE_ONLY[package]
    importers = [
        _name(path)
        for path in _bot_files()
        if any(name.split(".")[0] == package for name in _imports(path))
    ]
    assert [f for f in importers if not any(fnmatch(f, a) for a in allowed)] == []


def test_the_file_rules_see_the_packages_they_guard() -> None:
    # A rule whose package nobody imports any more, or whose pattern matches nothing, is stale.
    for package in ("sqlalchemy", "yaml", "ruamel", "jinja2"):
        assert any(
            any(name.split(".")[0] == package for name in _imports(path))
            for pattern in FILE_ONLY[package]
            for path in _files(pattern)
        ), package
    assert all(_files(pattern) for pattern in NEVER)
    fakes = {_name(path) for pattern in FAKE_TELEGRAM for path in _files(pattern)}
    assert fakes >= {"tests/fake/server.py", "tests/faketelegram.py"}


@pytest.mark.parametrize("pattern", sorted(NEVER))
def test_synchronous_core_never_imports_telegram(pattern: str) -> None:
    wrong = {
        _name(path): [n for n in _imports(path) if n.split(".")[0] in NEVER[pattern]]
        for path in _files(pattern)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def _reads_environment(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ENVIRONMENT
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in ENVIRONMENT for alias in node.names)
        ):
            return True
    return False


def _bot_imports(path: Path) -> set[str]:
    """The bot modules a file imports, ``from package import module`` resolved to the module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "bot"}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "bot":
                continue
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                is_module = (ROOT / child.replace(".", "/")).with_suffix(".py").exists() or (
                    ROOT / child.replace(".", "/")
                ).is_dir()
                found.add(child if is_module else node.module)
    return found


@pytest.mark.parametrize("pattern", sorted(WITHIN))
def test_parts_import_only_what_their_package_rules_allow(pattern: str) -> None:
    allowed = WITHIN[pattern]
    paths = _files(pattern)
    assert paths, f"{pattern} matches no file"
    wrong = {
        _name(path): sorted(
            name
            for name in _bot_imports(path)
            if name != _name(path).removesuffix(".py").replace("/", ".")
            and not any(fnmatch(name, a) for a in allowed)
        )
        for path in paths
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_store_and_the_answerer_compose_their_parts() -> None:
    # No part is a base class of the object (issue #17: composition, not seven mixins).
    for path, name in (("bot/store/store.py", "Store"), ("bot/answer/answerer.py", "Answerer")):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        found = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == name]
        assert len(found) == 1
        assert found[0].bases == [], f"{name} inherits {[ast.unparse(b) for b in found[0].bases]}"


def test_only_the_clock_reads_the_wall_clock() -> None:
    # Handlers and broadcasts are handed bot/clock.py's Clock; the migrations' bookkeeping
    # (applied_at, for humans) is the one exception.
    readers = [
        _name(path)
        for path in _bot_files()
        if any(
            isinstance(node, ast.Attribute)
            and node.attr in ("now", "utcnow")
            and isinstance(node.value, ast.Name)
            and node.value.id == "datetime"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert readers == ["bot/clock.py", "bot/store/migrations.py"]


def _global_warning_filters(path: Path) -> list[int]:
    """Lines that change the process-wide warning filters outside ``catch_warnings``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With) and any(
            "catch_warnings" in ast.unparse(item.context_expr) for item in node.items
        ):
            local |= {id(inner) for inner in ast.walk(node)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("filterwarnings", "simplefilter", "resetwarnings")
        and id(node) not in local
    ]


def test_no_process_wide_warning_filters_at_run_time() -> None:
    # Tests set theirs in pyproject.toml; a filter set at run time hides warnings for everyone.
    found = {_name(p): lines for p in _bot_files() if (lines := _global_warning_filters(p))}
    assert found == {}


def test_only_config_touches_the_environment_even_under_another_name() -> None:
    assert [_name(p) for p in _bot_files() if _reads_environment(p)] == ["bot/config/__init__.py"]


def test_the_fake_bot_api_never_imports_the_bot() -> None:
    fakes = sorted({path for pattern in FAKE_TELEGRAM for path in _files(pattern)})
    wrong = {
        _name(path): [n for n in _imports(path) if n == "bot" or n.startswith("bot.")]
        for path in fakes
    }
    assert {path: names for path, names in wrong.items() if names} == {}


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
