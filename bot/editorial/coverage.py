"""How much of the content each language translates: the parity report of ``check``.

Spanish and English must be complete (the loader reports every gap as an error); another
language, such as Quechua, may grow text by text, and the bot shows Spanish, with a note, for
whatever it does not translate yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content import Content
from bot.content.texts import texts


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of the translatable texts exist in one language."""

    lang: str
    name: str
    translated: int
    total: int

    @property
    def complete(self) -> bool:
        """Whether every text exists in this language."""
        return self.translated == self.total

    @property
    def percent(self) -> int:
        """The share translated, rounded down, so 99.9% never reads as 100%."""
        return 100 * self.translated // self.total if self.total else 100


def coverage(content: Content) -> list[Coverage]:
    """Coverage per language, in the bot's order of languages."""
    every = texts(content)
    return [
        Coverage(
            lang=lang,
            name=content.strings(lang).get("language_name", lang),
            translated=sum(text.has(lang) for text in every),
            total=len(every),
        )
        for lang in content.languages
    ]
