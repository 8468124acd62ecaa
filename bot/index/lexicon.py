"""What the content knows of a word a question uses (``Lexicon``): its index terms, the rarest of
them and its idf, and how it is compared with example questions in each language, computed once
for every word of the content. Knows nothing of questions (``query`` reads them with it).
"""

from __future__ import annotations

from typing import NamedTuple

from bot.index.corpus import Corpus, term

LANGUAGES = ("es", "en")


class Word(NamedTuple):
    """A word the content uses: its terms, the rarest of them and its idf, and how it is
    compared with example questions in each of ``LANGUAGES`` (``_said``)."""

    terms: frozenset[str]
    rarest: str
    idf: float
    said: tuple[str, ...]


class Lexicon:
    """Every word of one Corpus as a ``Word``; another word by its stems."""

    def __init__(self, corpus: Corpus) -> None:
        self.idf = corpus.idf
        self.words = {
            token: self._word(token, frozenset(found))
            for token, found in corpus.vocabulary.items()
        }

    def get(self, token: str) -> Word | None:
        """``token`` as the content knows it, by its stems for a word the content never uses;
        None when no stem of it is known either."""
        found = self.words.get(token)
        if found is not None:
            return found
        stems = self.stems(token)
        return self._word(token, frozenset(stems)) if stems else None

    def stems(self, token: str) -> set[str]:
        """The stems of ``token`` (one per language) that the content knows."""
        idf = self.idf
        return {found for lang in LANGUAGES if (found := term(token, lang)) in idf}

    def _word(self, token: str, found: frozenset[str]) -> Word:
        """A word's terms, the rarest of them and its idf, and how it is compared."""
        idf = self.idf
        best = max(sorted(found), key=lambda each: idf.get(each, 0.0))
        said = tuple(_said(token, lang, found, best) for lang in LANGUAGES)
        return Word(found, best, idf.get(best, 0.0), said)


def _said(token: str, lang: str, terms: frozenset[str], rarest: str) -> str:
    """How ``token`` is compared with example questions in ``lang``: its term there when the
    content knows it (one of ``terms``), else its rarest term."""
    found = term(token, lang)
    return found if found in terms else rarest
