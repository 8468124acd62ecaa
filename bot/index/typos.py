"""Correct a misspelt word to the knowledge base's nearest word ("umanidad" -> "humanidad").

Words are corrected one by one, before synonyms join words into phrases. Targets are the words of
titles, keywords, example questions, names and synonyms; a symmetric-delete index (each target
and its one-letter deletions point back to it) finds the candidates without scanning them all.
Knows nothing of items or scoring: ``search`` decides what a known word is worth.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz.distance import OSA

# Words shorter than this are never corrected: too many real words lie one letter apart.
MIN_LENGTH = 5
# Below this length only a changed or swapped letter is corrected ("nomra"), not a missing or
# extra one: "balon" is not a typo of "balcon", nor "clima" of "lima".
SHORT = 6
# Corrections land on words at least this long.
TARGET_LENGTH = 5
# From this length, two edits are allowed (one below it).
LONG = 8
# Corrections remembered (then forgotten all at once).
KEPT = 50_000


# One word of a list of common words (no object per word until it is read).
_LISTED = re.compile(r"[a-z]+")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Hashed:
    """A large set of words kept as the sorted hashes of its words (8 bytes a word, where a
    set of strings takes about a hundred): tens of thousands of common words, looked up only
    for a word about to be corrected. Two words sharing a 64-bit hash are as good as never."""

    def __init__(self, words: Iterable[str]) -> None:
        self.hashes = array("q", sorted(hash(w) for w in words))

    def __contains__(self, word: str) -> bool:
        hashes, wanted = self.hashes, hash(word)
        at = bisect_left(hashes, wanted)
        return at < len(hashes) and hashes[at] == wanted


class Deletions:
    """A symmetric-delete index: each word and its one-letter deletions point back to it, so the
    words one or two edits from another are found without scanning them all."""

    def __init__(self, targets: Iterable[str]) -> None:
        near: defaultdict[str, list[str]] = defaultdict(list)
        for word in targets:
            for key in {word, *_deletes(word)}:
                near[key].append(word)
        # Tuples, not the lists they were built in: tens of thousands of keys, mostly one word.
        self.near = {key: tuple(found) for key, found in near.items()}

    def candidates(self, word: str) -> set[str]:
        """The targets sharing ``word`` or one of its one-letter deletions."""
        near = self.near
        return {c for key in (word, *_deletes(word)) for c in near.get(key, ())}


class Typos:
    """The nearest target of a word, by OSA distance, then by how often the content uses it."""

    def __init__(
        self,
        targets: Iterable[str],
        known: frozenset[str],
        frequency: Counter[str],
        *,
        understood: Callable[[str], bool],
        common: str = "",
    ) -> None:
        """Args:
        targets: the words a typo may be corrected into.
        known: words never corrected (every word of the content, stop words, chat words).
        frequency: how often the content uses each word, to break ties.
        understood: whether a word the content never uses still matches (a known stem).
        common: words of Spanish and English, one a line, never corrected either ("capital"
            is no typo of "capitán").
        """
        self.known = known
        self.frequency = frequency
        self.understood = understood
        self.near = Deletions(w for w in targets if len(w) >= TARGET_LENGTH and not w.isdigit())
        self.common = Hashed(found[0] for found in _LISTED.finditer(common))
        self.corrections: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The target ``word`` is a typo of, or None when it is known or too far from any."""
        if word in self.known or len(word) < MIN_LENGTH or word in self.common:
            return None
        if any(c.isdigit() for c in word):  # "1990s" is no typo of "1980s"
            return None
        if word in self.corrections:
            return self.corrections[word]
        found: str | None = None
        if not self.understood(word):
            limit = 2 if len(word) >= LONG else 1
            near = self.near.candidates(word)
            if len(word) < SHORT:
                near = {c for c in near if len(c) == len(word)}
            scored = [(OSA.distance(word, c), -self.frequency[c], c) for c in near]
            best = min((s for s in scored if s[0] <= limit), default=None)
            found = best[2] if best else None
        if len(self.corrections) >= KEPT:
            self.corrections.clear()
        self.corrections[word] = found
        return found
