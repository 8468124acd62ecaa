"""Everything ``check`` tells editors beyond errors: one ``Review`` of loaded knowledge.

Warnings (they fail ``check --strict``): example questions so alike that the matcher answers
one with the other's topic, cases that none of their names finds, and volatile entries whose
facts and review are both older than ``volatile_after_days``. The rest is information: stale
entries oldest first, volatile entries with old facts (users are shown how old they are),
translation coverage per language, categories with no topics, and near-identical example
questions the matcher still tells apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.content.positions import Positions
from bot.editorial.coverage import Coverage, coverage
from bot.editorial.duplicates import Duplicate, near_duplicates
from bot.editorial.reach import EmptyCategory, empty_categories, unreachable_cases
from bot.editorial.stale import (
    OldFacts,
    Reviewed,
    located,
    located_facts,
    old_facts,
    reviews,
    stale,
    unchecked,
)
from bot.errors import Problem
from bot.knowledge import Knowledge

# The default of VOLATILE_STALE_AFTER_DAYS (bot.config): facts that change are old sooner.
VOLATILE_AFTER_DAYS = 120


@dataclass(frozen=True, slots=True)
class Review:
    """What ``check`` reports about loaded knowledge, besides content and render problems."""

    warnings: tuple[Problem, ...]
    stale_after_days: int
    stale: tuple[Reviewed, ...]
    oldest: Reviewed | None
    volatile_after_days: int
    old_facts: tuple[OldFacts, ...]
    coverage: tuple[Coverage, ...]
    empty_categories: tuple[EmptyCategory, ...]
    near_duplicates: tuple[Duplicate, ...]


def review(
    knowledge: Knowledge,
    *,
    today: date,
    stale_after_days: int,
    volatile_after_days: int = VOLATILE_AFTER_DAYS,
) -> Review:
    """Review ``knowledge`` as of ``today``."""
    positions = Positions(knowledge.content)
    reviewed = reviews(knowledge.content, today=today)
    duplicates = near_duplicates(knowledge, positions)
    old = [
        located_facts(o, positions)
        for o in old_facts(knowledge.content, today=today, after_days=volatile_after_days)
    ]
    warnings = [_warning(d) for d in duplicates if d.confusing]
    warnings += unreachable_cases(knowledge, positions)
    warnings += [w for o in old if (w := unchecked(o, after_days=volatile_after_days))]
    return Review(
        warnings=tuple(sorted(warnings, key=lambda p: (p.path, p.line, p.message))),
        stale_after_days=stale_after_days,
        stale=tuple(located(r, positions) for r in stale(reviewed, after_days=stale_after_days)),
        oldest=located(reviewed[0], positions) if reviewed else None,
        volatile_after_days=volatile_after_days,
        old_facts=tuple(old),
        coverage=tuple(coverage(knowledge.content)),
        empty_categories=tuple(empty_categories(knowledge, positions)),
        near_duplicates=tuple(d for d in duplicates if not d.confusing),
    )


def _warning(duplicate: Duplicate) -> Problem:
    first, second = duplicate.first, duplicate.second
    return Problem(
        first.path,
        first.line,
        "warning",
        f'the example question "{first.text}" is almost the same as "{second.text}" of '
        f"topic '{second.topic_id}' ({second.path}:{second.line}), and the bot mixes the two "
        "topics up: reword one of them, or keep the question in one topic only.",
    )
