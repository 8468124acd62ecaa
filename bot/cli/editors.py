"""Editors' tools: ``preview``, ``export``, ``import`` and ``report`` (see content/README.md)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from bot.clock import utc_now
from bot.config import Settings
from bot.errors import Problem

if TYPE_CHECKING:
    from bot.content import Content
    from bot.knowledge import Knowledge


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the editors' subcommands."""
    preview = commands.add_parser("preview", help="write one HTML page showing every answer")
    preview.add_argument("--out", required=True, type=Path, metavar="FILE", help="the page")
    preview.add_argument(
        "--bot-username", type=bot_username, help="the bot's @username, for the deep links"
    )
    preview.add_argument(
        "--cards", action="store_true", help="show each share card beside its text"
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
    report.add_argument("--days", type=positive, metavar="N", help="only the last N days")
    report.add_argument(
        "--limit", type=positive, default=30, metavar="N", help="at most N groups (30)"
    )
    report.set_defaults(handler=_report)


def positive(value: str) -> int:
    """An argparse type: a whole number above 0."""
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


def bot_username(value: str) -> str:
    """An argparse type: a Telegram bot username, without its @."""
    name = value.removeprefix("@")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", name):
        raise argparse.ArgumentTypeError(f"{value!r} is not a Telegram bot username")
    return name


def loaded_knowledge(settings: Settings) -> Knowledge | None:
    """The Knowledge, or None after printing the errors that prevent it."""
    from bot import knowledge

    loaded, problems = knowledge.check(settings)
    if loaded is None:
        _print_blocking(problems)
    return loaded


def _print_blocking(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print("memoria: fix these errors first (python -m bot check).", file=sys.stderr)


def _preview(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from bot import preview

    loaded = loaded_knowledge(settings)
    if loaded is None:
        return EXIT_PROBLEMS
    username = args.bot_username or preview.PLACEHOLDER_USERNAME
    page = preview.page(
        loaded,
        templates_dir=settings.templates_dir,
        bot_username=username,
        today=date.today(),
        cards=args.cards,
    )
    try:
        args.out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"memoria: cannot write {args.out}: {exc.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"memoria: wrote {args.out}; open it in a browser.", file=sys.stderr)
    return EXIT_OK


def _content(settings: Settings) -> Content | None:
    """The Content, or None after printing the errors that prevent loading it."""
    from bot import content

    loaded, problems = content.check(
        settings.content_dir, stale_after_days=settings.stale_after_days
    )
    if loaded is None:
        _print_blocking(problems)
    return loaded


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.content.translations import export_csv

    loaded = _content(settings)
    if loaded is None:
        return EXIT_PROBLEMS
    try:
        rows = export_csv(loaded, args.csv, add_languages=args.add_language)
    except OSError as exc:
        print(f"memoria: cannot write {args.csv}: {exc.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"memoria: wrote {rows} texts to {args.csv}, one per row.", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.content.translations import import_csv

    loaded = _content(settings)
    if loaded is None:
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
    from datetime import timedelta

    from bot import editorial
    from bot.store import LoggedQuestion, Store

    loaded = loaded_knowledge(settings)
    if loaded is None:
        return EXIT_PROBLEMS
    now = utc_now()
    since = now - timedelta(days=args.days) if args.days else None

    async def read() -> tuple[list[LoggedQuestion], dict[str, int]]:
        async with await Store.open(settings.database_url) as store:
            asked = dict(
                await store.feedback.top_asked(
                    len(loaded.content.topics) + len(loaded.content.cases)
                )
            )
            return await store.questions.logged(since), asked

    questions, asked = asyncio.run(read())
    groups = editorial.group(questions, loaded)
    if not groups:
        print(
            "No unanswered questions are recorded" + (f" in {args.days} days." if since else ".")
        )
    else:
        total = sum(g.count for g in groups)
        print(f"{total} question(s) without a clear answer, in {len(groups)} group(s):\n")
        for line in editorial.group_lines(groups[: args.limit]):
            print(line)
        if len(groups) > args.limit:
            print(f"… and {len(groups) - args.limit} smaller group(s) (--limit shows more).")
    old = editorial.old_facts(
        loaded.content, today=now.date(), after_days=settings.volatile_stale_after_days
    )
    lines = editorial.asked_old_facts_lines(
        old, asked, after_days=settings.volatile_stale_after_days, limit=args.limit
    )
    for line in ["", *lines] if lines else []:
        print(line)
    return EXIT_OK
