"""The command line: ``python -m bot …`` (also installed as ``memoria``).

Parses arguments, sets up logging once, and maps outcomes to exit codes: 0 ok, 1 content
problems, 2 usage or configuration errors. Heavy modules are imported lazily, so ``check`` and
``ask`` never import ``telegram``. This module has the conversation commands (run, chat, ask,
check); editors.py the editors' tools; operators.py alerts and stats.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import re
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.cli import cards, editors, operators
from bot.cli.codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from bot.config import Settings
from bot.errors import ConfigError, ContentErrors


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"memoria: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings.log_level, secrets=_secrets(settings), stream=sys.stderr)
    try:
        code: int = args.handler(args, settings)
    except ConfigError as exc:
        print(f"memoria: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentErrors as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"memoria: the content has {len(exc.problems)} problem(s); nothing was started.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return code


def _secrets(settings: Settings) -> list[str]:
    found = [settings.token, settings.webhook_secret]
    return [secret.reveal() for secret in found if secret is not None]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="memoria", description="Memoria, the Ley 32419 bot.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="serve Telegram (long polling, or a webhook)")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--polling", action="store_true", help="long polling (the default)")
    mode.add_argument("--webhook", action="store_true", help="serve a webhook on $PORT")
    run.set_defaults(handler=_run)

    check = commands.add_parser("check", help="validate content/ and report path:line problems")
    check.add_argument("--strict", action="store_true", help="warnings count as problems too")
    check.add_argument(
        "--stale-days",
        type=editors.positive,
        metavar="N",
        help="entries reviewed more than N days ago are stale (default: STALE_AFTER_DAYS)",
    )
    check.set_defaults(handler=_check)
    editors.register(commands)
    cards.register(commands)
    operators.register(commands)

    ask = commands.add_parser("ask", help="print the answer to a question, without Telegram")
    ask.add_argument("question", nargs="?", help="the question; without it, one per stdin line")
    ask.add_argument("--lang", choices=("es", "en"), help="answer in this language")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(handler=_ask)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal, no token needed")
    chat.add_argument("--lang", choices=("es", "en"), help="start in this language")
    chat.set_defaults(handler=_chat)
    return parser


class Redactor(logging.Filter):
    """Blank out secrets (the bot token, the webhook secret) and anything shaped like a token."""

    TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = self._clean(text)
        if cleaned != text:
            record.msg, record.args = cleaned, ()
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return self.TOKEN_SHAPE.sub("<redacted>", text)


def configure_logging(level: str, *, secrets: Sequence[str], stream: TextIO) -> logging.Handler:
    """One line per event on ``stream``; secrets redacted; no message text from libraries.

    HTTP clients may log request URLs, which contain the token (httpx does; aiohttp, the bot's
    client, is kept quiet the same way), and PTB logs whole updates (with the users' text and
    ids) at DEBUG: they stay at WARNING/INFO whatever LOG_LEVEL says.
    """
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(Redactor(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("httpx", "httpcore", "aiohttp"):
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("telegram", "uvicorn", "aiosqlite", "asyncio"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    return handler


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from bot import cards, editorial, knowledge

    if args.stale_days is not None:
        settings = dataclasses.replace(settings, stale_after_days=args.stale_days)
    loaded, problems = knowledge.check(settings)
    review = None
    if loaded is not None:
        today = date.today()
        review = editorial.review(
            loaded,
            today=today,
            stale_after_days=settings.stale_after_days,
            volatile_after_days=settings.volatile_stale_after_days,
        )
        # Share cards are laid out here, not at start-up: fonts cost time and memory, and a card
        # that does not fit is still drawn inside its box (cut short), so it cannot break a reply.
        fitting = cards.problems(loaded.content, loaded.shelf.style, org_name=settings.org_name)
        problems = sorted(
            [*problems, *review.warnings, *fitting], key=lambda p: (p.path, p.line, p.message)
        )
    for problem in problems:
        print(problem)
    # stdout holds only path:line problems, for editors and CI; the report is for people.
    for line in editorial.review_lines(review) if review is not None else ():
        print(line, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    print(
        f"{errors} error(s), {warnings} warning(s)" + (" (strict)" if args.strict else ""),
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot import knowledge

    loaded = knowledge.load(settings)
    if args.question is not None:
        _print_answer(loaded, args.question, args.lang, as_json=args.json, out=sys.stdout)
        return EXIT_OK
    for line in sys.stdin:
        if line.strip():
            _print_answer(loaded, line.strip(), args.lang, as_json=True, out=sys.stdout)
    return EXIT_OK


def _print_answer(
    loaded: object, question: str, lang: str | None, *, as_json: bool, out: TextIO
) -> None:
    from bot.knowledge import Knowledge
    from bot.render import plain

    assert isinstance(loaded, Knowledge)
    chosen = loaded.answerer.language(question, chosen=lang, client=None)
    answer = loaded.answerer.ask(question, chosen)
    html = "\n\n".join(loaded.renderer.render(answer))
    if not as_json:
        print(plain(html), file=out)
        return
    record = {
        "matched": answer.matched,
        "kind": answer.kind,
        "id": answer.item_id,
        "score": round(answer.score, 4),
        "lang": answer.lang,
        "text": plain(html),
        "html": html,
    }
    print(json.dumps(record, ensure_ascii=False), file=out, flush=True)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot import knowledge

    return _converse(settings, knowledge.load(settings), lang=args.lang)


def _converse(settings: Settings, loaded: object, *, lang: str | None) -> int:
    """The terminal conversation with the real bot; its routine log lines would interleave."""
    from bot import console
    from bot.knowledge import Knowledge

    assert isinstance(loaded, Knowledge)
    root = logging.getLogger()
    if root.level == logging.INFO:
        root.setLevel(logging.WARNING)
    return console.converse(settings, loaded, lang=lang, stdin=sys.stdin, out=sys.stdout)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot import knowledge

    explicit = "--webhook" if args.webhook else "--polling" if args.polling else None
    if settings.token is None and explicit is not None:
        # A host runs an explicit mode and has no terminal: falling back to the chat would read
        # an empty stdin and exit 0, so a missing token would look like a clean exit.
        raise ConfigError(
            f"TELEGRAM_BOT_TOKEN is not set, and run {explicit} needs it; set it to the token "
            "from @BotFather (a bare 'run', or 'chat', talks in this terminal without one)."
        )
    loaded = knowledge.load(settings)
    if settings.token is None:
        print(
            "memoria: TELEGRAM_BOT_TOKEN is not set, so there is no Telegram to serve.\n"
            "Talking to the bot in this terminal instead (python -m bot chat); "
            "press Ctrl-D to leave.",
            file=sys.stderr,
        )
        return _converse(settings, loaded, lang=None)
    from bot.serve import run as serve

    return serve(settings, loaded, webhook_mode=bool(args.webhook))
