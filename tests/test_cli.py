"""The command line as people run it: ``python -m bot ask|chat|run`` in a subprocess."""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contenttrees import ROOT, build_tree
from tests.processes import run_bot

KEYS = {"matched", "kind", "id", "score", "lang", "text", "html"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("cli"))


def _run(
    tree: Path, *args: str, stdin: str = "", extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    # chat keeps state (a SQLite file, like the bot): each run gets a database of its own.
    database = f"sqlite:///{tree.parent / secrets.token_hex(6)}.db"
    env.update(CONTENT_DIR=str(tree), STALE_AFTER_DAYS="36500", DATABASE_URL=database)
    env.update(extra or {})
    return run_bot(*args, env=env, stdin=stdin)


def test_ask_prints_the_plain_answer(tree: Path) -> None:
    result = _run(tree, "ask", "que dice la norma de prueba")
    assert result.returncode == 0
    assert result.stdout.startswith("¿Qué dice la norma de prueba?\n")
    assert "<b>" not in result.stdout


def test_ask_json_has_stable_keys(tree: Path) -> None:
    result = _run(tree, "ask", "what does the test rule say", "--json")
    record = json.loads(result.stdout)
    assert set(record) == KEYS
    assert (record["matched"], record["kind"], record["id"], record["lang"]) == (
        True,
        "topic",
        "tema-uno",
        "en",
    )
    assert record["html"].startswith("<b>What does the test rule say?</b>")


def test_ask_lang_forces_the_language(tree: Path) -> None:
    record = json.loads(_run(tree, "ask", "norma de prueba", "--json", "--lang", "en").stdout)
    assert record["lang"] == "en"


def test_ask_reads_stdin_one_json_line_per_question(tree: Path) -> None:
    result = _run(tree, "ask", stdin="hola\n\nreceta de pollo\ncasos en ayacucho\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kind"] for r in records] == ["smalltalk", "fallback", "case_list"]
    assert all(set(r) == KEYS for r in records)


def test_ask_piped_into_a_reader_that_stops_early_ends_without_a_traceback(
    tree: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("que dice la norma de prueba\n" * 3000, encoding="utf-8")
    errors = tmp_path / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(CONTENT_DIR=str(tree), STALE_AFTER_DAYS="36500")
    pipeline = (
        f'"{sys.executable}" -m bot ask < "{questions}" 2> "{errors}" | head -n 1; '
        'echo "bot exit ${PIPESTATUS[0]}"'
    )
    result = subprocess.run(
        ["bash", "-c", pipeline],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    first, status = result.stdout.splitlines()
    assert json.loads(first)["id"] == "tema-uno"
    assert status == "bot exit 1"
    assert "Traceback" not in errors.read_text(encoding="utf-8")


def test_chat_shows_menus_as_numbered_choices_and_follows_them(tree: Path) -> None:
    result = _run(tree, "chat", stdin="1\n1\n")
    out = result.stdout
    assert result.returncode == 0
    assert "Hola, soy Memoria." in out
    assert "[1] ⚖️ La ley de amnistía (Ley 32419)" in out
    assert "La ley de amnistía (Ley 32419): elige una pregunta" in out
    assert "La norma de prueba tiene dos artículos & un <anexo>." in out


def test_chat_answers_commands_and_questions(tree: Path) -> None:
    out = _run(tree, "chat", stdin="/caso prueba uno\nwhat does the test rule say\n/nope\n").stdout
    assert "Caso de prueba" in out
    assert "What does the test rule say?" in out
    # The conversation wrote English last, so the bot keeps English.
    assert "I don't know that command." in out


def test_run_without_token_talks_locally(tree: Path) -> None:
    result = _run(tree, "run", stdin="hola\n")
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "Escríbeme tu pregunta sobre la ley de amnistía" in result.stdout


def test_broken_content_stops_every_command_with_exit_1(tmp_path: Path) -> None:
    broken = build_tree(tmp_path, ROOT / "tests" / "content" / "broken" / "bad-reference")
    result = _run(broken, "ask", "hola")
    assert result.returncode == 1
    assert "content/cases/caso-prueba.yaml:38: error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_configuration_exits_2_with_one_sentence(tree: Path) -> None:
    result = _run(tree, "check", extra={"PORT": "many"})
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "memoria: PORT must be a whole number, not 'many'; fix its value."
    )


def test_http_clients_never_log_request_urls() -> None:
    # tests/conftest.py configures logging at DEBUG, as LOG_LEVEL=DEBUG would: request URLs
    # carry the token, so the HTTP clients' own loggers must still be quiet below WARNING.
    assert logging.getLogger().isEnabledFor(logging.DEBUG)
    for name in ("httpx", "httpcore", "aiohttp", "aiohttp.client"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
