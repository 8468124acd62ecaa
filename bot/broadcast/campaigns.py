"""What a campaign sends: an alert (or an admin's free text) rendered once per language.

A ``Draft`` holds the rendered text and buttons per language and the preview ``Answer``s they
come from, so a preview is exactly what subscribers get. ``create`` stores it as a campaign
under an idempotency key (the store snapshots the recipients). Item buttons become deep links
into the bot, because a callback button under an alert in a group would replace the alert for
everyone. Knows no Telegram: sender.py turns the stored buttons into a keyboard.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.answer import Answer, Button, callbacks
from bot.answer.contexts import RecipientCount, RefusedReason
from bot.content import AUDIENCES, Alert
from bot.knowledge import Knowledge
from bot.store import Campaign, Store

# "/broadcast some-alert-id": one word of lowercase letters, digits and hyphens, with a hyphen.
ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")

ButtonRows = list[list[dict[str, str]]]


@dataclass(frozen=True, slots=True)
class Draft:
    """A campaign not yet stored: what each language gets and, for an alert, its topic."""

    alert_id: str | None
    audience: str | None
    title: str
    texts: Mapping[str, str]
    buttons: Mapping[str, ButtonRows]
    previews: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """Why no draft could be made: a ``RefusedContext`` reason and its choices."""

    reason: RefusedReason
    choices: tuple[str, ...] = ()


def looks_like_alert_id(text: str) -> bool:
    """Whether ``/broadcast TEXT`` names an alert rather than being a free text."""
    word = text.strip()
    return bool(word) and "-" in word and set(word) <= ID_CHARS


def draft_for(knowledge: Knowledge, text: str, *, bot_username: str | None) -> Draft | Problem:
    """The draft for ``/broadcast TEXT``: an alert id or a free text."""
    content = knowledge.content
    text = text.strip()
    if not text:
        return Problem("usage", tuple(sorted(content.alerts)))
    if looks_like_alert_id(text):
        alert = content.alerts.get(text)
        if alert is None:
            return Problem("unknown_alert", _closest(text, content.alerts))
        return alert_draft(knowledge, alert, bot_username=bot_username)
    return text_draft(knowledge, text, bot_username=bot_username)


def alert_draft(knowledge: Knowledge, alert: Alert, *, bot_username: str | None) -> Draft:
    """An alert from content/alerts/, rendered in every language."""
    answers = [knowledge.answerer.alert(alert, lang) for lang in knowledge.content.languages]
    built = _build(knowledge, answers, bot_username=bot_username)
    assert not isinstance(built, Problem), "content alerts fit one message (check --strict)"
    texts, buttons, previews = built
    return Draft(
        alert.id,
        alert.audience,
        alert.title.text(alert_language(knowledge)),
        texts,
        buttons,
        previews,
    )


def text_draft(knowledge: Knowledge, text: str, *, bot_username: str | None) -> Draft | Problem:
    """An admin's free text, the same in every language; the admin picks the topic."""
    answers = [
        knowledge.answerer.alerts.from_text(text, lang) for lang in knowledge.content.languages
    ]
    built = _build(knowledge, answers, bot_username=bot_username)
    if isinstance(built, Problem):
        return built
    texts, buttons, previews = built
    # One preview is enough when every language gets the same message.
    unique = tuple({knowledge.renderer.html(a): a for a in previews}.values())
    title = text.strip().partition("\n")[0].strip()
    return Draft(None, None, title, texts, buttons, unique)


def alert_language(knowledge: Knowledge) -> str:
    """The language campaign titles are recorded in (the content's first)."""
    return knowledge.content.languages[0]


def _build(
    knowledge: Knowledge, answers: Sequence[Answer], *, bot_username: str | None
) -> tuple[dict[str, str], dict[str, ButtonRows], tuple[Answer, ...]] | Problem:
    texts: dict[str, str] = {}
    buttons: dict[str, ButtonRows] = {}
    previews: list[Answer] = []
    for answer in answers:
        shown = replace(answer, buttons=_deep_links(answer.buttons, bot_username))
        chunks = knowledge.renderer.render(shown, bot_username=bot_username)
        if len(chunks) != 1:
            return Problem("too_long")
        texts[answer.lang] = chunks[0]
        buttons[answer.lang] = [
            [_button_json(button) for button in row] for row in shown.buttons if row
        ]
        previews.append(shown)
    return texts, buttons, tuple(previews)


def _deep_links(
    rows: tuple[tuple[Button, ...], ...], bot_username: str | None
) -> tuple[tuple[Button, ...], ...]:
    linked = []
    for row in rows:
        kept = []
        for button in row:
            # A broadcast message is not an answer: its item buttons open the item in the
            # private chat (a deep link); other buttons of the alert answer are dropped.
            if button.meaning == "item" and button.start is not None and bot_username:
                url = callbacks.deep_link(bot_username, button.start)
                kept.append(Button(button.text, url=url, meaning="link"))
            elif button.url is not None:
                kept.append(button)
        if kept:
            linked.append(tuple(kept))
    return tuple(linked)


def _button_json(button: Button) -> dict[str, str]:
    if button.url is not None:
        return {"text": button.text, "url": button.url}
    return {"text": button.text, "data": button.data or ""}


def _closest(text: str, alerts: Mapping[str, Alert]) -> tuple[str, ...]:
    found = difflib.get_close_matches(text, list(alerts), n=3, cutoff=0.5)
    return tuple(found) or tuple(sorted(alerts))


async def recipients(
    store: Store, knowledge: Knowledge, audience: str | None
) -> tuple[RecipientCount, ...]:
    """Active subscribers per topic and language (every topic when ``audience`` is None)."""
    counts = await store.subscribers.count()
    content = knowledge.content
    chosen = AUDIENCES if audience is None else (audience,)
    return tuple(
        RecipientCount(a, content.strings(lang).get("language_name", lang), counts[(lang, a)])
        for a in chosen
        for lang in content.languages
        if counts.get((lang, a))
    )


def origin_key(kind: str, *parts: object) -> str:
    """An idempotency key from where a campaign came from, hashed (no chat id is stored)."""
    raw = ":".join(str(part) for part in parts)
    return f"{kind}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


async def create(
    store: Store,
    draft: Draft,
    *,
    audience: str,
    key: str,
    created_by: str,
    now: datetime,
) -> tuple[Campaign, bool]:
    """Store ``draft`` as a campaign for ``audience``; (campaign, True) if this call made it."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    return await store.campaigns.create(
        key=key,
        audience=audience,
        alert_id=draft.alert_id,
        texts=dict(draft.texts),
        buttons={"rows": {k: v for k, v in draft.buttons.items()}},
        title=draft.title,
        created_by=created_by,
        now=now,
    )


def stored_rows(campaign: Campaign, lang: str) -> ButtonRows:
    """The buttons a campaign stored for ``lang`` (its first language's when missing)."""
    stored = campaign.buttons
    if not isinstance(stored, Mapping):
        return []
    rows = stored.get("rows")
    if not isinstance(rows, Mapping) or not rows:
        return []
    chosen = rows.get(lang) or next(iter(rows.values()))
    if not isinstance(chosen, Sequence):
        return []
    return [
        [
            {str(k): str(v) for k, v in button.items()}
            for button in row
            if isinstance(button, Mapping)
        ]
        for row in chosen
        if isinstance(row, Sequence)
    ]


def stored_title(campaign: Campaign) -> str:
    """The title a campaign was created with (its alert id when none was stored)."""
    return campaign.title or campaign.alert_id or ""


def text_for(campaign: Campaign, lang: str) -> str:
    """The message a chat in ``lang`` gets (the first language's when it has none)."""
    return campaign.texts.get(lang) or next(iter(campaign.texts.values()))


def stale_days(alert: Alert, today: date, *, limit: int) -> int | None:
    """How many days old the alert's facts are, when that is more than ``limit`` (else None)."""
    if alert.as_of is None:
        return None
    age = (today - alert.as_of).days
    return age if age > limit else None
