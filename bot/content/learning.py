"""Read the labelled messages the bot learns from (``content/learning/*.yaml``): whole messages
and short questions as people write them, each with the answer it should get. One entry a line,
``- {q: "...", lang: es, expect: putis}``; ``expect`` is a topic or case id, a list of two equally
right ids, or ``list`` (cases by place or year), ``fallback`` (off-topic) or ``smalltalk``.
A wrong entry is reported as ``path:line: message`` and left out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from bot.content.fields import did_you_mean
from bot.content.model import REQUIRED_LANGUAGES, Labelled
from bot.content.yamlfile import LineDict, LineList, read
from bot.errors import Problem

FOLDER = "learning"
# The answers that are no topic nor case.
OUTCOMES = ("list", "fallback", "smalltalk")
FIELDS = frozenset({"q", "lang", "expect"})


def read_learning(
    root: Path,
    shown: Callable[[Path], str],
    problems: list[Problem],
    known: Collection[str],
) -> tuple[Labelled, ...]:
    """Every labelled message under ``root``/learning; ``known`` are the topic and case ids."""
    folder = root / FOLDER
    found: list[Labelled] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        data, trouble = read(path, shown(path))
        problems.extend(trouble)
        if trouble or data is None:
            continue
        if not isinstance(data, LineList):
            problems.append(Problem(shown(path), 1, "error", _ENTRY))
            continue
        for item, line in zip(data, data.item_lines, strict=True):
            entry = _entry(item, sorted({*known, *OUTCOMES}))
            if isinstance(entry, str):
                problems.append(Problem(shown(path), line, "error", entry))
            else:
                found.append(entry)
    return tuple(found)


_ENTRY = 'each entry is one line: - {q: "the message", lang: es, expect: a-topic-id}'


def _entry(item: object, known: list[str]) -> Labelled | str:
    """The entry, or what is wrong with it."""
    if not isinstance(item, LineDict) or not set(item) >= FIELDS or set(item) - FIELDS:
        return _ENTRY
    text, lang, expect = item["q"], item["lang"], item["expect"]
    if not isinstance(text, str) or not text.strip():
        return "q must be the message, in quotes."
    if lang not in REQUIRED_LANGUAGES:
        return f"lang must be one of {', '.join(REQUIRED_LANGUAGES)}, not '{lang}'."
    labels = expect if isinstance(expect, list) else [expect]
    if not labels or not all(isinstance(label, str) for label in labels):
        return "expect must be a topic or case id, a list of two, or list, fallback, smalltalk."
    for label in labels:
        if label not in known:
            return (
                f"expect names '{label}', which is no topic or case.{did_you_mean(label, known)}"
            )
    return Labelled(text, str(lang), tuple(labels))
