"""Entries by the date someone last checked them against their sources, oldest first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.content import Content
from bot.content.positions import Positions


@dataclass(frozen=True, slots=True)
class Reviewed:
    """When one entry was last reviewed, and where that date is written."""

    path: str
    line: int
    item_id: str
    title: str
    reviewed: date
    days: int


def reviews(content: Content, *, today: date) -> list[Reviewed]:
    """Every reviewed entry (topics, cases, alerts, contact), oldest review first.

    ``line`` is that of the entry; ``located`` finds the line of its review date.
    """
    found = [
        *((t.where.path, t.id, t.title.text("es"), t.reviewed) for t in content.topics.values()),
        *((c.where.path, c.id, c.name.text("es"), c.reviewed) for c in content.cases.values()),
        *((a.where.path, a.id, a.title.text("es"), a.reviewed) for a in content.alerts.values()),
    ]
    if content.contact is not None:
        contact = content.contact
        found.append((contact.where.path, "contact", "contact", contact.reviewed))
    return sorted(
        (
            Reviewed(path, 1, item, title, day, (today - day).days)
            for path, item, title, day in found
        ),
        key=lambda r: (r.reviewed, r.path),
    )


def stale(reviewed: list[Reviewed], *, after_days: int) -> list[Reviewed]:
    """The entries reviewed more than ``after_days`` days ago, oldest first."""
    return [r for r in reviewed if r.days > after_days]


def located(reviewed: Reviewed, positions: Positions) -> Reviewed:
    """``reviewed`` with the line of its review date."""
    return replace(reviewed, line=positions.line(reviewed.path, "reviewed"))
