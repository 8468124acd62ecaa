"""The callback_data of inline buttons: short, ≤ 64 bytes, parsed back without surprises.

i:<id>            open a topic or case
c:<category>      a category's topics
m                 the main menu
n                 the newest facts (/novedades)
l:<page>:<filter> a page of the case list (filter may be empty)
f:<1|0>:<id>      feedback on an answer
lang:<code>       switch language
o:<yes|no>        confirm or cancel /olvidar
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed button press."""

    action: str
    value: str = ""
    page: int = 1


def item(item_id: str) -> str:
    """Open a topic or case."""
    return _fit(f"i:{item_id}")


def category(category_id: str) -> str:
    """A category menu."""
    return _fit(f"c:{category_id}")


MENU = "m"
NEWS = "n"


def case_page(page: int, filter_text: str) -> str:
    """A page of the case list."""
    return _fit(f"l:{page}:{filter_text}"[:MAX_BYTES])


def feedback(item_id: str, *, helpful: bool) -> str:
    """A thumbs up or down on an answer."""
    return _fit(f"f:{int(helpful)}:{item_id}")


def language(code: str) -> str:
    """Switch to language ``code``."""
    return _fit(f"lang:{code}")


FORGET_YES = "o:yes"
FORGET_NO = "o:no"


ALERTS_ON = "a:on"
ALERTS_OFF = "a:off"
BROADCAST_CANCEL = "b:no"


def alerts_topic(audience: str) -> str:
    """Switch one alert topic on or off."""
    return _fit(f"a:t:{audience}")


def broadcast_confirm(audience: str) -> str:
    """Confirm a broadcast preview for ``audience``."""
    return _fit(f"b:go:{audience}")


def parse(data: str) -> Callback | None:
    """The Callback for ``data``, or None when it is not one of ours (old or forged buttons)."""
    head, _, rest = data.partition(":")
    if data == MENU:
        return Callback("menu")
    if data == NEWS:
        return Callback("news")
    if head in ("i", "c", "lang") and rest:
        return Callback({"i": "item", "c": "category", "lang": "language"}[head], rest)
    if head == "l":
        page, _, filter_text = rest.partition(":")
        if page.isdigit():
            return Callback("cases", filter_text, max(1, int(page)))
    if data in (FORGET_YES, FORGET_NO):
        return Callback("forget", rest)
    if head == "a":
        if rest in ("on", "off"):
            return Callback(f"alerts_{rest}")
        kind, _, audience = rest.partition(":")
        if kind == "t" and audience:
            return Callback("alerts_topic", audience)
    if head == "b":
        if rest == "no":
            return Callback("broadcast_cancel")
        kind, _, audience = rest.partition(":")
        if kind == "go" and audience:
            return Callback("broadcast_confirm", audience)
    if head == "f":
        flag, _, item_id = rest.partition(":")
        if flag in ("0", "1") and item_id:
            return Callback("helpful" if flag == "1" else "not_helpful", item_id)
    return None


def _fit(data: str) -> str:
    encoded = data.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data
