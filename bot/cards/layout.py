"""Where a card's words go: text wrapped by measured width, and the largest sizes that fit.

Sizes step down together (title and answer) until both fit their box; the footer's lines (date,
source, the QR's label) have one size and a fixed number of lines. ``arrange`` returns None when
even the smallest sizes overflow: ``fit`` reports it to ``check`` and ``draw`` never overflows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cards.face import Face

if TYPE_CHECKING:
    from PIL import ImageFont

REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
MARGIN = 72
HEADER = 104
QR_SIZE = 264
FOOTER_GAP = 40
RULE_GAP = 40
# (title, answer) font sizes in pixels, largest first. The smallest stays legible when the card
# is shown as a 320-pixel thumbnail (about 9 pixels a line).
SCALES = ((72, 46), (66, 43), (60, 40), (55, 37), (50, 34), (46, 32), (42, 30))
TITLE_LEADING, TEXT_LEADING = 1.18, 1.34
FOOTER_SIZE = 26
# Footer lines: the date, the source (up to three lines), the QR's label (up to two lines).
SOURCE_LINES, SCAN_LINES = 3, 2
ORG_SIZE = 30


@lru_cache(maxsize=64)
def font(fonts: Path, name: str, size: int) -> ImageFont.FreeTypeFont:
    """A shipped font at ``size`` pixels (loaded once per size)."""
    # Pillow is imported on the first card, not at start-up (about 6 MB the bot may never use).
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts / name), size)


@dataclass(frozen=True, slots=True)
class Block:
    """Lines of one font, with the distance between their tops."""

    lines: tuple[str, ...]
    name: str
    size: int
    step: int

    @property
    def height(self) -> int:
        """Pixels from the first line's top to the last line's bottom."""
        return self.step * (len(self.lines) - 1) + self.size if self.lines else 0


@dataclass(frozen=True, slots=True)
class Layout:
    """A card's text, wrapped and sized: the header, the body (title, answer) and the footer."""

    org: Block
    title: Block
    answer: Block
    footer: tuple[Block, ...]


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels; a word too long alone is cut.

    Words are measured once each and a line as their sum plus spaces; a line that kerning
    makes wider than that is measured whole and gives up its last word.
    """
    space = _width(face, " ")
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        wide = _width(face, word)
        if line and used + space + wide <= width:
            line.append(word)
            used += space + wide
            continue
        if line:
            lines.append(line)
        while wide > width:
            cut = max(1, _fitting(word, face, width))
            lines.append([word[:cut]])
            word = word[cut:]
            wide = _width(face, word)
        line, used = [word], wide
    if line:
        lines.append(line)
    return _kerned([" ".join(words) for words in lines], face, width)


def _kerned(lines: list[str], face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    fitted: list[str] = []
    carry = ""
    for line in lines:
        line = f"{carry} {line}".strip() if carry else line
        carry = ""
        while " " in line and face.getlength(line) > width:
            line, moved = line.rsplit(" ", 1)
            carry = f"{moved} {carry}".strip()
        fitted.append(line)
    return [*fitted, *_kerned([carry], face, width)] if carry else fitted


@lru_cache(maxsize=65536)
def _width(face: ImageFont.FreeTypeFont, word: str) -> float:
    return face.getlength(word)


def _fitting(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    return next((n for n in range(len(word), 0, -1) if face.getlength(word[:n]) <= width), 0)


def block(text: str, fonts: Path, name: str, size: int, width: int, leading: float) -> Block:
    """``text`` wrapped to ``width`` in a shipped font."""
    lines = wrap(text, font(fonts, name, size), width)
    return Block(tuple(lines), name, size, round(size * leading))


def arrange(face: Face, fonts: Path, *, logo_width: int = 0) -> Layout | None:
    """The largest sizes at which the card's text fits, or None when nothing fits."""
    width, height = face.size
    inner = width - 2 * MARGIN
    footer_width = inner - QR_SIZE - FOOTER_GAP
    footer = (
        block(face.as_of, fonts, REGULAR, FOOTER_SIZE, footer_width, TEXT_LEADING),
        block(face.source, fonts, REGULAR, FOOTER_SIZE, footer_width, TEXT_LEADING),
        block(face.scan, fonts, BOLD, FOOTER_SIZE, footer_width, TEXT_LEADING),
    )
    too_long = (len(footer[0].lines) > 1, len(footer[1].lines) > SOURCE_LINES)
    if any(too_long) or len(footer[2].lines) > SCAN_LINES:
        return None
    org = block(face.org, fonts, BOLD, ORG_SIZE, inner - logo_width, TEXT_LEADING)
    if len(org.lines) > 2:
        return None
    room = height - 2 * MARGIN - HEADER - QR_SIZE - RULE_GAP
    for title_size, answer_size in SCALES:
        title = block(face.title, fonts, BOLD, title_size, inner, TITLE_LEADING)
        answer = block(face.answer, fonts, REGULAR, answer_size, inner, TEXT_LEADING)
        if title.height + 2 * RULE_GAP + answer.height <= room:
            return Layout(org, title, answer, footer)
    return None


def clipped(face: Face, fonts: Path, *, logo_width: int = 0) -> Layout:
    """The layout at the smallest sizes with every block cut to its room, ending in "…".

    Only a card that ``check`` reports comes here; it still never draws outside its box.
    """
    width, height = face.size
    inner = width - 2 * MARGIN
    narrow = inner - QR_SIZE - FOOTER_GAP
    title_size, answer_size = SCALES[-1]
    room = height - 2 * MARGIN - HEADER - QR_SIZE - RULE_GAP
    title = block(face.title, fonts, BOLD, title_size, inner, TITLE_LEADING)
    title = _lines(title, _room(title, room // 2), fonts, inner)
    answer = block(face.answer, fonts, REGULAR, answer_size, inner, TEXT_LEADING)
    answer = _lines(answer, _room(answer, room - title.height - 2 * RULE_GAP), fonts, inner)
    footer = tuple(
        _lines(block(text, fonts, name, FOOTER_SIZE, narrow, TEXT_LEADING), count, fonts, narrow)
        for text, name, count in (
            (face.as_of, REGULAR, 1),
            (face.source, REGULAR, SOURCE_LINES),
            (face.scan, BOLD, SCAN_LINES),
        )
    )
    org = block(face.org, fonts, BOLD, ORG_SIZE, inner - logo_width, TEXT_LEADING)
    return Layout(_lines(org, 2, fonts, inner - logo_width), title, answer, footer)


def _room(text: Block, room: int) -> int:
    """How many of the block's lines fit in ``room`` pixels."""
    return max(0, (room - text.size) // text.step + 1) if room >= text.size else 0


def _lines(text: Block, count: int, fonts: Path, width: int) -> Block:
    """The block's first ``count`` lines, the last ending in "…" (still within ``width``)."""
    if len(text.lines) <= count:
        return text
    kept = list(text.lines[:count])
    if kept:
        face = font(fonts, text.name, text.size)
        last = kept[-1]
        while " " in last and face.getlength(last.rstrip(" .,;:") + "…") > width:
            last = last.rsplit(" ", 1)[0]
        kept[-1] = last.rstrip(" .,;:") + "…"
    return Block(tuple(kept), text.name, text.size, text.step)
