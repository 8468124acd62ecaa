"""Entries by the date someone last checked them against their sources, oldest first, and
volatile entries by the date their facts were true."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.content import Content
from bot.content.positions import Positions
from bot.errors import Problem


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


@dataclass(frozen=True, slots=True)
class OldFacts:
    """A volatile entry whose facts (``as_of``, ``status_as_of``) are older than allowed."""

    path: str
    line: int
    item_id: str
    title: str
    key: str
    as_of: date
    days: int
    reviewed: date
    reviewed_days: int


def old_facts(content: Content, *, today: date, after_days: int) -> list[OldFacts]:
    """Volatile entries whose facts are more than ``after_days`` old, oldest facts first.

    ``line`` is that of the entry; ``located_facts`` finds the line of its date.
    """
    found = [
        (t.where.path, t.id, t.title.text("es"), "as_of", t.as_of, t.reviewed)
        for t in content.topics.values()
        if t.volatile and t.as_of is not None
    ]
    found += [
        (c.where.path, c.id, c.name.text("es"), "status_as_of", c.status_as_of, c.reviewed)
        for c in content.cases.values()
        if c.volatile
    ]
    old = [
        OldFacts(path, 1, item, title, key, day, (today - day).days, seen, (today - seen).days)
        for path, item, title, key, day, seen in found
        if (today - day).days > after_days
    ]
    return sorted(old, key=lambda o: (o.as_of, o.path))


def located_facts(old: OldFacts, positions: Positions) -> OldFacts:
    """``old`` with the line of its ``as_of`` (or ``status_as_of``)."""
    return replace(old, line=positions.line(old.path, old.key))


def unchecked(old: OldFacts, *, after_days: int) -> Problem | None:
    """A warning when nobody has looked for newer facts within ``after_days`` either."""
    if old.reviewed_days <= after_days:
        return None
    return Problem(
        old.path,
        old.line,
        "warning",
        f"this volatile entry's facts are from {old.as_of.isoformat()} and it was last "
        f"reviewed on {old.reviewed.isoformat()}, both more than {after_days} days ago: look "
        "for newer facts; update the text and its date if there are any, and 'reviewed' "
        "either way.",
    )
