"""Changes to the bot's own membership: added to a group (one short introduction), blocked or
removed (the chat's subscription is deactivated, as in PTB's chatmemberbot.py)."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.handlers.deps import Context
from bot.handlers.replies import language_of

logger = logging.getLogger(__name__)
PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)


async def my_membership(update: Update, context: Context) -> None:
    """Introduce the bot once when it joins a group; deactivate a chat that removed it."""
    change = update.my_chat_member
    if change is None:
        return
    deps = context.deps
    was = change.old_chat_member.status in PRESENT
    now_in = change.new_chat_member.status in PRESENT
    chat = change.chat
    if now_in and not was and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        lang = await language_of(update, context)
        answer = deps.knowledge.answerer.replies.group_intro(lang)
        for chunk in deps.knowledge.renderer.render(answer, bot_username=context.bot.username):
            await context.bot.send_message(chat.id, chunk)
        logger.info("event=joined_group chat=%s", deps.pseudonym(chat.id))
    elif was and not now_in:
        await deps.store.subscribers.deactivate(
            chat.id, f"bot {change.new_chat_member.status}", deps.clock()
        )
        logger.info("event=removed chat=%s", deps.pseudonym(chat.id))
