"""A chat's conversation memory around an answer: ``recall`` it before, ``remember`` it after.

The memory (last clear language, last topic or case shown, last case) lives in the store for
``CONVERSATION_MEMORY_HOURS`` after the chat's last turn; what to remember is decided by
``Answerer.remember`` (bot/answer/followup.py). A turn that changes nothing rewrites the row only
every few minutes, to keep it from expiring. Nothing here logs: the memory holds no text, and
the row is keyed by the chat id, which logs never show.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.answer import Answer, Memory
from bot.answer.followup import SHOWN
from bot.handlers.deps import Context
from bot.store import Conversation

# An unchanged memory is rewritten (to push its expiry back) at most this often.
REFRESH = timedelta(minutes=10)


async def recall(update: Update, context: Context) -> Conversation | None:
    """The chat's memory, if its last turn is recent enough; None otherwise."""
    chat = update.effective_chat
    if chat is None:
        return None
    deps = context.deps
    since = deps.clock() - timedelta(hours=deps.settings.conversation_hours)
    return await deps.store.conversations.recall(chat.id, since=since)


def memory_of(conversation: Conversation | None) -> Memory:
    """The answer layer's view of a stored memory (empty when there is none)."""
    if conversation is None:
        return Memory()
    return Memory(conversation.lang, conversation.last_item, conversation.last_case)


async def remember(
    update: Update,
    context: Context,
    before: Conversation | None,
    answer: Answer,
    text: str | None = None,
) -> None:
    """Store what the chat's memory is after ``answer`` (given to ``text``, if typed)."""
    chat = update.effective_chat
    if chat is None:
        return
    deps = context.deps
    was = memory_of(before)
    after = deps.knowledge.answerer.remember(was, text, answer)
    now = deps.clock()
    if after == was and (before is None or now - before.updated_at < REFRESH):
        return
    await deps.store.conversations.remember(
        chat.id, lang=after.lang, last_item=after.last_item, last_case=after.last_case, now=now
    )


async def remember_shown(update: Update, context: Context, answer: Answer) -> None:
    """After a button or a command: remember the topic or case it showed, if any."""
    if answer.kind in SHOWN and answer.item_id is not None:
        await remember(update, context, await recall(update, context), answer)
