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


# A word of a case's names shared by more cases than this ("masacre", "caso") names none.
NAME_SHARED = 2


def case_names(content: Content) -> dict[str, frozenset[str]]:
    """Each distinctive word of case names and aliases -> the cases it names. A word of one
    case's name wins over the same word in another's alias ("Huanta" names Huanta 1984, not
    Barrios Altos, whose alias is "jirón Huanta"); words of synonym groups ("militares") and
    words shared by many cases ("masacre", "caso") name none."""
    common = {w for group in content.synonyms for phrase in group for w in words(phrase)}
    ignored = common | ALL_STOP_WORDS | _lower_case(content)
    named: dict[str, defaultdict[str, set[str]]] = {"name": defaultdict(set)}
    named["alias"] = defaultdict(set)
    for case in content.cases.values():
        for field, texts in (("name", case.name.values()), ("alias", case.aliases)):
            for text in texts:
                for word in words(text):
                    if len(word) > 2 and not word.isdigit() and word not in ignored:
                        named[field][word].add(case.id)
    found = {w: frozenset(ids) for w, ids in named["alias"].items() if len(ids) <= NAME_SHARED}
    found.update(
        (w, frozenset(ids)) for w, ids in named["name"].items() if len(ids) <= NAME_SHARED
    )
    return found


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
