"""The steps of a journey (issue #14) and how each is played and checked: a person asks, presses
a button, starts the bot, adds it to a group... through the real PTB application and the fake Bot
API. Every step asserts on content and returns its problems (an empty list when it went as
expected). The journeys themselves are in test_journeys.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.content import Topic
from bot.knowledge import Knowledge
from tests.conftest import SHIPPED_DAY, Bot
from tests.faketelegram import (
    DEFAULT_BOT_USERNAME,
    callback_update,
    inline_query_update,
    message_update,
    my_chat_member_update,
    parse_html,
)

USER = 8001
ADMIN = 8002
MEMBER = 8003
GROUP = -1008004
BOT = f"@{DEFAULT_BOT_USERNAME}"
# How an argument's answer may not begin: the supporter's view comes first, stated fairly.
DISMISSIVE = ("Falso", "False", "Mito", "Myth", "No.")
TODAY = SHIPPED_DAY


@dataclass
class Session:
    """One person's conversation: who they are, in which language, and what the bot last said."""

    bot: Bot
    real: Knowledge
    lang: str
    last: dict[int, Mapping[str, Any]] = field(default_factory=dict)

    def title(self, item_id: str) -> str:
        found = self.real.content.item(item_id)
        assert found is not None, f"no topic or case {item_id!r}"
        return (found.title if isinstance(found, Topic) else found.name).text(self.lang)

    def sent_since(self, chat_id: int, before: int) -> list[Mapping[str, Any]]:
        return self.bot.fake.sent_messages(chat_id)[before:]

    async def say(self, text: str, *, chat_id: int, user_id: int, group: bool = False) -> int:
        """Send a message; return how many messages the chat had before it."""
        before = len(self.bot.fake.sent_messages(chat_id))
        await self.bot.feed(
            message_update(
                text,
                chat_id=chat_id,
                user_id=user_id,
                language_code=self.lang,
                chat_type="supergroup" if group else "private",
            )
        )
        return before


def _plain(params: Mapping[str, Any]) -> str:
    return parse_html(str(params["text"]))[0]


def _answer(s: Session, params: Mapping[str, Any]) -> str:
    """The reply without the one sentence that may acknowledge a loss before the answer."""
    text = _plain(params)
    sorry = s.real.content.strings(s.lang)["acknowledge.loss"]
    return text.removeprefix(sorry).lstrip() if text.startswith(sorry) else text


def _datas(params: Mapping[str, Any]) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [
        str(b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row
    ]


def _opens(datas: Sequence[str], item: str) -> str | None:
    """The button that opens ``item``: from a menu or list (i:) or as a related item (v:r:)."""
    related = [d for d in datas if d.startswith("v:r:") and d.endswith(f":{item}")]
    return f"i:{item}" if f"i:{item}" in datas else next(iter(related), None)


def _read(s: Session, chat: int) -> None:
    """Remember the chat's latest message: the one the next tap presses a button under."""
    s.last[chat] = s.bot.fake.messages(chat)[-1]


async def _tap(s: Session, chat: int, data: str) -> list[Mapping[str, Any]]:
    """Press the button ``data`` under the chat's remembered message; the edits it caused."""
    before = len(s.bot.fake.calls("editMessageText"))
    await s.bot.feed(
        callback_update(
            data,
            chat_id=chat,
            user_id=USER,
            message_id=s.last[chat]["message_id"],
            language_code=s.lang,
        )
    )
    edits = [call.params for call in s.bot.fake.calls("editMessageText")[before:]]
    if len(edits) == 1:
        _read(s, chat)
    return edits


async def _detail(s: Session, chat: int, params: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Tap "Más detalle" under an answer in a private chat; the edited layer, or None."""
    press = next((d for d in _datas(params) if d.startswith("v:d:")), None)
    if press is None or chat != USER:
        return None
    _read(s, chat)
    edits = await _tap(s, chat, press)
    return edits[0] if edits else None


def _check_answer(
    s: Session,
    params: Mapping[str, Any],
    expect: str,
    says: Sequence[str],
    offers: Sequence[str],
    detail: Mapping[str, Any] | None = None,
) -> list[str]:
    """What is wrong with a reply that should be the answer ``expect``: its first layer, and
    its detail layer (one tap away) when given."""
    text, datas = _answer(s, params), _datas(params)
    if detail is not None:
        text, datas = f"{text}\n{_plain(detail)}", [*datas, *_datas(detail)]
    problems = []
    if not text.startswith(s.title(expect)):
        problems.append(f"expected {expect!r}, got: {text[:90]!r}")
        return problems
    problems += [f"{expect}: missing {phrase!r}" for phrase in says if phrase not in text]
    problems += [f"{expect}: no button to {o!r}" for o in offers if _opens(datas, o) is None]
    return problems


class Step(Protocol):
    """One turn of a journey: it plays itself and returns what went wrong."""

    @property
    def gap(self) -> str: ...

    async def play(self, s: Session) -> list[str]: ...


@dataclass(frozen=True)
class Ask:
    """The person writes a question; the topic ``expect`` must answer it."""

    text: str
    expect: str
    says: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    in_group: bool = False  # asked in the group by a member, mentioning the bot
    fair: bool = False  # an argument: the reply opens with the supporter's view, not a verdict
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        chat, user = (GROUP, MEMBER) if self.in_group else (USER, USER)
        text = f"{BOT} {self.text}" if self.in_group else self.text
        before = await s.say(text, chat_id=chat, user_id=user, group=self.in_group)
        sent = s.sent_since(chat, before)
        if len(sent) != 1:
            return [f"{self.text!r}: {len(sent)} replies"]
        _read(s, chat)
        body = _answer(s, sent[0])[len(s.title(self.expect)) :].lstrip()
        detail = await _detail(s, chat, sent[0])
        problems = _check_answer(s, sent[0], self.expect, self.says, self.offers, detail)
        if self.fair and body.startswith(DISMISSIVE):
            problems.append(f"{self.expect}: opens with a verdict: {body[:40]!r}")
        return [f"{self.text!r} -> {p}" for p in problems]


@dataclass(frozen=True)
class Press:
    """The person taps the button that opens ``item`` under the bot's last message."""

    item: str
    says: tuple[str, ...] = ()
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        datas = _datas(s.last[USER])
        if self.item.startswith("c:"):
            data: str | None = self.item if self.item in datas else None
        else:
            data = _opens(datas, self.item)
        if data is None:
            return [f"no button to {self.item!r} under the last message"]
        edits = await _tap(s, USER, data)
        if len(edits) != 1:
            return [f"pressing {data!r}: {len(edits)} edits"]
        if self.item.startswith("c:"):
            text = _plain(edits[0])
            return [f"{data}: missing {p!r}" for p in self.says if p not in text]
        detail = await _detail(s, USER, edits[0])
        return _check_answer(s, edits[0], self.item, self.says, (), detail)


@dataclass(frozen=True)
class Command:
    """The person sends a command with its argument ("/fuentes ley-32419")."""

    text: str
    says: tuple[str, ...]
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = await s.say(self.text, chat_id=USER, user_id=USER)
        sent = s.sent_since(USER, before)
        if not sent:
            return [f"{self.text!r}: no reply"]
        _read(s, USER)
        text = "\n".join(_plain(params) for params in sent)  # a long list comes in parts
        return [f"{self.text!r}: missing {p!r}" for p in self.says if p not in text]


@dataclass(frozen=True)
class Start:
    """/start: the welcome, whose menu opens with the relatives' category."""

    first_category: str
    says: tuple[str, ...] = ()
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = await s.say("/start", chat_id=USER, user_id=USER)
        [sent] = s.sent_since(USER, before)
        _read(s, USER)
        categories = [d for d in _datas(sent) if d.startswith("c:")]
        problems = [f"welcome: missing {p!r}" for p in self.says if p not in _plain(sent)]
        if categories[:1] != [f"c:{self.first_category}"]:
            problems.append(f"welcome menu starts with {categories[:1]}")
        return problems


@dataclass(frozen=True)
class Join:
    """An admin adds the bot to the group: one introduction saying what it reads."""

    says: tuple[str, ...]
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        s.bot.fake.set_admins(GROUP, [ADMIN])
        before = len(s.bot.fake.sent_messages(GROUP))
        update = my_chat_member_update(
            chat_id=GROUP,
            user_id=ADMIN,
            old_status="left",
            new_status="member",
            chat_type="supergroup",
        )
        update["my_chat_member"]["from"]["language_code"] = s.lang  # the admin's Telegram app
        await s.bot.feed(update)
        sent = s.sent_since(GROUP, before)
        if len(sent) != 1:
            return [f"joining: {len(sent)} messages"]
        return [f"intro: missing {p!r}" for p in self.says if p not in _plain(sent[0])]


@dataclass(frozen=True)
class Chatter:
    """Members talk among themselves: the bot stays silent."""

    text: str
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = await s.say(self.text, chat_id=GROUP, user_id=MEMBER, group=True)
        sent = s.sent_since(GROUP, before)
        return [f"answered group chatter {self.text!r}"] if sent else []


@dataclass(frozen=True)
class GroupAlerts:
    """Someone in the group sends /alertas@bot si (or /alerts yes)."""

    command: str
    by_admin: bool
    says: tuple[str, ...]
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        user = ADMIN if self.by_admin else MEMBER
        text = self.command.replace("@bot", BOT)
        before = await s.say(text, chat_id=GROUP, user_id=user, group=True)
        sent = s.sent_since(GROUP, before)
        if len(sent) != 1:
            return [f"{text!r}: {len(sent)} replies"]
        problems = [f"{text!r}: missing {p!r}" for p in self.says if p not in _plain(sent[0])]
        subscriber = await s.bot.store.subscribers.get(GROUP)
        subscribed = subscriber is not None and subscriber.active
        if subscribed != self.by_admin:
            problems.append(f"{text!r} by {'admin' if self.by_admin else 'member'}: {subscriber}")
        if subscriber is not None and subscriber.chat_type != "supergroup":
            problems.append(f"subscription stored as {subscriber.chat_type!r}")
        return problems


@dataclass(frozen=True)
class Inline:
    """In another chat the person types @bot and a word: answer cards to share."""

    query: str
    includes: str
    gap: str = ""

    async def play(self, s: Session) -> list[str]:
        before = len(s.bot.fake.calls("answerInlineQuery"))
        await s.bot.feed(inline_query_update(self.query, user_id=USER, language_code=s.lang))
        [call] = s.bot.fake.calls("answerInlineQuery")[before:]
        results = call.params["results"]
        ids = [r["id"] for r in results]
        if self.includes not in ids[:5]:
            return [f"inline {self.query!r}: {self.includes!r} not in the first cards {ids[:5]}"]
        card = results[ids.index(self.includes)]
        if card["title"] != s.title(self.includes):
            return [f"inline card titled {card['title']!r}"]
        return []


@dataclass(frozen=True)
class Journey:
    lang: str
    steps: tuple[Step, ...]

    @property
    def gaps(self) -> list[str]:
        return [step.gap for step in self.steps if step.gap]


async def play(bot: Bot, real: Knowledge, journey: Journey, *, with_gaps: bool) -> list[str]:
    session = Session(bot, real, journey.lang)
    problems: list[str] = []
    for step in journey.steps:
        if step.gap and not with_gaps:
            continue
        problems += await step.play(session)
    return problems
