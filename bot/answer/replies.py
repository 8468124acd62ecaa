"""The replies that need no matching: the welcome, help, menus, news, references, privacy,
forget, the language choice, usage lines and the apology.

Composed into ``Answerer`` as ``answerer.replies``. Each method returns an ``Answer`` from plain
values; knows nothing of Telegram (handlers send the answers) or SQL (handlers pass counts in).
"""

from __future__ import annotations

from bot.answer import callbacks, contexts
from bot.answer.buttons import Buttons
from bot.answer.model import Answer, Button
from bot.answer.news import latest
from bot.answer.references import citations
from bot.content import Content, Topic
from bot.index import Index

# The category whose menu also shows the official contact pages of content/contact.yaml.
CONTACT_CATEGORY = "congress"


class Replies:
    """The fixed replies over one Content and its Index."""

    def __init__(
        self,
        content: Content,
        index: Index,
        buttons: Buttons,
        *,
        question_retention_days: int,
        names_item_at: float,
    ) -> None:
        self.content = content
        self.index = index
        self.buttons = buttons
        self.question_retention_days = question_retention_days
        # /fuentes NAME names a topic or case from this confidence.
        self.names_item_at = names_item_at

    def welcome(self, lang: str) -> Answer:
        """/start: the greeting and the main menu."""
        return Answer(
            "welcome", contexts.WelcomeContext(), lang, buttons=self.buttons.category_rows(lang)
        )

    def help(self, lang: str) -> Answer:
        """/ayuda: how to use the bot, every command in the user's language."""
        context = contexts.HelpContext(self.buttons.commands(lang))
        return Answer("help", context, lang, buttons=self.buttons.menu_row(lang))

    def menu(self, lang: str) -> Answer:
        """The main menu: one button per category, and the cases."""
        return Answer(
            "menu", contexts.MenuContext(), lang, buttons=self.buttons.category_rows(lang)
        )

    def category(self, category_id: str, lang: str) -> Answer:
        """A category's topics as buttons, with a back button."""
        found = next((c for c in self.content.categories if c.id == category_id), None)
        if found is None:
            return self.fallback(None, lang, gone=True)
        topics = [t for t in self.content.topics.values() if t.category == category_id]
        rows = tuple((self.buttons.item(t.id, lang),) for t in topics)
        contact = self.content.contact
        if category_id == CONTACT_CATEGORY and contact is not None:
            rows += tuple((Button(link.title.text(lang), url=link.url),) for link in contact.links)
        back = (Button(self.buttons.t(lang, "menu.back"), data=callbacks.MENU),)
        context = contexts.CategoryContext(found.title.text(lang))
        return Answer("category", context, lang, buttons=(*rows, back))

    def news(self, lang: str) -> Answer:
        """The newest headlines first, each one tap from its item (/novedades)."""
        headlines = latest(self.content.news)
        lines = tuple(contexts.NewsLine(h.text.text(lang), h.date) for h in headlines)
        items = dict.fromkeys(h.item for h in headlines)
        rows = tuple((self.buttons.item(item_id, lang),) for item_id in items)
        menu = self.buttons.menu_row(lang)
        return Answer("news", contexts.NewsContext(lines), lang, buttons=(*rows, *menu))

    def references(self, wanted: str, lang: str) -> Answer:
        """/fuentes TEMA: the APA references of the topic or case that ``wanted`` names."""
        wanted = wanted.strip()
        if not wanted:
            return self.usage("sources", lang)
        found = self.content.item(wanted)
        if found is None:
            matches = self.index.search(wanted, limit=1)
            if matches and matches[0].confidence >= self.names_item_at:
                found = self.content.item(matches[0].item_id)
        if found is None:
            return self.usage("sources_unknown", lang)
        title = found.title.text(lang) if isinstance(found, Topic) else found.name.text(lang)
        context = contexts.ReferencesContext(title, citations(found.sources))
        rows = ((self.buttons.item(found.id, lang),), *self.buttons.menu_row(lang))
        return Answer("references", context, lang, found.id, buttons=rows)

    def privacy(self, lang: str, *, conversation_hours: int = 6) -> Answer:
        """/privacidad: exactly what is stored, and for how long."""
        context = contexts.PrivacyContext(self.question_retention_days, conversation_hours)
        return Answer("privacy", context, lang, buttons=self.buttons.menu_row(lang))

    def forget(self, lang: str, *, state: contexts.ForgetState, rows: int = 0) -> Answer:
        """/olvidar: ask to confirm, then say what was deleted (or that nothing was)."""
        buttons: tuple[tuple[Button, ...], ...] = ()
        if state == "ask":
            buttons = (
                (
                    Button(self.buttons.t(lang, "forget.confirm"), data=callbacks.FORGET_YES),
                    Button(self.buttons.t(lang, "forget.cancel"), data=callbacks.FORGET_NO),
                ),
            )
        return Answer("forget", contexts.ForgetContext(state, rows), lang, buttons=buttons)

    def group_intro(self, lang: str) -> Answer:
        """The one short introduction posted when the bot joins a group."""
        return Answer("group_intro", contexts.GroupIntroContext(), lang)

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
        context = contexts.LanguageContext(changed, refused)
        return Answer("language", context, lang, buttons=() if changed or refused else rows)

    def usage(self, key: contexts.UsageKey, lang: str, *, limit: int = 0) -> Answer:
        """A usage line for bad command input."""
        commands = self.buttons.commands(lang) if key == "unknown_command" else ()
        context = contexts.UsageContext(key, limit, commands)
        return Answer("usage", context, lang, buttons=self.buttons.menu_row(lang))

    def error(self, lang: str) -> Answer:
        """The apology for anything unexpected."""
        return Answer("error", contexts.ErrorContext(), lang)

    def fallback(self, text: str | None, lang: str, *, gone: bool = False) -> Answer:
        """Outside what Memoria answers (the scope and the menu); ``gone``: a stale button."""
        context = contexts.NotFoundContext(text, gone)
        return Answer("fallback", context, lang, buttons=self.buttons.category_rows(lang))
