"""Shareable answer cards: one image per topic or case, language and shape (issue #18).

``face`` decides what a card says (from the content and the locale strings), ``layout`` wraps
and sizes its text by measured width, ``draw`` paints it with Pillow and a segno QR code,
``shelf`` keeps rendered cards on disk keyed by a hash of what is drawn, and ``fit`` tells
``check`` which cards would not fit. Knows nothing of Telegram or SQL: handlers send the bytes
and the store remembers Telegram's file ids.
"""

from bot.cards import layout
from bot.cards.draw import Style, draw, paint, thumbnail
from bot.cards.face import SHAPES, Face, Shape, face_of
from bot.cards.fit import problems
from bot.cards.shelf import Shelf

__all__ = [
    "SHAPES",
    "Face",
    "Shape",
    "Shelf",
    "Style",
    "draw",
    "face_of",
    "layout",
    "paint",
    "problems",
    "thumbnail",
]
