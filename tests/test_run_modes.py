"""``python -m bot run`` without a token: only a bare ``run`` falls back to the terminal chat.

An explicit mode is what a host runs (Procfile), with no terminal: there a missing token must
stop the process with exit 2 and one sentence, not read an empty stdin and exit 0.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest

from tests.contenttrees import build_tree
from tests.processes import run_bot


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("modes"))


def _run(tree: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    # A database of its own, as in test_cli: the terminal chat remembers its language, and the
    # default memoria.db of someone who chatted in English would answer these in English.
    database = f"sqlite:///{tree.parent / secrets.token_hex(6)}.db"
    env.update(CONTENT_DIR=str(tree), STALE_AFTER_DAYS="36500", DATABASE_URL=database)
    return run_bot(*args, env=env, stdin=stdin)


@pytest.mark.parametrize("mode", ["--polling", "--webhook"])
def test_explicit_mode_without_a_token_exits_2_with_one_sentence(tree: Path, mode: str) -> None:
    result = _run(tree, "run", mode, stdin="hola\n")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"memoria: TELEGRAM_BOT_TOKEN is not set, and run {mode} needs it; set it to the token "
        "from @BotFather (a bare 'run', or 'chat', talks in this terminal without one)."
    )
    assert result.stdout == ""


def test_bare_run_without_a_token_opens_the_terminal_chat(tree: Path) -> None:
    result = _run(tree, "run", stdin="/start\n")
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "Hola, soy Memoria." in result.stdout
