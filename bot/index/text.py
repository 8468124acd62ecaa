"""Turn free text into the tokens the matcher compares, the same way for content and questions.

Steps: fold case and accents, drop punctuation and emoji, join multi-word synonyms into one token,
drop stop words, stem (Snowball, Spanish and English). Pure functions over plain strings; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
_STEMMERS = {"es": Stemmer.Stemmer("spanish"), "en": Stemmer.Stemmer("english")}

# Function words that carry no topic. "no" and numbers stay: "no es automatica", "1984".
STOP_WORDS: Mapping[str, frozenset[str]] = {
    "es": frozenset(
        """a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bien cada cierto
        como con contra cual cuales cualquier cuando de del desde donde dos el ella ellas ello
        ellos en entonces entre era eran es esa esas ese eso esos esta estaba estan estar estas
        este esto estos fue fueron ha habia han hasta hay la las le les lo los mas me mi mis mucho
        muy nos nosotros o otra otras otro otros para pero poco por pues que quien quienes se sea
        ser si sin sobre son su sus tal tambien te tiene tienen toda todas todo todos tu tus un
        una unas uno unos usted ustedes va van y ya yo q k xq pq tmb tb oe pe ps sr sra dime
        explicame explica saber quiero quisiera puedes podrias favor porfa porfavor hola info
        informacion acerca respecto tema""".split()
    ),
    "en": frozenset(
        """a about above after again all am an and any are as at be been before being below
        between both but by can could did do does doing down during each few for from further
        had has have having he her here hers him his how i if in into is it its itself just me
        more most my myself nor of off on once only or other our out over own same she should so
        some such than that the their theirs them then there these they this those through to
        too under until up very was we were what when where which while who whom why will with
        would you your yours please tell explain know want wanna pls plz hi info information
        regarding""".split()
    ),
}
ALL_STOP_WORDS = STOP_WORDS["es"] | STOP_WORDS["en"]


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text: '¿Qué es?' -> 'que es'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped))


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of one folded word in ``lang`` (es or en)."""
    if word.isdigit() or len(word) <= 3:
        return word
    return str(_STEMMERS.get(lang, _STEMMERS["es"]).stemWord(word))


class Synonyms:
    """Replaces every phrase of a synonym group with one shared token, longest phrase first."""

    def __init__(self, groups: Iterable[Sequence[str]]) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        self.longest = 1
        for number, group in enumerate(groups):
            token = f"syn{number}"
            for phrase in group:
                key = tuple(words(phrase))
                if key:
                    self._phrases.setdefault(key, token)
                    self.longest = max(self.longest, len(key))

    def apply(self, tokens: Sequence[str]) -> list[str]:
        """``tokens`` with each known phrase replaced by its group token."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                token = self._phrases.get(tuple(tokens[i : i + size]))
                if token is not None:
                    out.append(token)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def content_terms(tokens: Sequence[str]) -> list[str]:
    """Drop stop words, keep synonym tokens and numbers."""
    return [t for t in tokens if t not in ALL_STOP_WORDS]


def guess_language(text: str) -> str | None:
    """'es' or 'en' when the stop words of the text say so; None when they don't."""
    found = words(text)
    es = sum(1 for w in found if w in STOP_WORDS["es"] and w not in STOP_WORDS["en"])
    en = sum(1 for w in found if w in STOP_WORDS["en"] and w not in STOP_WORDS["es"])
    if es > en:
        return "es"
    if en > es:
        return "en"
    return None
