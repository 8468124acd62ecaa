"""Checks that run before every handler (group -1): each update once, and per-user flood control.

A repeated update (webhook redelivery, polling after a crash) stops here, so it has one effect.
A user sending too fast gets one polite slow-down reply, then silence until the window clears.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ApplicationHandlerStop

from bot.flood import Verdict
from bot.handlers.deps import Context
from bot.handlers.replies import language_of, reply

logger = logging.getLogger(__name__)


async def once(update: Update, context: Context) -> None:
    """Stop an update whose id was already processed."""
    deps = context.deps
    if not await deps.store.markers.claim_update(update.update_id, deps.clock()):
        logger.info("event=duplicate_update")
        raise ApplicationHandlerStop


async def is_chat_admin(update: Update, context: Context) -> bool:
    """Whether the user is an admin (or the owner) of the chat; always True in private chats."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def flood(update: Update, context: Context) -> None:
    """Let a user through, warn them once, or drop the update silently."""
    user = update.effective_user
    if user is None:
        return
    deps = context.deps
    verdict = deps.flood.check(user.id, time.monotonic())
    if verdict is Verdict.ALLOW:
        return
    logger.info("event=flood verdict=%s user=%s", verdict.value, deps.pseudonym(user.id))
    message = update.effective_message
    if verdict is Verdict.WARN and message is not None and update.callback_query is None:
        lang = await language_of(update, context)
        await reply(message, context, deps.knowledge.answerer.replies.usage("slow_down", lang))
    elif update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop
