"""What a message is offered first on a loaded knowledge base, for tests of whole messages."""

from __future__ import annotations

from bench.matcher import outcome
from bot.knowledge import Knowledge


def first(real: Knowledge, text: str, lang: str = "es") -> str:
    """The item answered, or the first one offered (else the kind of reply: fallback...)."""
    return outcome(real.answerer.ask(text, lang)).lstrip("?").split("|")[0]
