"""Find the topics and cases a question is about. Knows nothing of Telegram or templates.

``Index(content).search(text)`` -> ranked ``Match``es with a calibrated confidence. ``text``
holds the normalisation shared by content and questions; ``documents`` says what is searched.
"""

from bot.index.search import Index, Match
from bot.index.text import fold, guess_language, words

__all__ = ["Index", "Match", "fold", "guess_language", "words"]
