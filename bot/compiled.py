"""Which code runs the ask path: the modules setup.py compiled with mypyc, or their source.

A checkout compiled by ``pip install -e .`` holds each compiled module twice, ``reading.py``
and ``reading.cpython-311-x86_64-linux-gnu.so`` beside it, and Python imports the compiled one.
After an edit (or a ``git pull``) the compiled file is older than its source and would run the
old code: then every compiled module is imported from its source instead, and a warning says how
to compile them again. It is all or none: compiled modules call each other directly, not through
what Python imported. ``MEMORIA_PURE_PYTHON=1`` imports the sources always (bot/__init__.py
reads it with ``bot.config.pure_python``).

Only a checkout is checked (pyproject.toml beside ``bot/``): the files of an installed wheel all
carry the time they were unpacked, whatever their order.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import logging
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
# The module that tells whether the ask path runs compiled.
PROBE = "bot.answer.reading"
log = logging.getLogger(__name__)


def compiled_modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Each compiled module under ``package`` (by its dotted name) and its source file."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    endings = {Path(s).suffix for s in suffixes}  # ".so"; ".pyd" on Windows
    found: dict[str, Path] = {}
    for path in (p for ending in endings for p in package.rglob(f"*{ending}")):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is None:
            continue
        source = path.with_name(path.name.removesuffix(suffix) + ".py")
        if source.is_file():
            parts = source.relative_to(package.parent).with_suffix("").parts
            found[".".join(parts)] = source
    return found


def stale(modules: dict[str, Path]) -> list[str]:
    """The modules whose source changed after they were compiled."""
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    found = []
    for name, source in modules.items():
        built = [p for s in suffixes if (p := source.with_name(source.stem + s)).is_file()]
        if built and source.stat().st_mtime > max(p.stat().st_mtime for p in built):
            found.append(name)
    return sorted(found)


class Sources:
    """A finder that imports the named modules from their source files, before the compiled
    ones are found (first on ``sys.meta_path``)."""

    def __init__(self, modules: dict[str, Path]) -> None:
        self.modules = modules

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        source = self.modules.get(name)
        return importlib.util.spec_from_file_location(name, source) if source else None


def choose(*, pure: bool, package: Path = PACKAGE) -> None:
    """Import the sources of the compiled modules when asked to (``pure``) or when some are
    stale in a checkout."""
    modules = compiled_modules(package)
    if not modules:
        return
    if not pure:
        if not (package.parent / "pyproject.toml").is_file():
            return
        old = stale(modules)
        if not old:
            return
        log.warning(
            "%d compiled modules are older than their source (%s): running the source, "
            "about a third slower; `pip install -e .` compiles them again",
            len(old),
            old[0],
        )
    sys.meta_path.insert(0, Sources(modules))


def ask_path() -> str:
    """'compiled' when the ask path runs the modules mypyc compiled, else 'source'."""
    module = importlib.import_module(PROBE)
    origin = getattr(module, "__file__", None) or ""
    return "source" if origin.endswith(".py") else "compiled"
