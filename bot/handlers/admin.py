"""/broadcast: admins preview an alert (or a free text) as subscribers will see it, then confirm.

Only the numeric ids in ADMIN_IDS, only in a private chat, only typed by the admin (not
forwarded, not an anonymous group admin). The confirm button's message is the campaign's origin:
its id makes the idempotency key, so a double tap or a redelivered press never starts a second
campaign; edited /broadcast messages do nothing.
The sending itself runs in the background (bot/broadcast), never in a handler.
"""

from __future__ import annotations

import logging

from telegram import Message, Update, User
from telegram.constants import ChatType

from bot.answer import parse
from bot.answer.contexts import RefusedReason
from bot.handlers.deps import Context
from bot.handlers.replies import edit, keyboard, language_of, reply

logger = logging.getLogger(__name__)


async def broadcast(update: Update, context: Context) -> None:
    """Show the previews of /broadcast ALERT-ID or /broadcast TEXT and a confirm button."""
    message, user = update.message, update.effective_user
    if message is None or message.text is None:
        return  # an edited /broadcast does nothing
    deps = context.deps
    lang = await language_of(update, context)
    reason = _refusal(message, user, deps.settings.admin_ids)
    if reason is not None or deps.broadcasts is None:
        await reply(
            message, context, deps.knowledge.answerer.alerts.refused(reason or "expired", lang)
        )
        return
    _, _, text = message.text.partition(message.text.split(maxsplit=1)[0])
    prepared = await deps.broadcasts.prepare(text, lang, bot_username=context.bot.username)
    for preview in prepared.previews:
        await reply(message, context, preview)
    [chunk] = deps.knowledge.renderer.render(prepared.confirm, bot_username=context.bot.username)
    sent = await message.reply_html(chunk, reply_markup=keyboard(prepared.confirm))
    if prepared.draft is not None:
        deps.broadcasts.remember(prepared.draft, chat_id=sent.chat_id, message_id=sent.message_id)


async def confirm(update: Update, context: Context) -> None:
    """The preview's buttons: send (once) to the chosen topic's subscribers, or cancel."""
    query, user = update.callback_query, update.effective_user
    if query is None or not isinstance(query.message, Message):
        return
    message, deps = query.message, context.deps
    lang = await language_of(update, context)
    pressed = parse(query.data or "")
    reason = _refusal(message, user, deps.settings.admin_ids, pressed_by_user=True)
    if pressed is None or reason is not None or deps.broadcasts is None or user is None:
        await query.answer()
        return
    if pressed.action == "broadcast_cancel":
        answer = deps.broadcasts.cancel(
            chat_id=message.chat_id, message_id=message.message_id, lang=lang
        )
    else:
        answer = await deps.broadcasts.confirm(
            chat_id=message.chat_id,
            message_id=message.message_id,
            audience=pressed.value,
            lang=lang,
            created_by=deps.pseudonym(user.id),
        )
    await query.answer()
    await edit(message, context, answer)


def _refusal(
    message: Message, user: User | None, admins: frozenset[int], *, pressed_by_user: bool = False
) -> RefusedReason | None:
    """Why this user may not broadcast from this message, or None when they may."""
    if not pressed_by_user and message.sender_chat is not None:
        return "anonymous"
    if message.chat.type != ChatType.PRIVATE:
        return "private_only"
    if user is None or user.id not in admins:
        return "not_admin"
    if not pressed_by_user and message.forward_origin is not None:
        return "forwarded"
    return None
