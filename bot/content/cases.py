"""A case file (content/cases/*.yaml) read into a ``Case``, with its problems reported."""

from __future__ import annotations

from typing import Any

from bot.content.fields import Reader
from bot.content.items import Dates, check_length, checked, facts_date, review_date
from bot.content.model import CASE_KINDS, Case, Localized, Place, Where
from bot.content.sources import read_sources
from bot.content.texts import CASE_TEXTS
from bot.content.yamlfile import LineDict

# The fields a case file may hold: its texts (the translators' list), then the rest.
CASE_FIELDS = (
    *CASE_TEXTS,
    *("aliases", "kind", "years", "place", "status_as_of", "sources", "reviewed", "related"),
    "volatile",
)
# A case's own short texts for its first layer, and the longest each may be.
CASE_LEAD_LIMITS = {"lead": 200, "status_now": 160}


def read_case(reader: Reader, item_id: str, where: Where, dates: Dates) -> Case | None:
    """A case, or None when errors were reported."""
    name = reader.localized("name")
    aliases = reader.texts("aliases")
    kind = reader.choice("kind", CASE_KINDS)
    contrast_note = reader.localized("contrast_note", required=kind == "contrast")
    when = reader.localized("date")
    years = reader.years("years")
    place = read_place(reader)
    texts = {
        key: reader.localized(key) for key in ("victims", "content_note", "summary", "status")
    }
    leads = {key: reader.localized(key, required=False) for key in CASE_LEAD_LIMITS}
    amnesty = reader.localized("amnesty", required=False)
    iachr = reader.localized("iachr", required=False)
    sources = read_sources(reader, "sources")
    status_as_of = facts_date(reader, "status_as_of", sources, dates, required=True)
    volatile = reader.flag("volatile")
    reviewed = review_date(reader, dates)
    related = reader.ids("related", "related")
    _check_case_lengths(reader, texts["summary"], leads)
    required: list[Any] = [name, kind, when, place, status_as_of, reviewed, *texts.values()]
    if any(value is None for value in required) or not sources or not years:
        return None
    return Case(
        id=item_id,
        name=checked(name),
        aliases=aliases,
        kind=checked(kind),
        date=checked(when),
        years=years,
        place=checked(place),
        victims=checked(texts["victims"]),
        content_note=checked(texts["content_note"]),
        summary=checked(texts["summary"]),
        status=checked(texts["status"]),
        status_as_of=checked(status_as_of),
        sources=sources,
        reviewed=checked(reviewed),
        where=where,
        contrast_note=contrast_note,
        amnesty=amnesty,
        iachr=iachr,
        related=related,
        volatile=volatile,
        lead=leads["lead"],
        status_now=leads["status_now"],
    )


def _check_case_lengths(
    reader: Reader, summary: Localized | None, leads: dict[str, Localized | None]
) -> None:
    check_length(reader, "summary", summary)
    for key, text in leads.items():
        whole = "summary" if key == "lead" else "status"
        rest = f"keep the whole text in '{whole}'"
        check_length(reader, key, text, limit=CASE_LEAD_LIMITS[key], rest=rest)


def read_place(reader: Reader) -> Place | None:
    """Where a case happened: the department at least."""
    raw = reader.data.get("place")
    if not isinstance(raw, LineDict):
        reader.report(
            reader.line("place"),
            "'place' must give at least the department: place: {department: Ayacucho}.",
        )
        return None
    sub = Reader(
        raw,
        reader.path,
        reader.problems,
        allowed=("district", "province", "department"),
        languages=reader.languages,
    )
    sub.check_fields()
    department = sub.text("department")
    if department is None:
        return None
    return Place(
        department=department,
        province=sub.text("province", required=False),
        district=sub.text("district", required=False),
    )
