"""/alertas (/alerts): see the subscription, subscribe, unsubscribe, choose topics with buttons.

``/alertas si`` subscribes to every topic in one step and ``/alertas no`` unsubscribes; each
consent records its time and the wording version shown. In groups only an admin (checked with
getChatMember, or an anonymous admin posting as the group) may change the group's subscription.
Unsubscribing takes effect even mid-broadcast: the store skips the chat's pending delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Message, Update
from telegram.constants import ChatType

from bot.answer import Answer, parse
from bot.answer.contexts import AlertsChange
from bot.content import AUDIENCES
from bot.handlers.deps import Context
from bot.handlers.guard import is_chat_admin
from bot.handlers.replies import edit, language_of, reply

logger = logging.getLogger(__name__)


async def alerts(update: Update, context: Context) -> None:
    """Show the chat's subscription, or turn it on (si/yes/on) or off (no/off)."""
    message, chat = update.message, update.effective_chat
    if message is None or chat is None:
        return  # an edited /alertas does nothing
    lang = await language_of(update, context)
    answerer = context.deps.knowledge.answerer
    request = answerer.alerts.request(" ".join(context.args or []))
    if request is None:
        await reply(message, context, answerer.alerts.usage(lang))
        return
    if request != "status" and not await _may_change(update, context, message):
        await reply(
            message, context, answerer.alerts.status(lang, chosen=None, group=True, refused=True)
        )
        return
    chosen = AUDIENCES if request == "on" else () if request == "off" else None
    await reply(message, context, await _apply(update, context, lang, chosen))


async def alerts_button(update: Update, context: Context) -> None:
    """A press on the /alertas buttons: everything on, off, or one topic switched."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or not isinstance(query.message, Message):
        return
    lang = await language_of(update, context)
    pressed = parse(query.data or "")
    if pressed is None or not await _may_change(update, context, None):
        await query.answer(context.deps.knowledge.content.strings(lang)["alerts.group_admin_only"])
        return
    current = await context.deps.store.subscribers.get(chat.id)
    mine = set(current.audiences) if current is not None and current.active else set()
    if pressed.action == "alerts_on":
        chosen: Sequence[str] = AUDIENCES
    elif pressed.action == "alerts_topic" and pressed.value in AUDIENCES:
        chosen = tuple(a for a in AUDIENCES if (a in mine) != (a == pressed.value))
    else:
        chosen = ()
    await query.answer()
    await edit(query.message, context, await _apply(update, context, lang, chosen))


async def _apply(
    update: Update, context: Context, lang: str, chosen: Sequence[str] | None
) -> Answer:
    """Subscribe to ``chosen`` (unsubscribe when empty; only look when None); the new status."""
    chat = update.effective_chat
    assert chat is not None
    deps = context.deps
    answerer = deps.knowledge.answerer
    group = chat.type != ChatType.PRIVATE
    before = await deps.store.subscribers.get(chat.id)
    was = tuple(before.audiences) if before is not None and before.active else None
    if chosen is None:
        return answerer.alerts.status(lang, chosen=was, group=group)
    if chosen:
        await deps.store.subscribers.subscribe(
            chat.id,
            audiences=chosen,
            language=lang,
            chat_type=chat.type,
            wording_version=answerer.alerts.wording_version(lang),
            now=deps.clock(),
        )
        changed: AlertsChange = "updated" if was else "subscribed"
    else:
        await deps.store.subscribers.unsubscribe(chat.id, deps.clock())
        changed = "unsubscribed"
    logger.info("event=alerts chat=%s change=%s", deps.pseudonym(chat.id), changed)
    return answerer.alerts.status(lang, chosen=tuple(chosen) or None, group=group, changed=changed)


async def _may_change(update: Update, context: Context, message: Message | None) -> bool:
    """Private chats always; in groups, admins (an anonymous admin posts as the group itself)."""
    chat = update.effective_chat
    if chat is None:
        return False
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    return await is_chat_admin(update, context)
