"""Which named things a topic is about: the proper nouns of its title ("Corte IDH", "Ley 32107",
"Tribunal Constitucional", "WhatsApp"), as index terms. Knows nothing of scoring: ``search`` ranks
an item whose entity a message names (or the case it names, ``names``) above items that merely
share generic words with it: "qué decidió la Corte IDH en el caso Barrios Altos" is about the
court's judgment, not the massacre's other topics.

A proper noun is a capitalised word (or a number) that does not open its title, a sentence or a
quote; consecutive ones form one name ("Tribunal Constitucional"), read through synonyms like any
text ("Corte IDH" and "Inter-American Court" are one term).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from bot.index.text import ALL_STOP_WORDS, words

# Marks after which a capital says nothing: a question, an exclamation, a quote.
_OPENING_MARKS = '¿¡«"“'
_TOKEN = re.compile(r"\S+")
# A term named by the titles of more items than this is no one item's entity ("Memoria").
ENTITY_ITEMS = 8


def proper_names(text: str) -> list[list[str]]:
    """The runs of proper nouns of ``text``, each as folded words: 'Caso Barrios Altos vs. Perú
    (Corte IDH, 2001)' -> [['barrios', 'altos'], ['corte', 'idh'], ['2001']]."""
    runs: list[list[str]] = []
    current: list[str] = []
    opening = True
    for found in _TOKEN.finditer(text):
        raw = found.group()
        core = raw.lstrip(_OPENING_MARKS + "('")
        starts = opening or (core != raw and raw[0] in _OPENING_MARKS)
        named = bool(core) and (core[0].isupper() or core[0].isdigit()) and not starts
        if named:
            current.extend(words(core))
        if current and (not named or core[-1:] in ",;)"):
            runs.append(current)
            current = []
        opening = raw[-1:] in ".:!?"
    if current:
        runs.append(current)
    return runs


def entity_terms(
    titles: Iterable[tuple[str, str]], terms_of: Callable[[list[str], str], list[str]]
) -> frozenset[str]:
    """The index terms of the proper names of ``titles`` ((text, lang) pairs)."""
    found: set[str] = set()
    for text, lang in titles:
        for run in proper_names(text):
            found.update(t for t in terms_of(run, lang) if t not in ALL_STOP_WORDS)
    return frozenset(found)


def distinctive(per_item: list[frozenset[str]]) -> list[frozenset[str]]:
    """Each item's entities without those that too many items' titles name."""
    named = Counter(t for found in per_item for t in found)
    return [frozenset(t for t in found if named[t] <= ENTITY_ITEMS) for found in per_item]
