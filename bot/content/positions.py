"""The line of any value in a content file, for reports about records already loaded.

The records keep only the file of each item; editor reports (``bot.editorial``) point at the
exact line of an example question or a review date, so they read the file again, once.
"""

from __future__ import annotations

from pathlib import Path

from bot.content.model import Content
from bot.content.texts import Key
from bot.content.yamlfile import LineDict, LineList, read


class Positions:
    """Lines of values in the files of one content folder, each file read at most once."""

    def __init__(self, content: Content) -> None:
        self.root = Path(content.root)
        self._files: dict[str, object] = {}

    def shown(self, name: str) -> str:
        """How problems print a file of the content folder (``categories.yaml``)."""
        return f"{self.root.name}/{name}"

    def line(self, shown: str, *keys: Key) -> int:
        """The line of the value at ``keys`` in ``shown`` (a path as problems print it).

        Falls back to the nearest enclosing value, or to line 1.
        """
        if shown not in self._files:
            data, _ = read(self.root.parent / shown, shown)
            self._files[shown] = data
        data, line = self._files[shown], 1
        for key in keys:
            if isinstance(data, LineDict) and key in data:
                line, data = data.key_lines.get(key, line), data[key]
            elif isinstance(data, LineList) and isinstance(key, int) and key < len(data):
                line, data = data.item_lines[key], data[key]
            else:
                break
        return line
