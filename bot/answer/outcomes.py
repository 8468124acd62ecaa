"""The answers a free-text message ends in, once ``freetext`` has decided which: an item, a
choice among the closest items, a short kind reply, or the scope. Knows nothing of how the
decision was made, nor of Telegram or templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from bot.answer.buttons import Buttons
from bot.answer.contexts import (
    NotFoundContext,
    SmalltalkContext,
    SuggestionsContext,
    UnclearContext,
)
from bot.answer.model import Answer, Button, Kind
from bot.index import Match

Rows = tuple[tuple[Button, ...], ...]


class Outcomes:
    """Builds free text's answers with one set of buttons and one way to answer an item."""

    def __init__(
        self,
        buttons: Buttons,
        item: Callable[[str, str], Answer],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.buttons = buttons
        self.answer_item = item
        self.today = today
        self._answers: dict[tuple[str, str], Answer] = {}
        self._day: dt.date | None = None

    def item(self, match: Match, lang: str, rows: Rows) -> Answer:
        """The matched item's own answer, ``rows`` of buttons first."""
        # Answers are frozen and the content never changes while running: build each once a
        # day (whether old facts get their stale line depends on the day).
        today = self.today()
        if today != self._day:
            self._answers.clear()
            self._day = today
        answer = self._answers.get((match.item_id, lang))
        if answer is None:
            answer = self._answers[match.item_id, lang] = self.answer_item(match.item_id, lang)
        return Answer(
            answer.kind,
            answer.context,
            lang,
            match.item_id,
            match.confidence,
            (*rows, *answer.buttons),
        )

    def choices(
        self,
        kind: Kind,
        context: SuggestionsContext | UnclearContext,
        matches: Sequence[Match],
        lang: str,
        rows: Rows,
        *,
        third: float,
    ) -> Answer:
        """The closest items as buttons: two at least (the user picks between the close ones),
        a third from confidence ``third``; then ``rows`` and the menu."""
        choices = [*matches[:2], *(m for m in matches[2:3] if m.confidence >= third)]
        shown = {b.data for row in rows for b in row}
        chosen = tuple(
            (button,)
            for m in choices
            if (button := self.buttons.item(m.item_id, lang)).data not in shown
        )
        return Answer(
            kind,
            context,
            lang,
            matches[0].item_id,
            matches[0].confidence,
            (*chosen, *rows, *self.buttons.menu_row(lang)),
        )

    def smalltalk(self, kind: str, lang: str) -> Answer:
        """A short kind reply (greeting, thanks, acknowledgement…) and the menu button."""
        return Answer(
            "smalltalk", SmalltalkContext(kind), lang, buttons=self.buttons.menu_row(lang)
        )

    def condolence(self, topics: Sequence[str], lang: str) -> Answer:
        """A loss told with nothing asked: one sober sentence, ``topics`` to open if wanted,
        and the menu button."""
        rows = tuple((self.buttons.item(t, lang),) for t in topics)
        kind = "loss" if rows else "feeling"
        buttons = (*rows, *self.buttons.menu_row(lang))
        answer = Answer("smalltalk", SmalltalkContext(kind), lang, buttons=buttons)
        return acknowledged(answer, acknowledge="loss")

    def off_topic(self, text: str | None, lang: str) -> Answer:
        """A question about something else: what Memoria answers, and the menu button."""
        return Answer("fallback", NotFoundContext(text), lang, buttons=self.buttons.menu_row(lang))


def acknowledged(answer: Answer, *, acknowledge: str) -> Answer:
    """``answer`` opening with one sober sentence (``acknowledge`` names which)."""
    return Answer(
        answer.kind,
        answer.context,
        answer.lang,
        answer.item_id,
        answer.score,
        answer.buttons,
        acknowledge,
    )
