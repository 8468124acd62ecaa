"""Which words of a question tell its story rather than its subject: relatives ("mi tío", "my
grandfather") and durations ("lleva 20 años", "for decades"). Knows nothing of weights or
scores: ``query`` weighs what this module finds, ``confidence`` scores it.

A relative who owns what is asked about ("el juicio de mi tío", "my father's trial") is only
whose it is: any relative an item's head texts name explains it ("mi familiar" in an example
question explains "mi tío"), unlike the relative a question is about ("buscar a mi papá").
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from bot.content import Content
from bot.index.text import ALL_STOP_WORDS, Phrases, intent_phrases


class Story:
    """Finds the words of a question that tell its story, with one content's vocabulary."""

    def __init__(self, content: Content, head_words: AbstractSet[str]) -> None:
        relatives = {
            w for p in intent_phrases(content.intents, "relative") for w in p
        } - ALL_STOP_WORDS
        self.kin = frozenset(relatives)
        # A relative after one of these ("de mi", "of my") owns what is asked about.
        self.owners = frozenset(intent_phrases(content.intents, "owner"))
        self.owner_lengths = frozenset(map(len, self.owners))
        # Words the content's titles, keywords or questions use ("familiar", "father") say
        # what is asked as much as who asks.
        self.relatives = frozenset(relatives - head_words)
        self.durations = frozenset(
            w for p in intent_phrases(content.intents, "duration") for w in p
        )
        self.alone = frozenset(
            w for p in intent_phrases(content.intents, "duration_alone") for w in p
        )
        self.head_words = head_words
        # A request that only asks, or how the answer should be ("en palabras simples").
        self.manners = Phrases(intent_phrases(content.intents, "manner"))

    def telling(self, found: list[str]) -> frozenset[str]:
        """The words of a question that tell its story: relatives, those who own what is
        asked about, and durations ("20 años": a number before a unit of time; "décadas")."""
        units = self.durations
        told = {w for w in found if w in self.relatives} | self.whose(found)
        for i, word in enumerate(found):
            if word in units and i and found[i - 1].isdigit():
                told.update(found[i - 1 : i + 1])
            elif word in self.alone:
                told.add(word)
        return frozenset(told)

    def whose(self, found: list[str]) -> frozenset[str]:
        """Relatives who own what is asked about ("el juicio de mi tío", "my father's trial")."""
        return frozenset(
            w
            for i, w in enumerate(found)
            if w in self.kin
            and (
                any(tuple(found[i - n : i]) in self.owners for n in self.owner_lengths if i >= n)
                or found[i + 1 : i + 2] == ["s"]
            )
        )

    def spans(self, found: list[str]) -> frozenset[str]:
        """How long, told as a number no head text uses ("lleva 20 años"): the unit says it
        ("70 años", the law's age, is a head text's number and counts)."""
        units, heads = self.durations, self.head_words
        return frozenset(
            w
            for i, w in enumerate(found[:-1])
            if w.isdigit() and found[i + 1] in units and w not in heads
        )

    def manner(self, found: list[str]) -> frozenset[str]:
        """The words saying how the answer should be, not what about ("explícame la
        prescripción en palabras simples": "palabras", "simples")."""
        return self.manners.words(found)
