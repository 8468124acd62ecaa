"""Inline-button presses: every answer is shown in place of the pressed message, and every
query gets an answer.

A press edits the message it came from: by its chat and id, or by its ``inline_message_id`` on
an answer shared through inline mode (that message has no chat the bot can see). When the
message can no longer be edited (too old, deleted), the answer is sent below it instead. Old or
forged buttons (unknown data, a topic that no longer exists) get the menu or a kind reply, never
an error. Each press is counted by its action only (detail, sources, back…), with no chat or
user id; feedback is counted per topic the same way, and its buttons then disappear.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.answer import Answer, parse
from bot.handlers.conversation import remember_shown
from bot.handlers.deps import Context
from bot.handlers.guard import is_chat_admin
from bot.handlers.replies import edit, keyboard, language_of, place_of

logger = logging.getLogger(__name__)

# What Telegram says when a message can be shown but no longer edited; we then send below it.
_NOT_EDITABLE = ("can't be edited", "message to edit not found")


async def button(update: Update, context: Context) -> None:
    """Route a button press to the answer it asks for."""
    query = update.callback_query
    if query is None:
        return
    answerer = context.deps.knowledge.answerer
    lang = await language_of(update, context)
    pressed = parse(query.data or "")
    if pressed is not None:
        await context.deps.store.feedback.count_press(pressed.action)
    if pressed is not None and pressed.action in ("helpful", "not_helpful"):
        await _feedback(update, context, pressed.value, helpful=pressed.action == "helpful")
        return
    if pressed is not None and pressed.action == "language":
        await _language(update, context, pressed.value)
        return
    answer: Answer = (answerer.press(pressed, lang) if pressed else None) or answerer.menu(lang)
    await query.answer()
    await show(update, context, answer)
    await remember_shown(update, context, answer)
    # An item opened from a menu, a list or a related button counts as asked; a layer of one
    # already shown (detail, sources, back) does not count again.
    opened = pressed is not None and pressed.action in ("item", "related")
    if opened and answer.matched and answer.item_id is not None:
        await context.deps.store.feedback.count_asked(answer.item_id)


async def show(update: Update, context: Context, answer: Answer) -> None:
    """Show ``answer`` where its button was pressed: in place, else just below."""
    query = update.callback_query
    assert query is not None
    if query.inline_message_id is not None:
        chunks = context.deps.knowledge.renderer.render(answer, bot_username=context.bot.username)
        try:
            # An inline message is one message: checked content fits one (check --strict).
            await context.bot.edit_message_text(
                chunks[0],
                inline_message_id=query.inline_message_id,
                reply_markup=keyboard(answer, place="inline", bot_username=context.bot.username),
            )
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
        return
    message = query.message
    # Telegram sends messages too old to be accessible with date 0; PTB still makes a Message.
    if isinstance(message, Message) and message.is_accessible:
        try:
            await edit(message, context, answer)
            return
        except BadRequest as error:
            if not any(reason in error.message.lower() for reason in _NOT_EDITABLE):
                raise
    if message is not None:
        chunks = context.deps.knowledge.renderer.render(answer, bot_username=context.bot.username)
        markup = keyboard(answer, place=place_of(message), bot_username=context.bot.username)
        for number, chunk in enumerate(chunks, start=1):
            last = number == len(chunks)
            await context.bot.send_message(
                message.chat.id, chunk, reply_markup=markup if last else None
            )


async def _feedback(update: Update, context: Context, item_id: str, *, helpful: bool) -> None:
    query = update.callback_query
    assert query is not None
    lang = await language_of(update, context)
    strings = context.deps.knowledge.content.strings(lang)
    if context.deps.knowledge.content.item(item_id) is not None:
        await context.deps.store.feedback.add(item_id, helpful)
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
        answer = deps.knowledge.answerer.replies.language_choice(lang, changed=False, refused=True)
    else:
        await deps.store.chats.set_language(chat.id, code, deps.clock())
        answer = deps.knowledge.answerer.replies.language_choice(code, changed=True)
    await query.answer()
    if isinstance(query.message, Message):
        await edit(query.message, context, answer)
