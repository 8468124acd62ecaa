"""What the matcher compares a question by: its words as ``Part``s and the whole of it as a
``Query`` (``query`` builds them; ``search`` and ``confidence`` read them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Part(NamedTuple):
    """One word of a question: the index terms it stands for, its weight and its certainty."""

    terms: frozenset[str]
    weight: float
    factor: float
    # Terms an item's head explains it by too: any relative for one who owns what is asked.
    kin: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Query:
    """A question (and its story) reduced to what the matcher compares.

    ``words``: the question's normalised words (typos corrected); ``told``: the story's.
    ``terms``: each index term and its weight; ``parts``: each distinct word, the question's
    first (``asked`` of them); ``phrases``: the question's terms sorted, per language, to compare
    with example questions; ``cases``: the cases it names; ``anchors``: how many core notions of
    the knowledge base it names (see ``Questions.anchors``).
    """

    words: tuple[str, ...]
    told: tuple[str, ...]
    terms: dict[str, float]
    parts: tuple[Part, ...]
    phrases: tuple[str, ...]
    asked: int
    cases: frozenset[str]
    anchors: int
    # The weight of the story's words the knowledge base has never seen.
    strange: float = 0.0
    # Whether it names the knowledge base's subject (the amnesty, "esta ley") and places it
    # nowhere else ("la amnistía de Pinochet" does not).
    subject: bool = False
    # Whether it names another amnesty ("amnistía tributaria", "la amnistía de Pinochet"; not
    # Amnesty International, an organisation).
    other: bool = False
    # The cases it names by a word that is no place ("Putis", "Fujimori"; not "Huamanga").
    titled: frozenset[str] = frozenset()
    # How it opens ("cuántos", "qué puedo hacer": ``Cues.opening``), and the glossary items
    # defining a word it asks the meaning of ("¿qué significa lesa humanidad?").
    cue: str = ""
    # Whether it speaks of the bot itself (``Named.bot``).
    bot: bool = False
    defined: frozenset[str] = frozenset()
