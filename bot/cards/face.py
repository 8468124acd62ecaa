"""What a card says: an item's question, its short answer, the date its facts are true as of,
its main source, who runs the bot and the deep link its QR code opens.

Every word comes from the content or the locale strings (``card.*``); this module only picks
them. ``Face.key`` hashes exactly what is drawn, so a card is drawn again only when it changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Literal

from bot.answer import callbacks
from bot.answer.layers import place_of, short_date
from bot.answer.leads import sentences
from bot.content import Case, Content, Topic

Shape = Literal["square", "portrait"]
# Width and height in pixels: the square post, and the portrait one (4:5) feeds show tallest.
# A card's answer: sentences until this many characters, at most this many sentences.
ANSWER_CHARS = 80
ANSWER_SENTENCES = 3
SHAPES: dict[Shape, tuple[int, int]] = {"square": (1080, 1080), "portrait": (1080, 1350)}


@dataclass(frozen=True, slots=True)
class Face:
    """Everything one card shows, already worded in its language."""

    item_id: str
    lang: str
    shape: Shape
    title: str
    answer: str
    as_of: str
    source: str
    org: str
    scan: str
    link: str

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels."""
        return SHAPES[self.shape]

    def key(self, style: str) -> str:
        """A hash of what is drawn: these words, the shape and the ``style`` (colours, logo,
        fonts and layout version), so a new text or date gives a new card."""
        drawn = json.dumps([asdict(self), style], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(drawn.encode("utf-8")).hexdigest()[:32]


def face_of(
    content: Content,
    item: Topic | Case,
    lang: str,
    *,
    shape: Shape = "square",
    org_name: str | None,
    bot_username: str,
) -> Face:
    """The card of a topic or case in ``lang``."""
    strings = content.strings(lang)
    if isinstance(item, Topic):
        title, answer, as_of = (
            item.title.text(lang),
            short_answer(item.summary.text(lang)),
            item.as_of,
        )
    else:
        # A case's card says when and where before what happened.
        when_where = strings["card.when_where"].format(
            date=short_date(item, lang), place=place_of(item)
        )
        text = item.lead.text(lang) if item.lead else item.summary.text(lang)
        title, answer, as_of = (
            item.name.text(lang),
            f"{when_where} {short_answer(text)}",
            item.status_as_of,
        )
    ranked = content.sites.rank(item.sources)
    return Face(
        item_id=item.id,
        lang=lang,
        shape=shape,
        title=title,
        answer=answer,
        as_of=strings["card.as_of"].format(date=_day(as_of or item.reviewed, strings)),
        source=strings["card.source"].format(name=ranked[0].title) if ranked else "",
        org=org_name or strings["card.unnamed"],
        scan=strings["card.scan"],
        link=callbacks.deep_link(bot_username, callbacks.start(item.id)),
    )


def short_answer(text: str) -> str:
    """The answer a card shows: the text's first sentences, until they say enough.

    A first sentence as short as "No." or a heading like "Fechas clave:" says little alone, so
    sentences are added (list bullets dropped) up to ANSWER_SENTENCES or ANSWER_CHARS.
    """
    taken: list[str] = []
    for sentence in sentences(text)[:ANSWER_SENTENCES]:
        taken.append(" ".join(sentence.removeprefix("•").split()))
        if sum(len(s) for s in taken) >= ANSWER_CHARS:
            break
    return " ".join(taken)


def _day(value: dt.date, strings: Mapping[str, str]) -> str:
    """A date as the locale writes it (as render.py's ``day``)."""
    months = [m.strip() for m in strings["date.months"].split(",")]
    return strings["date.format"].format(
        day=value.day, month=months[value.month - 1], year=value.year
    )
