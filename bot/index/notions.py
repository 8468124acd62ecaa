"""Which of the knowledge base's core notions a message names, and whether it names the
knowledge base's subject (the amnesty) or another amnesty. Built once from Content; a pure
function of a message's normalised words after that (``query`` asks it once per message).

Core notions are the groups of content/synonyms.yaml (the amnesty, the military, the
disappeared...), cases by name, a year of the conflict (1980-2000) and the words that name the
conflict's crimes or the victims' organisations (``notion`` in content/intents.yaml: "masacre",
"ANFASEP"). The lists that say whether the amnesty named is this one are content/intents.yaml's
``subject``, ``elsewhere``, ``abroad``, ``home`` and ``ours``; ``natural`` and ``loss`` say when
a death is no death of the conflict, ``present`` when a message is about today (its groups then
count for nothing) and ``errand`` when it is about an errand or a pastime (the cases it names
are then places, and count for nothing either). Words about the bot itself (``bot``: "what you
told me") count as one core notion.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.content import Content
from bot.index.names import YEARS
from bot.index.text import Lists, Synonyms, intent_phrases, is_group

# Words after "esta ley" that say which law it is ("la nueva ley de alquileres").
QUALIFIERS = frozenset({"de", "del", "sobre", "on", "about", "of", "for"})
# What a pointer ("esta ley", "this law") points at: this law, or another.
OURS = "ours"
OTHER = "other"


# A writer's place, after "from", "vivo en" or "journalist in", is a city and its country
# at most ("from Buenos Aires, Argentina", "vivo en Nueva York, Estados Unidos" is four).
PLACE_WORDS = 4
# ...and ends before what is written about ("in Chile, writing about Chile's amnesty").
TOPICAL = frozenset({"sobre", "acerca", "on", "about", "regarding"})
# The word that asks for a case as such ("el caso Putis").
CASE = frozenset({"caso", "case"})


class Named(NamedTuple):
    """What a message names: how many core notions, whether one is the knowledge base's
    subject, whether it names another amnesty, and how many core notions besides the subject."""

    anchors: int
    subject: bool
    other: bool
    # "¿fue por la amnistía?" names none besides the subject.
    beyond: int = 0
    # Whether it speaks of the bot itself ("lo que me dijiste", "who built you").
    bot: bool = False


class Notions:
    """Counts the core notions a message names, with the vocabulary of one Content."""

    def __init__(self, content: Content, synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        # The knowledge base's subject (the amnesty) and what makes it another one ("amnistía
        # tributaria", "Argentina's amnesty law"). A phrase of more than one token after
        # synonyms ("esta ley") names it as a phrase.
        subject = [synonyms.apply(list(p)) for p in intent_phrases(content.intents, "subject")]
        self.subject = frozenset(t for p in subject if len(p) == 1 for t in p)
        self.pointers = frozenset(tuple(p) for p in subject if len(p) > 1)
        self.longest = max(map(len, self.pointers), default=0)
        elsewhere = intent_phrases(content.intents, "elsewhere")
        # What other countries have too or share, a truth commission, the Inter-American
        # Court, a supreme court: about another country when the message places it abroad, as
        # an amnesty is.
        self.counterpart, counterpart = _split(content, synonyms, "counterpart")
        # Every list a message is looked up in, found in one pass:
        self.lists = Lists(
            {
                # the subject named by a phrase ("esta ley");
                "pointer": [tuple(p) for p in subject if len(p) > 1],
                "elsewhere": elsewhere,
                # ...of which those that say what kind, not an organisation's name
                # ("Amnistía Internacional" names no other amnesty);
                "qualifier": [
                    p for p in elsewhere if self.subject.isdisjoint(synonyms.apply(list(p)))
                ],
                # another country's, unless the message names Peru too ("home");
                "abroad": intent_phrases(content.intents, "abroad"),
                "home": intent_phrases(content.intents, "home"),
                "counterpart": counterpart,
                # this law by its number: about it, wherever else the message looks;
                "ours": intent_phrases(content.intents, "ours"),
                # words naming the conflict's crimes ("masacre"): one core notion more;
                "notion": intent_phrases(content.intents, "notion"),
                # words that speak of the bot itself ("what you told me"): one more;
                "bot": intent_phrases(content.intents, "bot"),
                # a death told with its natural cause ("murió sin testamento") is no death of
                # the conflict: the groups a loss is told with ("murió", "died") do not count;
                "natural": intent_phrases(content.intents, "natural"),
                # a message about the present day ("desde el sábado", "servicio militar"):
                # its groups name nothing of the conflict, and the cases it names are places
                # ("el servicio militar en el cuartel Los Cabitos");
                "present": intent_phrases(content.intents, "present"),
                # ...and so does an errand or pastime ("anticuchos en Barrios Altos").
                "errand": intent_phrases(content.intents, "errand"),
            }
        )
        self.located = frozenset(intent_phrases(content.intents, "located"))
        self.death = frozenset(filter(is_group, _tokens(content, synonyms, "loss")))

    def points(self, found: list[str]) -> bool:
        """Whether ``found`` names the subject by pointing at it ("esta ley", "this law")."""
        return "pointer" in self.lists.held_by(found) and self._pointer(found) == OURS

    def _pointer(self, found: list[str]) -> str:
        """What a pointer in ``found`` points at: OURS, or OTHER when a law the knowledge base
        does not name follows it ("la nueva ley de alquileres", "this new law on rent"), or ""
        (none, or another law it names: "la ley 32107", "esa ley de lesa humanidad")."""
        pointed = ""
        for i in range(len(found)):
            for n in range(self.longest, 1, -1):
                if tuple(found[i : i + n]) not in self.pointers:
                    continue
                after = found[i + n : i + n + 1]
                if not after or (after[0] not in QUALIFIERS and not after[0].isdigit()):
                    return OURS
                if after[0].isdigit():  # a law's number: this one's, or one we may know
                    if "ours" in self.lists.held_by(after):
                        return OURS
                    break
                named = self.synonyms.apply(found[i + n + 1 : i + n + 4])
                # ...or it is part of a name of this one ("la ley esa del perdón").
                whole = self.synonyms.apply(found[i : i + n + 2])
                if not self.subject.isdisjoint(named[:1]) or not self.subject.isdisjoint(whole):
                    return OURS
                # "esa ley de lesa humanidad" names a law of the knowledge base all the same.
                if not any(map(is_group, named)):
                    pointed = OTHER
                break
        return pointed

    def _whose(self, found: list[str]) -> bool:
        """Whether another country is named as whose ("Argentina's amnesty", "la comisión de
        la verdad de Colombia"), not only as where ("a journalist in Chile")."""
        located = self.located
        # A place is up to PLACE_WORDS words after the phrase: "from Buenos Aires, Argentina".
        placed: set[int] = set()
        for end in range(1, len(found)):
            if tuple(found[end - 1 : end]) in located or tuple(found[end - 2 : end]) in located:
                after = found[end : end + PLACE_WORDS]
                ending = next((j for j, w in enumerate(after) if w in TOPICAL), len(after))
                placed.update(range(end, end + ending))
        unplaced = [w for i, w in enumerate(found) if i not in placed]
        return "abroad" in self.lists.held_by(unplaced)

    def named(self, found: list[str], cases: frozenset[str]) -> Named:
        """What the words ``found`` (naming ``cases``) name. "quién es el presidente del perú"
        names no core notion; "¿la amnistía alcanza a los ronderos?" three, the subject
        counting twice unless the message places it elsewhere ("amnistía tributaria") without
        naming this law by its number."""
        said = self.synonyms.apply(found)
        held = self.lists.held_by(found)
        groups = {t for t in said if is_group(t)}
        # An errand that tells a killing is about it ("fuimos de excursión a Caral y al pasar
        # por Pativilca el chofer nos contó que mataron a unos jóvenes").
        # ...and so does one that asks for a case as such ("cuéntanos el caso Putis, el sábado
        # hacemos la romería y lo leemos antes de la misa").
        asked = bool(cases) and not CASE.isdisjoint(found)
        errand = "errand" in held and groups.isdisjoint(self.death) and not asked
        today = "present" in held or errand
        groups = groups if not today else set()
        if "natural" in held:
            groups -= self.death
        year = not YEARS.isdisjoint(said)
        # "esta ley", "la nueva ley" in a message about today ("¿cuántos años dan por
        # extorsión con la nueva ley?") points to another law; "amnistía" names it still.
        pointer = self._pointer(found) if "pointer" in held else ""
        named = not self.subject.isdisjoint(said) or (pointer == OURS and not today)
        ours = "ours" in held
        # Another country's, unless Peru or a case is named too ("Hi, I'm a filmmaker from
        # Santiago de Chile researching the Putis massacre"); a year is not enough ("the 1986
        # Reagan amnesty in the US").
        abroad = "abroad" in held and "home" not in held and not cases and self._whose(found)
        subject = named and (ours or not ("elsewhere" in held or abroad))
        # Another amnesty, or another law pointed at ("esta ley de tránsito", "la ley 32107"
        # without this law's number).
        mentioned = named or bool(pointer)
        other = mentioned and not ours and ("qualifier" in held or abroad or pointer == OTHER)
        shared = "counterpart" in held or not self.counterpart.isdisjoint(said)
        other = other or (abroad and not ours and shared)
        notions = ("notion" in held) + ("bot" in held)
        places = len(cases) if not today else 0
        rest = places + year + notions
        beyond = len(groups - self.subject) + rest
        return Named(len(groups) + subject + rest, subject, other, beyond, "bot" in held)


def _split(
    content: Content, synonyms: Synonyms, key: str
) -> tuple[frozenset[str], list[tuple[str, ...]]]:
    """One content/intents.yaml list as the tokens of its phrases that are one token after
    synonyms (looked for among a message's tokens) and its longer phrases ("ley de caducidad",
    "supreme court": looked for as phrases, not word by word)."""
    phrases = intent_phrases(content.intents, key)
    parts = [synonyms.apply(list(p)) for p in phrases]
    single = frozenset(t for p in parts if len(p) == 1 for t in p)
    return single, [tuple(p) for p, t in zip(phrases, parts, strict=True) if len(t) > 1]


def _tokens(content: Content, synonyms: Synonyms, key: str) -> frozenset[str]:
    """The tokens of one content/intents.yaml list, synonym phrases joined."""
    phrases = intent_phrases(content.intents, key)
    return frozenset(t for p in phrases for t in synonyms.apply(list(p)))
