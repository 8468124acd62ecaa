"""What people cannot reach. Every topic is one tap away in its category's menu, and a topic
naming a category that does not exist is an error of the loader; so this reports categories
with no topics (the menu hides them; /ley, /derechos, /congreso would list nothing) and cases
that none of their names and aliases finds when asked as a question.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.positions import Positions
from bot.errors import Problem
from bot.knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class EmptyCategory:
    """A category of categories.yaml that no topic names."""

    path: str
    line: int
    category_id: str


def empty_categories(knowledge: Knowledge, positions: Positions) -> list[EmptyCategory]:
    """Categories with no topics, in menu order."""
    content = knowledge.content
    used = {topic.category for topic in content.topics.values()}
    path = positions.shown("categories.yaml")
    return [
        EmptyCategory(path, positions.line(path, number), category.id)
        for number, category in enumerate(content.categories)
        if category.id not in used
    ]


def unreachable_cases(knowledge: Knowledge, positions: Positions) -> list[Problem]:
    """A warning for each case that none of its names and aliases finds."""
    problems = []
    for case in knowledge.content.cases.values():
        names = [(text, lang) for lang, text in case.name.items()]
        names += [(alias, "es") for alias in case.aliases]
        answers = (knowledge.answerer.ask(text, lang) for text, lang in names)
        if any((a.kind, a.item_id) == ("case", case.id) for a in answers):
            continue
        text, answer = names[0][0], knowledge.answerer.ask(*names[0])
        got = f"'{answer.item_id}'" if answer.item_id else f"a {answer.kind} answer"
        problems.append(
            Problem(
                case.where.path,
                positions.line(case.where.path, "name"),
                "warning",
                f'no name or alias of this case finds it: asking "{text}" answers with {got}. '
                "Add to 'aliases' the names people use for it.",
            )
        )
    return problems
