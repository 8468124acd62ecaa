"""Operators' commands: ``alert`` (send or resume broadcasts) and ``stats``."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from bot.cli.codes import EXIT_OK, EXIT_USAGE
from bot.clock import utc_now
from bot.config import Settings

if TYPE_CHECKING:
    from bot.knowledge import Knowledge
    from bot.stats import Stats


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the operators' subcommands."""
    _alert_command(commands)
    stats = commands.add_parser("stats", help="print subscribers, campaigns, use and feedback")
    stats.set_defaults(handler=_stats)


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot import knowledge
    from bot.stats import gather
    from bot.store import Store

    loaded = knowledge.load(settings)

    async def read() -> Stats:
        async with await Store.open(settings.database_url) as store:
            return await gather(store, loaded)

    found = asyncio.run(read())
    titles = {
        **{i: t.title.text("es") for i, t in loaded.content.topics.items()},
        **{i: c.name.text("es") for i, c in loaded.content.cases.items()},
    }
    _print_broadcasts(found)
    _print_use(found, titles)
    return EXIT_OK


def _print_broadcasts(found: Stats) -> None:
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


def _print_use(found: Stats, titles: Mapping[str, str]) -> None:
    print("\nMost opened topics and cases")
    for item_id, count in found.top_asked:
        print(f"  {count:>7}  {item_id}  {titles.get(item_id, '(no longer in content)')}")
    print("\nFeedback per topic: helpful / not helpful")
    for item_id, (up, down) in sorted(found.feedback.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {up:>5} / {down:<5} {item_id}")
    print("\nButton presses by action (no chat or user is counted)")
    for action, count in found.presses.items():
        print(f"  {count:>7}  {action}")
    if not found.presses:
        print("  none yet")
    print("\nUnanswered questions, grouped by similarity (most asked first)")
    for number, cluster in enumerate(found.unanswered[:20], start=1):
        wording = cluster.wordings[0][0]
        near = f" -> nearest: {cluster.nearest.item_id}" if cluster.nearest else ""
        others = len(cluster.wordings) - 1
        print(f'  {number:>3}. {cluster.count}x "{wording}" (+{others} similar){near}')
    if not found.unanswered:
        print("  none")


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
    alert.add_argument(
        "--confirm-stale",
        action="store_true",
        help="send it even though its facts (as_of) are older than ALERT_STALE_AFTER_DAYS",
    )
    alert.set_defaults(handler=_alert)


def _alert(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

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
        refusal = _refusal(loaded, args, settings)
        if refusal is not None:
            print(f"memoria: {refusal}", file=sys.stderr)
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


def _refusal(loaded: Knowledge, args: argparse.Namespace, settings: Settings) -> str | None:
    """Why ``alert ALERT_ID`` must not send: no such alert, or its facts are stale."""
    from bot.broadcast.campaigns import stale_days

    if args.alert_id not in loaded.content.alerts:
        close = difflib.get_close_matches(args.alert_id, list(loaded.content.alerts), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        return f"there is no alert '{args.alert_id}'.{hint}"
    alert = loaded.content.alerts[args.alert_id]
    limit = settings.alert_stale_after_days
    age = stale_days(alert, utc_now().date(), limit=limit)
    if age is None or args.confirm_stale:
        return None
    return (
        f"the alert '{alert.id}' states facts as of {alert.as_of} ({age} days "
        f"ago, more than ALERT_STALE_AFTER_DAYS={limit}); check them against their "
        "sources, update as_of, or send it anyway with --confirm-stale."
    )


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
