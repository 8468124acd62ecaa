"""One self-contained HTML page showing every topic, case and alert as the bot sends it.

For editors and reviewers who do not use a terminal: each entry in every language, drawn by the
real renderer (Telegram's HTML subset): a topic's or case's layers one after the other (the first
message, then detail and sources, each one tap away in Telegram), a long layer as the separate
messages Telegram shows, the first message's buttons, sources, review date and deep link, and
an index with search-as-you-type; with ``cards``, each share card beside its text, inside the
page as a data: URI. Inline CSS and JS only: opening the page makes no request. Its
wording lives in templates/preview/; this module only gathers what the page shows.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from bot import cards as card_images
from bot.answer import Answer, callbacks
from bot.content import Alert, Case, Source, Topic
from bot.knowledge import Knowledge

PLACEHOLDER_USERNAME = "YOUR_BOT_USERNAME"
# The layers a reviewer reads, in the order a reader taps to them (every source is in the header).
SHOWN_LAYERS = ("summary", "detail", "sources")
TEMPLATE = "page.html"
# Share cards beside the text (preview --cards): JPEG thumbnails this wide, inside the page.
CARD_WIDTH = 432


@dataclass(frozen=True, slots=True)
class Bubble:
    """One Telegram message of an answer: its HTML, and its place among the messages."""

    html: str
    number: int
    total: int


@dataclass(frozen=True, slots=True)
class Version:
    """An entry in one language, as sent: messages and the labels of its buttons, by row."""

    lang: str
    language: str
    bubbles: tuple[Bubble, ...]
    buttons: tuple[tuple[str, ...], ...]
    # The share card as a data: URI (no request), with --cards only.
    card: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One topic, case or alert, with what reviewers check and its versions per language."""

    kind: str
    id: str
    title: str
    section: str
    path: str
    line: int
    reviewed: dt.date
    as_of: dt.date | None
    sources: tuple[Source, ...]
    link: str | None
    versions: tuple[Version, ...]


def page(
    knowledge: Knowledge,
    *,
    templates_dir: Path,
    bot_username: str,
    today: dt.date,
    cards: bool = False,
) -> str:
    """The whole preview page as HTML text; ``cards`` adds each share card beside its text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir / "preview"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    entries = _entries(knowledge, bot_username, cards=cards)
    languages = [
        (lang, knowledge.content.strings(lang).get("language_name", lang))
        for lang in knowledge.content.languages
    ]
    return env.get_template(TEMPLATE).render(
        entries=entries,
        languages=languages,
        bot_username=bot_username,
        today=today,
        counts={kind: sum(e.kind == kind for e in entries) for kind in ("topic", "case", "alert")},
    )


def _entries(knowledge: Knowledge, bot_username: str, *, cards: bool) -> list[Entry]:
    content, answerer = knowledge.content, knowledge.answerer
    sections = {c.id: c.title.text("es") for c in content.categories}
    order = {c.id: n for n, c in enumerate(content.categories)}
    topics = sorted(content.topics.values(), key=lambda t: order.get(t.category, len(order)))
    entries = [
        _entry(knowledge, t, sections.get(t.category, t.category), bot_username, cards=cards)
        for t in topics
    ]
    entries += [_entry(knowledge, c, "", bot_username, cards=cards) for c in answerer.case_order]
    alerts = sorted(content.alerts.values(), key=lambda a: (a.scheduled is None, a.id))
    entries += [_entry(knowledge, a, a.audience, bot_username) for a in alerts]
    return entries


def _entry(
    knowledge: Knowledge,
    item: Topic | Case | Alert,
    section: str,
    bot_username: str,
    *,
    cards: bool = False,
) -> Entry:
    versions = []
    for lang in knowledge.content.languages:
        card = None
        if isinstance(item, Alert):
            layers = [knowledge.answerer.alert(item, lang)]
        else:
            layers = [knowledge.answerer.item(item.id, lang, layer) for layer in SHOWN_LAYERS]
            card = _card(knowledge, item.id, lang, bot_username) if cards else None
        versions.append(_version(knowledge, layers, bot_username, card))
    if isinstance(item, Topic):
        kind, title, as_of = "topic", item.title.text("es"), item.as_of
    elif isinstance(item, Case):
        kind, title, as_of = "case", item.name.text("es"), item.status_as_of
    else:
        kind, title, as_of = "alert", item.title.text("es"), None
    link = None if kind == "alert" else callbacks.deep_link(bot_username, callbacks.start(item.id))
    return Entry(
        kind=kind,
        id=item.id,
        title=title,
        section=section,
        path=item.where.path,
        line=item.where.line,
        reviewed=item.reviewed,
        as_of=as_of,
        sources=item.sources,
        link=link,
        versions=tuple(versions),
    )


def _card(knowledge: Knowledge, item_id: str, lang: str, bot_username: str) -> str | None:
    """The item's square share card as a JPEG data: URI."""
    face = knowledge.card(item_id, lang, bot_username=bot_username)
    if face is None:
        return None
    jpeg = card_images.thumbnail(face, knowledge.shelf.style, width=CARD_WIDTH)
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def _version(
    knowledge: Knowledge, layers: list[Answer], bot_username: str, card: str | None = None
) -> Version:
    """An entry in one language: its layers' messages in order, and the first one's buttons."""
    first = layers[0]
    bubbles: list[Bubble] = []
    for answer in layers:
        chunks = knowledge.renderer.render(answer, bot_username=bot_username)
        bubbles += [Bubble(html, n, len(chunks)) for n, html in enumerate(chunks, start=1)]
    return Version(
        lang=first.lang,
        language=knowledge.content.strings(first.lang).get("language_name", first.lang),
        bubbles=tuple(bubbles),
        buttons=tuple(tuple(button.text for button in row) for row in first.buttons),
        card=card,
    )
