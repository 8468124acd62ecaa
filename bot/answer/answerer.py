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
    CategoryContext,
    ErrorContext,
    ForgetContext,
    GroupIntroContext,
    HelpContext,
    LanguageContext,
    MenuContext,
    NewsContext,
    NewsLine,
    NotFoundContext,
    PrivacyContext,
    ReferencesContext,
    UsageContext,
    WelcomeContext,
)
from bot.answer.followup import FollowUps, Memory
from bot.answer.freetext import FreeText
from bot.answer.layers import Layers
from bot.answer.model import Answer, Button
from bot.answer.news import latest
from bot.answer.references import citations
from bot.content import Alert, Case, Content, Localized, Topic
from bot.index import Index, fold, guess_language, words

# Commands that open a category of topics.
# The category whose menu also shows the official contact pages of content/contact.yaml.
CONTACT_CATEGORY = "congress"
CATEGORY_COMMANDS = {"law": "law", "rights": "rights", "congress": "congress"}
# /caso NAME opens a case from this confidence; a place or year in a question names a case
# from ANSWER_AT (free text decides with ``freetext.Confidence``).
ANSWER_AT = 0.62
SUGGEST_AT = 0.54
INLINE_AT = 0.3


class Answerer(AlertAnswers):
    """Turns requests into Answers over one Content and its Index."""

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
        self.question_retention_days = question_retention_days
        self.buttons = Buttons(content)
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
        self.free_text = FreeText(
            content,
            index,
            self.buttons,
            self.case_lists,
            item=self.item,
            help_=self.help,
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

    def ask(self, text: str, lang: str) -> Answer:
        """Answer a free-text message (see ``freetext``)."""
        if len(text) > self.max_question_chars:
            return self.usage("too_long", lang, limit=self.max_question_chars)
        return self.free_text.ask(text, lang)

    def _fallback(self, text: str | None, lang: str, *, gone: bool = False) -> Answer:
        return Answer(
            "fallback", NotFoundContext(text, gone), lang, buttons=self.buttons.category_rows(lang)
        )

    # -- items -------------------------------------------------------------------------------

    def item(self, item_id: str, lang: str, layer: str = "summary") -> Answer:
        """A layer of the answer for a topic or case id (``callbacks.LAYERS``; the first by
        default); the menu, kindly, when the item no longer exists."""
        found = self.content.item(item_id)
        if found is None:
            return self._fallback(None, lang, gone=True)
        return self.layers.answer(found, layer, lang)

    def find_case(self, name: str, lang: str) -> Answer:
        """/caso NAME: the case, a case list for a place or year, or suggestions."""
        if not name.strip():
            return self.usage("case", lang)
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

    # -- menus -------------------------------------------------------------------------------

    def welcome(self, lang: str) -> Answer:
        """/start: the greeting and the main menu."""
        return Answer("welcome", WelcomeContext(), lang, buttons=self.buttons.category_rows(lang))

    def privacy(self, lang: str, *, conversation_hours: int = 6) -> Answer:
        """/privacidad: exactly what is stored, and for how long."""
        context = PrivacyContext(self.question_retention_days, conversation_hours)
        return Answer("privacy", context, lang, buttons=self.buttons.menu_row(lang))

    def forget(self, lang: str, *, state: str, rows: int = 0) -> Answer:
        """/olvidar: ask to confirm, then say what was deleted (or that nothing was)."""
        buttons: tuple[tuple[Button, ...], ...] = ()
        if state == "ask":
            buttons = (
                (
                    Button(self.buttons.t(lang, "forget.confirm"), data=callbacks.FORGET_YES),
                    Button(self.buttons.t(lang, "forget.cancel"), data=callbacks.FORGET_NO),
                ),
            )
        return Answer("forget", ForgetContext(state, rows), lang, buttons=buttons)

    def group_intro(self, lang: str) -> Answer:
        """The one short introduction posted when the bot joins a group."""
        return Answer("group_intro", GroupIntroContext(), lang)

    def help(self, lang: str) -> Answer:
        """/ayuda: how to use the bot, every command in the user's language."""
        return Answer(
            "help",
            HelpContext(self.buttons.commands(lang)),
            lang,
            buttons=self.buttons.menu_row(lang),
        )

    def menu(self, lang: str) -> Answer:
        """The main menu: one button per category, and the cases."""
        return Answer("menu", MenuContext(), lang, buttons=self.buttons.category_rows(lang))

    def news(self, lang: str) -> Answer:
        """The newest headlines first, each one tap from its item (/novedades)."""
        headlines = latest(self.content.news)
        lines = tuple(NewsLine(h.text.text(lang), h.date) for h in headlines)
        items = dict.fromkeys(h.item for h in headlines)
        rows = tuple((self.buttons.item(item_id, lang),) for item_id in items)
        return Answer(
            "news", NewsContext(lines), lang, buttons=(*rows, *self.buttons.menu_row(lang))
        )

    def references(self, wanted: str, lang: str) -> Answer:
        """/fuentes TEMA: the APA references of the topic or case that ``wanted`` names."""
        wanted = wanted.strip()
        if not wanted:
            return self.usage("sources", lang)
        found = self.content.item(wanted)
        if found is None:
            matches = self.index.search(wanted, limit=1)
            if matches and matches[0].confidence >= SUGGEST_AT:
                found = self.content.item(matches[0].item_id)
        if found is None:
            return self.usage("sources_unknown", lang)
        title = found.title.text(lang) if isinstance(found, Topic) else found.name.text(lang)
        context = ReferencesContext(title, citations(found.sources))
        return Answer(
            "references",
            context,
            lang,
            found.id,
            buttons=((self.buttons.item(found.id, lang),), *self.buttons.menu_row(lang)),
        )

    def category(self, category_id: str, lang: str) -> Answer:
        """A category's topics as buttons, with a back button."""
        found = next((c for c in self.content.categories if c.id == category_id), None)
        if found is None:
            return self._fallback(None, lang, gone=True)
        topics = [t for t in self.content.topics.values() if t.category == category_id]
        rows = tuple((self.buttons.item(t.id, lang),) for t in topics)
        contact = self.content.contact
        if category_id == CONTACT_CATEGORY and contact is not None:
            rows += tuple((Button(link.title.text(lang), url=link.url),) for link in contact.links)
        back = (Button(self.buttons.t(lang, "menu.back"), data=callbacks.MENU),)
        return Answer(
            "category", CategoryContext(found.title.text(lang)), lang, buttons=(*rows, back)
        )

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
            return self.welcome(lang)
        if key == "help":
            return self.help(lang)
        if key == "topics":
            return self.menu(lang)
        if key in CATEGORY_COMMANDS:
            return self.category(CATEGORY_COMMANDS[key], lang)
        if key == "case":
            return self.find_case(argument, lang)
        if key == "cases":
            wanted = self.case_filter(argument + " casos") if argument else None
            return self.cases(wanted.label if wanted else fold(argument)[:40], 1, lang)
        if key == "language":
            return self.language_choice(lang, changed=False)
        if key == "news":
            return self.news(lang)
        if key == "sources":
            return self.references(argument, lang)
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
            return self.category(callback.value, lang)
        if callback.action == "menu":
            return self.menu(lang)
        if callback.action == "news":
            return self.news(lang)
        if callback.action == "cases":
            return self.cases(callback.value, callback.page, lang)
        return None

    # -- small answers -----------------------------------------------------------------------

    def usage(self, key: str, lang: str, *, limit: int = 0) -> Answer:
        """A usage line for bad command input."""
        commands = self.buttons.commands(lang) if key == "unknown_command" else ()
        return Answer(
            "usage", UsageContext(key, limit, commands), lang, buttons=self.buttons.menu_row(lang)
        )

    def error(self, lang: str) -> Answer:
        """The apology for anything unexpected."""
        return Answer("error", ErrorContext(), lang)

    def language_choice(self, lang: str, *, changed: bool, refused: bool = False) -> Answer:
        """Ask for a language, or confirm a switch."""
        rows = tuple(
            (
                Button(
                    self.content.strings(code).get("language_name", code),
                    data=callbacks.language(code),
                ),
            )
            for code in self.content.languages
        )
        context = LanguageContext(changed, refused)
        return Answer("language", context, lang, buttons=() if changed or refused else rows)

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
