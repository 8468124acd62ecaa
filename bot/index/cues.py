"""How a question opens ("cuántos", "qué puedo hacer", "cuándo", "who", "what can we do"): the
kind of answer it wants. The openings are the question phrases of content/intents.yaml; an item's
profile is how its own example questions open, so "cuántos murieron en Putis" leans to items whose
examples ask how many, and "qué puedo hacer" to those that say what to do. Knows nothing of
scoring (``search`` adds ``CUE_RANK`` times the share of the item's examples opening the same way).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.content import Content
from bot.index.documents import Source
from bot.index.text import stem, words

# The cue of a question asking what a word means, however it asks.
DEFINITION = "definition"
# Words a question may open with before its cue: "y cuántos...", "and when...".
_LEADS = frozenset({"y", "and", "pero", "but", "entonces", "so"})
# Words that ask what a word means wherever they stand ("el fiscal dice lesa humanidad, ¿qué
# significa eso?"); "qué es" asks it only where a question opens.
_DEFINING = frozenset({"significa", "significan", "significado", "definicion", "mean", "means"})
_DEFINING |= frozenset({"meaning", "definition"})


class Cues:
    """How a question opens ("cuántos", "qué puedo hacer", "when"), from the question phrases
    of content/intents.yaml: the kind of answer it wants."""

    def __init__(self, content: Content, spelled: dict[str, str]) -> None:
        self.spellings = spelled
        self.phrases: dict[tuple[str, ...], str] = {}
        for key in ("question", "question_start", "definition", "question_verb"):
            for texts in content.intents.get(key, {}).values():
                for text in texts:
                    found = tuple(words(text))
                    if found:
                        self.phrases[found] = " ".join(stem(w, "es") for w in found)
        # However a question asks what a word means ("qué es", "qué significa", "what does"),
        # it wants a definition; it may ask it last ("amnistía, ¿qué quiere decir?").
        self.defining = frozenset(
            found
            for texts in content.intents.get("definition", {}).values()
            for text in texts
            if (found := tuple(words(text)))
        )
        for found in self.defining:
            self.phrases[found] = DEFINITION
        self.longest = max((len(p) for p in self.phrases), default=0)

    def opening(self, text: str | Sequence[str]) -> str:
        """The cue a text (or its folded words) opens with, or ''."""
        said = words(text) if isinstance(text, str) else text
        spelled = self.spellings
        found = [spelled.get(w, w) for w in said[: self.longest + 1]]
        if found[:1] and found[0] in _LEADS:
            found = found[1:]
        for size in range(min(self.longest, len(found)), 0, -1):
            cue = self.phrases.get(tuple(found[:size]))
            if cue is not None:
                return cue
        last = [spelled.get(w, w) for w in said[-self.longest :]]
        if any(tuple(last[-size:]) in self.defining for size in range(1, len(last) + 1)):
            return DEFINITION
        return DEFINITION if not _DEFINING.isdisjoint(said) else ""

    def profile(self, source: Source) -> dict[str, float]:
        """The share of an item's example questions (and title) opening with each cue."""
        found = Counter(self.opening(f.text) for f in source.fields if f.phrase and not f.body)
        total = sum(found.values()) or 1
        return {cue: n / total for cue, n in found.items() if cue}
