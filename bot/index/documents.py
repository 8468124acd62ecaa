"""What the matcher reads of each topic and case: texts with a language, a weight and a role.

Head fields say what an item is about: a topic's title (weight 3), keywords (2) and example
questions (1); a case's name and aliases (3), its place and years (1). Body fields are the answer
itself (summaries, details, victims, status): they hold the words people use when they tell their
story ("se lo llevaron de su casa en huanta"), so they count, but far less than the head, and a
word found only there covers a question only in part (see ``search``). Example questions and
names are also kept whole, to compare paraphrases with rapidfuzz.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content import Case, Content, Localized, Topic

TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
QUESTION_WEIGHT = 1.0
BODY_WEIGHT = 0.25


@dataclass(frozen=True, slots=True)
class Field:
    """One text of an item, with the language to stem it in, its weight and its role."""

    text: str
    lang: str
    weight: float
    phrase: bool = False
    body: bool = False
    # A topic's title: its proper nouns say which entities the topic is about.
    title: bool = False


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


def _body(*texts: Localized | None) -> list[Field]:
    return [
        Field(text, lang, BODY_WEIGHT, body=True)
        for localized in texts
        if localized is not None
        for lang, text in localized.items()
    ]


def _topic(topic: Topic) -> Source:
    fields = [
        Field(text, lang, TITLE_WEIGHT, phrase=True, title=True)
        for lang, text in topic.title.items()
    ]
    for lang, keywords in topic.keywords.items():
        fields += [Field(keyword, lang, KEYWORD_WEIGHT) for keyword in keywords]
    for lang, questions in topic.questions.items():
        fields += [Field(question, lang, QUESTION_WEIGHT, phrase=True) for question in questions]
    fields += _body(topic.summary, topic.detail)
    return Source(topic.id, "topic", tuple(fields))


def _case(case: Case) -> Source:
    names = [*case.name.values(), *case.aliases]
    fields = [Field(name, "es", TITLE_WEIGHT, phrase=True) for name in names]
    fields += [Field(name, "en", TITLE_WEIGHT) for name in names]
    place = (case.place.district, case.place.province, case.place.department)
    fields += [Field(part, "es", QUESTION_WEIGHT) for part in place if part]
    fields += [Field(str(year), "es", QUESTION_WEIGHT) for year in case.years]
    fields += _body(case.date, case.victims, case.summary, case.status, case.amnesty, case.iachr)
    return Source(case.id, "case", tuple(fields))
