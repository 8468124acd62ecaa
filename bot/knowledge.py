"""Assemble the synchronous pipeline once: content -> index -> answerer -> renderer.

``run``, ``chat``, ``ask`` and ``check`` all answer through the one ``Knowledge`` built here, so
the console and Telegram say exactly the same thing. Knows nothing of Telegram or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot import cards, render
from bot import content as content_module
from bot.answer import LAYERS, Answer, Answerer
from bot.config import DEFAULT_FONTS_DIR, Settings
from bot.content import Case, Content, Topic
from bot.errors import ContentErrors, Problem
from bot.index import Index


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The loaded knowledge base and everything that answers from it."""

    content: Content
    index: Index
    answerer: Answerer
    renderer: render.Renderer
    # Share cards, drawn in the configured style and kept in CARD_CACHE_DIR.
    shelf: cards.Shelf
    org_name: str | None = None
    # Cards worded so far, by (id, language, shape, username): the content never changes under
    # a Knowledge, and inline mode words up to 50 cards per query.
    faces: dict[tuple[str, str, str, str], cards.Face] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def build(
        cls, content: Content, settings: Settings, *, today: date | None = None
    ) -> Knowledge:
        """Index ``content`` and prepare the answerer and renderer (``today``: a fixed day, for
        tests and checks; the running bot reads the clock)."""
        index = Index(content)
        answerer = Answerer(
            content,
            index,
            default_language=settings.default_language,
            max_question_chars=settings.max_question_chars,
            question_retention_days=settings.question_retention_days,
            stale_after_days=settings.volatile_stale_after_days,
            today=date.today if today is None else lambda: today,
        )
        org = render.Organization(
            settings.org_name, settings.org_description, settings.org_contact
        )
        renderer = render.Renderer(settings.templates_dir, content, org=org)
        shelf = cards.Shelf(card_style(settings), settings.card_cache_dir)
        return cls(content, index, answerer, renderer, shelf, settings.org_name)

    def card(
        self, item_id: str, lang: str, *, bot_username: str, shape: cards.Shape = "square"
    ) -> cards.Face | None:
        """The share card of a topic or case (None when no item has this id)."""
        known = self.faces.get((item_id, lang, shape, bot_username))
        item = self.content.item(item_id) if known is None else None
        if item is not None:
            known = cards.face_of(
                self.content,
                item,
                lang,
                shape=shape,
                org_name=self.org_name,
                bot_username=bot_username,
            )
            self.faces[(item_id, lang, shape, bot_username)] = known
        return known


def card_style(settings: Settings) -> cards.Style:
    """How cards look, from the CARD_* settings."""
    return cards.Style(
        settings.card_background,
        settings.card_foreground,
        settings.card_accent,
        DEFAULT_FONTS_DIR,
        settings.card_logo,
    )


def check(
    settings: Settings, *, today: date | None = None
) -> tuple[Knowledge | None, list[Problem]]:
    """Every problem of the content and its rendering; the Knowledge when there are no errors."""
    loaded, problems = content_module.check(
        settings.content_dir, today=today, stale_after_days=settings.stale_after_days
    )
    if not settings.templates_dir.is_dir():
        problems.append(
            Problem(
                str(settings.templates_dir),
                1,
                "error",
                "the templates folder does not exist; set TEMPLATES_DIR.",
            )
        )
        return None, problems
    if loaded is None:
        return None, problems
    knowledge = Knowledge.build(loaded, settings, today=today)
    problems += render.check(knowledge.renderer, list(_every_answer(knowledge)))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return knowledge, problems


def load(settings: Settings, *, today: date | None = None) -> Knowledge:
    """The Knowledge, strictly: any error or warning raises ContentErrors with all of them."""
    knowledge, problems = check(settings, today=today)
    if problems or knowledge is None:
        raise ContentErrors(problems)
    return knowledge


def _every_answer(knowledge: Knowledge) -> list[tuple[str, int, Answer]]:
    content, answerer = knowledge.content, knowledge.answerer
    found: list[tuple[str, int, Answer]] = []
    for lang in content.languages:
        items: list[Topic | Case] = [*content.topics.values(), *content.cases.values()]
        for item in items:
            for layer in LAYERS:
                found.append(
                    (item.where.path, item.where.line, answerer.item(item.id, lang, layer))
                )
        for alert in content.alerts.values():
            found.append((alert.where.path, alert.where.line, answerer.alert(alert, lang)))
        for answer in (
            answerer.replies.welcome(lang),
            answerer.replies.help(lang),
            answerer.replies.menu(lang),
        ):
            found.append((f"{Path(content.root).name}/locales/{lang}.yaml", 1, answer))
    return found
