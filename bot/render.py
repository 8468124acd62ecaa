"""Draw an ``Answer`` with its template into Telegram HTML messages of at most 4096 characters.

One Jinja2 environment: autoescape (Telegram HTML treats <, > and & as markup), StrictUndefined
(a template typo fails a test instead of sending a blank), trim_blocks/lstrip_blocks (Telegram
keeps every newline). Only Telegram's tags are used. Long answers are split at paragraph
boundaries; a tag open at a split is closed at the end of one message and reopened in the next.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, fields
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2

from bot.answer import Answer, callbacks
from bot.content import Content
from bot.errors import Problem, RenderError

MAX_MESSAGE_CHARS = 4096
ACKNOWLEDGE = "_acknowledge.html"
TAGS = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"})
_TAG = re.compile(r"<(/?)([a-z-]+)([^>]*)>")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Organization:
    """Who runs this copy of the bot (ORG_NAME, ORG_DESCRIPTION, ORG_CONTACT); None when unset."""

    name: str | None = None
    description: str | None = None
    contact: str | None = None


class Renderer:
    """Renders Answers for one Content with the templates in ``templates_dir``."""

    def __init__(
        self, templates_dir: Path, content: Content, *, org: Organization | None = None
    ) -> None:
        self.content = content
        self.org = org or Organization()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.filters["fmt"] = _format
        self.env.globals["deep_link"] = callbacks.deep_link
        # Templates and each context type's field names, looked up once.
        self.templates: dict[str, jinja2.Template] = {}
        self.names: dict[type, tuple[str, ...]] = {}

    def template(self, name: str) -> jinja2.Template:
        """The template file ``name``, loaded once."""
        found = self.templates.get(name)
        if found is None:
            found = self.templates[name] = self.env.get_template(name)
        return found

    def html(self, answer: Answer, *, bot_username: str | None = None) -> str:
        """The whole answer as one HTML text (not split)."""
        strings = self.content.strings(answer.lang)
        kind = type(answer.context)
        names = self.names.get(kind)
        if names is None:
            names = self.names[kind] = tuple(f.name for f in fields(answer.context))
        context: dict[str, Any] = {name: getattr(answer.context, name) for name in names}
        org_name = self.org.name or strings["org.unnamed"]
        context.update(
            t=strings,
            lang=answer.lang,
            org=self.org,
            org_name=org_name,
            bot_username=bot_username,
            day=lambda value: _day(value, strings),
            month=lambda value: _months(strings)[value.month - 1],
        )
        try:
            text = self.template(answer.template).render(context)
            if answer.acknowledge:
                # One sober sentence before the answer (a loss told in the question).
                lead = self.template(ACKNOWLEDGE).render(context, kind=answer.acknowledge)
                text = f"{lead.strip()}\n\n{text}"
        except jinja2.TemplateError as exc:
            raise RenderError(f"{answer.template}: {exc}") from exc
        # Content may name the organization running the bot as {org_name}, and tell who it is
        # as {org_about} (content/README.md).
        text = text.replace("{org_name}", html.escape(org_name))
        if "{org_about}" in text:
            about = self.template("_org_about.html").render(t=strings, org=self.org)
            text = text.replace("{org_about}", about.strip())
        return _BLANK_LINES.sub("\n\n", text).strip()

    def render(self, answer: Answer, *, bot_username: str | None = None) -> list[str]:
        """The answer as Telegram messages, each at most 4096 characters."""
        return split(self.html(answer, bot_username=bot_username))


def _format(template: str, **values: Any) -> str:
    """``{name}`` placeholders of a UI string, filled in (the Jinja filter ``fmt``)."""
    return str(template).format(**values)


def _day(value: date, strings: Any) -> str:
    return str(strings["date.format"]).format(
        day=value.day, month=_months(strings)[value.month - 1], year=value.year
    )


def _months(strings: Any) -> list[str]:
    return [m.strip() for m in strings["date.months"].split(",")]


# -- splitting -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Open:
    name: str
    tag: str


def split(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Split HTML into chunks of at most ``limit`` visible characters, each with balanced tags.

    Telegram counts the limit after parsing entities (tags and URLs do not count, ``&lt;`` is
    one character). Prefers paragraph breaks, then line breaks, then spaces; tags open at a
    break are closed before it and reopened after it, so each chunk is valid on its own.
    """
    if visible_length(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    rest = text
    carried: list[_Open] = []
    while rest:
        prefix = "".join(o.tag for o in carried)
        if visible_length(prefix + rest) <= limit:
            chunks.append(prefix + rest)
            break
        cut = _cut(rest, _fitting(rest, limit))
        piece, rest = rest[:cut], rest[cut:].lstrip("\n")
        still_open = _open_after(carried, piece)
        closing = "".join(f"</{o.name}>" for o in reversed(still_open))
        chunks.append((prefix + piece).rstrip() + closing)
        carried = still_open
    return [c for c in chunks if _visible(c).strip()]


def visible_length(text: str) -> int:
    """How many characters Telegram counts in an HTML text."""
    return len(_visible(text))


def _fitting(text: str, limit: int) -> int:
    """The longest prefix length of ``text`` whose visible part has at most ``limit`` chars."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if visible_length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut(text: str, budget: int) -> int:
    window = text[:budget]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > budget // 3:
            return _not_inside_tag_or_entity(text, at + len(separator))
    return _not_inside_tag_or_entity(text, budget)


def _not_inside_tag_or_entity(text: str, at: int) -> int:
    lt, gt = text.rfind("<", 0, at), text.rfind(">", 0, at)
    if lt > gt:
        at = lt
    amp, semi = text.rfind("&", 0, at), text.rfind(";", 0, at)
    if amp > semi and at - amp < 10:
        at = amp
    return max(at, 1)


def _open_after(carried: list[_Open], piece: str) -> list[_Open]:
    stack = list(carried)
    for match in _TAG.finditer(piece):
        closing, name = match.group(1), match.group(2)
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i].name == name:
                    del stack[i]
                    break
        else:
            stack.append(_Open(name, match.group(0)))
    return stack


def _visible(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def plain(text: str) -> str:
    """The visible text of Telegram HTML: tags removed, entities decoded."""
    return _visible(text)


# -- checks --------------------------------------------------------------------------------


class _TagChecker(HTMLParser):
    """Collects tags outside Telegram's set and unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.errors.append(f"<{tag}> is not a Telegram tag")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes nothing open")
        else:
            self.stack.pop()


def html_errors(text: str) -> list[str]:
    """Why ``text`` is not valid Telegram HTML (empty when it is)."""
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    return checker.errors + [f"<{tag}> is never closed" for tag in checker.stack]


def check(renderer: Renderer, answers: list[tuple[str, int, Answer]]) -> list[Problem]:
    """Render each (path, line, answer); report failures, bad HTML and answers needing a split."""
    problems: list[Problem] = []
    for path, line, answer in answers:
        try:
            text = renderer.html(answer, bot_username="memoria_bot")
        except RenderError as exc:
            problems.append(
                Problem(path, line, "error", f"does not render in {answer.lang}: {exc}")
            )
            continue
        for error in html_errors(text):
            problems.append(
                Problem(path, line, "error", f"renders invalid HTML in {answer.lang}: {error}.")
            )
        chunks = split(text)
        if len(chunks) > 1:
            problems.append(
                Problem(
                    path,
                    line,
                    "warning",
                    f"the {answer.lang} answer is {visible_length(text)} characters and is sent "
                    f"as {len(chunks)} messages; shorten 'detail' so it fits one.",
                )
            )
    return problems


__all__ = [
    "MAX_MESSAGE_CHARS",
    "TAGS",
    "Renderer",
    "check",
    "html_errors",
    "plain",
    "split",
    "visible_length",
]
