"""What the team needs to know, read from the store: ``python -m bot stats``.

Subscribers by language and alert topic, campaigns with their delivery figures, the topics
people open most, feedback per topic, button presses by action, and unanswered questions
grouped by similarity (the same grouping as ``python -m bot report``). Reads only; prints
nothing (``cli`` prints).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.editorial.unanswered import Group, group
from bot.knowledge import Knowledge
from bot.store import Campaign, Progress, Store


@dataclass(frozen=True, slots=True)
class Stats:
    """A snapshot of the bot's use."""

    subscribers: dict[tuple[str, str], int]
    campaigns: list[tuple[Campaign, Progress]]
    top_asked: list[tuple[str, int]]
    feedback: dict[str, tuple[int, int]]
    unanswered: list[Group]
    presses: dict[str, int]


async def gather(
    store: Store, knowledge: Knowledge, *, campaigns: int = 10, top: int = 15
) -> Stats:
    """Read every figure ``stats`` prints."""
    recent = await store.campaigns.recent(limit=campaigns)
    figures = [(campaign, await store.campaigns.progress(campaign.id)) for campaign in recent]
    return Stats(
        subscribers=await store.subscribers.count(),
        campaigns=figures,
        top_asked=await store.feedback.top_asked(top),
        feedback=await store.feedback.votes(),
        unanswered=group(await store.questions.logged(), knowledge),
        presses=await store.feedback.presses(),
    )
