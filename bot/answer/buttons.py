"""The inline buttons answers carry: labels from the locale files, data from ``callbacks``.

Composed into ``Answerer``; knows nothing of Telegram (handlers turn Buttons into keyboards).
Under each layer of an item's answer, four buttons at most and the way back: the first layer
offers detail, sources, share (the share card) and the menu; related items and feedback are in
the detail layer.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import callbacks
from bot.answer.callbacks import LayerAction
from bot.answer.commands import COMMANDS
from bot.answer.contexts import CommandLine
from bot.answer.model import Button
from bot.content import Content, Topic

BUTTON_CHARS = 48
# Related items under the detail layer: the next steps (a relative's four steps: legal help,
# opposing the amnesty, the search, reparations). The first layer keeps its four buttons.
RELATED_BUTTONS = 4


class Buttons:
    """Builds the buttons of every answer over one Content."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def t(self, lang: str, key: str) -> str:
        """The UI string ``key`` in ``lang``."""
        return self.content.strings(lang)[key]

    def item(self, item_id: str, lang: str) -> Button:
        """A button that opens a topic or case, labelled with its title."""
        return Button(
            self._title(item_id, lang),
            data=callbacks.item(item_id),
            meaning="item",
            start=callbacks.start(item_id),
            item=item_id,
        )

    def _title(self, item_id: str, lang: str) -> str:
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
        return label

    def _layer(self, label: str, action: LayerAction, item_id: str, lang: str) -> Button:
        return Button(
            label,
            data=callbacks.layer(action, item_id, lang),
            meaning="layer",
            start=callbacks.start(item_id, callbacks.shows(action)),
        )

    def first_layer(
        self, item_id: str, lang: str, *, detail_label: str | None
    ) -> tuple[tuple[Button, ...], ...]:
        """Under a first layer, four at most: detail (its label key, or None when the detail
        layer would be empty), sources, then share and menu."""
        layers = [self._layer(self.t(lang, "layers.sources"), "sources", item_id, lang)]
        if detail_label is not None:
            layers.insert(0, self._layer(self.t(lang, detail_label), "detail", item_id, lang))
        # Share sends the card (an image) into this chat; the photo's caption links back here and
        # its own button shares the card onward (issue #18, still four buttons).
        card = Button(
            self.t(lang, "buttons.share_image"),
            data=callbacks.card(item_id, lang),
            share=item_id,
            meaning="card",
        )
        act = (card, self.menu_button(lang))
        return (tuple(layers), act)

    def detail_layer(
        self, item_id: str, related: Sequence[str], lang: str
    ) -> tuple[tuple[Button, ...], ...]:
        """Under the detail layer: up to four related items, feedback, and back to the summary."""
        rows: list[tuple[Button, ...]] = [
            (
                Button(
                    self._title(r, lang),
                    data=callbacks.layer("related", r, lang),
                    meaning="item",
                    start=callbacks.start(r),
                    item=r,
                ),
            )
            for r in [r for r in related if self.content.item(r)][:RELATED_BUTTONS]
        ]
        rows.append(
            tuple(
                Button(
                    self.t(lang, f"buttons.{key}"),
                    data=callbacks.feedback(item_id, helpful=helpful),
                    meaning="feedback",
                )
                for key, helpful in (("helpful", True), ("not_helpful", False))
            )
        )
        rows.append((self._back(item_id, lang),))
        return tuple(rows)

    def sources_layer(
        self, item_id: str, lang: str, *, every: int | None, detail_label: str | None
    ) -> tuple[tuple[Button, ...], ...]:
        """Under the sources layer: every source (``every`` counts them; None when all are
        shown), the detail layer, and back to the summary."""
        rows: list[tuple[Button, ...]] = []
        if every is not None:
            label = self.t(lang, "layers.all_sources").format(count=every)
            rows.append((self._layer(label, "all_sources", item_id, lang),))
        last = [self._back(item_id, lang)]
        if detail_label is not None:
            last.insert(0, self._layer(self.t(lang, detail_label), "detail", item_id, lang))
        rows.append(tuple(last))
        return tuple(rows)

    def _back(self, item_id: str, lang: str) -> Button:
        return self._layer(self.t(lang, "layers.back"), "back", item_id, lang)

    def menu_button(self, lang: str) -> Button:
        """The main menu."""
        return Button(
            self.t(lang, "menu.menu"),
            data=callbacks.MENU,
            meaning="menu",
            start=callbacks.START_MENU,
        )

    def menu_row(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        """One row with the menu button."""
        return ((self.menu_button(lang),),)

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
