"""The ask path compiled with mypyc (setup.py) answers as its Python source does, and a compiled
module older than its source is never run (bot/compiled.py)."""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import compiled, config
from tests.processes import ROOT

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]

# Every short question and every development message, answered and drawn: what a user is sent.
ANSWERS = """
import json, sys
from bench.matcher import EVAL_SET, MESSAGES, load_entries
from bot import compiled, knowledge
from bot.config import Settings
k = knowledge.load(Settings.from_env({}))
sent = []
for entry in [*load_entries(EVAL_SET), *load_entries(MESSAGES)]:
    answer = k.answerer.ask(entry.q, entry.lang)
    sent.append([entry.q, answer.kind, answer.item_id, repr(answer.buttons),
                 k.renderer.render(answer)])
json.dump({"runs": compiled.ask_path(), "sent": sent}, sys.stdout)
"""


def _answers(**env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", ANSWERS],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_the_compiled_ask_path_sends_what_its_source_sends() -> None:
    built = _answers()
    if built["runs"] != "compiled":
        # CI installs as the README says, which compiles: there it must have.
        assert not os.environ.get("CI"), "pip install -e . did not compile the ask path"
        pytest.skip("this checkout was installed with MEMORIA_PURE_PYTHON=1")
    source = _answers(MEMORIA_PURE_PYTHON="1")
    assert source["runs"] == "source"
    pairs = zip(built["sent"], source["sent"], strict=True)  # type: ignore[call-overload]
    different = [mine for mine, theirs in pairs if mine != theirs]
    assert different == []


def _package(root: Path, name: str) -> Path:
    """``root/name/sub/mod.py`` (VALUE = "source") beside a compiled file that is no library:
    importing it fails, so a test that imports the module shows which one was loaded."""
    package = root / name
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "mod.py").write_text('VALUE = "source"\n')
    (package / "sub" / f"mod{SUFFIX}").write_bytes(b"not a shared library")
    (root / "pyproject.toml").write_text("")
    return package


def _age(path: Path, seconds: float) -> None:
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime - seconds))


def test_a_compiled_module_is_stale_once_its_source_changes(tmp_path: Path) -> None:
    package = _package(tmp_path, "pkgfresh")
    source = package / "sub" / "mod.py"
    modules = compiled.compiled_modules(package)
    assert modules == {"pkgfresh.sub.mod": source}
    _age(source, 60)
    assert compiled.stale(modules) == []
    _age(package / "sub" / f"mod{SUFFIX}", 120)
    assert compiled.stale(modules) == ["pkgfresh.sub.mod"]


@pytest.mark.parametrize(
    ("name", "checkout", "pure", "older", "loads"),
    [
        ("pkgstale", True, False, "compiled", "source"),
        ("pkgasked", True, True, "source", "source"),
        ("pkgwheel", False, False, "compiled", "compiled"),
        ("pkgbuilt", True, False, "source", "compiled"),
    ],
)
def test_the_source_is_imported_when_the_compiled_module_is_stale_or_unwanted(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    checkout: bool,
    pure: bool,
    older: str,
    loads: str,
) -> None:
    package = _package(tmp_path, name)
    _age(package / "sub" / ("mod.py" if older == "source" else f"mod{SUFFIX}"), 60)
    if not checkout:
        (tmp_path / "pyproject.toml").unlink()
    monkeypatch.syspath_prepend(str(tmp_path))
    finders = list(sys.meta_path)
    compiled.choose(pure=pure, package=package)
    try:
        if loads == "source":
            assert importlib.import_module(f"{name}.sub.mod").VALUE == "source"
        else:
            with pytest.raises(ImportError):  # the compiled file was loaded: it is no library
                importlib.import_module(f"{name}.sub.mod")
    finally:
        sys.meta_path[:] = finders
        for module in [m for m in sys.modules if m.split(".")[0] == name]:
            del sys.modules[module]


@pytest.mark.parametrize(
    ("value", "pure"), [("1", True), ("yes", True), ("", False), (None, False)]
)
def test_memoria_pure_python_asks_for_the_source(value: str | None, pure: bool) -> None:
    environ = {} if value is None else {"MEMORIA_PURE_PYTHON": value}
    assert config.pure_python(environ) is pure
