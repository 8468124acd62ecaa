"""Short messages that are not questions: greetings, thanks, goodbyes, and asking for help.

"ok gracias pe", "holaa", "diosito le pague" are recognised by their words alone (stretched
letters, diminutives and one typo allowed), from the phrases in content/intents.yaml. Composed
into ``Answerer``; pure functions of the folded words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.index import words
from bot.index.text import ALL_STOP_WORDS

CHAT_INTENTS = ("greeting", "thanks", "bye")
CHAT_FILLER = frozenset({"memoria", "bot", "ok", "okay", "ya", "xd"})
_DIMINUTIVE = re.compile(r"(c?it[oa]s?)$")
_RUNS = re.compile(r"(.)\1+")
# A greeting or thanks is short; longer messages are questions, however polite.
CHAT_MAX_WORDS = 8


class Smalltalk:
    """Recognises greetings, thanks, goodbyes and requests for help."""

    def __init__(
        self, intents: Mapping[str, Mapping[str, tuple[str, ...]]], help_phrases: set[str]
    ) -> None:
        self.help_phrases = help_phrases
        self.chat_phrases = [
            (intent, tuple(words(p)))
            for intent in CHAT_INTENTS
            for texts in intents.get(intent, {}).values()
            for p in texts
        ]
        self.chat_phrases.sort(key=lambda pair: -len(pair[1]))
        self.chat_words = frozenset(_squeeze(w) for _, phrase in self.chat_phrases for w in phrase)
        self.long_chat_words = sorted(w for w in self.chat_words if len(w) >= 5)

    def is_help(self, found: Sequence[str]) -> bool:
        """Whether the message only asks for help ("ayuda", "que puedes hacer")."""
        phrases = self.help_phrases
        return " ".join(found) in phrases or " ".join(_content_words(found)) in phrases

    def intent(self, found: Sequence[str]) -> str | None:
        """greeting, thanks or bye when the message is only that ("ok gracias pe", "holaa")."""
        if len(found) > CHAT_MAX_WORDS or not all(
            w in ALL_STOP_WORDS or w in CHAT_FILLER or self._chat_word(w) for w in found
        ):
            return None
        intent: str | None = None
        rest = list(found)
        while rest:
            for name, phrase in self.chat_phrases:
                if (
                    len(phrase) <= len(rest)
                    and _same_word(rest[0], phrase[0])
                    and all(_same_word(a, b) for a, b in zip(rest, phrase, strict=False))
                ):
                    intent = intent or name
                    rest = rest[len(phrase) :]
                    break
            else:
                if rest[0] not in ALL_STOP_WORDS and rest[0] not in CHAT_FILLER:
                    return None
                rest = rest[1:]
        return intent

    def _chat_word(self, word: str) -> bool:
        """Whether ``word`` may belong to a greeting, thanks or goodbye (see ``_same_word``)."""
        said = _squeeze(word)
        if said in self.chat_words or _DIMINUTIVE.sub("", said) in self.chat_words:
            return True
        near = process.extractOne(said, self.long_chat_words, scorer=OSA.distance, score_cutoff=1)
        return near is not None


def _content_words(found: Sequence[str]) -> tuple[str, ...]:
    return tuple(w for w in found if w not in ALL_STOP_WORDS)


def _squeeze(word: str) -> str:
    """'holaaa' -> 'hola', 'graciass' -> 'gracias': runs of one letter count once."""
    return _RUNS.sub(r"\1", word)


@lru_cache(maxsize=8192)
def _same_word(said: str, known: str) -> bool:
    """Whether a word of a short message is a word of a smalltalk phrase, allowing stretched
    letters ("holaaa"), diminutives ("diosito") and one typo in longer words."""
    said, known = _squeeze(said), _squeeze(known)
    if said == known or _DIMINUTIVE.sub("", said) == known:
        return True
    return len(known) >= 5 and OSA.distance(said, known) <= 1
