"""Whether a message is about something else: another amnesty ("la amnistía tributaria", "did
Russia give amnesty to its prisoners?") or a matter of today ("mi sobrina no regresa desde el
sábado"). Where the writer is ("Hello from Germany! I'm a student writing about the amnesty")
says nothing of what is asked: an introduction that places the message abroad is left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.answer.confidence import Confidence
from bot.answer.readings import Naming, Reading
from bot.index import Index, Match, words

# A message up to this long is looked at whole for another amnesty or today's matter when
# not answered directly (past it, reading it all again costs more than the answer itself).
WHOLE_CHARS = 1200


class Elsewhere:
    """Tells a message about something else, over one Index."""

    def __init__(self, index: Index, confidence: Confidence) -> None:
        self.index = index
        self.confidence = confidence

    def __call__(
        self, reading: Reading, query: Naming, text: str, matches: Sequence[Match], direct: bool
    ) -> bool:
        """Only an example question is answered; a message not answered directly is also
        looked at whole, but for its introductions ("…sobre la ley de amnistía de España, la
        de los independentistas. ¿Me haces un resumen con fechas?")."""
        named = self.index.named
        if reading.introduction and reading.elsewhere(named(reading.introduction)):
            query = named(f"{reading.focus} {reading.context}")
        if reading.elsewhere(query) and not (matches and self.confidence.sure_of(matches)):
            return True
        if direct or not reading.left or len(text) > WHOLE_CHARS:
            return False
        # Each word of the introductions is left out once: the rest may name it again ("I'm a
        # Chilean researcher comparing that with Peru, and I read that Peru's new law...").
        aside = Counter(reading.introduction.split())
        rest = [w for w in words(text) if not _spent(aside, w)]
        return reading.elsewhere(named(" ".join(rest)))


def _spent(aside: Counter[str], word: str) -> bool:
    """Whether ``word`` is one of ``aside`` still to leave out (and leave it out)."""
    if aside[word] <= 0:
        return False
    aside[word] -= 1
    return True
