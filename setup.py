"""Compile the ask path with mypyc; everything else about the package is in pyproject.toml.

mypyc (part of mypy, pinned in [build-system] requires) compiles the same typed Python that mypy
checks into C extension modules: the modules of ``bot/index`` and ``bot/answer`` and
``bot/render.py``, where every message is read, matched and drawn. The ask path then takes about
a quarter less time (bench/README.md); the answers are the same (tests/test_compiled.py). The
``.py`` files are installed too, and bot/compiled.py falls back to them when a compiled module
is older than its source in a checkout.

``MEMORIA_PURE_PYTHON=1`` at install time builds nothing: the package is pure Python again.

The build type-checks without the runtime dependencies (pip builds in a fresh environment), so
it leaves out what only they can tell; ``mypy`` in CI checks the code strictly, with them.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent
# The ask path: every module but the packages' __init__ files.
COMPILED_PACKAGES = ("bot/index", "bot/answer", "bot/answer/contexts")
COMPILED_MODULES = ("bot/render.py",)
# The one shared library holding all of them (memoria_compiled__mypyc, beside bot/).
GROUP = "memoria_compiled"
# What the runtime dependencies alone would tell mypy: without them, their names are Any.
LENIENT = (
    "--ignore-missing-imports",
    "--no-warn-unused-ignores",
    "--no-warn-return-any",
    "--allow-subclassing-any",
    "--allow-untyped-calls",
    "--allow-untyped-decorators",
)


def compiled_sources() -> list[str]:
    """The source files mypyc compiles, relative to the repository's root."""
    found = [
        path.relative_to(ROOT).as_posix()
        for package in COMPILED_PACKAGES
        for path in sorted((ROOT / package).glob("*.py"))
        if path.name != "__init__.py"
    ]
    return [*found, *COMPILED_MODULES]


def extensions() -> list[Extension]:
    """The extension modules to build: none when MEMORIA_PURE_PYTHON is set."""
    if os.environ.get("MEMORIA_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    # mypyc names sources relative to the working directory: build from the root.
    os.chdir(ROOT)
    return mypycify([*LENIENT, *compiled_sources()], group_name=GROUP)


setup(ext_modules=extensions())
