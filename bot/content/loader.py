"""Load and validate ``content/`` into a frozen :class:`Content`, collecting every problem first.

Checks here need only the YAML: syntax, fields and types, ids, references, translations, sources,
review dates. Checks that need the templates (every item renders, length) live in ``render``; the
``check`` command runs both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from bot.content import intents, items, sources
from bot.content.cases import CASE_FIELDS, read_case
from bot.content.fields import ID_PATTERN, Reader, Reference, did_you_mean
from bot.content.hosts import FILE_NAME as FLAGGED_HOSTS
from bot.content.hosts import FlaggedHosts, check_sources, read_flagged_hosts
from bot.content.learning import read_learning
from bot.content.locales import load_locales
from bot.content.model import (
    REQUIRED_LANGUAGES,
    Case,
    Category,
    Contact,
    Content,
    Sites,
    Topic,
    Where,
)
from bot.content.news import read_news
from bot.content.texts import ALERT_TEXTS, TOPIC_LISTS, TOPIC_TEXTS
from bot.content.words import read_words
from bot.content.yamlfile import LineDict, LineList, read
from bot.errors import ContentErrors, Problem

TOPIC_FIELDS = (
    *TOPIC_TEXTS,
    *TOPIC_LISTS,
    *("category", "sources", "reviewed", "as_of", "related", "volatile"),
)
ALERT_FIELDS = (*ALERT_TEXTS, "audience", "sources", "scheduled", "related", "reviewed", "as_of")
CONTACT_FIELDS = ("note", "links", "sources", "reviewed")
# The vocabulary of content/intents.yaml (lists per language); see that file's comments.

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
        self.dates = items.Dates(today=today, stale_after=timedelta(days=stale_after_days))
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES
        # Ids of every topic and case file, loaded or not: a broken file is reported once, not
        # again by every item that names it.
        self.present: set[str] = set()
        self.flagged = FlaggedHosts()

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
        locales = load_locales(self, self.root / "locales")
        order = {lang: n for n, lang in enumerate(REQUIRED_LANGUAGES)}
        self.languages = tuple(sorted(locales, key=lambda lang: (order.get(lang, 99), lang)))
        categories = self.load_categories()
        flagged_path = self.root / FLAGGED_HOSTS
        self.flagged = read_flagged_hosts(flagged_path, self.shown(flagged_path), self.problems)
        category_ids = [c.id for c in categories]
        topics = self.load_folder(
            "topics", lambda r, i, w: items.topic(r, i, w, self.dates, category_ids)
        )
        cases = self.load_folder("cases", lambda r, i, w: read_case(r, i, w, self.dates))
        alerts = self.load_folder("alerts", lambda r, i, w: items.alert(r, i, w, self.dates))
        self.check_shared_ids(topics, cases)
        news_path = self.root / "news.yaml"
        news, named = read_news(
            news_path,
            self.shown(news_path),
            self.problems,
            languages=self.languages,
            today=self.dates.today,
        )
        self.references.extend(named)
        self.check_references(self.present)
        intents, opinion_topics, loss_topics = self.load_intents(set(topics))
        return Content(
            categories=tuple(categories),
            topics=topics,
            cases=cases,
            alerts=alerts,
            locales=locales,
            synonyms=self.load_synonyms(),
            intents=intents,
            opinion_topics=opinion_topics,
            loss_topics=loss_topics,
            contact=self.load_contact(),
            languages=self.languages,
            root=str(self.root),
            category_ids=frozenset(category_ids),
            news=news,
            sites=self.load_sites(),
            words=read_words(self.root, self.shown, self.problems),
            learning=read_learning(self.root, self.shown, self.problems, {*topics, *cases}),
        )

    def check_shared_ids(self, topics: dict[str, Topic], cases: dict[str, Case]) -> None:
        """Topics and cases share one namespace of ids (their links)."""
        for item_id in sorted(set(topics) & set(cases)):
            self.problem(
                cases[item_id].where.path,
                1,
                f"the case id '{item_id}' is also a topic id ({topics[item_id].where.path}); "
                "topics and cases share links, so rename one of the files.",
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

    def load_intents(
        self, topic_ids: set[str]
    ) -> tuple[dict[str, dict[str, tuple[str, ...]]], tuple[str, ...], tuple[str, ...]]:
        path = self.root / "intents.yaml"
        data = self.read_mapping(path) if path.is_file() else None
        if data is None:
            return {}, (), ()
        return intents.read(data, self.shown(path), self.problems, self.languages, topic_ids)

    def load_sites(self) -> Sites:
        path = self.root / "sources.yaml"
        data = self.read_mapping(path) if path.is_file() else None
        if data is None:
            return Sites()
        return sources.sites(self.reader(data, path, sources.SITES_FIELDS))

    def load_contact(self) -> Contact | None:
        path = self.root / "contact.yaml"
        if not path.is_file():
            return None
        data = self.read_mapping(path)
        if data is None:
            return None
        reader = self.reader(data, path, CONTACT_FIELDS)
        check_sources(data, reader.path, self.flagged, self.problems)
        return items.contact(reader, self.dates)

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
            check_sources(data, reader.path, self.flagged, self.problems)
            item = build(reader, item_id, Where(reader.path, data.line))
            self.references.extend(reader.references)
            if item is not None:
                items[item_id] = item
        return items

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
