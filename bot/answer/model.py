"""What ``answer`` returns: an ``Answer`` (template context + buttons) that ``render`` draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from bot.answer.contexts import TEMPLATES, TemplateContext

# Kinds of answer, stable: `ask --json` prints them and tests and benchmarks rely on them.
# The Literal is the one source; KINDS lists it for code that iterates.
Kind = Literal[
    "topic",
    "case",
    "case_list",
    "suggestions",
    "unclear",
    "opinion",
    "fallback",
    "smalltalk",
    "welcome",
    "help",
    "menu",
    "category",
    "usage",
    "error",
    "language",
    "alert",
    "group_intro",
    "privacy",
    "forget",
    "news",
    "followup",
    "references",
    "detail",
    "sources",
    "alerts",
    "refused",
    "broadcast_preview",
    "broadcast_progress",
    "broadcast_report",
    "card",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

# What a button does, whatever its wire form (see Button).
Meaning = Literal["press", "link", "share", "card", "item", "layer", "menu", "feedback"]


@dataclass(frozen=True, slots=True)
class Button:
    """One inline button and what pressing it means; exactly one of ``data`` (callback), ``url``
    or ``share`` is set, except on a ``card`` button, which has both ``data`` and ``share``.

    ``meaning``: ``item`` opens the topic or case ``item``, ``layer`` another layer of an answer
    (detail, sources, back), ``menu`` the main menu, ``feedback`` votes on an answer, ``share``
    pre-fills the inline query ``share`` in a chat the user picks, ``card`` sends the item's share
    card with ``data`` where the bot can send it (else it is a ``share``), ``link`` opens ``url``,
    and ``press`` is any other button the bot handles. The edge (``handlers.replies.keyboard``)
    chooses the wire form by meaning and place: a layer or menu button carries ``start``, the
    deep-link payload that opens the same thing in the private chat, and becomes that link under
    group answers; everywhere else it edits the message in place with ``data``.
    """

    text: str
    data: str | None = None
    url: str | None = None
    share: str | None = None
    meaning: Meaning = "press"
    start: str | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """What to say: a template context, its language, buttons in rows, and how it was chosen.

    ``acknowledge`` names a sentence said before the answer (``_acknowledge.html``): "loss"
    when the message told of a relative killed or disappeared; "" for none.
    """

    kind: Kind
    context: TemplateContext
    lang: str
    item_id: str | None = None
    score: float = 0.0
    buttons: tuple[tuple[Button, ...], ...] = ()
    acknowledge: str = ""

    @property
    def template(self) -> str:
        """The template file that draws this answer."""
        return TEMPLATES[type(self.context)]

    @property
    def matched(self) -> bool:
        """Whether a topic, case or case list answered the question."""
        return self.kind in ("topic", "case", "case_list")

    @property
    def unanswered(self) -> bool:
        """Whether editors should see this question in the unanswered report."""
        return self.kind in ("fallback", "suggestions", "unclear")
