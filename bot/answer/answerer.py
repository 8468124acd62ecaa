"""Decide what to say: a question, a command or a button press -> an ``Answer``.

Free text is read and answered by ``freetext`` (a direct answer, a did-you-mean, "not
understood", off-topic, a short reply, an opinion's topics, a case list). Knows nothing of
Telegram: buttons are plain records that handlers turn into keyboards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property

from bot.answer import callbacks
from bot.answer.alerts import AlertAnswers
from bot.answer.buttons import Buttons
from bot.answer.callbacks import Callback
from bot.answer.caselists import CaseFilter, CaseLists
from bot.answer.contexts import (
    AlertContext,
)
from bot.answer.followup import FollowUps, Memory
from bot.answer.freetext import FreeText
from bot.answer.layers import Layers
from bot.answer.model import Answer
from bot.answer.referents import Referents
from bot.answer.replies import Replies
from bot.answer.titles import titled
from bot.content import Alert, Case, Content, Localized
from bot.index import Index, fold, guess_language, words

# Commands that open a category of topics.
CATEGORY_COMMANDS = {"law": "law", "rights": "rights", "congress": "congress"}
# /caso NAME opens a case from this confidence; a place or year in a question names a case
# from ANSWER_AT (free text decides with ``freetext.Confidence``).
ANSWER_AT = 0.62
SUGGEST_AT = 0.54
INLINE_AT = 0.3


class Answerer:
    """Turns requests into Answers over one Content and its Index.

    Composed of parts, each in its own module: ``replies`` (welcome, help, menus, usage…),
    ``alerts`` (/alertas and /broadcast), ``layers`` (an item's answer layer by layer),
    ``case_lists``, ``free_text`` (reading a message) and ``follow_ups``. This class reads
    commands and button presses and sends each to the part that answers it.
    """

    def __init__(
        self,
        content: Content,
        index: Index,
        *,
        default_language: str = "es",
        max_question_chars: int = 4096,
        question_retention_days: int = 90,
        stale_after_days: int = 120,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.content = content
        self.index = index
        self.default_language = default_language
        self.max_question_chars = max_question_chars
        self.buttons = Buttons(content)
        self.replies = Replies(
            content,
            index,
            self.buttons,
            question_retention_days=question_retention_days,
            names_item_at=SUGGEST_AT,
        )
        self.alerts = AlertAnswers(content)
        self.layers = Layers(content, self.buttons, stale_after_days=stale_after_days, today=today)
        self.case_lists = CaseLists(
            content,
            index,
            self.buttons,
            listing={
                " ".join(words(p))
                for texts in content.intents.get("case_list", {}).values()
                for p in texts
            },
            names_case_at=ANSWER_AT,
        )
        self.referents = Referents(content, index)
        self.free_text = FreeText(
            content,
            index,
            self.buttons,
            self.case_lists,
            item=self.item,
            help_=self.replies.help,
            cue=self.referents.cue,
            today=today,
        )

    @property
    def case_order(self) -> list[Case]:
        """Every case, in the order lists show them."""
        return self.case_lists.case_order

    def case_filter(self, text: str) -> CaseFilter | None:
        """Departments and years named in a question that asks for cases, or None."""
        return self.case_lists.filter(text)

    def cases(self, filter_text: str | None, page: int, lang: str) -> Answer:
        """A page of the case list, filtered by departments and years in ``filter_text``."""
        return self.case_lists.page(filter_text, page, lang)

    # -- language ----------------------------------------------------------------------------

    def language(
        self,
        text: str | None,
        *,
        chosen: str | None,
        client: str | None,
        remembered: str | None = None,
    ) -> str:
        """The reply language: the user's choice, else the question's, else the one the
        conversation last clearly used, else the client's."""
        if chosen in self.content.languages:
            return chosen
        guessed = guess_language(text) if text else None
        if guessed is not None:
            return guessed
        if remembered in self.content.languages:
            return remembered
        short = (client or "").split("-")[0].lower()
        if short in self.content.languages:
            return short
        return self.default_language

    # -- free text ---------------------------------------------------------------------------

    def ask(self, text: str, lang: str, memory: Memory | None = None) -> Answer:
        """Answer a free-text message (see ``freetext``), read with the item the conversation
        remembers when it points back to it (``referents``)."""
        if len(text) > self.max_question_chars:
            return self.replies.usage("too_long", lang, limit=self.max_question_chars)
        referent = self.referents.recall(text, memory, lang)
        cue = self.referents.cue(text)
        return self.free_text.ask(cue or text, lang, referent, only_what_to_do=cue is not None)

    # -- items -------------------------------------------------------------------------------

    def item(self, item_id: str, lang: str, layer: str = "summary") -> Answer:
        """A layer of the answer for a topic or case id (``callbacks.LAYERS``; the first by
        default); the menu, kindly, when the item no longer exists."""
        found = self.content.item(item_id)
        if found is None:
            return self.replies.fallback(None, lang, gone=True)
        return self.layers.answer(found, layer, lang)

    def find_case(self, name: str, lang: str) -> Answer:
        """/caso NAME: the case, a case list for a place or year, or suggestions."""
        if not name.strip():
            return self.replies.usage("case", lang)
        wanted = self.case_filter(name)
        matches = [m for m in self.index.search(name, limit=8) if m.kind == "case"]
        if matches and matches[0].confidence >= SUGGEST_AT:
            return self.item(matches[0].item_id, lang)
        if wanted is not None:
            return self.cases(wanted.label, 1, lang)
        return self.cases(fold(name)[:40], 1, lang)

    def alert(self, alert: Alert, lang: str) -> Answer:
        """An alert exactly as subscribers in ``lang`` see it."""
        rows = tuple((self.buttons.item(i, lang),) for i in alert.related if self.content.item(i))
        context = AlertContext(
            alert.title.text(lang),
            alert.body.text(lang),
            alert.sources,
            untranslated=_untranslated(lang, alert.title, alert.body),
        )
        return Answer("alert", context, lang, alert.id, 1.0, rows)

    # -- inline mode -------------------------------------------------------------------------

    def inline_ids(self, query: str, *, limit: int) -> list[str]:
        """Topic and case ids for an inline query, best first; the menu's first topics if empty.

        A query that is exactly an id (what the share button pre-fills) puts that item first.
        """
        text = query.strip()
        if not text:
            firsts = [
                next(t.id for t in self.content.topics.values() if t.category == c.id)
                for c in self.content.categories
                if any(t.category == c.id for t in self.content.topics.values())
            ]
            return [*firsts, *(c.id for c in self.case_order)][:limit]
        found = [
            m.item_id for m in self.index.search(text, limit=limit) if m.confidence >= INLINE_AT
        ]
        # A card whose title names what was typed ("familiares") is the one people look for.
        found.sort(key=lambda i: not titled(self.content, self.index, i, text))
        if self.content.item(text.lower()) is not None:
            found = [text.lower(), *(i for i in found if i != text.lower())]
        return found[:limit]

    def card(self, item_id: str, lang: str) -> tuple[str, str]:
        """An inline card's title and one-line description for a topic or case."""
        topic = self.content.topics.get(item_id)
        if topic is not None:
            # One line: the summary's start, its paragraphs and list lines run together.
            return topic.title.text(lang), " ".join(topic.summary.text(lang).split())
        case = self.content.cases[item_id]
        return case.name.text(lang), f"{case.date.text(lang)} · {case.place.department}"

    # -- commands and buttons ---------------------------------------------------------------

    def command(self, key: str, argument: str, lang: str) -> Answer | None:
        """The answer to a content command (see commands.py), or None for one that needs state.

        /start PAYLOAD opens that topic or case; an unknown payload gets the welcome, kindly.
        """
        argument = argument.strip()
        if key == "start":
            item_id, layer = callbacks.parse_start(argument)
            if item_id and self.content.item(item_id) is not None:
                return self.item(item_id, lang, layer)
            return self.replies.welcome(lang)
        if key == "help":
            return self.replies.help(lang)
        if key == "topics":
            return self.replies.menu(lang)
        if key in CATEGORY_COMMANDS:
            return self.replies.category(CATEGORY_COMMANDS[key], lang)
        if key == "case":
            return self.find_case(argument, lang)
        if key == "cases":
            wanted = self.case_filter(argument + " casos") if argument else None
            return self.cases(wanted.label if wanted else fold(argument)[:40], 1, lang)
        if key == "language":
            return self.replies.language_choice(lang, changed=False)
        if key == "news":
            return self.replies.news(lang)
        if key == "sources":
            return self.replies.references(argument, lang)
        return None

    def press(self, callback: Callback, lang: str) -> Answer | None:
        """The answer to a menu button, or None for one that needs state (feedback, language).

        A layer button names its language (the message's, which may not be the chat's, as on
        an inline result): a layer is shown in it when the bot speaks it.
        """
        if callback.layer:
            shown = callback.lang if callback.lang in self.content.languages else lang
            return self.item(callback.value, shown, callback.layer)
        if callback.action == "item":
            return self.item(callback.value, lang)
        if callback.action == "category":
            return self.replies.category(callback.value, lang)
        if callback.action == "menu":
            return self.replies.menu(lang)
        if callback.action == "news":
            return self.replies.news(lang)
        if callback.action == "cases":
            return self.cases(callback.value, callback.page, lang)
        return None

    def menu(self, lang: str) -> Answer:
        """The main menu (``replies.menu``; follow-ups fall back to it)."""
        return self.replies.menu(lang)

    # -- follow-ups (followup.py) -----------------------------------------------------------

    @cached_property
    def follow_ups(self) -> FollowUps:
        """Follow-up cues and their answers over this content."""
        return FollowUps(self)

    def follow_up(self, text: str, memory: Memory, lang: str) -> Answer | None:
        """The answer to a follow-up ("¿y quién la firmó?") about ``memory``'s item, or None."""
        return self.follow_ups.answer(text, memory, lang)

    def remember(self, memory: Memory, text: str | None, answer: Answer) -> Memory:
        """What the conversation remembers after ``answer`` (to ``text``, if typed)."""
        return self.follow_ups.remember(memory, text, answer)


def _untranslated(lang: str, *texts: Localized | None) -> bool:
    """Whether any text of an item is shown in Spanish because ``lang`` has no translation."""
    return any(text is not None and not text.has(lang) for text in texts)
