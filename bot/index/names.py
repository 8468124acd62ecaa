"""Which cases a message names: the distinctive words of case names and aliases ("Huanta",
"Cabitos", "Accomarca"), and the years of the conflict. A name's word is a proper noun: the
knowledge base's prose never writes it in lower case ("violencia", "estudiantes", "cuartel" and
"grupo" are in case names, but name no case). Built once from Content; knows nothing of
ranking (``search`` uses it to weigh a story and to count a message's core notions).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from bot.content import Content
from bot.index.text import ALL_STOP_WORDS, words

_RAW_WORD = re.compile(r"\w+")
# Quoted words and commands with their argument ("/caso putis", «putis») are not prose.
_NOT_PROSE = re.compile(r"/\w+(?:@\S*)?(?:\s+\w+)?|«[^»]*»|\"[^\"]*\"|“[^”]*”")


def is_year(token: str) -> bool:
    """A year of the conflict (1980-2000) as a token."""
    return len(token) == 4 and token.isdigit() and "1980" <= token <= "2000"


# The tokens ``is_year`` holds for (a token is ASCII letters and digits): to find one among
# many words in one set operation.
YEARS = frozenset(str(year) for year in range(1980, 2001))


def whole_year(token: str) -> str:
    """A year of the conflict written short spelled whole ("del 92" -> "1992"); any other
    token as it is."""
    return f"19{token}" if len(token) == 2 and f"19{token}" in YEARS else token


# A word of a case's names shared by more cases than this ("masacre", "caso") names none.
NAME_SHARED = 2


@dataclass(frozen=True, slots=True)
class CaseNames:
    """The distinctive words of case names and aliases. ``alone``: a word that names its cases
    by itself (it is all a name or alias says, once words every case uses are set aside:
    "Putis", "caso Huanta", "El Frontón"); ``together``: a word that names a case only beside
    another word of one of its names ("Barrios Altos": "altos" alone is "muy altos"; "Teniente
    Negro", "Anzualdo Castro"), with those other words."""

    alone: dict[str, frozenset[str]]
    together: dict[str, dict[str, frozenset[str]]]
    # The words of the cases' places ("Huanta", "Huamanga", "Santa"): a town, not a name.
    places: frozenset[str] = frozenset()

    @property
    def words(self) -> frozenset[str]:
        """Every distinctive word of a name."""
        return frozenset(self.alone) | frozenset(self.together)

    def named(self, found: list[str]) -> frozenset[str]:
        """The cases the words ``found`` name."""
        alone, together = self.alone, self.together
        cases = {c for word in found for c in alone.get(word, ())}
        paired = [word for word in found if word in together]
        if paired:
            present = frozenset(found)
            cases.update(
                case
                for word in paired
                for case, others in together[word].items()
                if not others.isdisjoint(present)
            )
        return frozenset(cases)

    def titled(self, found: list[str]) -> frozenset[str]:
        """The cases ``found`` names by a word that is no place ("Putis", "Fujimori", "Barrios
        Altos"; not "Huamanga", "semana santa")."""
        return self.named([word for word in found if word not in self.places])


def case_names(content: Content) -> CaseNames:
    """The distinctive words of case names and aliases and the cases they name. A word of one
    case's name wins over the same word in another's alias ("Huanta" names Huanta 1984, not
    Barrios Altos, whose alias is "jirón Huanta"); words of synonym groups ("militares") and
    words shared by many cases ("masacre", "caso") name none."""
    common = {w for group in content.synonyms for phrase in group for w in words(phrase)}
    ignored = common | ALL_STOP_WORDS | _lower_case(content)
    named: dict[str, defaultdict[str, set[str]]] = {"name": defaultdict(set)}
    named["alias"] = defaultdict(set)
    phrases: list[tuple[str, list[str]]] = []
    for case in content.cases.values():
        for field, texts in (("name", case.name.values()), ("alias", case.aliases)):
            for text in texts:
                said = [w for w in words(text) if len(w) > 2 and not w.isdigit()]
                phrases.append((case.id, said))
                for word in said:
                    if word not in ignored:
                        named[field][word].add(case.id)
    found = {w: frozenset(ids) for w, ids in named["alias"].items() if len(ids) <= NAME_SHARED}
    found.update(
        (w, frozenset(ids)) for w, ids in named["name"].items() if len(ids) <= NAME_SHARED
    )
    places = frozenset(
        w
        for case in content.cases.values()
        for name in (case.place.department, case.place.province, case.place.district)
        for w in words(name or "")
    )
    return replace(_split(found, phrases), places=places)


def _split(found: dict[str, frozenset[str]], phrases: list[tuple[str, list[str]]]) -> CaseNames:
    """``found`` split into words that name a case alone (all one of its names says, once
    words of many cases' names are set aside: "Putis", "caso Huanta") and words that need
    another word of the same name ("Barrios Altos", "Anzualdo Castro", "Teniente Negro",
    "matanza de los penales": "altos", "castro", "negro" and "matanza" alone name nothing)."""
    cases_of: defaultdict[str, set[str]] = defaultdict(set)
    for case, said in phrases:
        for word in said:
            cases_of[word].add(case)
    partners: defaultdict[str, defaultdict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    solo: defaultdict[str, set[str]] = defaultdict(set)
    for case, said in phrases:
        kept = {w for w in said if w not in ALL_STOP_WORDS and len(cases_of[w]) <= NAME_SHARED}
        for word in kept:
            if case not in found.get(word, ()):
                continue
            if others := kept - {word}:
                partners[word][case].update(others)
            else:
                solo[word].add(case)
    alone = {w: frozenset(cases) for w, cases in solo.items()}
    together = {
        w: {c: frozenset(o) for c, o in cases.items() if c not in solo.get(w, ())}
        for w, cases in partners.items()
    }
    return CaseNames(alone, {w: cases for w, cases in together.items() if cases})


def _lower_case(content: Content) -> set[str]:
    """The words the knowledge base's prose writes in lower case somewhere: common words, not
    names (example questions and keywords are left out: they are written as people type)."""
    return {
        folded
        for text in _prose(content)
        for raw in _RAW_WORD.findall(_NOT_PROSE.sub(" ", text))
        if raw[0].islower()
        for folded in words(raw)
    }


def _prose(content: Content) -> Iterator[str]:
    """Every title, summary and detail of topics and every summary and status of cases."""
    for topic in content.topics.values():
        for field in (topic.title, topic.summary, topic.detail):
            yield from (field or {}).values()
    for case in content.cases.values():
        for field in (case.summary, case.status):
            yield from (field or {}).values()
