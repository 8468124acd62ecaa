"""The command line: ``python -m bot run|check|ask|chat`` (also installed as ``memoria``).

Parses arguments, sets up logging once, and maps outcomes to exit codes: 0 ok, 1 content
problems, 2 usage or configuration errors. Heavy modules are imported lazily, so ``check`` and
``ask`` never import ``telegram``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
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
    check.add_argument(
        "--stale-days",
        type=_positive,
        metavar="N",
        help="entries reviewed more than N days ago are stale (default: STALE_AFTER_DAYS)",
    )
    check.set_defaults(handler=_check)
    _editors_commands(commands)
    _alert_command(commands)

    ask = commands.add_parser("ask", help="print the answer to a question, without Telegram")
    ask.add_argument("question", nargs="?", help="the question; without it, one per stdin line")
    ask.add_argument("--lang", choices=("es", "en"), help="answer in this language")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(handler=_ask)

    stats = commands.add_parser("stats", help="print subscribers, campaigns, use and feedback")
    stats.set_defaults(handler=_stats)

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
    from datetime import date

    from bot import editorial, knowledge

    if args.stale_days is not None:
        settings = dataclasses.replace(settings, stale_after_days=args.stale_days)
    loaded, problems = knowledge.check(settings)
    review = None
    if loaded is not None:
        today = date.today()
        review = editorial.review(loaded, today=today, stale_after_days=settings.stale_after_days)
        problems = sorted([*problems, *review.warnings], key=lambda p: (p.path, p.line, p.message))
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


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot import knowledge
    from bot.stats import Stats, gather
    from bot.store import Store

    loaded = knowledge.load(settings)

    async def read() -> Stats:
        async with await Store.open(settings.database_url) as store:
            return await gather(store, loaded)

    found = asyncio.run(read())
    titles = {**{i: t.title.text("es") for i, t in loaded.content.topics.items()},
              **{i: c.name.text("es") for i, c in loaded.content.cases.items()}}  # fmt: skip
    print("Subscribers (active) by language and alert topic")
    for (lang, audience), count in sorted(found.subscribers.items()):
        print(f"  {lang:<4} {audience:<12} {count:>7}")
    if not found.subscribers:
        print("  none yet")
    print("\nCampaigns, newest first: sent / failed / skipped / pending of total, duplicates")
    for campaign, progress in found.campaigns:
        state = (
            "stopped" if campaign.stopped_at else "finished" if campaign.finished_at else "running"
        )
        print(
            f"  #{campaign.id} {campaign.alert_id or 'text'} [{campaign.audience}] {state}: "
            f"{progress.sent} / {progress.failed} / {progress.skipped} / {progress.pending} "
            f"of {progress.total}, {progress.possible_duplicates}"
        )
    if not found.campaigns:
        print("  none yet")
    print("\nMost opened topics and cases")
    for item_id, count in found.top_asked:
        print(f"  {count:>7}  {item_id}  {titles.get(item_id, '(no longer in content)')}")
    print("\nFeedback per topic: helpful / not helpful")
    for item_id, (up, down) in sorted(found.feedback.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {up:>5} / {down:<5} {item_id}")
    print("\nUnanswered questions, grouped by similarity (most asked first)")
    for number, cluster in enumerate(found.unanswered[:20], start=1):
        wording = cluster.wordings[0][0]
        near = f" -> nearest: {cluster.nearest.item_id}" if cluster.nearest else ""
        others = len(cluster.wordings) - 1
        print(f'  {number:>3}. {cluster.count}x "{wording}" (+{others} similar){near}')
    if not found.unanswered:
        print("  none")
    return EXIT_OK


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


# -- editors' tools: preview, export, import, report ---------------------------------------


def _editors_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    preview = commands.add_parser("preview", help="write one HTML page showing every answer")
    preview.add_argument("--out", required=True, type=Path, metavar="FILE", help="the page")
    preview.add_argument(
        "--bot-username", type=_username, help="the bot's @username, for the deep links"
    )
    preview.set_defaults(handler=_preview)

    export = commands.add_parser("export", help="write every translatable text to a CSV file")
    export.add_argument("--csv", required=True, type=Path, metavar="FILE")
    export.add_argument(
        "--add-language",
        action="append",
        default=[],
        type=_language,
        metavar="CODE",
        help="add an empty column for a new language, such as qu",
    )
    export.set_defaults(handler=_export)

    load = commands.add_parser("import", help="write the translations of a CSV file to content/")
    load.add_argument("--csv", required=True, type=Path, metavar="FILE")
    load.set_defaults(handler=_import)

    report = commands.add_parser("report", help="group the questions the bot could not answer")
    report.add_argument("--days", type=_positive, metavar="N", help="only the last N days")
    report.add_argument(
        "--limit", type=_positive, default=30, metavar="N", help="at most N groups (30)"
    )
    report.set_defaults(handler=_report)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not {value!r}")
    return int(value)


def _language(value: str) -> str:
    from bot.content.translations import LANGUAGE_CODE

    if not LANGUAGE_CODE.match(value):
        raise argparse.ArgumentTypeError(
            f"must be a language code of 2 or 3 lowercase letters (such as qu), not {value!r}"
        )
    return value


def _username(value: str) -> str:
    name = value.removeprefix("@")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", name):
        raise argparse.ArgumentTypeError(f"{value!r} is not a Telegram bot username")
    return name


def _loaded(settings: Settings) -> object | None:
    """The Knowledge, or None after printing the errors that prevent it."""
    from bot import knowledge

    loaded, problems = knowledge.check(settings)
    if loaded is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("memoria: fix these errors first (python -m bot check).", file=sys.stderr)
    return loaded


def _preview(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from bot import preview
    from bot.knowledge import Knowledge

    loaded = _loaded(settings)
    if not isinstance(loaded, Knowledge):
        return EXIT_PROBLEMS
    username = args.bot_username or preview.PLACEHOLDER_USERNAME
    page = preview.page(
        loaded, templates_dir=settings.templates_dir, bot_username=username, today=date.today()
    )
    try:
        args.out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"memoria: cannot write {args.out}: {exc.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"memoria: wrote {args.out}; open it in a browser.", file=sys.stderr)
    return EXIT_OK


def _content(settings: Settings) -> object | None:
    """The Content, or None after printing the errors that prevent loading it."""
    from bot import content

    loaded, problems = content.check(
        settings.content_dir, stale_after_days=settings.stale_after_days
    )
    if loaded is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("memoria: fix these errors first (python -m bot check).", file=sys.stderr)
    return loaded


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.content import Content
    from bot.content.translations import export_csv

    loaded = _content(settings)
    if not isinstance(loaded, Content):
        return EXIT_PROBLEMS
    try:
        rows = export_csv(loaded, args.csv, add_languages=args.add_language)
    except OSError as exc:
        print(f"memoria: cannot write {args.csv}: {exc.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"memoria: wrote {rows} texts to {args.csv}, one per row.", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.content import Content
    from bot.content.translations import import_csv

    loaded = _content(settings)
    if not isinstance(loaded, Content):
        return EXIT_PROBLEMS
    result = import_csv(loaded, args.csv)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(
            f"memoria: {len(result.problems)} row(s) cannot be applied; nothing was changed.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for path, count in result.changed.items():
        print(f"{path}: {count} text(s) written")
    total = sum(result.changed.values())
    print(
        f"memoria: {total} translation(s) written in {len(result.changed)} file(s); "
        "now run: python -m bot check",
        file=sys.stderr,
    )
    return EXIT_OK


def _report(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    from datetime import UTC, datetime, timedelta

    from bot import editorial
    from bot.knowledge import Knowledge
    from bot.store import LoggedQuestion, Store

    loaded = _loaded(settings)
    if not isinstance(loaded, Knowledge):
        return EXIT_PROBLEMS
    since = datetime.now(UTC) - timedelta(days=args.days) if args.days else None

    async def read() -> list[LoggedQuestion]:
        async with await Store.open(settings.database_url) as store:
            return await store.questions(since)

    groups = editorial.group(asyncio.run(read()), loaded)
    if not groups:
        print(
            "No unanswered questions are recorded" + (f" in {args.days} days." if since else ".")
        )
        return EXIT_OK
    total = sum(g.count for g in groups)
    print(f"{total} question(s) without a clear answer, in {len(groups)} group(s):\n")
    for line in editorial.group_lines(groups[: args.limit]):
        print(line)
    if len(groups) > args.limit:
        print(f"… and {len(groups) - args.limit} smaller group(s) (--limit shows more).")
    return EXIT_OK


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
