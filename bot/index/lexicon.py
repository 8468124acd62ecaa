"""What the content knows of a word a question uses (``Lexicon``): its index terms, the rarest of
them and its idf, and how it is compared with example questions in each language, computed once
for every word of the content. Knows nothing of questions (``query`` reads them with it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bot.index.corpus import Corpus, term
from bot.index.text import is_group, stem

LANGUAGES = ("es", "en")


class Word(NamedTuple):
    """A word the content uses: its terms, the rarest of them and its idf, and how it is
    compared with example questions in each of ``LANGUAGES`` (``_said``), None when by its
    rarest term in every one (most words: nothing more to keep)."""

    terms: frozenset[str]
    rarest: str
    idf: float
    said: tuple[str, ...] | None

    def compared(self) -> tuple[str, ...]:
        """How the word is compared with example questions in each of ``LANGUAGES``."""
        return self.said or (self.rarest,) * len(LANGUAGES)


class Lexicon:
    """Every word of one Corpus as a ``Word``; another word by its stems."""

    def __init__(self, corpus: Corpus) -> None:
        self.idf = corpus.idf
        self.words = {
            token: self._word(token, frozenset(found), _once)
            for token, found in corpus.vocabulary.items()
        }

    def get(self, token: str) -> Word | None:
        """``token`` as the content knows it, by its stems for a word the content never uses;
        None when no stem of it is known either."""
        found = self.words.get(token)
        if found is not None:
            return found
        stems = self.stems(token)
        return self._word(token, frozenset(stems), term) if stems else None

    def stems(self, token: str) -> set[str]:
        """The stems of ``token`` (one per language) that the content knows."""
        idf = self.idf
        return {found for lang in LANGUAGES if (found := term(token, lang)) in idf}

    def _word(self, token: str, found: frozenset[str], terms: Callable[[str, str], str]) -> Word:
        """A word's terms, the rarest of them and its idf, and how it is compared (its term in
        each language by ``terms``)."""
        idf = self.idf
        best = max(sorted(found), key=lambda each: idf.get(each, 0.0))
        if len(found) == 1:  # most words: its one term in every language, no stem to compute
            return Word(found, best, idf.get(best, 0.0), None)
        said = tuple(_said(terms(token, lang), found, best) for lang in LANGUAGES)
        return Word(found, best, idf.get(best, 0.0), None if set(said) == {best} else said)


def _said(found: str, terms: frozenset[str], rarest: str) -> str:
    """How a word is compared with example questions in a language: its term there (``found``)
    when the content knows it (one of ``terms``), else its rarest term."""
    return found if found in terms else rarest


def _once(token: str, lang: str) -> str:
    """``term`` for the content's own words, stemmed once at build time: not kept in the stems'
    cache, which would hold them all in idle memory."""
    return token if is_group(token) else stem.__wrapped__(token, lang)
