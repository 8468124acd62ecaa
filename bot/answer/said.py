"""What a message gets before any search: a short reply to what is said to the bot (greetings,
thanks, "ok"), the scope for a message with nothing to search, help, the languages, "which
topic?" for a question pointing back at nothing, or a page of cases. Knows nothing of Telegram
or templates; ``freetext`` searches what this module leaves."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer.caselists import CaseLists
from bot.answer.model import Answer
from bot.answer.outcomes import Outcomes
from bot.answer.readings import Reading
from bot.answer.referents import Referent
from bot.answer.smalltalk import Smalltalk
from bot.index import Index


class Said:
    """Answers what needs no search, over one Index."""

    def __init__(
        self,
        index: Index,
        case_lists: CaseLists,
        smalltalk: Smalltalk,
        outcomes: Outcomes,
        help_: Callable[[str], Answer],
    ) -> None:
        self.index = index
        self.case_lists = case_lists
        self.smalltalk = smalltalk
        self.outcomes = outcomes
        self.help = help_

    def _about(self, introduction: str) -> bool:
        """Whether an introduction names more of the knowledge base than a place or case
        ("I'm a correspondent looking for sources on the amnesty"; not "soy de Huanta")."""
        index = self.index
        return index.anchors(introduction) > len(index.named_cases(introduction))

    def answer(
        self, reading: Reading, text: str, lang: str, referent: Referent | None
    ) -> Answer | None:
        """What a message gets before any search, or None: a short reply to what is said to
        the bot, the scope, help, "which topic?", or a page of cases."""
        if reading.chat:
            return self.outcomes.smalltalk(self.smalltalk.reply(reading.kinds), lang)
        if not reading.focus:
            return self.outcomes.off_topic(text, lang)
        if reading.introduced and not reading.questions and not self._about(reading.introduction):
            # "soy de Huanta", "saludos desde Huanta", "soy periodista": who writes, not what
            # about; the place they are from is not a question about its case.
            return self.outcomes.smalltalk("greeting", lang)
        asked = reading.focus.split()
        if not reading.context and self.smalltalk.is_help(asked):
            return self.help(lang)
        if not reading.context and self._languages(asked):
            return self.outcomes.smalltalk("languages", lang)
        if reading.dangling and referent is None:
            # "¿es verdad eso?", "¿qué pasó ahí?" with nothing told before: about what?
            return self.outcomes.smalltalk("which", lang)
        return self.case_lists.asked(reading.questions, reading.focus, lang, reading.around)

    def _languages(self, asked: list[str]) -> bool:
        """ "¿habla quechua?" (not "¿cuántas víctimas hablaban quechua?", the CVR's figures)."""
        smalltalk = self.smalltalk
        return smalltalk.is_language(asked) and not self.index.anchors(smalltalk.kept(asked))
