"""What the matcher reads of each topic and case: texts with a language and a weight.

A topic's title counts three times, its keywords twice, each example question once; a case's
name and aliases count three times, its place and years once. Example questions and names are
also kept whole, to compare paraphrases with rapidfuzz.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content import Case, Content, Topic

TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 2
QUESTION_WEIGHT = 1


@dataclass(frozen=True, slots=True)
class Field:
    """One text of an item, with the language to stem it in and its weight."""

    text: str
    lang: str
    weight: int
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """The searchable texts of one item."""

    item_id: str
    kind: str
    fields: tuple[Field, ...]


def sources(content: Content) -> list[Source]:
    """One Source per topic and case, topics first."""
    found = [_topic(topic) for topic in content.topics.values()]
    return found + [_case(case) for case in content.cases.values()]


def _topic(topic: Topic) -> Source:
    fields = [Field(text, lang, TITLE_WEIGHT, phrase=True) for lang, text in topic.title.items()]
    for lang, keywords in topic.keywords.items():
        fields += [Field(keyword, lang, KEYWORD_WEIGHT) for keyword in keywords]
    for lang, questions in topic.questions.items():
        fields += [Field(question, lang, QUESTION_WEIGHT, phrase=True) for question in questions]
    return Source(topic.id, "topic", tuple(fields))


def _case(case: Case) -> Source:
    names = [*case.name.values(), *case.aliases]
    fields = [Field(name, lang, TITLE_WEIGHT, phrase=True) for name in names for lang in ("es",)]
    fields += [Field(name, "en", TITLE_WEIGHT) for name in names]
    place = (case.place.district, case.place.province, case.place.department)
    fields += [Field(part, "es", QUESTION_WEIGHT) for part in place if part]
    fields += [Field(str(year), "es", QUESTION_WEIGHT) for year in case.years]
    return Source(case.id, "case", tuple(fields))
