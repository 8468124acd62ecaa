"""What ``answer`` returns: an ``Answer`` (template context + buttons) that ``render`` draws."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer.contexts import TEMPLATES, TemplateContext

# Kinds of answer, stable: `ask --json` prints them and tests and benchmarks rely on them.
KINDS = (
    "topic", "case", "case_list", "suggestions", "unclear", "opinion", "fallback", "smalltalk",
    "welcome", "help",
    "menu", "category", "usage", "error", "language", "alert", "group_intro",
    "privacy", "forget",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Button:
    """One inline button: exactly one of ``data`` (callback), ``url`` or ``share`` is set.

    ``share`` is the inline query that the share button pre-fills in the chat the user picks.
    """

    text: str
    data: str | None = None
    url: str | None = None
    share: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """What to say: a template context, its language, buttons in rows, and how it was chosen.

    ``acknowledge`` names a sentence said before the answer (``_acknowledge.html``): "loss"
    when the message told of a relative killed or disappeared; "" for none.
    """

    kind: str
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
