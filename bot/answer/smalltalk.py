"""Messages that are not questions: which short reply a greeting, thanks, goodbye, feeling or
acknowledgement gets, and whether a message only asks for help or about the bot's languages.

``reading`` finds what a message holds (from content/intents.yaml); this module picks the reply
kind that ``smalltalk.html`` draws. Composed into ``FreeText``; pure functions of words.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence

from bot.index.text import ALL_STOP_WORDS, intent_phrases

# The reply a message made only of set-aside words gets, by what it holds (first wins):
# "ok gracias" is thanked, "gracias hijito dios te bendiga" too, "que pena" gets a kind word.
REPLIES = (
    ("bye", "bye"),
    ("thanks", "thanks"),
    ("blessing", "thanks"),
    ("complaint", "complaint"),
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
# A question about the bot's languages holds a language's name among this many words at most
# ("puedo usar este bot en quechua": four besides the small ones).
LANGUAGE_WORDS = 5


class Smalltalk:
    """Picks short replies, and recognises requests for help and questions about the bot's
    languages."""

    def __init__(
        self,
        help_phrases: set[str],
        language_names: frozenset[str] = frozenset(),
        filler: frozenset[str] = frozenset(),
        language_verbs: frozenset[str] = frozenset(),
    ) -> None:
        self.help_phrases = help_phrases
        self.language_names = language_names
        self.filler = filler
        self.language_verbs = language_verbs

    @classmethod
    def of(cls, intents: Mapping[str, Mapping[str, tuple[str, ...]]]) -> Smalltalk:
        """From content/intents.yaml: its help phrases, language names and filler words (read
        like a message: "q haces" is "que haces")."""
        listed = functools.partial(intent_phrases, intents)
        return cls(
            {" ".join(found) for found in listed("help")},
            frozenset(w for found in listed("language_names") for w in found),
            frozenset(w for found in listed("filler") for w in found),
            frozenset(w for found in listed("language_verbs") for w in found),
        )

    def kept(self, found: Sequence[str]) -> str:
        """``found`` without its filler words ("bot", "oiga")."""
        return " ".join(w for w in found if w not in self.filler)

    def is_language(self, found: Sequence[str]) -> bool:
        """Whether a short message asks the bot about a language ("¿habla quechua?", "can I
        use this bot in Quechua", "quechua"): a language's name among a few words, with a verb
        of speaking or using, or alone."""
        said = [w for w in found if w not in ALL_STOP_WORDS and w not in self.filler]
        named = [w for w in said if w in self.language_names]
        asks = len(named) == len(said) or not self.language_verbs.isdisjoint(said)
        return bool(named) and asks and len(said) <= LANGUAGE_WORDS

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
