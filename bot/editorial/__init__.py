"""Reports for the people who edit the content: what is stale, untranslated, unreachable or
confusing, and which questions the bot could not answer.

Reads loaded knowledge (and, for ``unanswered``, question records the CLI fetched from the
store); never writes anything and never prints: ``cli`` prints the lines of ``wording``.
"""

from bot.editorial.review import Review, review
from bot.editorial.stale import old_facts
from bot.editorial.unanswered import Group, group
from bot.editorial.wording import asked_old_facts_lines, group_lines, review_lines

__all__ = [
    "Group",
    "Review",
    "asked_old_facts_lines",
    "group",
    "group_lines",
    "old_facts",
    "review",
    "review_lines",
]
