"""Read the fields of one YAML mapping into typed values, collecting a Problem for each mistake.

Messages are written for advocates: they name the field, say what is wrong and what would be
right, and end with "Did you mean …?" when a near spelling exists.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.content.model import REQUIRED_LANGUAGES, Localized
from bot.content.yamlfile import LineDict, LineList
from bot.errors import Problem, Severity

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` Did you mean 'x'?`` for the nearest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True, slots=True)
class Reference:
    """An id named by an item, checked once every item is loaded."""

    path: str
    line: int
    field: str
    target: str


class Reader:
    """Typed access to one mapping; every mistake becomes a Problem in ``problems``."""

    def __init__(
        self,
        data: LineDict,
        path: str,
        problems: list[Problem],
        *,
        allowed: Sequence[str],
        languages: Sequence[str],
    ) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.allowed = tuple(allowed)
        self.languages = tuple(languages)
        self.references: list[Reference] = []

    def line(self, key: str) -> int:
        """The line of ``key``, or of the mapping itself when the key is absent."""
        return self.data.key_lines.get(key, self.data.line)

    def report(self, line: int, message: str, severity: Severity = "error") -> None:
        """Add one problem at ``line`` of this file."""
        self.problems.append(Problem(self.path, line, severity, message))

    def check_fields(self) -> None:
        """Report every field this kind of item does not have."""
        for key in self.data:
            if key not in self.allowed:
                hint = did_you_mean(str(key), self.allowed)
                known = ", ".join(self.allowed)
                self.report(
                    self.line(key),
                    f"unknown field '{key}'.{hint or f' The fields are: {known}.'}",
                )

    def field(self, key: str, *, required: bool) -> Any:
        """The raw value of ``key``, or None (reported when it is required and missing)."""
        if key not in self.data or self.data[key] is None:
            if required:
                self.report(self.data.line, f"the required field '{key}' is missing.")
            return None
        return self.data[key]

    def localized(self, key: str, *, required: bool = True) -> Localized | None:
        """A text per language: es and en required, other languages optional."""
        value = self.field(key, required=required)
        if value is None:
            return None
        if isinstance(value, str):
            self.report(
                self.line(key),
                f"'{key}' must give one text per language, like:  {key}: {{es: ..., en: ...}}",
            )
            return None
        if not isinstance(value, LineDict):
            self.report(self.line(key), f"'{key}' must be a text per language (es, en).")
            return None
        texts: dict[str, str] = {}
        for lang, text in value.items():
            line = value.key_lines.get(lang, value.line)
            if lang not in self.languages:
                hint = did_you_mean(str(lang), self.languages)
                self.report(
                    line,
                    f"'{key}' has a text in '{lang}', which is not a language of the bot "
                    f"(those are {', '.join(self.languages)}; add content/locales/{lang}.yaml "
                    f"to add one).{hint}",
                )
                continue
            if not isinstance(text, str | int | float):
                self.report(line, f"'{key}.{lang}' must be a text.")
                continue
            cleaned = str(text).strip()
            if cleaned:
                texts[str(lang)] = cleaned
        for lang in REQUIRED_LANGUAGES:
            if lang not in texts:
                self.report(
                    value.key_lines.get(lang, value.line),
                    f"'{key}' has no {_LANGUAGE_NAMES[lang]} text ('{lang}'); "
                    "every text must exist in Spanish and English.",
                )
        return Localized(texts) if texts else None

    def localized_list(self, key: str, *, minimum: int) -> dict[str, tuple[str, ...]]:
        """A list of short texts per language, with at least ``minimum`` per required one."""
        value = self.field(key, required=True)
        if value is None:
            return {}
        if not isinstance(value, LineDict):
            self.report(self.line(key), f"'{key}' must be a list per language (es:, en:).")
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for lang, items in value.items():
            line = value.key_lines.get(lang, value.line)
            if lang not in self.languages:
                hint = did_you_mean(str(lang), self.languages)
                self.report(line, f"'{key}' has a list in unknown language '{lang}'.{hint}")
                continue
            if not isinstance(items, LineList):
                self.report(line, f"'{key}.{lang}' must be a list of texts, one per line '- …'.")
                continue
            cleaned = tuple(str(item).strip() for item in items if str(item or "").strip())
            result[str(lang)] = cleaned
        for lang in REQUIRED_LANGUAGES:
            found = len(result.get(lang, ()))
            if found == 0:
                self.report(
                    value.line, f"'{key}' has no {_LANGUAGE_NAMES[lang]} entries ('{lang}')."
                )
            elif found < minimum:
                self.report(
                    value.key_lines.get(lang, value.line),
                    f"'{key}.{lang}' has {found}; give at least {minimum} so people who ask "
                    "in other words still find this entry.",
                    "warning",
                )
        return result

    def text(self, key: str, *, required: bool = True) -> str | None:
        """One plain text (not per language)."""
        value = self.field(key, required=required)
        if value is None:
            return None
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.report(self.line(key), f"'{key}' must be a single text.")
            return None
        return str(value).strip() or None

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of plain texts."""
        value = self.field(key, required=required)
        if value is None:
            return ()
        if not isinstance(value, LineList):
            self.report(self.line(key), f"'{key}' must be a list, one '- …' per line.")
            return ()
        result = tuple(str(item).strip() for item in value if str(item or "").strip())
        if required and not result:
            self.report(self.line(key), f"'{key}' is empty; give at least one.")
        return result

    def flag(self, key: str) -> bool:
        """A yes/no field written true or false; false when absent."""
        value = self.field(key, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.report(self.line(key), f"'{key}' must be true or false, not '{value}'.")
            return False
        return value

    def choice(self, key: str, options: Sequence[str]) -> str | None:
        """One of a fixed set of words."""
        value = self.text(key)
        if value is None:
            return None
        if value not in options:
            hint = did_you_mean(value, options)
            self.report(
                self.line(key),
                f"'{key}' is '{value}', but must be one of: {', '.join(options)}.{hint}",
            )
            return None
        return value

    def ids(self, key: str, kind: str) -> tuple[str, ...]:
        """A list of ids of other items; each is checked later, when all are loaded."""
        value = self.field(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, LineList):
            self.report(
                self.line(key), f"'{key}' must be a list of ids, like [cronologia, putis]."
            )
            return ()
        found: list[str] = []
        for item, line in zip(value, value.item_lines, strict=True):
            target = str(item).strip()
            found.append(target)
            self.references.append(Reference(self.path, line, kind, target))
        return tuple(found)

    def day(self, key: str, *, required: bool = True) -> date | None:
        """A date written YYYY-MM-DD."""
        value = self.field(key, required=required)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        self.report(self.line(key), f"'{key}' must be a date written YYYY-MM-DD, like 2026-11-27.")
        return None

    def moment(self, key: str) -> datetime | None:
        """A date and time with its time zone, like 2026-08-14T09:00:00-05:00."""
        value = self.field(key, required=False)
        if value is None:
            return None
        parsed: datetime | None = None
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.report(
                self.line(key),
                f"'{key}' must be a date and time with its time zone, "
                "like 2026-08-14T09:00:00-05:00 (Lima is -05:00).",
            )
            return None
        return parsed

    def years(self, key: str) -> tuple[int, ...]:
        """A list of years (1900-2100)."""
        value = self.field(key, required=True)
        if value is None:
            return ()
        items = value if isinstance(value, LineList) else [value]
        years: list[int] = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool) and 1900 <= item <= 2100:
                years.append(item)
            else:
                self.report(self.line(key), f"'{key}' must list years as numbers, like [1985].")
                return ()
        return tuple(years)


_LANGUAGE_NAMES = {"es": "Spanish", "en": "English"}
