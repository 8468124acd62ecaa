"""/privacidad (/privacy) says what is stored; /olvidar (/forget) deletes it after confirming.

Deleting covers every row about the chat, its conversation memory included (bot/store/chats.py).
In a group, only an admin may delete the group's data.
"""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.answer import parse
from bot.handlers.deps import Context
from bot.handlers.guard import is_chat_admin
from bot.handlers.replies import edit, language_of, reply

logger = logging.getLogger(__name__)


async def privacy(update: Update, context: Context) -> None:
    """State exactly what the bot keeps and for how long."""
    message = update.effective_message
    if message is None:
        return
    lang = await language_of(update, context)
    hours = context.deps.settings.conversation_hours
    await reply(
        message,
        context,
        context.deps.knowledge.answerer.replies.privacy(lang, conversation_hours=hours),
    )


async def forget(update: Update, context: Context) -> None:
    """Ask to confirm deleting everything about this chat."""
    message = update.effective_message
    if message is None:
        return
    lang = await language_of(update, context)
    allowed = await is_chat_admin(update, context)
    answer = context.deps.knowledge.answerer.replies.forget(
        lang, state="ask" if allowed else "refused"
    )
    await reply(message, context, answer)


async def forget_button(update: Update, context: Context) -> None:
    """Delete every row about this chat (or keep them), and say so."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    deps = context.deps
    lang = await language_of(update, context)
    pressed = parse(query.data or "")
    await query.answer()
    if pressed is None or pressed.value != "yes":
        answer = deps.knowledge.answerer.replies.forget(lang, state="kept")
    elif not await is_chat_admin(update, context):
        answer = deps.knowledge.answerer.replies.forget(lang, state="refused")
    else:
        rows = await deps.store.chats.forget(chat.id)
        logger.info("event=forget chat=%s rows=%d", deps.pseudonym(chat.id), rows)
        answer = deps.knowledge.answerer.replies.forget(lang, state="done", rows=rows)
    if isinstance(query.message, Message):
        await edit(query.message, context, answer)
