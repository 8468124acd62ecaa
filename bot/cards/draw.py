"""Paint a card: Pillow for the text, segno for the QR code, PNG bytes out.

High contrast by default (light text on a dark ground, the QR code dark on white); colours and
an optional logo come from CARD_* settings (bot/config/) through ``Style``. Text is placed
by ``layout``; this module draws and never measures twice.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cards import layout
from bot.cards.face import Face

# Pillow and segno are imported on the first card drawn, not at start-up: together about 15 MB
# of memory a process that never draws a card does not need (bench/startup.py).
if TYPE_CHECKING:
    from PIL import Image, ImageDraw

# Part of every card's key: raise it when the drawing changes, so cached cards are redrawn.
LAYOUT_VERSION = 1
LOGO_HEIGHT = 88
ACCENT_BAR = 14
RULE = (120, 6)
# zlib level 1: flat colours compress almost as well as at level 9, several times faster.
PNG_LEVEL = 1
THUMBNAIL_QUALITY = 80
# The QR code's quiet zone, in modules (the standard asks for 4), and its modules as grey levels.
QR_BORDER = 4
_DARK = bytes([255, 0, *range(2, 256)])


@dataclass(frozen=True)
class Style:
    """How cards look: colours as #rrggbb, an optional logo file and the fonts folder."""

    background: str
    foreground: str
    accent: str
    fonts: Path
    logo: Path | None = None

    @cached_property
    def token(self) -> str:
        """What of the style is drawn, for cards' keys: colours, the logo's and fonts' bytes."""
        digest = hashlib.sha256(f"{LAYOUT_VERSION}{self.background}{self.foreground}".encode())
        digest.update(self.accent.encode())
        for path in (self.logo, self.fonts / layout.REGULAR, self.fonts / layout.BOLD):
            if path is not None:
                digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


def draw(face: Face, style: Style) -> bytes:
    """The card as PNG bytes."""
    out = io.BytesIO()
    paint(face, style).save(out, "PNG", compress_level=PNG_LEVEL)
    return out.getvalue()


def thumbnail(face: Face, style: Style, *, width: int) -> bytes:
    """A small JPEG of the card, for a page that shows many (the editors' preview)."""
    image = paint(face, style)
    image.thumbnail((width, width * 2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=THUMBNAIL_QUALITY)
    return out.getvalue()


def paint(face: Face, style: Style) -> Image.Image:
    """The card as an image."""
    from PIL import Image, ImageDraw

    width, height = face.size
    logo = _logo(style.logo) if style.logo else None
    logo_width = logo.width + layout.FOOTER_GAP if logo else 0
    placed = layout.arrange(face, style.fonts, logo_width=logo_width) or layout.clipped(
        face, style.fonts, logo_width=logo_width
    )
    image = Image.new("RGB", (width, height), style.background)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, width, ACCENT_BAR), fill=style.accent)
    margin = layout.MARGIN
    _text(pen, placed.org, (margin, margin), style.accent, style.fonts)
    if logo is not None:
        image.paste(logo, (width - margin - logo.width, margin - 8), logo)
    top = margin + layout.HEADER
    _text(pen, placed.title, (margin, top), style.foreground, style.fonts)
    rule_top = top + placed.title.height + layout.RULE_GAP
    pen.rectangle((margin, rule_top, margin + RULE[0], rule_top + RULE[1]), fill=style.accent)
    _text(pen, placed.answer, (margin, rule_top + layout.RULE_GAP), style.foreground, style.fonts)
    _footer(image, pen, face, placed, style)
    return image


def _footer(
    image: Image.Image, pen: ImageDraw.ImageDraw, face: Face, placed: layout.Layout, style: Style
) -> None:
    width, height = face.size
    margin, size = layout.MARGIN, layout.QR_SIZE
    top = height - margin - size
    image.paste(_qr(face.link, size), (width - margin - size, top))
    colours = (style.foreground, style.foreground, style.accent)
    shown = [(lines, colour) for lines, colour in zip(placed.footer, colours, strict=True)]
    gap = layout.FOOTER_SIZE // 2
    y = top + size - sum(b.height for b in placed.footer) - gap * (len(shown) - 1)
    for lines, colour in shown:
        _text(pen, lines, (margin, y), colour, style.fonts)
        y += lines.height + gap


def _text(
    pen: ImageDraw.ImageDraw, lines: layout.Block, at: tuple[int, int], colour: str, fonts: Path
) -> None:
    face = layout.font(fonts, lines.name, lines.size)
    x, y = at
    for line in lines.lines:
        pen.text((x, y), line, font=face, fill=colour)
        y += lines.step


@lru_cache(maxsize=256)
def _qr(link: str, size: int) -> Image.Image:
    """The link's QR code, dark on white with its quiet zone, in whole pixels per module."""
    import segno
    from PIL import Image

    matrix = segno.make(link, error="m").matrix
    modules = len(matrix) + 2 * QR_BORDER
    code = Image.new("L", (modules, modules), 255)
    inner = bytes(b"".join(bytes(row) for row in matrix)).translate(_DARK)
    code.paste(Image.frombytes("L", (len(matrix), len(matrix)), inner), (QR_BORDER, QR_BORDER))
    scale = max(1, size // modules)
    code = code.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)
    framed = Image.new("RGB", (size, size), "white")
    framed.paste(code, ((size - code.width) // 2, (size - code.height) // 2))
    return framed


@lru_cache(maxsize=4)
def _logo(path: Path) -> Image.Image:
    from PIL import Image

    with Image.open(path) as opened:
        logo = opened.convert("RGBA")
    logo.thumbnail((LOGO_HEIGHT * 4, LOGO_HEIGHT))
    return logo
