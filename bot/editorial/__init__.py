"""Reports for the people who edit the content: what is stale, untranslated, unreachable or
confusing, and which questions the bot could not answer.

Reads loaded knowledge (and, for ``unanswered``, question records the CLI fetched from the
store); never writes anything and never prints: ``cli`` prints the lines of ``wording``.
"""

from bot.editorial.review import Review, review
from bot.editorial.unanswered import Group, group
from bot.editorial.wording import group_lines, review_lines

__all__ = ["Group", "Review", "group", "group_lines", "review", "review_lines"]
