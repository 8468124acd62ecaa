"""The answer the labelled messages make likeliest (``Index.guess``), beside the matcher's.

The matcher explains a message by the words it shares with each item; the learned reading has
seen many whole messages with their answers. Where they disagree, the user is offered both and
chooses: the likeliest answer goes first among the matcher's choices when it is one of them, and
first of all when its lead is ITEM_MARGIN (about 1.65 times as likely as the next), also over a
direct answer (then offered beside it) or the scope (then a "not understood" with it first). A
message it finds off-topic with a lead of OFF_MARGIN (1.35 times) gets the scope, not choices.
Both margins were chosen on development blocks (k) and (l) with the classifier fitted without
them: top-1 0.824 -> 0.894, off-topic declined 0.891 -> 0.928 (bench/README.md, session 15).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from bot.index import Index, Match
from bot.index.learned import Guess

# How many of the matcher's choices a user is shown.
OFFERED = 3
OFF_TOPIC = "fallback"
# The least lead (``Guess.margin``) of the likeliest item to put it first however the matcher
# ranks it, and of "off-topic" to decline a message the matcher would offer choices for.
ITEM_MARGIN = 0.5
OFF_MARGIN = 0.3


class Read(NamedTuple):
    """The item sure to be likeliest (or None), the matches with the likeliest first, and
    whether the message is sure to be about something else."""

    item: str | None
    ordered: list[Match]
    off: bool


class Likely:
    """Puts the likeliest answer first, over one Index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def read(
        self, text: str, matches: Sequence[Match], named: Collection[str], settled: bool
    ) -> Read:
        """What the labelled messages say of ``text`` beside the matcher's ``matches``; nothing
        when the matcher's first is a case the message ``named`` ("my uncle was killed in
        Putis, what happened with that case?") or the answer is ``settled`` (the message is
        an example question or a name): then it is not even read."""
        if settled or (matches and matches[0].item_id in named):
            return Read(None, list(matches), False)
        guess = self.index.guess(text)
        off = guess is not None and guess.margin >= OFF_MARGIN and guess.label == OFF_TOPIC
        return Read(self.item(guess), self.first(guess, matches), off)

    @staticmethod
    def overrules(likely: str | None, matches: Sequence[Match]) -> bool:
        """Whether the sure ``likely`` item is offered beside the matcher's direct answer."""
        return likely not in (None, matches[0].item_id)

    def item(self, guess: Guess | None) -> str | None:
        """The item ``guess`` names, when it leads the next answer by ITEM_MARGIN."""
        if guess is None or guess.margin < ITEM_MARGIN:
            return None
        return guess.label if self.index.kind(guess.label) else None

    def first(self, guess: Guess | None, matches: Sequence[Match]) -> list[Match]:
        """``matches`` with the likeliest item first: moved up when among the choices shown,
        put first when sure."""
        found = list(matches)
        if guess is None:
            return found
        offered = [m.item_id for m in found[:OFFERED]]
        if guess.label in offered:
            at = offered.index(guess.label)
            return [found[at], *found[:at], *found[at + 1 :]]
        sure = self.item(guess)
        if sure is None:
            return found
        best = found[0].confidence if found else 0.0
        shown = Match(sure, self.index.kind(sure) or "topic", 0.0, best)
        return [shown, *(m for m in found if m.item_id != sure)]
