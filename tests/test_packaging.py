"""Packaging: the wheel carries the content, the templates and the compiled ask path;
requirements.txt stays locked.

``pip install .`` must give a ``memoria`` that answers from any directory, so the wheel ships
``content/`` and ``templates/`` as ``memoria_data`` (pyproject.toml), and the modules setup.py
compiles with mypyc beside their source. ``.ci/lock --check`` must
notice a dependency added to pyproject.toml without regenerating requirements.txt.
"""

from __future__ import annotations

import importlib.machinery
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.contenttrees import ROOT

# Building a wheel (pip fetches its build backend from the package index) and resolving the
# lock (uv reads the index) need the network and take a while: CI runs them (CI is set), and so
# does a local run with MEMORIA_SLOW_TESTS=1.
needs_index = pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("MEMORIA_SLOW_TESTS")),
    reason="needs the package index: runs in CI, or locally with MEMORIA_SLOW_TESTS=1",
)
# What a wheel is built from; the rest of the repository (tests, bench, .ci) stays out of it.
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "LICENSE",
    "bot",
    "content",
    "templates",
    "fonts",
)
# What the checkout's own install built in place stays out of the copy: the wheel compiles anew.
LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.so", "*.pyd")
# How this Python names a compiled module's file (".cpython-311-x86_64-linux-gnu.so").
COMPILED = importlib.machinery.EXTENSION_SUFFIXES[0]
UV = Path(sys.executable).parent / "uv"


def _pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _tracked(folder: str) -> set[str]:
    """The files git tracks under ``folder``, relative to it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return {name.removeprefix(f"{folder}/") for name in listed.stdout.split("\0") if name}


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would point Python or the bot at this checkout."""
    dropped = {"PYTHONPATH", "VIRTUAL_ENV", "CONTENT_DIR", "TEMPLATES_DIR", "DATABASE_URL"}
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **extra}


def test_every_package_under_bot_is_listed_for_the_wheel() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]  # type: ignore[index]
    listed = set(setuptools["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "bot").rglob("__init__.py")
    }
    assert found - listed == set(), "add them to [tool.setuptools] packages in pyproject.toml"
    assert setuptools["package-dir"] == {
        "memoria_data.content": "content",
        "memoria_data.templates": "templates",
        "memoria_data.fonts": "fonts",
    }


def _copied(target: Path, names: tuple[str, ...]) -> Path:
    """``target`` holding a copy of the checkout's ``names`` (files and folders)."""
    for name in names:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=LEFT_OUT)
        else:
            shutil.copy2(path, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built by pip from a copy of the sources (the checkout gets no build/ folder)."""
    source = _copied(tmp_path_factory.mktemp("source"), SOURCES)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
        timeout=300,
        env=_clean_env(),
    )
    (built,) = dist.glob("memoria_bot-*.whl")
    return built


@pytest.mark.slow
@needs_index
def test_the_wheel_holds_the_code_the_content_and_the_templates(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())

    def under(prefix: str) -> set[str]:
        return {name.removeprefix(prefix) for name in names if name.startswith(prefix)}

    assert under("memoria_data/content/") == _tracked("content")
    assert under("memoria_data/templates/") == _tracked("templates")
    assert under("memoria_data/fonts/") == _tracked("fonts")
    code = {name for name in _tracked("bot") if name.endswith(".py")}
    assert {name for name in under("bot/") if name.endswith(".py")} == code
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    # The ask path compiled (setup.py), beside its source.
    assert f"bot/answer/reading{COMPILED}" in names
    assert f"bot/render{COMPILED}" in names
    assert f"memoria_compiled__mypyc{COMPILED}" in names


PIP = (sys.executable, "-m", "pip")
NO_INDEX = ("--no-deps", "--no-index")


def _installed(wheel: Path, venv: Path) -> Path:
    """A new virtualenv at ``venv`` with only ``wheel`` installed: its site-packages folder.

    The dependencies come from this test's own environment, after the new venv's own
    site-packages: a .pth line adds a path, and what the wheel installed is found first.
    """
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            *NO_INDEX,
            str(wheel),
        ],
        check=True,
        timeout=300,
        env=_clean_env(),
    )
    return _lend_dependencies(python)


def _lend_dependencies(python: Path) -> Path:
    """Let the virtualenv of ``python`` import this test's dependencies after its own
    site-packages (a .pth line): its site-packages folder."""
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "memoria-test-deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    return Path(site)


@pytest.mark.slow
@needs_index
def test_an_installed_wheel_answers_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    site = _installed(wheel, venv)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            cwd=elsewhere,
            env=_clean_env(**env),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    found = run(str(python), "-c", "import bot.config as c; print(c.DEFAULT_CONTENT_DIR)")
    runs = run(str(python), "-c", "from bot import compiled; print(compiled.ask_path())")
    answer = run(str(venv / "bin" / "memoria"), "ask", "putis")
    from_checkout = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "putis"],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    elsewhere_content = run(str(venv / "bin" / "memoria"), "ask", "putis", CONTENT_DIR="nada")

    assert found.stdout.strip() == f"{site}/memoria_data/content", found.stderr
    assert runs.stdout.strip() == "compiled", runs.stderr
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.startswith("Masacre de Putis\n")
    assert answer.stdout == from_checkout.stdout
    # An explicit CONTENT_DIR still wins over the shipped copy.
    assert elsewhere_content.returncode != 0
    assert "nada" in elsewhere_content.stderr


def _lock_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(project / ".ci" / "lock"), "--check"],
        env=_clean_env(UV=str(UV)),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@needs_index
def test_the_lock_check_fails_when_a_dependency_is_added_without_regenerating(
    tmp_path: Path,
) -> None:
    (tmp_path / ".ci").mkdir()
    shutil.copy2(ROOT / ".ci" / "lock", tmp_path / ".ci" / "lock")
    shutil.copy2(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    before = _lock_check(tmp_path)
    added = pyproject.replace("dependencies = [\n", 'dependencies = [\n    "humanize>=4",\n', 1)
    assert added != pyproject
    (tmp_path / "pyproject.toml").write_text(added, encoding="utf-8")
    after = _lock_check(tmp_path)

    assert before.returncode == 0, before.stdout + before.stderr
    assert after.returncode == 1
    assert "+humanize==" in after.stdout
    assert "run bash .ci/lock" in after.stderr
    assert (tmp_path / "requirements.txt").read_bytes() == (ROOT / "requirements.txt").read_bytes()


@pytest.mark.slow
@needs_index
def test_the_deploy_hook_compiles_the_ask_path_in_place(tmp_path: Path) -> None:
    """bin/post_compile, as Heroku's buildpack runs it: in the app's folder, with the
    dependencies installed, it compiles the ask path there, and `python -m bot` runs it."""
    app = tmp_path / "app"
    app.mkdir()
    _copied(app, (*SOURCES, "bin"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    _lend_dependencies(venv / "bin" / "python")
    found = f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"

    def run(timeout: float, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            cwd=app,
            env=_clean_env(PATH=found),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )

    hook = run(600, "bash", str(app / "bin" / "post_compile"))
    answer = run(120, str(venv / "bin" / "python"), "-m", "bot", "ask", "putis")

    assert hook.returncode == 0, hook.stderr
    assert hook.stdout.strip().endswith("ask path: compiled"), hook.stdout + hook.stderr
    assert (app / "bot" / "answer" / f"reading{COMPILED}").is_file()
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.startswith("Masacre de Putis\n")
