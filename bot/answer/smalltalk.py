"""Messages that are not questions: which short reply a greeting, thanks, goodbye, feeling or
acknowledgement gets, and whether a message only asks for help.

``reading`` finds what a message holds (from content/intents.yaml); this module picks the reply
kind that ``smalltalk.html`` draws. Composed into ``FreeText``; pure functions of words.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.index.text import ALL_STOP_WORDS

# The reply a message made only of set-aside words gets, by what it holds (first wins):
# "ok gracias" is thanked, "gracias hijito dios te bendiga" too, "que pena" gets a kind word.
REPLIES = (
    ("bye", "bye"),
    ("thanks", "thanks"),
    ("blessing", "thanks"),
    ("feeling", "feeling"),
    ("acknowledgement", "ack"),
    ("greeting", "greeting"),
    ("apology", "greeting"),
    ("introduction", "greeting"),
    ("address", "greeting"),
    ("filler", "greeting"),
)


# A short request for help with a word or two around it ("ayuda por favor").
HELP_WORDS = 3


class Smalltalk:
    """Picks short replies and recognises requests for help."""

    def __init__(self, help_phrases: set[str]) -> None:
        self.help_phrases = help_phrases

    def is_help(self, found: Sequence[str]) -> bool:
        """Whether the message only asks for help ("ayuda", "que puedes hacer", "ayuda pues");
        "how can we help" (4 words) is a question about helping, not a request for help."""
        phrases = self.help_phrases
        if " ".join(found) in phrases:
            return True
        short = len(found) <= HELP_WORDS
        return short and " ".join(w for w in found if w not in ALL_STOP_WORDS) in phrases

    @staticmethod
    def reply(kinds: Collection[str]) -> str:
        """The kind of short reply (greeting, thanks, bye, feeling, ack) for what was said."""
        return next((reply for kind, reply in REPLIES if kind in kinds), "greeting")
