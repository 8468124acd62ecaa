"""The inline buttons answers carry: labels from the locale files, data from ``callbacks``.

Composed into ``Answerer``; knows nothing of Telegram (handlers turn Buttons into keyboards).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import callbacks
from bot.answer.commands import COMMANDS
from bot.answer.contexts import CommandLine
from bot.answer.model import Button
from bot.content import Content, Topic

BUTTON_CHARS = 48


class Buttons:
    """Builds the buttons of every answer over one Content."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def t(self, lang: str, key: str) -> str:
        """The UI string ``key`` in ``lang``."""
        return self.content.strings(lang)[key]

    def item(self, item_id: str, lang: str) -> Button:
        """A button that opens a topic or case, labelled with its title."""
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

    def item_rows(
        self, related: Sequence[str], item_id: str, lang: str
    ) -> tuple[tuple[Button, ...], ...]:
        """Under an answer: related items, feedback, share and menu."""
        rows: list[tuple[Button, ...]] = [
            (self.item(r, lang),) for r in related[:4] if self.content.item(r)
        ]
        rows.append(
            (
                Button(
                    self.t(lang, "buttons.helpful"),
                    data=callbacks.feedback(item_id, helpful=True),
                ),
                Button(
                    self.t(lang, "buttons.not_helpful"),
                    data=callbacks.feedback(item_id, helpful=False),
                ),
            )
        )
        rows.append(
            (
                Button(self.t(lang, "buttons.share"), share=item_id),
                Button(self.t(lang, "menu.menu"), data=callbacks.MENU),
            )
        )
        return tuple(rows)

    def menu_row(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        """One row with the menu button."""
        return ((Button(self.t(lang, "menu.menu"), data=callbacks.MENU),),)

    def category_rows(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        """The main menu: one button per category with topics, and the cases, two a row."""
        buttons = [
            Button(f"{c.emoji} {c.title.text(lang)}".strip(), data=callbacks.category(c.id))
            for c in self.content.categories
            if any(t.category == c.id for t in self.content.topics.values())
        ]
        if self.content.cases:
            buttons.append(
                Button(f"🕯️ {self.t(lang, 'menu.cases')}", data=callbacks.case_page(1, ""))
            )
        buttons.append(Button(f"🆕 {self.t(lang, 'menu.news')}", data=callbacks.NEWS))
        return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))

    def commands(self, lang: str) -> tuple[CommandLine, ...]:
        """Every command with its name in ``lang``, for help and usage."""
        return tuple(CommandLine(c.name(lang), c.key) for c in COMMANDS)
