"""Inline-button presses: menus edit their message in place; every query gets an answer.

Old or forged buttons (unknown data, a topic that no longer exists) get a kind reply, never an
error. Feedback is counted per topic with no user id, and its buttons then disappear.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot.answer import Answer, parse
from bot.handlers.conversation import remember_shown
from bot.handlers.deps import Context
from bot.handlers.guard import is_chat_admin
from bot.handlers.replies import edit, language_of

logger = logging.getLogger(__name__)


async def button(update: Update, context: Context) -> None:
    """Route a button press to the answer it asks for."""
    query = update.callback_query
    if query is None:
        return
    answerer = context.deps.knowledge.answerer
    lang = await language_of(update, context)
    pressed = parse(query.data or "")
    message = query.message if isinstance(query.message, Message) else None
    if pressed is not None and pressed.action in ("helpful", "not_helpful"):
        await _feedback(update, context, pressed.value, helpful=pressed.action == "helpful")
        return
    if pressed is not None and pressed.action == "language":
        await _language(update, context, pressed.value)
        return
    answer: Answer = (answerer.press(pressed, lang) if pressed else None) or answerer.menu(lang)
    await query.answer()
    if message is None:
        return
    await edit(message, context, answer)
    await remember_shown(update, context, answer)
    if answer.matched and answer.item_id is not None:
        await context.deps.store.count_asked(answer.item_id)


async def _feedback(update: Update, context: Context, item_id: str, *, helpful: bool) -> None:
    query = update.callback_query
    assert query is not None
    lang = await language_of(update, context)
    strings = context.deps.knowledge.content.strings(lang)
    if context.deps.knowledge.content.item(item_id) is not None:
        await context.deps.store.add_feedback(item_id, helpful)
    await query.answer(strings["buttons.thanks_feedback"])
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and message.reply_markup is not None:
        rows = [
            row
            for row in message.reply_markup.inline_keyboard
            if not any(str(b.callback_data or "").startswith("f:") for b in row)
        ]
        await message.edit_reply_markup(InlineKeyboardMarkup(rows))


async def _language(update: Update, context: Context, code: str) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None
    deps = context.deps
    lang = await language_of(update, context)
    if code not in deps.knowledge.content.languages or chat is None:
        await query.answer()
        return
    if chat.type != ChatType.PRIVATE and not await is_chat_admin(update, context):
        answer = deps.knowledge.answerer.language_choice(lang, changed=False, refused=True)
    else:
        await deps.store.set_language(chat.id, code, deps.clock())
        answer = deps.knowledge.answerer.language_choice(code, changed=True)
    await query.answer()
    if isinstance(query.message, Message):
        await edit(query.message, context, answer)
