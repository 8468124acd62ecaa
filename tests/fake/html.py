"""Telegram's HTML: the visible text and entities a message keeps, or the error the server sends.

``format_text`` is what sendMessage and editMessageText do to ``text`` and ``parse_mode``: parse,
trim, check the 4096-character limit. Markdown is not parsed (Memoria sends HTML), so its length
check stays approximate. ``utf16_len`` is the unit of entity offsets.
"""

from __future__ import annotations

import html.parser
import re
from typing import Final

from tests.fake.errors import JSONDict, bad_request

MAX_TEXT_LENGTH: Final = 4096


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


_TAG_ENTITY: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TRIMMED: Final = " \t\r\n"


class _HtmlError(Exception):
    pass


class _TelegramHtml(html.parser.HTMLParser):
    """Telegram's HTML dialect: the visible text and its entities, or the server's parse error."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self._parts: list[str] = []
        self._utf16 = 0
        self._open: list[tuple[str, JSONDict | None, int]] = []
        self.entities: list[JSONDict] = []

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def finish(self) -> None:
        self.close()
        if self._open:
            raise _HtmlError(
                f'Can\'t find end tag corresponding to start tag "{self._open[-1][0]}"'
            )

    def _at(self, extra: int = 0) -> str:
        line, column = self.getpos()
        index = self._line_starts[line - 1] + column + extra
        return f"byte offset {len(self._source[:index].encode())}"

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._utf16 += utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAG_ENTITY:
            raise _HtmlError(f'Unsupported start tag "{tag}" at {self._at()}')
        attributes = {key: value or "" for key, value in attrs}
        entity: JSONDict | None = {"type": _TAG_ENTITY[tag]}
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise _HtmlError(f'Tag "span" must have class "tg-spoiler" at {self._at()}')
        if tag == "a":
            entity = (
                {"type": "text_link", "url": attributes["href"]}
                if attributes.get("href")
                else None
            )
        elif tag == "blockquote" and "expandable" in attributes:
            entity = {"type": "expandable_blockquote"}
        elif tag == "tg-emoji":
            if not attributes.get("emoji-id"):
                raise _HtmlError(f'Tag "tg-emoji" must have attribute "emoji-id" at {self._at()}')
            entity = {"type": "custom_emoji", "custom_emoji_id": attributes["emoji-id"]}
        elif tag == "code" and self._open and self._open[-1][0] == "pre":
            language = attributes.get("class", "")
            pre = self._open[-1][1]
            if language.startswith("language-") and pre is not None:
                pre["language"] = language.removeprefix("language-")
            entity = None  # <pre><code> is one pre entity
        self._open.append((tag, entity, self._utf16))

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            raise _HtmlError(f"Unexpected end tag at {self._at()}")
        open_tag, entity, start = self._open.pop()
        if open_tag != tag:
            raise _HtmlError(
                f'Unmatched end tag at {self._at()}, expected "</{open_tag}>", found "</{tag}>"'
            )
        if entity is not None and self._utf16 > start:
            self.entities.append({**entity, "offset": start, "length": self._utf16 - start})

    def handle_data(self, data: str) -> None:
        if "<" in data:
            raise _HtmlError(f'Unsupported start tag "" at {self._at(data.index("<"))}')
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        self._append(_NAMED_ENTITIES.get(name, f"&{name};"))

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            self._append(chr(code))
        except (ValueError, OverflowError):
            self._append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        raise _HtmlError(f'Unsupported start tag "!--" at {self._at()}')

    def handle_decl(self, decl: str) -> None:
        raise _HtmlError(f'Unsupported start tag "!" at {self._at()}')

    def handle_pi(self, data: str) -> None:
        raise _HtmlError(f'Unsupported start tag "?" at {self._at()}')

    def unknown_decl(self, data: str) -> None:
        raise _HtmlError(f'Unsupported start tag "!" at {self._at()}')


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into (visible text, entities); raise ``ApiError`` like the server."""
    parser = _TelegramHtml(text)
    try:
        parser.feed(text)
        parser.finish()
    except _HtmlError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return parser.text, entities


def _trim(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram strips leading and trailing whitespace and clips entities to what is left."""
    stripped = text.strip(_TRIMMED)
    if stripped == text:
        return text, entities
    lead = len(text) - len(text.lstrip(_TRIMMED))  # these characters are one UTF-16 unit each
    end = utf16_len(stripped)
    clipped = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        stop = min(entity["offset"] + entity["length"] - lead, end)
        if stop > start:
            clipped.append({**entity, "offset": start, "length": stop - start})
    return stripped, clipped


def format_text(
    text: object, parse_mode: object = None, entities: object = None
) -> tuple[str, list[JSONDict]]:
    """The visible text and entities Telegram would store, or the ``ApiError`` it would send."""
    if text is None or text == "":
        raise bad_request("message text is empty")
    source = str(text)
    mode = str(parse_mode).lower() if parse_mode else ""
    if mode == "html":
        visible, found = parse_html(source)
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown is not parsed: Memoria sends HTML, and the length check stays approximate.
        visible = source
        found = (
            [dict(e) for e in entities if isinstance(e, dict)]
            if isinstance(entities, list)
            else []
        )
    else:
        raise bad_request("unsupported parse_mode")
    visible, found = _trim(visible, found)
    if not visible:
        raise bad_request("message text is empty")
    if len(visible) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return visible, found
