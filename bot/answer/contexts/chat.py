"""The contexts of conversation pages: welcome, help, menus, privacy, usage lines, small talk,
the replies that did not find an answer, the news. See ``bot.answer.contexts``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

# /olvidar: asked to confirm, done (rows deleted), kept (cancelled) or refused (not allowed).
ForgetState = Literal["ask", "done", "kept", "refused"]
# usage.html: which usage line (a command's argument missing or wrong, a message too long…).
UsageKey = Literal[
    "case", "sources", "sources_unknown", "card", "unknown_command", "too_long", "slow_down"
]


@dataclass(frozen=True, slots=True)
class WelcomeContext:
    """welcome.html: the greeting after /start. No fields of its own."""


@dataclass(frozen=True, slots=True)
class CommandLine:
    """One command as shown in help: its name in the user's language and a description key."""

    name: str
    key: str


@dataclass(frozen=True, slots=True)
class GroupIntroContext:
    """group_intro.html: the one short introduction when the bot joins a group."""


@dataclass(frozen=True, slots=True)
class PrivacyContext:
    """privacy.html: what the bot stores and for how long; ``retention_days`` for questions,
    ``conversation_hours`` for the conversation memory (last language, topic and case)."""

    retention_days: int
    conversation_hours: int = 6


@dataclass(frozen=True, slots=True)
class ForgetContext:
    """forget.html: ``state`` is ask (with confirm buttons), done (``rows`` deleted), kept or
    refused (someone not allowed to, in a group)."""

    state: ForgetState
    rows: int = 0


@dataclass(frozen=True, slots=True)
class HelpContext:
    """help.html: ``commands`` lists every command with its name in the user's language."""

    commands: tuple[CommandLine, ...]


@dataclass(frozen=True, slots=True)
class MenuContext:
    """menu.html: the main menu heading (the categories are buttons)."""


@dataclass(frozen=True, slots=True)
class CategoryContext:
    """category.html: ``title`` of the category whose topics are shown as buttons."""

    title: str


@dataclass(frozen=True, slots=True)
class SuggestionsContext:
    """suggestions.html: the closest topics are buttons; ``question`` is the user's words."""

    question: str


@dataclass(frozen=True, slots=True)
class UnclearContext:
    """unclear.html: a question about what Memoria covers, not understood well enough even for
    a "did you mean"; the closest topics are buttons. ``question`` is the user's words."""

    question: str


@dataclass(frozen=True, slots=True)
class OpinionContext:
    """opinion.html: an opinion or argument said as a statement ("esa ley es buena"); the
    topics that state each side's arguments and the facts are buttons. No fields of its own."""


@dataclass(frozen=True, slots=True)
class NotFoundContext:
    """not_found.html: ``question`` is outside what Memoria answers (the scope is said, and the
    menu is a button); ``gone`` when a stale button named an item that no longer exists
    (``question`` is None then)."""

    question: str | None
    gone: bool = False


@dataclass(frozen=True, slots=True)
class SmalltalkContext:
    """smalltalk.html: ``kind`` is greeting, thanks, bye, feeling ("qué pena") or ack ("ok",
    "ya entendí", "👍")."""

    kind: str


@dataclass(frozen=True, slots=True)
class UsageContext:
    """usage.html: ``key`` is case, sources or card (the argument is missing), sources_unknown,
    unknown_command, too_long or slow_down; ``limit`` for too_long; ``commands`` lists the
    commands for unknown_command."""

    key: UsageKey
    limit: int = 0
    commands: tuple[CommandLine, ...] = ()


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """error.html: a short apology, no details."""


@dataclass(frozen=True, slots=True)
class LanguageContext:
    """language.html: ``changed`` after a switch, else a question; ``refused`` for non-admins."""

    changed: bool
    refused: bool = False


@dataclass(frozen=True, slots=True)
class NewsLine:
    """One line of /novedades: what happened and its date."""

    text: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class NewsContext:
    """news.html: the newest headlines first (none when content has none); each headline's
    item is also a button."""

    lines: tuple[NewsLine, ...]
