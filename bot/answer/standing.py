"""A question about how the one case a message names stands (its trial, its convictions, a
release: "ese ya está preso o lo van a soltar?", "what happened to those students in 1992?")
is first about that case: its page tells its trial and where it stands now. Without this, the
topics that share the question's words ("liberaciones", "procesos en curso", the Court's
judgment) outrank the case whose name is only in the story. Knows only the index and the
reading; ``freetext`` decides what to do with the order it returns.
"""

from __future__ import annotations

from bot.answer.readings import Reading
from bot.content import Content
from bot.index import Index, Match, Query
from bot.index.text import Phrases, intent_phrases

# From this confidence the best match is (almost) an item's own example question: left first,
# and the case never takes a confidence that would answer it directly.
SURE = 0.95


class Standing:
    """Puts the named case first for a question about where it stands."""

    def __init__(self, content: Content, index: Index) -> None:
        self.index = index
        # "¿hubo juicio?", "¿ya está preso?", "what happened to them?" (content/intents.yaml).
        self.cues = Phrases(intent_phrases(content.intents, "case_status"))
        self.related = {c.id: frozenset(c.related) for c in content.cases.values()}

    def first(self, reading: Reading, query: Query, matches: list[Match]) -> list[Match]:
        """``matches`` with the case the message names first, when it names one case only and
        its question asks where that case stands; as they are otherwise. Not for a bare cue
        ("¿qué puedo hacer?": a relative's question), an item's own example question, nor a
        question that names the amnesty itself."""
        if not query.cases or reading.bare or not self.cues.held(reading.focus.split()):
            return matches
        if query.subject:
            # "¿a Urresti lo soltaron por la amnistía?" asks about the amnesty's releases.
            return matches
        # A case named by a town the writer is from ("soy de Huanta") is less likely the one
        # asked about than one named by its own name ("Hugo Bustíos").
        case = self._one(query.titled or query.cases, matches)
        if case is None:
            return matches
        if not matches or matches[0].item_id == case or matches[0].confidence >= SURE:
            return matches
        top = matches[0]
        if self.index.institution(query, top.item_id, case):
            # "¿qué dijo la sentencia de la Corte IDH por La Cantuta?": the court's judgment.
            return matches
        found = next((m for m in matches if m.item_id == case), None)
        if found is None:
            found = next(iter(self.index.search(query, within=(case,))), None)
        if found is None:
            return matches
        # As sure as the item it goes before, and no surer: a choice between the two, first.
        first = Match(found.item_id, found.kind, found.score, top.confidence)
        return [first, *(m for m in matches if m.item_id != case)]

    def _one(self, cases: frozenset[str], matches: list[Match]) -> str | None:
        """The one case named, or of several, the best ranked of those whose related items
        are all the others ("¿por qué condenaron a Fujimori, por La Cantuta y Barrios
        Altos?": his trial)."""
        if len(cases) == 1:
            return next(iter(cases))
        covering = {c for c in cases if cases - {c} <= self.related.get(c, frozenset())}
        return next((m.item_id for m in matches if m.item_id in covering), None)
