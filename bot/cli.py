"""The command line: ``python -m bot run|check|ask|chat`` (also installed as ``memoria``).

Parses arguments, sets up logging once, and maps outcomes to exit codes: 0 ok, 1 content
problems, 2 usage or configuration errors. Heavy modules are imported lazily, so ``check`` and
``ask`` never import ``telegram``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.config import Settings
from bot.errors import ConfigError, ContentErrors

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
    check.set_defaults(handler=_check)

    ask = commands.add_parser("ask", help="print the answer to a question, without Telegram")
    ask.add_argument("question", nargs="?", help="the question; without it, one per stdin line")
    ask.add_argument("--lang", choices=("es", "en"), help="answer in this language")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(handler=_ask)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal, no token needed")
    chat.add_argument("--lang", choices=("es", "en"), help="start in this language")
    chat.set_defaults(handler=_chat)
    _alert_command(commands)
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

    httpx logs request URLs, which contain the token, and PTB logs whole updates (with the
    users' text and ids) at DEBUG: both stay at WARNING/INFO whatever LOG_LEVEL says.
    """
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(Redactor(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("telegram", "uvicorn", "aiosqlite", "asyncio"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    return handler


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from bot import knowledge

    _, problems = knowledge.check(settings)
    for problem in problems:
        print(problem)
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
    from bot import console, knowledge

    return console.converse(
        knowledge.load(settings), lang=args.lang, stdin=sys.stdin, out=sys.stdout
    )


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot import knowledge

    loaded = knowledge.load(settings)
    if settings.token is None:
        print(
            "memoria: TELEGRAM_BOT_TOKEN is not set, so there is no Telegram to serve.\n"
            "Talking to the bot in this terminal instead (python -m bot chat); "
            "press Ctrl-D to leave.",
            file=sys.stderr,
        )
        from bot import console

        return console.converse(loaded, lang=None, stdin=sys.stdin, out=sys.stdout)
    from bot.serve import run as serve

    return serve(settings, loaded, webhook_mode=bool(args.webhook))


def _alert_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    alert = commands.add_parser(
        "alert", help="send an alert to its subscribers (or --resume unfinished broadcasts)"
    )
    alert.add_argument("alert_id", nargs="?", help="an alert id: a file name in content/alerts/")
    alert.add_argument(
        "--resume", action="store_true", help="continue every unfinished broadcast instead"
    )
    alert.add_argument(
        "--again", action="store_true", help="send an alert that was already sent once more"
    )
    alert.set_defaults(handler=_alert)


def _alert(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    import difflib

    from bot import knowledge
    from bot.broadcast import standalone
    from bot.render import plain

    if args.resume == (args.alert_id is not None):
        print("memoria: give an alert id, or --resume (not both).", file=sys.stderr)
        return EXIT_USAGE
    settings.require_token()
    loaded = knowledge.load(settings)
    bar = _ProgressBar(sys.stderr)
    if args.resume:
        outcome = asyncio.run(standalone.resume(settings, loaded, on_progress=bar))
        if not outcome.reports:
            print("memoria: no unfinished broadcast to resume.", file=sys.stderr)
    else:
        if args.alert_id not in loaded.content.alerts:
            close = difflib.get_close_matches(args.alert_id, list(loaded.content.alerts), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            print(f"memoria: there is no alert '{args.alert_id}'.{hint}", file=sys.stderr)
            return EXIT_USAGE
        outcome = asyncio.run(
            standalone.send_alert(
                settings, loaded, args.alert_id, again=args.again, on_progress=bar
            )
        )
        if outcome.already_sent:
            print(
                "memoria: this alert was already sent; its report follows "
                "(add --again to send it once more).",
                file=sys.stderr,
            )
    bar.finish()
    if outcome.interrupted:
        print("memoria: stopped; run 'alert --resume' to send the rest.", file=sys.stderr)
    for report in outcome.reports:
        print(plain("\n\n".join(loaded.renderer.render(report))))
        print()
    return EXIT_OK


class _ProgressBar:
    """A progress bar on stderr: redrawn in place on a terminal, one line a tick otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.drawn = False

    def __call__(self, progress: object, eta_seconds: int | None) -> None:
        from bot.store import Progress

        assert isinstance(progress, Progress)
        done = progress.total - progress.pending
        filled = self.WIDTH * done // progress.total if progress.total else self.WIDTH
        eta = "" if eta_seconds is None or not progress.pending else f" ETA {eta_seconds}s"
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{progress.total} "
            f"sent {progress.sent} failed {progress.failed} skipped {progress.skipped}{eta}"
        )
        if self.tty:
            print(f"\r{line}\x1b[K", end="", file=self.stream, flush=True)
            self.drawn = True
        else:
            print(line, file=self.stream, flush=True)

    def finish(self) -> None:
        """End the redrawn line."""
        if self.drawn:
            print(file=self.stream)
