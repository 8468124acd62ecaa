"""Decide what to say: a question, a command or a button press -> an ``Answer``.

Three honest outcomes for free text, by the index's calibrated confidence: a direct answer, a
"did you mean" with 2-3 choices, or the fallback with the menu. Greetings, thanks and "help" get
short replies; "casos en ayacucho" or "masacres de 1984" get a case list. Knows nothing of
Telegram: buttons are plain records that handlers turn into keyboards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answer import callbacks
from bot.answer.alerts import AlertAnswers
from bot.answer.callbacks import Callback
from bot.answer.commands import COMMANDS
from bot.answer.contexts import (
    AlertContext,
    CaseContext,
    CaseLine,
    CaseListContext,
    CategoryContext,
    CommandLine,
    ErrorContext,
    ForgetContext,
    GroupIntroContext,
    HelpContext,
    LanguageContext,
    MenuContext,
    NotFoundContext,
    PrivacyContext,
    SmalltalkContext,
    SuggestionsContext,
    TopicContext,
    UsageContext,
    WelcomeContext,
)
from bot.answer.model import Answer, Button
from bot.content import Alert, Case, Content, Localized, Topic
from bot.index import Index, Match, fold, guess_language, words
from bot.index.text import ALL_STOP_WORDS

# Intents answered with a short reply, and words a short reply may carry besides its phrases.
CHAT_INTENTS = ("greeting", "thanks", "bye")
CHAT_FILLER = frozenset({"memoria", "bot", "ok", "okay", "ya", "xd"})
NATIONWIDE = frozenset({"peru"})
_DEPARTMENT_PARTS = re.compile(r",| y | and |\(|\)")
_DIMINUTIVE = re.compile(r"(c?it[oa]s?)$")
_RUNS = re.compile(r"(.)\1+")
# A question asking for a case list names a place or year and at most this many other words.
MAX_LIST_WORDS = 4
# A greeting or thanks is short; longer messages are questions, however polite.
CHAT_MAX_WORDS = 8
# Commands that open a category of topics.
# The category whose menu also shows the official contact pages of content/contact.yaml.
CONTACT_CATEGORY = "congress"
CATEGORY_COMMANDS = {"law": "law", "rights": "rights", "congress": "congress"}
ANSWER_AT = 0.62
MARGIN = 0.03
# An (almost) exact example question or name: answer even when a neighbour is close.
SURE_AT = 0.97
SUGGEST_AT = 0.54
INLINE_AT = 0.3
CASES_PER_PAGE = 8
BUTTON_CHARS = 48


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What a case-list question asked for: departments and years (either may be empty)."""

    departments: frozenset[str]
    years: frozenset[int]
    label: str


class Answerer(AlertAnswers):
    """Turns requests into Answers over one Content and its Index."""

    def __init__(
        self,
        content: Content,
        index: Index,
        *,
        default_language: str = "es",
        max_question_chars: int = 1000,
        question_retention_days: int = 90,
    ) -> None:
        self.content = content
        self.index = index
        self.default_language = default_language
        self.max_question_chars = max_question_chars
        self.question_retention_days = question_retention_days
        self.intents = {
            intent: {" ".join(words(p)) for texts in by_lang.values() for p in texts}
            for intent, by_lang in content.intents.items()
        }
        self._answers: dict[tuple[str, str], Answer] = {}
        self.chat_phrases = [
            (intent, tuple(words(p)))
            for intent in CHAT_INTENTS
            for texts in content.intents.get(intent, {}).values()
            for p in texts
        ]
        self.chat_phrases.sort(key=lambda pair: -len(pair[1]))
        self.chat_words = frozenset(_squeeze(w) for _, phrase in self.chat_phrases for w in phrase)
        self.long_chat_words = sorted(w for w in self.chat_words if len(w) >= 5)
        self.departments: dict[str, str] = {}
        for case in content.cases.values():
            for part in _DEPARTMENT_PARTS.split(case.place.department):
                name = fold(part)
                # "Todo el país (sobre todo zonas rurales…)" or "Perú" names no department.
                if name and " " not in name and name not in NATIONWIDE:
                    self.departments[name] = part.strip()
        self.case_order = sorted(
            content.cases.values(), key=lambda c: (c.kind != "state", min(c.years), c.id)
        )

    # -- language ----------------------------------------------------------------------------

    def language(self, text: str | None, *, chosen: str | None, client: str | None) -> str:
        """The reply language: the user's choice, else the question's, else the client's."""
        if chosen in self.content.languages:
            return chosen
        guessed = guess_language(text) if text else None
        if guessed is not None:
            return guessed
        short = (client or "").split("-")[0].lower()
        if short in self.content.languages:
            return short
        return self.default_language

    # -- free text ---------------------------------------------------------------------------

    def ask(self, text: str, lang: str) -> Answer:
        """Answer a free-text question."""
        if len(text) > self.max_question_chars:
            return self.usage("too_long", lang, limit=self.max_question_chars)
        found = self.index.normalize(text)
        if not found:
            return self._fallback(text, lang)
        if self._is_help(found):
            return self.help(lang)
        chat = self._chat_intent(found)
        if chat is not None:
            return Answer("smalltalk", SmalltalkContext(chat), lang, buttons=self._menu_row(lang))
        wanted = self.case_filter(" ".join(found))
        if wanted is not None and not self._names_case(text, wanted):
            return self.cases(wanted.label, 1, lang)
        matches = self.index.search(text)
        if not matches or matches[0].confidence < SUGGEST_AT:
            return self._fallback(text, lang)
        best = matches[0]
        runner_up = matches[1].confidence if len(matches) > 1 else 0.0
        clear = best.confidence - runner_up >= MARGIN or best.confidence >= SURE_AT
        if best.confidence >= ANSWER_AT and clear:
            # Answers are frozen and the content never changes while running: build each once.
            answer = self._answers.get((best.item_id, lang))
            if answer is None:
                answer = self._answers[best.item_id, lang] = self.item(best.item_id, lang)
            return Answer(
                answer.kind, answer.context, lang, best.item_id, best.confidence, answer.buttons
            )
        return self._suggestions(text, matches, lang)

    def _names_case(self, text: str, wanted: CaseFilter) -> bool:
        """Whether a question with a place or year also names one case ("putis 1984")."""
        listing = self.intents.get("case_list", set())
        rest = [
            w
            for w in words(text)
            if w not in wanted.departments and not w.isdigit() and w not in listing
        ]
        if not rest:
            return False
        matches = self.index.search(" ".join(rest), limit=1)
        return bool(matches) and matches[0].kind == "case" and matches[0].confidence >= ANSWER_AT

    def case_filter(self, text: str) -> CaseFilter | None:
        """Departments and years named in a question that asks for cases, or None."""
        found = words(text)
        departments = frozenset(w for w in found if w in self.departments)
        years = frozenset(int(w) for w in found if w.isdigit() and _is_year(w))
        if not departments and not years:
            return None
        listing = self.intents.get("case_list", set())
        rest = [
            w
            for w in found
            if w not in ALL_STOP_WORDS and w not in departments and not _is_year(w)
        ]
        if len(rest) > MAX_LIST_WORDS:
            return None
        asks_for_list = any(w in listing for w in found) or " ".join(rest) in listing
        # "casos en ayacucho", "crimenes cometidos en 1983": a list; a longer message that
        # names a place and says "caso" is a question about something else.
        extra = [w for w in rest if w not in listing]
        if rest and not (asks_for_list and len(extra) <= 1):
            return None
        label = "-".join([*sorted(departments), *map(str, sorted(years))])
        return CaseFilter(departments, years, label)

    def _is_help(self, found: Sequence[str]) -> bool:
        phrases = self.intents.get("help", set())
        return " ".join(found) in phrases or " ".join(_content_words(found)) in phrases

    def _chat_intent(self, found: Sequence[str]) -> str | None:
        """greeting, thanks or bye when the message is only that ("ok gracias pe", "holaa")."""
        if len(found) > CHAT_MAX_WORDS or not all(
            w in ALL_STOP_WORDS or w in CHAT_FILLER or self._chat_word(w) for w in found
        ):
            return None
        intent: str | None = None
        rest = list(found)
        while rest:
            for name, phrase in self.chat_phrases:
                if (
                    len(phrase) <= len(rest)
                    and _same_word(rest[0], phrase[0])
                    and all(_same_word(a, b) for a, b in zip(rest, phrase, strict=False))
                ):
                    intent = intent or name
                    rest = rest[len(phrase) :]
                    break
            else:
                if rest[0] not in ALL_STOP_WORDS and rest[0] not in CHAT_FILLER:
                    return None
                rest = rest[1:]
        return intent

    def _chat_word(self, word: str) -> bool:
        """Whether ``word`` may belong to a greeting, thanks or goodbye (see ``_same_word``)."""
        said = _squeeze(word)
        if said in self.chat_words or _DIMINUTIVE.sub("", said) in self.chat_words:
            return True
        near = process.extractOne(said, self.long_chat_words, scorer=OSA.distance, score_cutoff=1)
        return near is not None

    def _suggestions(self, text: str, matches: Sequence[Match], lang: str) -> Answer:
        # Two choices at least (the user picks between the close ones), a third when it is close.
        choices = [*matches[:2], *(m for m in matches[2:3] if m.confidence >= SUGGEST_AT * 0.9)]
        rows = tuple((self._item_button(m.item_id, lang),) for m in choices)
        return Answer(
            "suggestions",
            SuggestionsContext(text),
            lang,
            matches[0].item_id,
            matches[0].confidence,
            (*rows, *self._menu_row(lang)),
        )

    def _fallback(self, text: str | None, lang: str, *, gone: bool = False) -> Answer:
        return Answer(
            "fallback", NotFoundContext(text, gone), lang, buttons=self._category_rows(lang)
        )

    # -- items -------------------------------------------------------------------------------

    def item(self, item_id: str, lang: str) -> Answer:
        """The answer for a topic or case id; the menu, kindly, when it no longer exists."""
        topic = self.content.topics.get(item_id)
        if topic is not None:
            return Answer(
                "topic",
                self._topic(topic, lang),
                lang,
                item_id,
                1.0,
                self._item_rows(topic.related, item_id, lang),
            )
        case = self.content.cases.get(item_id)
        if case is not None:
            return Answer(
                "case",
                self._case(case, lang),
                lang,
                item_id,
                1.0,
                self._item_rows(case.related, item_id, lang),
            )
        return self._fallback(None, lang, gone=True)

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

    def _topic(self, topic: Topic, lang: str) -> TopicContext:
        return TopicContext(
            title=topic.title.text(lang),
            summary=topic.summary.text(lang),
            detail=topic.detail.text(lang) if topic.detail else None,
            copy=topic.copy.text(lang) if topic.copy else None,
            sources=topic.sources,
            reviewed=topic.reviewed,
            as_of=topic.as_of,
            start=topic.id,
            untranslated=_untranslated(lang, topic.title, topic.summary, topic.detail, topic.copy),
        )

    def _case(self, case: Case, lang: str) -> CaseContext:
        place = [p for p in (case.place.district, case.place.province, case.place.department) if p]
        return CaseContext(
            name=case.name.text(lang),
            kind=case.kind,
            content_note=case.content_note.text(lang),
            date=case.date.text(lang),
            place=", ".join(dict.fromkeys(place)),
            victims=case.victims.text(lang),
            summary=case.summary.text(lang),
            status=case.status.text(lang),
            status_as_of=case.status_as_of,
            amnesty=case.amnesty.text(lang) if case.amnesty else None,
            iachr=case.iachr.text(lang) if case.iachr else None,
            contrast_note=case.contrast_note.text(lang) if case.contrast_note else None,
            sources=case.sources,
            reviewed=case.reviewed,
            start=case.id,
            untranslated=_untranslated(
                lang, case.name, case.summary, case.status, case.victims, case.content_note
            ),
        )

    def alert(self, alert: Alert, lang: str) -> Answer:
        """An alert exactly as subscribers in ``lang`` see it."""
        rows = tuple((self._item_button(i, lang),) for i in alert.related if self.content.item(i))
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
            first = topic.summary.text(lang).split("\n")[0]
            return topic.title.text(lang), first
        case = self.content.cases[item_id]
        return case.name.text(lang), f"{case.date.text(lang)} · {case.place.department}"

    # -- menus -------------------------------------------------------------------------------

    def welcome(self, lang: str) -> Answer:
        """/start: the greeting and the main menu."""
        return Answer("welcome", WelcomeContext(), lang, buttons=self._category_rows(lang))

    def privacy(self, lang: str) -> Answer:
        """/privacidad: exactly what is stored, and for how long."""
        context = PrivacyContext(self.question_retention_days)
        return Answer("privacy", context, lang, buttons=self._menu_row(lang))

    def forget(self, lang: str, *, state: str, rows: int = 0) -> Answer:
        """/olvidar: ask to confirm, then say what was deleted (or that nothing was)."""
        buttons: tuple[tuple[Button, ...], ...] = ()
        if state == "ask":
            buttons = (
                (
                    Button(self._t(lang, "forget.confirm"), data=callbacks.FORGET_YES),
                    Button(self._t(lang, "forget.cancel"), data=callbacks.FORGET_NO),
                ),
            )
        return Answer("forget", ForgetContext(state, rows), lang, buttons=buttons)

    def group_intro(self, lang: str) -> Answer:
        """The one short introduction posted when the bot joins a group."""
        return Answer("group_intro", GroupIntroContext(), lang)

    def help(self, lang: str) -> Answer:
        """/ayuda: how to use the bot, every command in the user's language."""
        return Answer(
            "help", HelpContext(self._commands(lang)), lang, buttons=self._menu_row(lang)
        )

    def menu(self, lang: str) -> Answer:
        """The main menu: one button per category, and the cases."""
        return Answer("menu", MenuContext(), lang, buttons=self._category_rows(lang))

    def category(self, category_id: str, lang: str) -> Answer:
        """A category's topics as buttons, with a back button."""
        found = next((c for c in self.content.categories if c.id == category_id), None)
        if found is None:
            return self._fallback(None, lang, gone=True)
        topics = [t for t in self.content.topics.values() if t.category == category_id]
        rows = tuple((self._item_button(t.id, lang),) for t in topics)
        contact = self.content.contact
        if category_id == CONTACT_CATEGORY and contact is not None:
            rows += tuple((Button(link.title.text(lang), url=link.url),) for link in contact.links)
        back = (Button(self._t(lang, "menu.back"), data=callbacks.MENU),)
        return Answer(
            "category", CategoryContext(found.title.text(lang)), lang, buttons=(*rows, back)
        )

    def cases(self, filter_text: str | None, page: int, lang: str) -> Answer:
        """A page of the case list, filtered by departments and years in ``filter_text``."""
        label = (filter_text or "").strip()
        wanted = self.case_filter(label.replace("-", " ") + " casos") if label else None
        chosen = [c for c in self.case_order if self._fits(c, wanted, label)]
        pages = max(1, math.ceil(len(chosen) / CASES_PER_PAGE))
        page = min(max(1, page), pages)
        shown = chosen[(page - 1) * CASES_PER_PAGE : page * CASES_PER_PAGE]
        lines = tuple(
            CaseLine(
                name=c.name.text(lang),
                years=", ".join(str(y) for y in c.years),
                department=c.place.department,
                contrast=c.kind == "contrast",
            )
            for c in shown
        )
        rows: list[tuple[Button, ...]] = [(self._item_button(c.id, lang),) for c in shown]
        nav: list[Button] = []
        if page > 1:
            nav.append(
                Button(self._t(lang, "menu.previous"), data=callbacks.case_page(page - 1, label))
            )
        if page < pages:
            nav.append(
                Button(self._t(lang, "menu.next"), data=callbacks.case_page(page + 1, label))
            )
        if nav:
            rows.append(tuple(nav))
        rows.append((Button(self._t(lang, "menu.back"), data=callbacks.MENU),))
        context = CaseListContext(self._label(wanted, label), lines, len(chosen), page, pages)
        return Answer("case_list", context, lang, buttons=tuple(rows))

    def _label(self, wanted: CaseFilter | None, label: str) -> str | None:
        """What the list is filtered by, as people write it: "Ayacucho, 1984"."""
        if not label:
            return None
        if wanted is None:
            return label
        names = [self.departments[d] for d in sorted(wanted.departments)]
        return ", ".join([*names, *map(str, sorted(wanted.years))])

    def _fits(self, case: Case, wanted: CaseFilter | None, label: str) -> bool:
        if not label:
            return True
        if wanted is None:
            return any(label in fold(name) for name in (*case.name.values(), *case.aliases))
        if wanted.departments and not wanted.departments & self._departments_of(case):
            return False
        return not wanted.years or bool(wanted.years & set(case.years))

    @staticmethod
    def _departments_of(case: Case) -> frozenset[str]:
        """The departments a case happened in: "Cusco y Apurímac" -> {cusco, apurimac}."""
        return frozenset(fold(p) for p in _DEPARTMENT_PARTS.split(case.place.department))

    # -- commands and buttons ---------------------------------------------------------------

    def command(self, key: str, argument: str, lang: str) -> Answer | None:
        """The answer to a content command (see commands.py), or None for one that needs state.

        /start PAYLOAD opens that topic or case; an unknown payload gets the welcome, kindly.
        """
        argument = argument.strip()
        if key == "start":
            if argument and self.content.item(argument) is not None:
                return self.item(argument, lang)
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
        return None

    def press(self, callback: Callback, lang: str) -> Answer | None:
        """The answer to a menu button, or None for one that needs state (feedback, language)."""
        if callback.action == "item":
            return self.item(callback.value, lang)
        if callback.action == "category":
            return self.category(callback.value, lang)
        if callback.action == "menu":
            return self.menu(lang)
        if callback.action == "cases":
            return self.cases(callback.value, callback.page, lang)
        return None

    # -- small answers -----------------------------------------------------------------------

    def usage(self, key: str, lang: str, *, limit: int = 0) -> Answer:
        """A usage line for bad command input."""
        commands = self._commands(lang) if key == "unknown_command" else ()
        return Answer(
            "usage", UsageContext(key, limit, commands), lang, buttons=self._menu_row(lang)
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

    # -- buttons -----------------------------------------------------------------------------

    def _t(self, lang: str, key: str) -> str:
        return self.content.strings(lang)[key]

    def _item_button(self, item_id: str, lang: str) -> Button:
        found = self.content.item(item_id)
        label = (
            found.title.text(lang)
            if isinstance(found, Topic)
            else found.name.text(lang)
            if found
            else item_id
        )
        if len(label) > BUTTON_CHARS:
            label = label[: BUTTON_CHARS - 1].rstrip() + "…"
        return Button(label, data=callbacks.item(item_id))

    def _item_rows(
        self, related: Sequence[str], item_id: str, lang: str
    ) -> tuple[tuple[Button, ...], ...]:
        rows: list[tuple[Button, ...]] = [
            (self._item_button(r, lang),) for r in related[:4] if self.content.item(r)
        ]
        rows.append(
            (
                Button(
                    self._t(lang, "buttons.helpful"),
                    data=callbacks.feedback(item_id, helpful=True),
                ),
                Button(
                    self._t(lang, "buttons.not_helpful"),
                    data=callbacks.feedback(item_id, helpful=False),
                ),
            )
        )
        rows.append(
            (
                Button(self._t(lang, "buttons.share"), share=item_id),
                Button(self._t(lang, "menu.menu"), data=callbacks.MENU),
            )
        )
        return tuple(rows)

    def _menu_row(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        return ((Button(self._t(lang, "menu.menu"), data=callbacks.MENU),),)

    def _category_rows(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        buttons = [
            Button(f"{c.emoji} {c.title.text(lang)}".strip(), data=callbacks.category(c.id))
            for c in self.content.categories
            if any(t.category == c.id for t in self.content.topics.values())
        ]
        if self.content.cases:
            buttons.append(
                Button(f"🕯️ {self._t(lang, 'menu.cases')}", data=callbacks.case_page(1, ""))
            )
        return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))

    def _commands(self, lang: str) -> tuple[CommandLine, ...]:
        return tuple(CommandLine(c.name(lang), c.key) for c in COMMANDS)


def _content_words(found: Sequence[str]) -> tuple[str, ...]:
    return tuple(w for w in found if w not in ALL_STOP_WORDS)


def _squeeze(word: str) -> str:
    """'holaaa' -> 'hola', 'graciass' -> 'gracias': runs of one letter count once."""
    return _RUNS.sub(r"\1", word)


@lru_cache(maxsize=8192)
def _same_word(said: str, known: str) -> bool:
    """Whether a word of a short message is a word of a smalltalk phrase, allowing stretched
    letters ("holaaa"), diminutives ("diosito") and one typo in longer words."""
    said, known = _squeeze(said), _squeeze(known)
    if said == known or _DIMINUTIVE.sub("", said) == known:
        return True
    return len(known) >= 5 and OSA.distance(said, known) <= 1


def _untranslated(lang: str, *texts: Localized | None) -> bool:
    """Whether any text of an item is shown in Spanish because ``lang`` has no translation."""
    return any(text is not None and not text.has(lang) for text in texts)


def _is_year(word: str) -> bool:
    """A year of the conflict (1980-2000), the years case lists are filtered by."""
    return word.isdigit() and 1980 <= int(word) <= 2000
