"""Read the lists of common words (``content/words/*.txt``): words of Spanish and English that
a message may use and the knowledge base does not, never to be taken for a typo of one of its
own ("capital" is not "capitán"). One word a line, letters a to z only; ``#`` starts a comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bot.errors import Problem

FOLDER = "words"
# A line that is not blank, not a comment and not one plain word (spaces around it, or a
# Windows line end, are allowed).
_BAD = re.compile(r"^(?!#)(?!\s*[a-z]*\s*$)(.*)$", re.MULTILINE)
_COMMENT = re.compile(r"^#.*\n?", re.MULTILINE)


def read_words(root: Path, shown: Callable[[Path], str], problems: list[Problem]) -> str:
    """Every listed word, one a line, as one string (tens of thousands of words, read once by
    the index: no object per word); a line that is not one plain word is reported (at
    ``shown(path)``) and left out."""
    folder = root / FOLDER
    if not folder.is_dir():
        return ""
    found: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for bad in _BAD.finditer(text):
            if not bad[1].strip():
                continue
            problems.append(
                Problem(
                    shown(path),
                    text.count("\n", 0, bad.start()) + 1,
                    "error",
                    f"'{bad[1].strip()}' is not one word of plain letters: write one word a "
                    'line, in lower case and without accents ("cancion", not "Canción").',
                )
            )
        found.append(_BAD.sub("", _COMMENT.sub("", text)))
    return "\n".join(found)
