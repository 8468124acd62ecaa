"""The wire forms of buttons: callback_data (≤ 64 bytes, parsed back without surprises) and
the deep links that open an answer in the private chat.

i:<id>            open a topic or case
v:<l>:<lang>:<id> a layer of a topic or case, in a language: d detail, s sources, a every
                  source, b back to the summary, r the summary of a related item (the letter
                  names the button, so presses are counted by what people chose)
c:<category>      a category's topics
m                 the main menu
n                 the newest facts (/novedades)
l:<page>:<filter> a page of the case list (filter may be empty)
f:<1|0>:<id>      feedback on an answer
lang:<code>       switch language
o:<yes|no>        confirm or cancel /olvidar
k:<lang>:<id>     send a topic's or case's share card (an image) in a language
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

MAX_BYTES = 64
# What a layer button does (the letter on the wire names it; see _LAYER_BUTTONS).
LayerAction = Literal["detail", "sources", "all_sources", "back", "related"]
# What a parsed press is (it is what ``stats`` counts): one source for handlers and stats.
Action = Literal[
    LayerAction,
    "item",
    "category",
    "language",
    "menu",
    "news",
    "cases",
    "forget",
    "alerts_on",
    "alerts_off",
    "alerts_topic",
    "broadcast_cancel",
    "broadcast_confirm",
    "helpful",
    "not_helpful",
    "card",
]
ACTIONS: tuple[Action, ...] = get_args(Action)
LAYER_ACTIONS: tuple[LayerAction, ...] = get_args(LayerAction)
# The layers of an item's answer: the first message, then one tap away the rest of the text,
# the sources (at most three) and every source.
LAYERS = ("summary", "detail", "sources", "all_sources")
# Layer buttons by letter: the action counted for each, and the layer it shows.
_LAYER_BUTTONS: dict[str, tuple[LayerAction, str]] = {
    "d": ("detail", "detail"),
    "s": ("sources", "sources"),
    "a": ("all_sources", "all_sources"),
    "b": ("back", "summary"),
    "r": ("related", "summary"),
}
# Presses that open something named after the colon.
_OPENS: dict[str, Action] = {"i": "item", "c": "category", "lang": "language"}
_LETTERS = {action: letter for letter, (action, _) in _LAYER_BUTTONS.items()}
# Deep-link payloads (t.me/<bot>?start=<payload>, letters, digits, _ and - only): an item id
# (ids never hold "_"), an id and a layer, or the menu.
START_MENU = "menu"
_START_LAYERS = ("detail", "sources", "all_sources")


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed button press: ``action`` names it (it is what ``stats`` counts), ``value`` is
    its item or category; layer buttons also carry the ``layer`` and the ``lang`` to show."""

    action: Action
    value: str = ""
    page: int = 1
    layer: str = ""
    lang: str = ""


def item(item_id: str) -> str:
    """Open a topic or case."""
    return _fit(f"i:{item_id}")


def category(category_id: str) -> str:
    """A category menu."""
    return _fit(f"c:{category_id}")


MENU = "m"
NEWS = "n"


def layer(action: LayerAction, item_id: str, lang: str) -> str:
    """A layer button: ``action`` is detail, sources, all_sources, back or related."""
    return _fit(f"v:{_LETTERS[action]}:{lang}:{item_id}")


def shows(action: LayerAction) -> str:
    """The layer a layer button (detail, sources, all_sources, back, related) shows."""
    return _LAYER_BUTTONS[_LETTERS[action]][1]


def start(item_id: str, layer_name: str = "summary") -> str:
    """The deep-link payload that opens a layer of an item in the private chat."""
    payload = item_id if layer_name == "summary" else f"{item_id}_{layer_name}"
    return _fit(payload)


def parse_start(payload: str) -> tuple[str, str]:
    """``(item_id, layer)`` of a deep-link payload; the item id may not exist any more."""
    item_id, _, layer_name = payload.partition("_")
    return item_id, layer_name if layer_name in _START_LAYERS else "summary"


def deep_link(bot_username: str, payload: str) -> str:
    """The link that opens the private chat with the bot and sends /start ``payload``."""
    return f"https://t.me/{bot_username}?start={payload}"


def case_page(page: int, filter_text: str) -> str:
    """A page of the case list."""
    return _fit(f"l:{page}:{filter_text}"[:MAX_BYTES])


def feedback(item_id: str, *, helpful: bool) -> str:
    """A thumbs up or down on an answer."""
    return _fit(f"f:{int(helpful)}:{item_id}")


def card(item_id: str, lang: str) -> str:
    """Send the share card of a topic or case."""
    return _fit(f"k:{lang}:{item_id}")


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
    if head == "v":
        letter, _, tail = rest.partition(":")
        lang, _, item_id = tail.partition(":")
        if letter in _LAYER_BUTTONS and lang and item_id:
            action, shown = _LAYER_BUTTONS[letter]
            return Callback(action, item_id, layer=shown, lang=lang)
    if head in _OPENS and rest:
        return Callback(_OPENS[head], rest)
    if head == "l":
        page, _, filter_text = rest.partition(":")
        if page.isdigit():
            return Callback("cases", filter_text, max(1, int(page)))
    if data in (FORGET_YES, FORGET_NO):
        return Callback("forget", rest)
    if head == "a":
        if rest in ("on", "off"):
            return Callback("alerts_on" if rest == "on" else "alerts_off")
        kind, _, audience = rest.partition(":")
        if kind == "t" and audience:
            return Callback("alerts_topic", audience)
    if head == "b":
        if rest == "no":
            return Callback("broadcast_cancel")
        kind, _, audience = rest.partition(":")
        if kind == "go" and audience:
            return Callback("broadcast_confirm", audience)
    if head == "k":
        lang, _, item_id = rest.partition(":")
        if lang and item_id:
            return Callback("card", item_id, lang=lang)
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
