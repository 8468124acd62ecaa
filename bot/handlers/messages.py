"""Free text: every private message, and in groups only mentions of the bot and replies to it.

A follow-up about the last item shown is answered first (conversation.py keeps the chat's
memory); other questions go through the matcher. Did-you-means and fallbacks are logged for
editors with no user or chat id (STYLE: the question log holds text, language and outcome only).
"""

from __future__ import annotations

import logging
import re

from telegram import Message, Update
from telegram.constants import ChatType

from bot.handlers.conversation import memory_of, recall, remember
from bot.handlers.deps import Context
from bot.handlers.replies import language_of, reply

logger = logging.getLogger(__name__)
# Whole messages (up to Telegram's 4,096 characters) are read; editors see at most this much of
# one that went unanswered, as before long messages were read (the log keeps no more story than
# it needs).
LOGGED_CHARS = 1000


async def question(update: Update, context: Context) -> None:
    """Answer a question in a private chat, or one addressed to the bot in a group."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = message.text
    if message.chat.type != ChatType.PRIVATE:
        if not _addressed_to_bot(message, context):
            return
        text = re.sub(rf"@{re.escape(context.bot.username)}\b", " ", text, flags=re.IGNORECASE)
    deps = context.deps
    before = await recall(update, context)
    memory = memory_of(before)
    lang = await language_of(update, context, text, memory)
    # A follow-up ("¿y quién la firmó?") is about the remembered item; the rest is a question.
    followed = deps.knowledge.answerer.follow_up(text, memory, lang)
    answer = followed or deps.knowledge.answerer.ask(text, lang, memory)
    await reply(message, context, answer)
    await remember(update, context, before, answer, text)
    if followed is None and answer.item_id is not None and answer.matched:
        await deps.store.feedback.count_asked(answer.item_id)
    if answer.unanswered:
        await deps.store.questions.log(
            text.strip()[:LOGGED_CHARS],
            lang=lang,
            outcome="suggestions" if answer.kind == "suggestions" else "fallback",
            suggestion=answer.item_id,
            now=deps.clock(),
        )
    logger.info(
        "event=question chat=%s kind=%s item=%s lang=%s",
        deps.pseudonym(message.chat.id),
        answer.kind,
        answer.item_id,
        lang,
    )


def _addressed_to_bot(message: Message, context: Context) -> bool:
    username = (context.bot.username or "").lower()
    replied = message.reply_to_message
    if (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
    ):
        return True
    mentions = message.parse_entities(["mention"]).values()
    return any(m.lower() == f"@{username}" for m in mentions)
