"""Draw the bot's messages in a terminal: Telegram HTML as readable text, buttons as numbers.

Bold and italics become terminal styles when the output is a terminal (and nothing otherwise);
a link shows its address after its text; a quote is indented with a bar. Buttons are listed
under their message in their rows: a callback button gets a number (typing it presses the
button: ``choice``), a URL button shows its address, the share button says what it does in
Telegram. Knows nothing of PTB: it draws the Bot API's own JSON (botapi.py calls it).
"""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, TextIO

BOLD, ITALIC, RESET = "\033[1m", "\033[3m", "\033[0m"
QUOTE = "  │ "


class Screen:
    """Prints messages and remembers the buttons the last keyboard offered."""

    def __init__(self, out: TextIO, *, share_notes: Mapping[str, str], styled: bool) -> None:
        """``share_notes`` maps the share button's label (per language) to what it does."""
        self.out = out
        self.share_notes = share_notes
        self.styled = styled
        # The message whose keyboard is on screen, and the callback data of its buttons.
        self._pressable: tuple[int, list[str]] | None = None

    def show(self, message: Mapping[str, Any], html: str) -> None:
        """A message the bot sent (or edited): its text, then its buttons."""
        self.out.write(text_of(html, styled=self.styled).strip("\n") + "\n")
        self.keyboard(message)

    def keyboard(self, message: Mapping[str, Any]) -> None:
        """The message's buttons (after a send, an edit, or a change of the buttons alone)."""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        datas: list[str] = []
        for row in rows:
            for button in row:
                label = str(button.get("text", ""))
                if button.get("callback_data") is not None:
                    datas.append(str(button["callback_data"]))
                    self.out.write(f"  [{len(datas)}] {label}\n")
                elif button.get("url"):
                    self.out.write(f"  🔗 {label}: {button['url']}\n")
                elif button.get("switch_inline_query_chosen_chat") is not None:
                    note = self.share_notes.get(label) or next(iter(self.share_notes.values()))
                    self.out.write(f"  ↗ {label}: {note}\n")
        if datas:
            self._pressable = (int(message["message_id"]), datas)
        elif self._pressable is not None and self._pressable[0] == message["message_id"]:
            self._pressable = None
        self.out.write("\n")

    def toast(self, text: str) -> None:
        """A callback query's answer (Telegram shows it briefly over the chat)."""
        self.out.write(f"  » {text}\n\n")

    def prompt(self) -> None:
        """Ask for the next line."""
        self.out.write("> ")
        self.out.flush()

    def choice(self, number: int) -> tuple[int, str] | None:
        """The message id and callback data of button ``number`` on screen, if there is one."""
        if self._pressable is None:
            return None
        message_id, datas = self._pressable
        if not 1 <= number <= len(datas):
            return None
        return message_id, datas[number - 1]


def text_of(html: str, *, styled: bool) -> str:
    """Telegram HTML as terminal text (styled with escape codes when ``styled``)."""
    parser = _Text(styled)
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


class _Text(HTMLParser):
    """Telegram's tags (b, i, u, s, a, code, pre, blockquote, tg-spoiler) to plain text."""

    def __init__(self, styled: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.styled = styled
        self.parts: list[str] = []
        self._links: list[tuple[str, int]] = []
        self._quotes: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("b", "strong") and self.styled:
            self.parts.append(BOLD)
        elif tag in ("i", "em") and self.styled:
            self.parts.append(ITALIC)
        elif tag == "a":
            self._links.append((dict(attrs).get("href") or "", len(self.parts)))
        elif tag == "blockquote":
            self._quotes.append(len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong", "i", "em") and self.styled:
            self.parts.append(RESET)
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            if href and "".join(self.parts[start:]).strip() != href:
                self.parts.append(f" <{href}>")
        elif tag == "blockquote" and self._quotes:
            start = self._quotes.pop()
            quoted = "".join(self.parts[start:]).strip("\n")
            self.parts[start:] = ["\n".join(QUOTE + line for line in quoted.split("\n"))]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
