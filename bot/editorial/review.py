"""Everything ``check`` tells editors beyond errors: one ``Review`` of loaded knowledge.

Warnings (they fail ``check --strict``): example questions so alike that the matcher answers
one with the other's topic, and cases that none of their names finds. The rest is information:
stale entries oldest first, translation coverage per language, categories with no topics, and
near-identical example questions the matcher still tells apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.content.positions import Positions
from bot.editorial.coverage import Coverage, coverage
from bot.editorial.duplicates import Duplicate, near_duplicates
from bot.editorial.reach import EmptyCategory, empty_categories, unreachable_cases
from bot.editorial.stale import Reviewed, located, reviews, stale
from bot.errors import Problem
from bot.knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class Review:
    """What ``check`` reports about loaded knowledge, besides content and render problems."""

    warnings: tuple[Problem, ...]
    stale_after_days: int
    stale: tuple[Reviewed, ...]
    oldest: Reviewed | None
    coverage: tuple[Coverage, ...]
    empty_categories: tuple[EmptyCategory, ...]
    near_duplicates: tuple[Duplicate, ...]


def review(knowledge: Knowledge, *, today: date, stale_after_days: int) -> Review:
    """Review ``knowledge`` as of ``today``."""
    positions = Positions(knowledge.content)
    reviewed = reviews(knowledge.content, today=today)
    duplicates = near_duplicates(knowledge, positions)
    warnings = [_warning(d) for d in duplicates if d.confusing]
    warnings += unreachable_cases(knowledge, positions)
    return Review(
        warnings=tuple(sorted(warnings, key=lambda p: (p.path, p.line, p.message))),
        stale_after_days=stale_after_days,
        stale=tuple(located(r, positions) for r in stale(reviewed, after_days=stale_after_days)),
        oldest=located(reviewed[0], positions) if reviewed else None,
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
