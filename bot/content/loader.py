"""Load and validate ``content/`` into a frozen :class:`Content`, collecting every problem first.

Checks here need only the YAML: syntax, fields and types, ids, references, translations, sources,
review dates. Checks that need the templates (every item renders, length) live in ``render``; the
``check`` command runs both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from bot.content.fields import ID_PATTERN, Reader, Reference, did_you_mean
from bot.content.model import (
    AUDIENCES,
    CASE_KINDS,
    REQUIRED_LANGUAGES,
    Alert,
    Case,
    Category,
    Contact,
    ContactLink,
    Content,
    Localized,
    Place,
    Topic,
    Where,
)
from bot.content.yamlfile import LineDict, LineList, read
from bot.errors import ContentErrors, Problem

SUMMARY_LIMIT = 700
MIN_QUESTIONS = 8
TOPIC_FIELDS = (
    "category", "title", "summary", "detail", "copy", "questions", "keywords", "sources",
    "reviewed", "as_of", "related",
)  # fmt: skip
CASE_FIELDS = (
    "name", "aliases", "kind", "contrast_note", "date", "years", "place", "victims",
    "content_note", "summary", "status", "status_as_of", "amnesty", "iachr", "sources",
    "reviewed", "related",
)  # fmt: skip
ALERT_FIELDS = ("audience", "title", "body", "sources", "scheduled", "related", "reviewed")
CONTACT_FIELDS = ("note", "links", "sources", "reviewed")
INTENTS = ("greeting", "thanks", "bye", "help", "case_list")

T = TypeVar("T")


def load(root: Path, *, today: date | None = None, stale_after_days: int = 365) -> Content:
    """Load ``root`` strictly: any error or warning raises ContentErrors listing them all."""
    content, problems = check(root, today=today, stale_after_days=stale_after_days)
    if problems or content is None:
        raise ContentErrors(problems)
    return content


def check(
    root: Path, *, today: date | None = None, stale_after_days: int = 365
) -> tuple[Content | None, list[Problem]]:
    """Load ``root``; return the content (None when errors prevent it) and every problem."""
    loading = _Loading(root, today or date.today(), stale_after_days)
    content = loading.run()
    problems = sorted(loading.problems, key=lambda p: (p.path, p.line, p.message))
    has_errors = any(p.severity == "error" for p in problems)
    return (None if has_errors else content), problems


class _Loading:
    """One pass over a content folder."""

    def __init__(self, root: Path, today: date, stale_after_days: int) -> None:
        self.root = root
        self.today = today
        self.stale_after = timedelta(days=stale_after_days)
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES
        # Ids of every topic and case file, loaded or not: a broken file is reported once, not
        # again by every item that names it.
        self.present: set[str] = set()

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, line: int, message: str, warning: bool = False) -> None:
        shown = path if isinstance(path, str) else self.shown(path)
        self.problems.append(Problem(shown, line, "warning" if warning else "error", message))

    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.problem(self.root, 1, "the content folder does not exist; set CONTENT_DIR.")
            return None
        locales = self.load_locales()
        order = {lang: n for n, lang in enumerate(REQUIRED_LANGUAGES)}
        self.languages = tuple(sorted(locales, key=lambda lang: (order.get(lang, 99), lang)))
        categories = self.load_categories()
        category_ids = [c.id for c in categories]
        topics = self.load_folder("topics", lambda r, i, w: self.topic(r, i, w, category_ids))
        cases = self.load_folder("cases", self.case)
        alerts = self.load_folder("alerts", self.alert)
        for item_id in sorted(set(topics) & set(cases)):
            self.problem(
                cases[item_id].where.path,
                1,
                f"the case id '{item_id}' is also a topic id ({topics[item_id].where.path}); "
                "topics and cases share links, so rename one of the files.",
            )
        self.check_references(self.present)
        return Content(
            categories=tuple(categories),
            topics=topics,
            cases=cases,
            alerts=alerts,
            locales=locales,
            synonyms=self.load_synonyms(),
            intents=self.load_intents(),
            contact=self.load_contact(),
            languages=self.languages,
            root=str(self.root),
            category_ids=frozenset(category_ids),
        )

    def read_mapping(self, path: Path) -> LineDict | None:
        data, problems = read(path, self.shown(path))
        self.problems.extend(problems)
        if problems:
            return None
        if not isinstance(data, LineDict):
            self.problem(path, 1, "this file must hold fields ('name: value'), one per line.")
            return None
        return data

    def reader(self, data: LineDict, path: Path, allowed: Iterable[str]) -> Reader:
        reader = Reader(
            data, self.shown(path), self.problems, allowed=tuple(allowed), languages=self.languages
        )
        reader.check_fields()
        return reader

    # -- locales, categories, synonyms, contact -------------------------------------------

    def load_locales(self) -> dict[str, dict[str, str]]:
        folder = self.root / "locales"
        locales: dict[str, dict[str, str]] = {}
        lines: dict[str, dict[str, int]] = {}
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            lang = path.stem
            data = self.read_mapping(path)
            if data is None:
                continue
            flat: dict[str, str] = {}
            flat_lines: dict[str, int] = {}
            self.flatten(data, "", flat, flat_lines, path)
            locales[lang] = flat
            lines[lang] = flat_lines
        for lang in REQUIRED_LANGUAGES:
            if lang not in locales:
                self.problem(
                    folder / f"{lang}.yaml", 1, f"the locale file for '{lang}' is missing."
                )
                locales.setdefault(lang, {})
        base = locales["es"]
        for key in sorted(set(base) - set(locales["en"])):
            self.problem(
                folder / "en.yaml",
                1,
                f"the string '{key}' is missing (content/locales/es.yaml line "
                f"{lines.get('es', {}).get(key, 1)} has it).",
            )
        for lang, strings in locales.items():
            for key in sorted(set(strings) - set(base)):
                hint = did_you_mean(key, list(base))
                self.problem(
                    folder / f"{lang}.yaml",
                    lines[lang][key],
                    f"the string '{key}' does not exist in es.yaml, so nothing uses it.{hint}",
                )
        return locales

    def flatten(
        self, data: LineDict, prefix: str, out: dict[str, str], lines: dict[str, int], path: Path
    ) -> None:
        for key, value in data.items():
            name = f"{prefix}{key}"
            line = data.key_lines.get(key, data.line)
            if isinstance(value, LineDict):
                self.flatten(value, f"{name}.", out, lines, path)
            elif isinstance(value, str | int | float) and not isinstance(value, bool):
                out[name] = str(value).rstrip("\n")
                lines[name] = line
            else:
                self.problem(path, line, f"the string '{name}' must be a text.")

    def load_categories(self) -> list[Category]:
        path = self.root / "categories.yaml"
        if not path.is_file():
            self.problem(path, 1, "categories.yaml is missing; it lists the menu sections.")
            return []
        data, problems = read(path, self.shown(path))
        self.problems.extend(problems)
        if problems:
            return []
        if not isinstance(data, LineList):
            self.problem(path, 1, "categories.yaml must be a list of '- id: …' entries.")
            return []
        categories: list[Category] = []
        for item, line in zip(data, data.item_lines, strict=True):
            if not isinstance(item, LineDict):
                self.problem(path, line, "each category needs an id, an emoji and a title.")
                continue
            reader = self.reader(item, path, ("id", "emoji", "title"))
            cat_id = reader.text("id")
            title = reader.localized("title")
            emoji = reader.text("emoji", required=False) or ""
            if cat_id is not None and title is not None:
                categories.append(Category(id=cat_id, emoji=emoji, title=title))
        return categories

    def load_synonyms(self) -> tuple[tuple[str, ...], ...]:
        path = self.root / "synonyms.yaml"
        if not path.is_file():
            return ()
        data, problems = read(path, self.shown(path))
        self.problems.extend(problems)
        if problems or data is None:
            return ()
        if not isinstance(data, LineList):
            self.problem(path, 1, "synonyms.yaml must be a list of groups, like - [a, b, c].")
            return ()
        groups: list[tuple[str, ...]] = []
        for group, line in zip(data, data.item_lines, strict=True):
            if not isinstance(group, LineList) or len(group) < 2:
                self.problem(path, line, "each synonym group must list two or more words: [a, b].")
                continue
            groups.append(tuple(str(word).strip() for word in group if str(word).strip()))
        return tuple(groups)

    def load_intents(self) -> dict[str, dict[str, tuple[str, ...]]]:
        path = self.root / "intents.yaml"
        if not path.is_file():
            return {}
        data = self.read_mapping(path)
        if data is None:
            return {}
        reader = self.reader(data, path, INTENTS)
        return {key: reader.localized_list(key, minimum=1) for key in INTENTS if key in data}

    def load_contact(self) -> Contact | None:
        path = self.root / "contact.yaml"
        if not path.is_file():
            return None
        data = self.read_mapping(path)
        if data is None:
            return None
        reader = self.reader(data, path, CONTACT_FIELDS)
        note = reader.localized("note")
        links: list[ContactLink] = []
        raw = data.get("links")
        if not isinstance(raw, LineList) or not raw:
            reader.report(reader.line("links"), "'links' must list the official pages.")
        else:
            for item, line in zip(raw, raw.item_lines, strict=True):
                if not isinstance(item, LineDict):
                    reader.report(line, "each link needs a 'title' (es, en) and a 'url'.")
                    continue
                sub = self.reader(item, path, ("title", "url"))
                title, url = sub.localized("title"), sub.text("url")
                if title is not None and url is not None:
                    links.append(ContactLink(title=title, url=url))
        sources = reader.sources("sources")
        reviewed = self.reviewed(reader)
        if note is None or reviewed is None:
            return None
        return Contact(
            note=note,
            links=tuple(links),
            sources=sources,
            reviewed=reviewed,
            where=Where(reader.path),
        )

    # -- items -----------------------------------------------------------------------------

    def load_folder(
        self, name: str, build: Callable[[Reader, str, Where], T | None]
    ) -> dict[str, T]:
        folder = self.root / name
        items: dict[str, T] = {}
        if not folder.is_dir():
            self.problem(folder, 1, f"the folder '{name}' is missing.")
            return items
        for path in sorted(folder.iterdir()):
            if path.suffix == ".yml":
                self.problem(path, 1, "rename this file to end in .yaml, or it is ignored.")
                continue
            if path.suffix != ".yaml":
                continue
            item_id = path.stem
            if name != "alerts":
                self.present.add(item_id)
            if not ID_PATTERN.match(item_id):
                self.problem(
                    path,
                    1,
                    f"the file name '{item_id}' is used as the id in links and buttons: use "
                    "lowercase letters, digits and '-' only, at most 48 characters.",
                )
                continue
            data = self.read_mapping(path)
            if data is None:
                continue
            allowed = {"topics": TOPIC_FIELDS, "cases": CASE_FIELDS, "alerts": ALERT_FIELDS}[name]
            reader = self.reader(data, path, allowed)
            item = build(reader, item_id, Where(reader.path, data.line))
            self.references.extend(reader.references)
            if item is not None:
                items[item_id] = item
        return items

    def reviewed(self, reader: Reader) -> date | None:
        reviewed = reader.day("reviewed")
        if reviewed is not None:
            if reviewed > self.today:
                reader.report(reader.line("reviewed"), "'reviewed' is a date in the future.")
            elif self.today - reviewed > self.stale_after:
                reader.report(
                    reader.line("reviewed"),
                    f"reviewed on {reviewed.isoformat()}, more than "
                    f"{self.stale_after.days} days ago: check it against its sources again.",
                    "warning",
                )
        return reviewed

    def topic(
        self, reader: Reader, item_id: str, where: Where, categories: list[str]
    ) -> Topic | None:
        category = reader.choice("category", categories) if categories else reader.text("category")
        title = reader.localized("title")
        summary = reader.localized("summary")
        detail = reader.localized("detail", required=False)
        copy = reader.localized("copy", required=False)
        questions = reader.localized_list("questions", minimum=MIN_QUESTIONS)
        keywords = reader.localized_list("keywords", minimum=1)
        sources = reader.sources("sources")
        reviewed = self.reviewed(reader)
        as_of = reader.day("as_of", required=False)
        related = reader.ids("related", "related")
        self.check_length(reader, "summary", summary)
        if None in (category, title, summary, reviewed) or not sources or not questions:
            return None
        assert category is not None
        assert title is not None
        assert summary is not None
        assert reviewed is not None
        return Topic(
            id=item_id, category=category, title=title, summary=summary, questions=questions,
            keywords=keywords, sources=sources, reviewed=reviewed, where=where, detail=detail,
            copy=copy, as_of=as_of, related=related,
        )  # fmt: skip

    def case(self, reader: Reader, item_id: str, where: Where) -> Case | None:
        name = reader.localized("name")
        aliases = reader.texts("aliases")
        kind = reader.choice("kind", CASE_KINDS)
        contrast_note = reader.localized("contrast_note", required=kind == "contrast")
        when = reader.localized("date")
        years = reader.years("years")
        place = self.place(reader)
        texts = {
            key: reader.localized(key) for key in ("victims", "content_note", "summary", "status")
        }
        status_as_of = reader.day("status_as_of")
        amnesty = reader.localized("amnesty", required=False)
        iachr = reader.localized("iachr", required=False)
        sources = reader.sources("sources")
        reviewed = self.reviewed(reader)
        related = reader.ids("related", "related")
        self.check_length(reader, "summary", texts["summary"])
        required: list[Any] = [name, kind, when, place, status_as_of, reviewed, *texts.values()]
        if any(value is None for value in required) or not sources or not years:
            return None
        return Case(
            id=item_id, name=_(name), aliases=aliases, kind=_(kind), date=_(when), years=years,
            place=_(place), victims=_(texts["victims"]), content_note=_(texts["content_note"]),
            summary=_(texts["summary"]), status=_(texts["status"]),
            status_as_of=_(status_as_of), sources=sources, reviewed=_(reviewed), where=where,
            contrast_note=contrast_note, amnesty=amnesty, iachr=iachr, related=related,
        )  # fmt: skip

    def place(self, reader: Reader) -> Place | None:
        raw = reader.data.get("place")
        if not isinstance(raw, LineDict):
            reader.report(
                reader.line("place"),
                "'place' must give at least the department: place: {department: Ayacucho}.",
            )
            return None
        sub = Reader(
            raw, reader.path, self.problems,
            allowed=("district", "province", "department"), languages=self.languages,
        )  # fmt: skip
        sub.check_fields()
        department = sub.text("department")
        if department is None:
            return None
        return Place(
            department=department,
            province=sub.text("province", required=False),
            district=sub.text("district", required=False),
        )

    def alert(self, reader: Reader, item_id: str, where: Where) -> Alert | None:
        audience = reader.choice("audience", AUDIENCES)
        title = reader.localized("title")
        body = reader.localized("body")
        sources = reader.sources("sources", required=False)
        scheduled = reader.moment("scheduled")
        related = reader.ids("related", "related")
        reviewed = self.reviewed(reader)
        if audience is None or title is None or body is None or reviewed is None:
            return None
        return Alert(
            id=item_id, audience=audience, title=title, body=body, reviewed=reviewed,
            where=where, sources=sources, scheduled=scheduled, related=related,
        )  # fmt: skip

    def check_length(self, reader: Reader, key: str, text: Localized | None) -> None:
        for lang, value in (text or {}).items():
            if len(value) > SUMMARY_LIMIT:
                reader.report(
                    reader.line(key),
                    f"'{key}.{lang}' is {len(value)} characters; keep it under {SUMMARY_LIMIT} so "
                    "it fits one phone screen, and move the rest to 'detail'.",
                    "warning",
                )

    def check_references(self, known: set[str]) -> None:
        choices = sorted(known)
        for ref in self.references:
            if ref.target not in known:
                self.problem(
                    ref.path,
                    ref.line,
                    f"'{ref.field}' names '{ref.target}', which is neither a topic nor a case."
                    f"{did_you_mean(ref.target, choices)}",
                )


def _(value: T | None) -> T:
    """Narrow a value already checked for None above."""
    assert value is not None
    return value
