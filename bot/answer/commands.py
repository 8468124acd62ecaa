"""The bot's commands: one key, its Spanish and English names, and where it is offered.

``app`` registers both spellings of every command; ``help.html`` and ``setMyCommands`` list them.
Descriptions are UI strings (``commands.<key>`` in content/locales).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """A command with its name per language; ``groups`` says whether groups see it in menus."""

    key: str
    es: str
    en: str
    groups: bool = True

    def name(self, lang: str) -> str:
        """The command's name in ``lang`` (English names for English, Spanish otherwise)."""
        return self.en if lang == "en" else self.es

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling, without duplicates."""
        return tuple(dict.fromkeys((self.es, self.en)))


COMMANDS: tuple[Command, ...] = (
    Command("start", "start", "start"),
    Command("help", "ayuda", "help"),
    Command("topics", "temas", "topics"),
    Command("law", "ley", "law"),
    Command("rights", "derechos", "rights"),
    Command("congress", "congreso", "congress"),
    Command("case", "caso", "case"),
    Command("cases", "casos", "cases"),
    Command("news", "novedades", "news"),
    Command("sources", "fuentes", "sources"),
    Command("card", "tarjeta", "card"),
    Command("alerts", "alertas", "alerts"),
    Command("language", "idioma", "language"),
    Command("privacy", "privacidad", "privacy", groups=False),
    Command("forget", "olvidar", "forget", groups=False),
)

BY_NAME: dict[str, Command] = {name: c for c in COMMANDS for name in c.names}
