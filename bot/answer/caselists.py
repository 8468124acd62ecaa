"""Case lists: which cases a question asks for ("casos en ayacucho", "masacres de 1984", "qué
casos hubo en Huanta") and a page of the list with its buttons. Places are departments,
provinces and districts. Composed into ``Answerer``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.answer import callbacks
from bot.answer.buttons import Buttons
from bot.answer.contexts import CaseLine, CaseListContext
from bot.answer.model import Answer, Button
from bot.content import Case, Content
from bot.index import Index, fold, words
from bot.index.names import YEARS, is_year, whole_year
from bot.index.text import ALL_STOP_WORDS, Phrases, intent_phrases

CASES_PER_PAGE = 8
# A list question is short: "casos en ayacucho", "crimenes cometidos en 1983".
MAX_LIST_WORDS = 4
# Words besides the place, the year and the list word(s): one ("crímenes cometidos en 1983"),
# two when the question says "casos" ("what cases happened in Lima during the conflict").
EXTRA_WORDS = 1
EXTRA_WORDS_NAMED = 2
NATIONWIDE = frozenset({"peru"})
# The words that ask for cases outright ("casos", "masacres", "killings"): a list question may
# then say a little more, and name a province or district ("casos en Huanta"; "Accomarca"
# alone is a case).
CASE_WORDS = frozenset({"casos", "cases", "masacres", "matanzas", "massacres", "killings"})
# What each of them starts with, to pass over most questions at once.
CASE_HINTS = ("cas", "masacr", "matanz", "massacr", "killing")
DEPARTMENT_PARTS = re.compile(r",| y | and |\(|\)")
# A longer question that asks for cases outright may name its place or year anywhere in the
# message ("soy de Huancavelica. ¿Qué casos tienen registrados de mi departamento?", "necesito
# todos los casos de ese año, 1992"): it says this many words at most besides them...
WIDE_WORDS = 8
# ...unless the cases are pointed at ("estos casos", "my case") or are where something else
# happened ("¿qué jueces inaplicaron la ley, en qué casos?").
POINTED = frozenset(
    {"estos", "esos", "aquellos", "these", "those", "mi", "mis", "su", "sus", "my", "our"}
    | {"nuestros", "nuestro", "their", "his", "her"}
)
IN_WHICH = frozenset({("en", "que"), ("in", "which"), ("in", "what")})
# ...nor asks what kind of cases ("what kind of cases did the Inquisition try in Lima?").
KIND_OF = frozenset({"kind", "kinds", "sort", "type", "types", "tipo", "tipos", "clase", "clases"})
# ...and counts nothing ("¿cuántos casos alcanza la amnistía en Ayacucho?" asks a figure).
COUNTING = frozenset({"cuantos", "cuantas", "many"})
OF = frozenset({"de", "del", "of"})


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What a case-list question asked for: departments and years (either may be empty)."""

    departments: frozenset[str]
    years: frozenset[int]
    label: str

    @classmethod
    def of(cls, departments: frozenset[str], years: frozenset[int]) -> CaseFilter:
        """The filter of these departments and years, labelled "ayacucho-1984"."""
        label = "-".join([*sorted(departments), *map(str, sorted(years))])
        return cls(departments, years, label)


class CaseLists:
    """Finds case-list questions and draws pages of the list."""

    def __init__(
        self,
        content: Content,
        index: Index,
        buttons: Buttons,
        *,
        listing: set[str],
        names_case_at: float,
    ) -> None:
        self.index = index
        self.names_case_at = names_case_at
        self.buttons = buttons
        self.listing = listing
        self.departments: dict[str, str] = {}
        # Provinces and districts: "qué casos hubo en Huanta" is a list, "Accomarca" a case.
        self.local: dict[str, str] = {}
        for case in content.cases.values():
            for found, parts in (
                (self.departments, DEPARTMENT_PARTS.split(case.place.department)),
                (self.local, _local(case)),
            ):
                for part in parts:
                    name = fold(part)
                    # "Perú" names no department.
                    if name and " " not in name and name not in NATIONWIDE:
                        found.setdefault(name, part.strip())
        # Departments with no case summarised yet are known too: "casos de Junín" is a list.
        for names in content.intents.get("departments", {}).values():
            for name in names:
                self.departments.setdefault(fold(name), name)
        # Matters of today and other amnesties (content/intents.yaml).
        self.today = Phrases(
            p
            for key in ("present", "elsewhere", "errand")
            for p in intent_phrases(content.intents, key)
        )
        # Every place a question that says "casos" may name.
        self.places = {**self.local, **self.departments}
        self.case_order = sorted(
            content.cases.values(), key=lambda c: (c.kind != "state", min(c.years), c.id)
        )

    def names_case(self, text: str, wanted: CaseFilter) -> bool:
        """Whether a question with a place or year also names one case ("putis 1984")."""
        listing = self.listing
        rest = [
            w
            for w in words(text)
            if w not in wanted.departments and not w.isdigit() and w not in listing
        ]
        if not rest:
            return self._named_alone(wanted)
        matches = self.index.search(" ".join(rest), limit=1)
        return (
            bool(matches)
            and matches[0].kind == "case"
            and matches[0].confidence >= self.names_case_at
        )

    def _named_alone(self, wanted: CaseFilter) -> bool:
        """Whether the one case of a place and year is named after the place, a district or
        province ("Pativilca killings 1992"): the case itself, not a list of one. A department
        names a list ("casos huancavelica")."""
        if not wanted.departments.isdisjoint(self.departments):
            return False
        chosen = [c for c in self.case_order if self._fits(c, wanted, wanted.label)]
        return len(chosen) == 1 and any(
            place in words(name)
            for place in wanted.departments
            for name in (*chosen[0].name.values(), *chosen[0].aliases)
        )

    def filter(self, text: str) -> CaseFilter | None:
        """Departments and years named in a question that asks for cases, or None."""
        found = _spelled(words(text))
        named = not CASE_WORDS.isdisjoint(found)
        # Set operations: most questions name no place nor year, and are done here.
        departments = frozenset((self.places if named else self.departments).keys() & found)
        years = frozenset(int(w) for w in YEARS.intersection(found))
        if not departments and not years:
            return None
        listing = self.listing
        rest = [
            w for w in found if w not in ALL_STOP_WORDS and w not in departments and not is_year(w)
        ]
        if len(rest) > MAX_LIST_WORDS:
            return None
        asks_for_list = any(w in listing for w in found) or " ".join(rest) in listing
        # "casos en ayacucho", "crimenes cometidos en 1983": a list; a longer message that
        # names a place and says "caso" is a question about something else.
        extra = [w for w in rest if w not in listing]
        allowed = EXTRA_WORDS_NAMED if named else EXTRA_WORDS
        if rest and not (asks_for_list and len(extra) <= allowed):
            return None
        return CaseFilter.of(departments, years)

    def asked(
        self, questions: tuple[str, ...], focus: str, lang: str, told: str = ""
    ) -> Answer | None:
        """A page of cases when a question asks for the cases of a place or year, or None. A
        question may name its year in the one before it ("¿qué pasó en 1992? ¿qué casos hubo
        ese año?"), and one that asks for cases outright, anywhere in the message (``told``,
        the rest of it)."""
        pairs = (" ".join(questions[i : i + 2]) for i in range(len(questions) - 1))
        for said in (*questions, *pairs, focus):
            wanted = self.filter(said)
            if wanted is not None and not self.names_case(said, wanted):
                return self.page(wanted.label, 1, lang)
        for said in (*questions, focus):
            wanted = self._wide(said, told)
            if wanted is not None and not self.names_case(f"{said} {told}", wanted):
                return self.page(wanted.label, 1, lang)
        return None

    def _wide(self, said: str, told: str) -> CaseFilter | None:
        """The places and years of the whole message, when ``said`` asks for cases outright
        in a few words and counts nothing, nor asks about the amnesty's cases."""
        if not any(hint in said for hint in CASE_HINTS):  # most questions, told at once
            return None
        found = _spelled(words(said))
        if CASE_WORDS.isdisjoint(found) or not COUNTING.isdisjoint(found):
            return None
        at = next(i for i, w in enumerate(found) if w in CASE_WORDS)
        if _pointed(found[max(0, at - 2) : at]) or self._of_else(found[at + 1 : at + 5]):
            return None
        places = self.places
        said_too = (ALL_STOP_WORDS, places, CASE_WORDS)
        rest = [w for w in found if not is_year(w) and all(w not in s for s in said_too)]
        if len(rest) > WIDE_WORDS or self.index.query(said).subject:
            return None
        everything = frozenset((*found, *_spelled(words(told))))
        departments = frozenset(places.keys() & everything)
        years = frozenset(int(w) for w in YEARS.intersection(everything))
        if not departments and not years:
            return None
        return CaseFilter.of(departments, years)

    def _of_else(self, after: list[str]) -> bool:
        """Whether the cases are of a matter of today or another amnesty ("los casos de pensión
        de alimentos en el Cusco"), not of the conflict, a place or a year."""
        return len(after) > 1 and after[0] in OF and self.today.held(after[1:])

    def page(self, filter_text: str | None, page: int, lang: str) -> Answer:
        """A page of the case list, filtered by departments and years in ``filter_text``."""
        label = (filter_text or "").strip()
        wanted = self.filter(label.replace("-", " ") + " casos") if label else None
        chosen = [c for c in self.case_order if self._fits(c, wanted, label)]
        pages = max(1, math.ceil(len(chosen) / CASES_PER_PAGE))
        page = min(max(1, page), pages)
        shown = chosen[(page - 1) * CASES_PER_PAGE : page * CASES_PER_PAGE]
        lines = tuple(
            CaseLine(
                name=c.name.text(lang),
                years=", ".join(str(y) for y in c.years),
                department=c.place.department,
                contrast=c.kind == "contrast",
            )
            for c in shown
        )
        rows: list[tuple[Button, ...]] = [(self.buttons.item(c.id, lang),) for c in shown]
        nav: list[Button] = []
        if page > 1:
            nav.append(
                Button(
                    self.buttons.t(lang, "menu.previous"),
                    data=callbacks.case_page(page - 1, label),
                )
            )
        if page < pages:
            nav.append(
                Button(
                    self.buttons.t(lang, "menu.next"), data=callbacks.case_page(page + 1, label)
                )
            )
        if nav:
            rows.append(tuple(nav))
        rows.append((Button(self.buttons.t(lang, "menu.back"), data=callbacks.MENU),))
        context = CaseListContext(self._label(wanted, label), lines, len(chosen), page, pages)
        return Answer("case_list", context, lang, buttons=tuple(rows))

    def _label(self, wanted: CaseFilter | None, label: str) -> str | None:
        """What the list is filtered by, as people write it: "Ayacucho, 1984"."""
        if not label:
            return None
        if wanted is None:
            return label
        places = {**self.local, **self.departments}
        names = [places[d] for d in sorted(wanted.departments)]
        return ", ".join([*names, *map(str, sorted(wanted.years))])

    def _fits(self, case: Case, wanted: CaseFilter | None, label: str) -> bool:
        if not label:
            return True
        if wanted is None:
            return any(label in fold(name) for name in (*case.name.values(), *case.aliases))
        if wanted.departments and not wanted.departments & self._departments_of(case):
            return False
        return not wanted.years or bool(wanted.years & set(case.years))

    @staticmethod
    def _departments_of(case: Case) -> frozenset[str]:
        """The places a case happened in: "Cusco y Apurímac" -> {cusco, apurimac}, with its
        province and district."""
        places = ", ".join((case.place.department, *_local(case)))
        return frozenset(fold(p) for p in DEPARTMENT_PARTS.split(places))


def _local(case: Case) -> tuple[str, ...]:
    """A case's province and district, where known."""
    return tuple(p for p in (case.place.province, case.place.district) if p)


def _pointed(before: list[str]) -> bool:
    """Whether the words before "casos" point at cases told or asked about otherwise: "estos
    casos", "mi caso", "en qué casos" (the judges who did so: not a list of a place's)."""
    kind = len(before) == 2 and before[0] in KIND_OF
    return bool(before) and (before[-1] in POINTED or tuple(before) in IN_WHICH or kind)


def _spelled(found: list[str]) -> list[str]:
    """``found`` with a year of the conflict written short spelled whole: "los casos del 92"
    asks for 1992's."""
    return [whole_year(w) for w in found]
