"""``cards --out DIR``: draw every share card for review (editors' tool, see bot/cards)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.cli.codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from bot.cli.editors import bot_username, loaded_knowledge
from bot.config import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``cards`` subcommand."""
    cards = commands.add_parser("cards", help="draw every share card as PNG files, for review")
    cards.add_argument("--out", required=True, type=Path, metavar="DIR", help="the folder")
    cards.add_argument(
        "--bot-username", type=bot_username, help="the bot's @username, for the QR codes"
    )
    cards.set_defaults(handler=_cards)


def _cards(args: argparse.Namespace, settings: Settings) -> int:
    from bot import cards, preview

    loaded = loaded_knowledge(settings)
    if loaded is None:
        return EXIT_PROBLEMS
    username = args.bot_username or preview.PLACEHOLDER_USERNAME
    start, written = time.perf_counter(), 0
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for item_id in [*loaded.content.topics, *loaded.content.cases]:
            for lang in loaded.content.languages:
                for shape in cards.SHAPES:
                    face = loaded.card(item_id, lang, bot_username=username, shape=shape)
                    assert face is not None
                    png = cards.draw(face, loaded.shelf.style)
                    (args.out / f"{item_id}-{lang}-{shape}.png").write_bytes(png)
                    written += 1
    except OSError as exc:
        print(f"memoria: cannot write in {args.out}: {exc.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    seconds = time.perf_counter() - start
    print(f"memoria: drew {written} cards in {args.out} in {seconds:.1f} s.", file=sys.stderr)
    return EXIT_OK
