"""Follow-ups: "¿y quién la firmó?", "in English please", "y las fuentes?" after an answer.

A chat's recent conversation leaves a ``Memory`` (its last clear language, the last topic or case
shown, the last case); handlers load it from the store and save what ``remember`` returns. A short
message that is only a follow-up cue (the ``followup_*`` lists of content/intents.yaml) is
answered about the remembered item: the item in another language, its detail, its sources, a
case's date and place, or the last case again. Anything else is left to the matcher (None).

Cues are compared like smalltalk: whole messages, folded; a message also matches when its words
other than stop words ("y", "please", "the"…) are exactly a cue's. Pure and synchronous; knows
nothing of Telegram or SQL. Composed into ``Answerer`` (answerer.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answer.contexts import FollowUpContext
from bot.answer.model import Answer
from bot.content import Case, Localized, Topic
from bot.index import words
from bot.index.text import STOP_WORDS

if TYPE_CHECKING:
    from bot.answer.answerer import Answerer

PREFIX = "followup_"
# The little words that may stand around a cue (intents.yaml), not a cue of their own.
FILLER = "followup_filler"
# followup_in_<language>: the last answer again, in that language.
IN_LANGUAGE = "in_"
# Answers that show one topic or case: what "the last item shown" means.
SHOWN = ("topic", "case", "followup")
# Answers that offer items as buttons to choose from.
CHOICES = ("suggestions", "unclear", "opinion")
# A message's language is clear when its stop words say so by at least this many.
CLEAR_BY = 2


@dataclass(frozen=True, slots=True)
class Memory:
    """What the conversation remembers: language, last item shown, last case (ids)."""

    lang: str | None = None
    last_item: str | None = None
    last_case: str | None = None


class FollowUps:
    """Recognises follow-up cues and answers them about the remembered item."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.content = answerer.content
        self.phrases: dict[tuple[str, ...], str] = {}
        self.content_words: dict[tuple[str, ...], str] = {}
        filler = self.content.intents.get(FILLER, {})
        self.filler = frozenset(w for texts in filler.values() for p in texts for w in words(p))
        for key, by_lang in self.content.intents.items():
            if not key.startswith(PREFIX) or key == FILLER:
                continue
            cue = key.removeprefix(PREFIX)
            for phrase in (p for texts in by_lang.values() for p in texts):
                found = tuple(words(phrase))
                self.phrases.setdefault(found, cue)
                meaningful = self._content(found)
                if meaningful:
                    self.content_words.setdefault(meaningful, cue)

    def cue(self, text: str) -> str | None:
        """detail, who, when, sources, case or in_<lang> when ``text`` is only that cue."""
        found = tuple(words(text))
        return self.phrases.get(found) or self.content_words.get(self._content(found) or ("",))

    def _content(self, found: tuple[str, ...]) -> tuple[str, ...]:
        # Only little words ("y", "please", "the") may stand around a cue: a longer question
        # that shares a cue's meaningful words ("where does your information come from") is not
        # a follow-up.
        return tuple(w for w in found if w not in self.filler)

    def answer(self, text: str, memory: Memory, lang: str) -> Answer | None:
        """The answer to a follow-up about the remembered item; None when it is not one."""
        cue = self.cue(text)
        if cue is None:
            return None
        if cue.startswith(IN_LANGUAGE):
            wanted = cue.removeprefix(IN_LANGUAGE)
            if wanted not in self.content.languages:
                return None
            if memory.last_item is None or self.content.item(memory.last_item) is None:
                return self.answerer.menu(wanted)
            return self.answerer.item(memory.last_item, wanted)
        if cue == "case":
            case = self.content.cases.get(memory.last_case or "")
            return self.answerer.item(case.id, lang) if case is not None else None
        item = self.content.item(memory.last_item or "")
        if item is None:
            return None
        if cue == "sources":
            return self._part("sources", item, lang)
        if cue in ("detail", "who") and isinstance(item, Topic) and item.detail is not None:
            return self._part("detail", item, lang)
        if cue == "when" and isinstance(item, Case):
            return self._part("when", item, lang)
        return self.answerer.item(item.id, lang)

    def language(self, text: str | None) -> str | None:
        """The language ``text`` asks for or is clearly written in; None when unclear."""
        if not text:
            return None
        cue = self.cue(text)
        if cue is not None and cue.startswith(IN_LANGUAGE):
            wanted = cue.removeprefix(IN_LANGUAGE)
            return wanted if wanted in self.content.languages else None
        found = words(text)
        # Stop words of one language only, as in bot.index.guess_language, but by a margin.
        counts = sorted(
            (sum(1 for w in found if w in mine and not any(w in o for o in others)), lang)
            for lang, mine, others in _stop_words()
        )
        (second, _), (first, lang) = counts[-2], counts[-1]
        if first - second >= CLEAR_BY and lang in self.content.languages:
            return lang
        return None

    def remember(self, memory: Memory, text: str | None, answer: Answer) -> Memory:
        """The memory after ``answer`` was given to ``text`` (None for a button or command)."""
        last_item, last_case = memory.last_item, memory.last_case
        shown = answer.kind in SHOWN and answer.item_id is not None
        if shown:
            last_item = answer.item_id
        if shown and answer.item_id in self.content.cases:
            last_case = answer.item_id
        elif shown or answer.kind in CHOICES:
            # The case offered first as a button (among choices, or beside a relative's
            # answer) is the one "qué puedo hacer" may be about next.
            offered = (b.item for row in answer.buttons for b in row if b.item)
            last_case = next((i for i in offered if i in self.content.cases), last_case)
        return Memory(self.language(text) or memory.lang, last_item, last_case)

    def _part(self, part: str, item: Topic | Case, lang: str) -> Answer:
        shown: list[Localized] = [item.title if isinstance(item, Topic) else item.name]
        detail = date = place = None
        if part == "detail" and isinstance(item, Topic) and item.detail is not None:
            detail = item.detail.text(lang)
            shown.append(item.detail)
        if part == "when" and isinstance(item, Case):
            date = item.date.text(lang)
            shown.append(item.date)
            where = (item.place.district, item.place.province, item.place.department)
            place = ", ".join(dict.fromkeys(p for p in where if p))
        context = FollowUpContext(
            part=part,
            title=shown[0].text(lang),
            detail=detail,
            date=date,
            place=place,
            sources=item.sources,
            untranslated=any(not text.has(lang) for text in shown),
        )
        buttons = self.answerer.buttons
        rows = ((buttons.item(item.id, lang),), *buttons.menu_row(lang))
        return Answer("followup", context, lang, item.id, 1.0, rows)


def _stop_words() -> list[tuple[str, frozenset[str], list[frozenset[str]]]]:
    """Each language's stop words, with every other language's."""
    return [
        (lang, mine, [theirs for other, theirs in STOP_WORDS.items() if other != lang])
        for lang, mine in STOP_WORDS.items()
    ]
