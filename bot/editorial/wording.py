"""The lines ``check`` and ``report`` print for editors, in plain words. No printing here."""

from __future__ import annotations

from collections.abc import Sequence

from bot.editorial.review import Review
from bot.editorial.stale import OldFacts
from bot.editorial.unanswered import Group

MAX_WORDINGS = 5


def review_lines(review: Review) -> list[str]:
    """The report ``check`` prints after the problems."""
    days = review.stale_after_days
    lines: list[str] = []
    if review.stale:
        lines.append(f"Stale entries (reviewed more than {days} days ago), oldest first:")
        lines += [
            f"  {r.path}:{r.line}: reviewed {r.reviewed.isoformat()}, {r.days} days ago: {r.title}"
            for r in review.stale
        ]
    elif review.oldest is not None:
        oldest = review.oldest
        lines.append(
            f"Stale entries: none reviewed more than {days} days ago (the oldest review is "
            f"{oldest.path}:{oldest.line}, {oldest.reviewed.isoformat()}, {oldest.days} days ago)."
        )
    lines += old_facts_lines(review)
    lines.append("Translations (a text missing in a language is shown in Spanish, with a note):")
    for c in review.coverage:
        line = f"  {c.lang} {c.name}: {c.translated} of {c.total} texts ({c.percent}%)"
        if not c.complete:
            line += f"; python -m bot export --csv {c.lang}.csv lists what is missing"
        lines.append(line)
    if review.empty_categories:
        lines.append("Categories with no topics (the menu hides them):")
        lines += [f"  {e.path}:{e.line}: {e.category_id}" for e in review.empty_categories]
    if review.near_duplicates:
        lines.append(
            "Near-identical example questions in different topics (the bot still tells them "
            "apart, but rewording one helps people who ask in other words):"
        )
        lines += [
            f'  {d.first.path}:{d.first.line} "{d.first.text}" and '
            f'{d.second.path}:{d.second.line} "{d.second.text}" ({round(d.score)}%)'
            for d in review.near_duplicates
        ]
    return lines


def old_facts_lines(review: Review) -> list[str]:
    """The volatile entries whose facts are old: a notice, since only new facts can fix it."""
    days = review.volatile_after_days
    if not review.old_facts:
        return [f"Volatile entries: none with facts older than {days} days."]
    lines = [
        f"Volatile entries with facts older than {days} days, oldest first (answers show "
        "their date; look for newer facts, and never move the date without them):"
    ]
    lines += [
        f"  {o.path}:{o.line}: {o.key} {o.as_of.isoformat()}, {o.days} days ago; reviewed "
        f"{o.reviewed.isoformat()}: {o.title}"
        for o in review.old_facts
    ]
    return lines


def group_lines(groups: Sequence[Group]) -> list[str]:
    """The unanswered-question report: one block per group, most asked first."""
    lines: list[str] = []
    for number, found in enumerate(groups, start=1):
        wordings = len(found.wordings)
        lines.append(
            f"{number}. {found.count} question(s) in {wordings} wording(s) · "
            f"{', '.join(found.languages)} · {found.unanswered} unanswered, "
            f"{found.suggested} did-you-mean · last {found.last_asked.date().isoformat()}"
        )
        lines += [f'   {count}x "{text}"' for text, count in found.wordings[:MAX_WORDINGS]]
        if wordings > MAX_WORDINGS:
            lines.append(f"   … and {wordings - MAX_WORDINGS} more wording(s)")
        nearest = found.nearest
        if nearest is None:
            lines.append("   nothing in the content is near: consider a new topic.")
        elif nearest.close:
            lines.append(
                f"   nearest: {nearest.kind} '{nearest.item_id}' \"{nearest.title}\" "
                f"(confidence {nearest.confidence:.2f}): add these wordings as example "
                f"questions (or aliases) in {nearest.path}."
            )
        else:
            lines.append(
                f"   no topic is close (nearest: {nearest.kind} '{nearest.item_id}', "
                f"confidence {nearest.confidence:.2f}): consider a new topic."
            )
        lines.append("")
    return lines


def asked_old_facts_lines(
    old: Sequence[OldFacts], asked: dict[str, int], *, after_days: int, limit: int
) -> list[str]:
    """Volatile entries with old facts, most asked about first: the ones to re-check first."""
    if not old:
        return []
    ranked = sorted(old, key=lambda o: (-asked.get(o.item_id, 0), o.as_of))
    lines = [
        f"Volatile entries with facts older than {after_days} days, most asked about first "
        "(re-check these first):"
    ]
    lines += [
        f"  {asked.get(o.item_id, 0):5d}x  {o.path}  {o.title} "
        f"(facts as of {o.as_of.isoformat()}, {o.days} days ago)"
        for o in ranked[:limit]
    ]
    return lines
