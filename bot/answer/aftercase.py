"""What a message gets right after a case was shown (the conversation remembers it): "¿y qué
puedo hacer?" is a relative asking what to do; "¿hubo juicio?" is about that case. Knows nothing
of Telegram or templates; ``freetext`` hands it such messages."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.buttons import Buttons
from bot.answer.confidence import SUGGEST_THIRD, Confidence
from bot.answer.contexts import SuggestionsContext
from bot.answer.model import Answer
from bot.answer.outcomes import Outcomes
from bot.answer.readings import Reading
from bot.index import Index, Match


class AfterCase:
    """Answers a message that follows a case, over one Index."""

    def __init__(
        self,
        index: Index,
        buttons: Buttons,
        confidence: Confidence,
        outcomes: Outcomes,
        topic_ids: frozenset[str],
    ) -> None:
        self.index = index
        self.buttons = buttons
        self.confidence = confidence
        self.outcomes = outcomes
        self.topic_ids = topic_ids

    def answer(
        self, reading: Reading, case: str, text: str, matches: Sequence[Match], lang: str
    ) -> Answer:
        """Right after a case: "¿y qué puedo hacer?" is a relative's question (``_after_case``);
        "¿hubo juicio?", "¿cuántos murieron?" are about that case (its page tells its trial and
        its dead), unless something else is asked outright."""
        if reading.bare:
            return self._after_case(reading, case, text, lang)
        if matches and matches[0].item_id != case and self.confidence.sure_of(matches):
            return self.outcomes.item(matches[0], lang, ())
        shown = next((m for m in matches if m.item_id == case), None)
        return self.outcomes.item(shown or Match(case, "case", 0.0, 1.0), lang, ())

    def _after_case(self, reading: Reading, case: str, text: str, lang: str) -> Answer:
        """ "qué puedo hacer" after a case was shown: a relative asking what to do, answered
        with the topic that says it (the conversation settles what the words alone leave
        open), the case a button."""
        rows = ((self.buttons.item(case, lang),),)
        topics = self.index.search(self.index.query(reading.focus), within=self.topic_ids)
        if topics and topics[0].confidence >= self.confidence.suggest:
            return self.outcomes.item(topics[0], lang, rows)
        context = SuggestionsContext(text)
        third = self.confidence.suggest * SUGGEST_THIRD
        return self.outcomes.choices("suggestions", context, topics, lang, rows, third=third)
