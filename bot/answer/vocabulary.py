"""Find the phrases of content/intents.yaml in a message's words: greetings, apologies, question
cues, relatives, feelings... as ``Span``s. Knows nothing of clauses or answers (``reading`` does).

People write "holaaa", "diosito le pague", "grasias": a word counts as a vocabulary word when it
is one, or is one with stretched letters, a diminutive ending, or (from five letters) one typo,
unless it is a word of the knowledge base itself ("clara" is not a typo of "claro"). Phrases are
matched longest first, like synonyms. Emoji have no words: they are matched one by one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz.distance import OSA

from bot.index import words
from bot.index.text import spellings
from bot.index.typos import Deletions

_DIMINUTIVE = re.compile(r"(c?it[oa]s?)$")
_RUNS = re.compile(r"(.)\1+")
# Variation selectors, skin tones and joiners ride on emoji: "👍🏽" is "👍".
_EMOJI_MARKS = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")
# Words shorter than this are never taken for a typo of a vocabulary word.
TYPO_LENGTH = 5
# Who tells of a loss: a relative, or a survivor of what was done to them ("me torturaron").
KIN = frozenset({"relative", "survivor"})
LOSSES = frozenset({"loss", "survivor"})
# Canonical forms remembered (then forgotten all at once).
KEPT = 20_000

# The intents a message is read for (``reading``), in order: which wins when a phrase is
# listed under two.
ORDER = (
    "greeting",
    "thanks",
    "bye",
    "blessing",
    "apology",
    "acknowledgement",
    "feeling",
    "complaint",
    "forward",
    "relative",
    "survivor",
    "loss",
    "natural",
    "present",
    "errand",
    "app",
    "introduction",
    "hearsay",
    "question",
    "definition",
    "question_start",
    "question_verb",
    "reference",
    "opinion",
    "not_chat",
    "disowning",
    "address",
    "filler",
)


class Span(NamedTuple):
    """Words ``start``..``end`` (exclusive) of a message say ``intent`` (a named tuple: a long
    message makes thousands of them)."""

    start: int
    end: int
    intent: str


@dataclass(slots=True)
class _Node:
    """One word of the phrases' tree: the intent of the phrase that ends here, if one does."""

    intent: str | None = None
    next: dict[str, _Node] = field(default_factory=dict)


class Vocabulary:
    """The phrases of some intents, in priority order: a phrase listed under two intents
    belongs to the first of ``intents``."""

    def __init__(
        self,
        intents: Mapping[str, Mapping[str, tuple[str, ...]]],
        order: Sequence[str],
        *,
        known: frozenset[str] = frozenset(),
    ) -> None:
        """Args:
        intents: content.intents.
        order: the intents to find, highest priority first.
        known: words never taken for a typo (the knowledge base's own words).
        """
        self.known = known
        # Chat spellings ("q = que"), read as the word they stand for.
        self.spellings = spellings(intents.get("spelling", {}))
        self.phrases: dict[tuple[str, ...], str] = {}
        self.symbols: dict[str, str] = {}
        for intent in order:
            for texts in intents.get(intent, {}).values():
                for text in texts:
                    # Read like a message: "i'd like to know" is "i de like..." as "I'd" is.
                    key = tuple(self.spellings.get(w, w) for w in words(text))
                    if not key:
                        for symbol in _symbols(text):
                            self.symbols.setdefault(symbol, intent)
                        continue
                    self.phrases.setdefault(key, intent)
        self.words = frozenset(w for key in self.phrases for w in key)
        # The phrases as a tree of words, walked word by word from each word of a message.
        self.tree = _Node()
        for key, intent in self.phrases.items():
            node = self.tree
            for word in key:
                node = node.next.setdefault(word, _Node())
            node.intent = intent
        self.near = Deletions(w for w in self.words if len(w) >= TYPO_LENGTH)
        self._canon: dict[str, str] = {}

    def canon(self, word: str) -> str:
        """The vocabulary word ``word`` stands for, or ``word`` itself."""
        found = self._canon.get(word)
        if found is None:
            spelled = self.spellings.get(word, word)
            found = spelled if spelled in self.words else self._find(spelled)
            if len(self._canon) >= KEPT:
                self._canon.clear()
            self._canon[word] = found
        return found

    def _find(self, word: str) -> str:
        squeezed = _RUNS.sub(r"\1", word)
        for candidate in (squeezed, _DIMINUTIVE.sub("", squeezed), _DIMINUTIVE.sub("o", word)):
            if candidate in self.words:
                return candidate
        if word in self.known or len(word) < TYPO_LENGTH or word.isdigit():
            return word
        near = self.near.candidates(squeezed)
        scored = sorted((OSA.distance(squeezed, c), c) for c in near)
        return scored[0][1] if scored and scored[0][0] <= 1 else word

    def spans(self, found: Sequence[str]) -> list[Span]:
        """Every phrase in ``found`` (folded words), left to right, longest first."""
        canon, known, first = self.canon, self._canon.get, self.tree.next
        # The remembered form first: a method call only for a word not seen yet.
        said = [known(w) or canon(w) for w in found]
        size = len(said)
        spans: list[Span] = []
        end = 0  # where the last phrase found ends: phrases never overlap
        # Only the words that start a phrase are walked from.
        for i in [i for i, word in enumerate(said) if word in first]:
            if i < end:
                continue
            node: _Node | None = first[said[i]]
            longest: Span | None = None
            stop = i + 1
            while node is not None:
                if node.intent is not None:
                    longest = Span(i, stop, node.intent)
                node = node.next.get(said[stop]) if stop < size else None
                stop += 1
            if longest is not None:
                spans.append(longest)
                end = longest.end
        return spans

    def symbol_intents(self, text: str) -> list[str | None]:
        """The intent of each emoji or other symbol in ``text`` (None for one not listed)."""
        return [self.symbols.get(s) for s in _symbols(text)]


def _symbols(text: str) -> list[str]:
    """The emoji and other pictographs of ``text`` (Unicode category So; ASCII has none)."""
    found = _NOT_ASCII.findall(_EMOJI_MARKS.sub("", text))
    return [c for c in found if unicodedata.category(c) == "So"]


# The bot's name as people call it, and what opens a question after it.
NAMES = frozenset({"memoria", "bot"})
ASKS = frozenset({"question_start", "definition", "question"})


def called(found: Sequence[str], spans: Sequence[Span], at: int) -> bool:
    """Whether the word at ``at`` calls the bot by its name before a question ("memoria qué
    es la ley 32419")."""
    return found[at] in NAMES and any(s.start == at + 1 and s.intent in ASKS for s in spans)


# Where a clause that says what is not asked turns to what is.
TURNS = frozenset({"sino", "but"})


def disowned(found: Sequence[str], spans: Sequence[Span], begin: int, end: int) -> int | None:
    """Where a clause that opens by saying what is not asked ("no es la amnistía de la SUNAT",
    "not the tax one") starts to ask: after its "sino" ("no me refiero a la tributaria sino
    a la de los militares"), else at its end; None for any other clause."""
    if not any(s.intent == "disowning" and s.start == begin for s in spans):
        return None
    return next((i + 1 for i in range(begin, end) if found[i] in TURNS), end)


def opening(
    spans: list[Span], begin: int, openers: frozenset[str], *, opens: bool, bare: bool
) -> list[Span]:
    """A clause's ``spans`` without what cannot open it at ``begin``: no opener (``openers``)
    in a run-on clause's later piece (not ``opens``), and no lone question word in a clause
    without "?" of a message that marks its questions with one (not ``bare``): "cuando vino la
    comisión de la verdad yo no fui" tells, it does not ask."""
    if opens and bare:
        return spans
    return [
        s
        for s in spans
        if not (
            s.start == begin
            and s.intent in openers
            and (not opens or (s.intent == "question_start" and s.end - s.start == 1))
        )
    ]
