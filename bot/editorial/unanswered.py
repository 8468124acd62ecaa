"""Group the questions the bot could not answer well, so editors see what people miss.

Questions are compared folded (no case, accents or punctuation) with rapidfuzz and clustered
greedily: the most frequent wording opens a group, and each next wording joins the group whose
first wording it resembles most, if it resembles it enough. For each group the index names
the nearest topic or case: a place to add example questions, or a sign that a topic is missing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rapidfuzz import fuzz, process

from bot.answer.answerer import SUGGEST_AT
from bot.content import Topic
from bot.index import fold
from bot.knowledge import Knowledge

SIMILAR_AT = 80.0


class Asked(Protocol):
    """A logged question, as ``store.questions.logged()`` returns it."""

    @property
    def text(self) -> str: ...

    @property
    def lang(self) -> str: ...

    @property
    def outcome(self) -> str: ...

    @property
    def asked_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class Nearest:
    """The topic or case the index finds closest to a group's main wording."""

    item_id: str
    kind: str
    title: str
    path: str
    confidence: float

    @property
    def close(self) -> bool:
        """Whether it is close enough that the bot would at least suggest it."""
        return self.confidence >= SUGGEST_AT


@dataclass(frozen=True, slots=True)
class Group:
    """Similar questions: each wording with how often it was asked, most frequent first."""

    wordings: tuple[tuple[str, int], ...]
    count: int
    unanswered: int
    suggested: int
    languages: tuple[str, ...]
    last_asked: datetime
    nearest: Nearest | None


def group(
    questions: Sequence[Asked], knowledge: Knowledge, *, similar_at: float = SIMILAR_AT
) -> list[Group]:
    """Groups of similar questions, the most asked group first."""
    by_folded: dict[str, list[Asked]] = defaultdict(list)
    for question in questions:
        by_folded[fold(question.text) or question.text.strip()].append(question)
    ordered = sorted(by_folded, key=lambda key: (-len(by_folded[key]), key))
    heads: list[str] = []
    members: list[list[str]] = []
    for key in ordered:
        best = process.extractOne(
            key, heads, scorer=fuzz.token_sort_ratio, score_cutoff=similar_at
        )
        if best is None:
            heads.append(key)
            members.append([key])
        else:
            members[best[2]].append(key)
    groups = [_group([by_folded[key] for key in keys], knowledge) for keys in members]
    return sorted(groups, key=lambda g: (-g.count, -g.last_asked.timestamp(), g.wordings))


def _group(wordings: list[list[Asked]], knowledge: Knowledge) -> Group:
    asked = [question for same in wordings for question in same]
    shown = tuple(
        (Counter(q.text.strip() for q in same).most_common(1)[0][0], len(same))
        for same in wordings
    )
    languages = Counter(q.lang for q in asked)
    outcomes = Counter(q.outcome for q in asked)
    return Group(
        wordings=shown,
        count=len(asked),
        unanswered=outcomes["fallback"],
        suggested=outcomes["suggestions"],
        languages=tuple(lang for lang, _ in languages.most_common()),
        last_asked=max(q.asked_at for q in asked),
        nearest=_nearest(shown[0][0], knowledge),
    )


def _nearest(text: str, knowledge: Knowledge) -> Nearest | None:
    matches = knowledge.index.search(text, limit=1)
    if not matches:
        return None
    best = matches[0]
    item = knowledge.content.item(best.item_id)
    if item is None:
        return None
    title = item.title if isinstance(item, Topic) else item.name
    return Nearest(
        best.item_id, best.kind, title.text("es"), item.where.path, round(best.confidence, 2)
    )
