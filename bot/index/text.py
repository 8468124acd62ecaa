"""Turn free text into the tokens the matcher compares, the same way for content and questions.

Steps: fold case and accents, drop punctuation and emoji, join multi-word synonyms into one token,
drop stop words, stem (Snowball, Spanish and English). Pure functions over plain strings; no I/O.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
# Users paste formatted text: code blocks are dropped whole, other tags leave their words.
_CODE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# The accents NFKD splits off letters (the combining-mark blocks), removed in one regex pass.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")
_STEMMERS = {"es": Stemmer.Stemmer("spanish"), "en": Stemmer.Stemmer("english")}

# Function words that carry no topic: Snowball's lists for Spanish and English (folded), with
# chat spellings, courtesy ("disculpe la molestia") and the frames people wrap a question in
# ("en palabras simples", "summary pls"). "no", "not", numbers, question words that tell topics
# apart ("cuando", "quienes", "why") and nouns that look like verb forms ("estado": the State;
# "fuera": left out) stay.
STOP_WORDS: Mapping[str, frozenset[str]] = {
    "es": frozenset(
        """a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bien cada cierto
        como con contra cual cuales cualquier de del desde dos durante e el ella ellas ello
        ellos en entonces entre era eran es esa esas ese eso esos esta estaba estan estar estas
        este esto estos fue fueron ha habia han hasta hay la las le les lo los mas me mi mia
        mias mio mios mis mucho muchos muy nada ni nos nosotras nosotros nuestra nuestras
        nuestro nuestros o os otra otras otro otros para pero poco por pues que se sea ser si
        sin sobre son su sus suya suyas suyo suyos tal tambien tanto te ti tiene tienen toda
        todas todo todos tu tus tuya tuyas tuyo tuyos un una unas uno unos usted ustedes va van
        vosotras vosotros vuestra vuestras vuestro vuestros y ya yo estoy estamos esten estes
        estemos estuve estuvo estuvimos estuvieron estuviera estuvieran estando he has hemos
        haya hayan habra habran habria habrian habias habiamos habian hubo hubiera hubieran
        habiendo habido soy eres somos seas sean sere sera seran seria serian eras eramos fui
        fuiste fuimos fueras fuese siendo sido tengo tienes tenemos tenga tengan tendra tendria
        tenia tenian tuve tuvo tuvieron teniendo tenido q k xq pq porque tmb tb tbn oe pe ps sr
        sra dime explicame explica explicas explicada explicado saber quiero quisiera queria
        preguntar preguntarle preguntarte preguntarles profe joven hermanito estimado buenas
        puedes podrias podria favor porfa porfavor xfa hola info informacion acerca respecto
        tema disculpe disculpa disculpen molestia senorita senor senora oiga oye ayudenos
        ayudeme ayudame palabras simples simple sencillo sencilla sencillas sencillos facil faciles
        resumen exactamente pocas breve
        brevemente resumido resumida corto pa pal voy vas vamos ir dice dices dicen decir dijo
        dijeron digo sirve sirves sirven ahora oigan nomas hoy necesito necesitamos realmente
        verdaderamente queremos quieres sintesis""".split()
    ),
    "en": frozenset(
        """a about above after again all am an and any are as at be been before being below between
        both but by can could did do does doing down during each few for from further had has
        have having he her here hers herself him himself his how i if in into is it its itself
        just me more most my myself nor of off on once only or other our ours ourselves out over
        own same she should so some such than that the their theirs them themselves then there
        these they this those through to too under until up very was we were what which while
        will with would you your yours yourself yourselves s t d ll m re ve ain aren couldn didn
        doesn don hadn hasn haven isn mightn mustn needn shan shouldn wasn weren won wouldn
        please tell explain explained know want wanna pls plz hi info information regarding now
        hello hey sorry honestly really actually much summary simple words exactly everyone
        everybody anyone someone something anything say says said saying few lines briefly brief
        nutshell us summarise summarize roughly basically kindly synthesis people keep keeps
        kept mention mentions mentioning mentioned together lot lots stuff thing things""".split()
    ),
}
ALL_STOP_WORDS = STOP_WORDS["es"] | STOP_WORDS["en"]


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text: '¿Qué es?' -> 'que es'."""
    return " ".join(words(text))


def plain(text: str) -> str:
    """A message without HTML markup or entities: '<b>ley</b>&nbsp;x' -> 'ley x'."""
    if "<" in text:
        text = _TAG.sub(" ", _CODE.sub(" ", text))
    return html.unescape(text) if "&" in text else text


# A message longer than HEAD_CHARS + TAIL_CHARS is read by its opening (who writes, whom they
# lost) and its end (where the question is): its middle is story that the focus and context,
# a few dozen words, would not hold anyway. The longest labelled message has 1,502 characters.
HEAD_CHARS = 500
TAIL_CHARS = 1500


def ends(text: str) -> str:
    """``text``, or the opening and the end of a very long one, each cut at a space, on lines
    of their own (a clause ends between them)."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    head = text[:HEAD_CHARS].rsplit(" ", 1)[0]
    tail = text[-TAIL_CHARS:].split(" ", 1)[-1]
    return f"{head}\n{tail}"


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    lowered = text.casefold()
    if not lowered.isascii():
        lowered = _MARKS.sub("", unicodedata.normalize("NFKD", lowered))
    return _WORD.findall(lowered)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of one folded word in ``lang`` (es or en)."""
    if word.isdigit() or len(word) <= 3:
        return word
    return str(_STEMMERS.get(lang, _STEMMERS["es"]).stemWord(word))


# A synonym group's token: "syn_5". No word of a message can be one ([a-z0-9]+ has no "_"):
# "synthesis" is a word, not group "thesis".
GROUP = "syn_"


def is_group(token: str) -> bool:
    """Whether ``token`` is a synonym group's token."""
    return token.startswith(GROUP)


def group_number(token: str) -> int:
    """The number of a synonym group's token (its place in content/synonyms.yaml)."""
    return int(token[len(GROUP) :])


class Synonyms:
    """Replaces every phrase of a synonym group with one shared token, longest phrase first."""

    def __init__(self, groups: Iterable[Sequence[str]]) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        # The longest phrase starting with each word: most words start none, and cost nothing.
        self._longest: dict[str, int] = {}
        for number, group in enumerate(groups):
            token = f"{GROUP}{number}"
            for phrase in group:
                key = tuple(words(phrase))
                if key:
                    self._phrases.setdefault(key, token)
                    self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def apply(self, tokens: Sequence[str]) -> list[str]:
        """``tokens`` with each known phrase replaced by its group token."""
        out: list[str] = []
        i = 0
        starts = self._longest
        while i < len(tokens):
            longest = starts.get(tokens[i])
            if longest is None:
                out.append(tokens[i])
                i += 1
                continue
            for size in range(min(longest, len(tokens) - i), 0, -1):
                token = self._phrases.get(tuple(tokens[i : i + size]))
                if token is not None:
                    out.append(token)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def spellings(lists: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Chat spellings from content/intents.yaml ("q = que" per line) as a word -> word map."""
    found: dict[str, str] = {}
    for entries in lists.values():
        for entry in entries:
            said, _, meant = (" ".join(words(side)) for side in entry.partition("="))
            if said and meant and " " not in said:
                found.setdefault(said, meant)
    return found


def intent_phrases(
    intents: Mapping[str, Mapping[str, Sequence[str]]], key: str
) -> list[tuple[str, ...]]:
    """The folded words of each phrase of one content/intents.yaml list, every language, read
    like a message: chat spellings too ("i'd like to know" is "i", "de", ... as "I'd" is read)."""
    spelled = spellings(intents.get("spelling", {}))
    return [
        tuple(spelled.get(w, w) for w in words(p))
        for texts in intents.get(key, {}).values()
        for p in texts
    ]


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


class Phrases:
    """Phrases of folded words, found anywhere in a question's words."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        # The lengths of the phrases, by their first word.
        self.starts: dict[str, frozenset[int]] = {}
        for found in self.phrases:
            self.starts[found[0]] = self.starts.get(found[0], frozenset()) | {len(found)}

    def held(self, found: Sequence[str]) -> bool:
        """Whether ``found`` holds one of the phrases."""
        # Most messages hold no phrase's first word: told apart in one set operation, in C.
        return not self.starts.keys().isdisjoint(found) and any(True for _ in self._found(found))

    def words(self, found: Sequence[str]) -> frozenset[str]:
        """The words of the phrases ``found`` holds."""
        return frozenset(w for phrase in self._found(found) for w in phrase)

    def _found(self, found: Sequence[str]) -> Iterator[tuple[str, ...]]:
        starts = self.starts
        for i, word in enumerate(found):
            for n in starts.get(word, ()):
                if tuple(found[i : i + n]) in self.phrases:
                    yield tuple(found[i : i + n])


class Lists(Phrases):
    """Several named lists of phrases, found in one pass: the names of the lists a question's
    words hold a phrase of."""

    def __init__(self, lists: Mapping[str, Iterable[tuple[str, ...]]]) -> None:
        named: dict[tuple[str, ...], set[str]] = {}
        for name, phrases in lists.items():
            for phrase in phrases:
                named.setdefault(phrase, set()).add(name)
        super().__init__(named)
        self.names = {phrase: frozenset(names) for phrase, names in named.items()}

    def held_by(self, found: Sequence[str]) -> frozenset[str]:
        """The names of the lists ``found`` holds a phrase of."""
        if self.starts.keys().isdisjoint(found):
            return frozenset()
        return frozenset(name for phrase in self._found(found) for name in self.names[phrase])
