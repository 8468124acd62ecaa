"""What ``check`` says about cards: a card whose words would not fit at the smallest sizes.

Every topic and case is laid out in every language and shape, with the longest deep link a bot
username can give, so an editor learns at ``path:line`` before the bot ever draws it cut short.
"""

from __future__ import annotations

from bot.cards import layout
from bot.cards.draw import Style
from bot.cards.face import SHAPES, Shape, face_of
from bot.content import Case, Content, Topic
from bot.errors import Problem

# Telegram usernames have at most 32 characters: the longest deep link a card can carry.
LONGEST_USERNAME = "x" * 32


def problems(content: Content, style: Style, *, org_name: str | None) -> list[Problem]:
    """One error per topic or case whose card would not fit, naming the languages and shapes;
    a warning when the card's colours are too close to read."""
    found = _contrast(style)
    items: list[Topic | Case] = [*content.topics.values(), *content.cases.values()]
    for item in items:
        overflowing = [
            f"{lang} {shape}"
            for lang in content.languages
            if not _fits(content, item, lang, "square", style, org_name)
            for shape in SHAPES
            if not _fits(content, item, lang, shape, style, org_name)
        ]
        if overflowing:
            found.append(
                Problem(
                    item.where.path,
                    item.where.line,
                    "error",
                    f"its share card does not fit ({', '.join(overflowing)}): shorten the "
                    "title, the first sentence of the summary (or the lead) or the first "
                    "source's title; see it with python -m bot cards --out DIR.",
                )
            )
    return found


def _fits(
    content: Content, item: Topic | Case, lang: str, shape: Shape, style: Style, org: str | None
) -> bool:
    # Every shape is as wide as the square and at least as tall: a card that fits the square
    # fits them all, so the others are laid out only when the square overflows.
    face = face_of(content, item, lang, shape=shape, org_name=org, bot_username=LONGEST_USERNAME)
    return layout.arrange(face, style.fonts) is not None


# WCAG's "AAA" contrast for text, and "AA" for large text (the accent draws only short, bold
# lines: the organization and the QR code's label).
TEXT_CONTRAST, ACCENT_CONTRAST = 7.0, 4.5


def _contrast(style: Style) -> list[Problem]:
    found = []
    for key, colour, least in (
        ("CARD_FOREGROUND", style.foreground, TEXT_CONTRAST),
        ("CARD_ACCENT", style.accent, ACCENT_CONTRAST),
    ):
        ratio = contrast(colour, style.background)
        if ratio < least:
            found.append(
                Problem(
                    key,
                    1,
                    "warning",
                    f"{colour} on CARD_BACKGROUND {style.background} has a contrast of "
                    f"{ratio:.1f}:1, under {least:g}:1; choose colours further apart.",
                )
            )
    return found


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
