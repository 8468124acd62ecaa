"""Find the topics and cases a question is about. Knows nothing of Telegram or templates.

``Index(content).query(text, context)`` reads a question once into a ``Query``;
``Index.search(query)`` -> ranked ``Match``es with a calibrated confidence. ``text`` holds the
normalisation shared by content and questions; ``documents`` says what is searched, ``corpus``
what is known of it, ``confidence`` how sure a match is.
"""

from bot.index.model import Query
from bot.index.search import Index, Match
from bot.index.text import fold, guess_language, words

__all__ = ["Index", "Match", "Query", "fold", "guess_language", "words"]
