"""Rendered cards on disk, keyed by a hash of what is drawn (``Face.key``).

A card is drawn once per item, language, shape and content version; a changed title, answer,
date or style gives a new key, so a stale card is never served. The folder may be empty or
missing (a Heroku-style dyno wipes its disk on restart) or read-only: cards are then drawn again,
and a failed write only costs the next request a redraw.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from bot.cards.draw import Style, draw
from bot.cards.face import Face

logger = logging.getLogger(__name__)


class Shelf:
    """Cards drawn in one ``style``, kept in ``folder`` (None: drawn every time)."""

    def __init__(self, style: Style, folder: Path | None) -> None:
        self.style = style
        self.folder = folder
        self._keys: dict[Face, str] = {}

    def key(self, face: Face) -> str:
        """The card's key: the same words, shape and style give the same key."""
        key = self._keys.get(face)
        if key is None:
            key = self._keys[face] = face.key(self.style.token)
        return key

    def png(self, face: Face) -> bytes:
        """The card as PNG bytes, from the folder when it was drawn before."""
        if self.folder is None:
            return draw(face, self.style)
        path = self.folder / f"{self.key(face)}.png"
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = draw(face, self.style)
        self._keep(path, data)
        return data

    def _keep(self, path: Path, data: bytes) -> None:
        """Write atomically (a temporary file renamed), so readers never see half a card."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            logger.warning("event=card_not_kept reason=%s", exc.strerror)
