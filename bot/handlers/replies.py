"""Turn an ``Answer`` into Telegram messages: render, add the keyboard, send or edit in place.

Every handler ends here, so the rules live once: the keyboard goes under the last message, group
answers quote the asking message, an edit that changes nothing is not an error.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    SwitchInlineQueryChosenChat,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.answer import Answer, Memory
from bot.handlers.conversation import memory_of, recall
from bot.handlers.deps import Context

logger = logging.getLogger(__name__)


def keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """The answer's buttons as an inline keyboard (None when it has none)."""
    rows = []
    for row in answer.buttons:
        buttons = []
        for button in row:
            if button.data is not None:
                buttons.append(InlineKeyboardButton(button.text, callback_data=button.data))
            elif button.url is not None:
                buttons.append(InlineKeyboardButton(button.text, url=button.url))
            elif button.share is not None:
                buttons.append(
                    InlineKeyboardButton(
                        button.text,
                        switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
                            query=button.share,
                            allow_user_chats=True,
                            allow_group_chats=True,
                            allow_channel_chats=True,
                        ),
                    )
                )
        if buttons:
            rows.append(buttons)
    return InlineKeyboardMarkup(rows) if rows else None


async def language_of(
    update: Update, context: Context, text: str | None = None, memory: Memory | None = None
) -> str:
    """The chat's chosen language, else the question's, else the one the conversation last
    clearly used (``memory``, recalled here when not given), else the user's client's."""
    chat = update.effective_chat
    if chat is None:
        chosen = None
    elif memory is None:
        chosen, recalled = await asyncio.gather(
            context.deps.store.get_language(chat.id), recall(update, context)
        )
        memory = memory_of(recalled)
    else:
        chosen = await context.deps.store.get_language(chat.id)
    user = update.effective_user
    client = user.language_code if user else None
    return context.deps.knowledge.answerer.language(
        text, chosen=chosen, client=client, remembered=memory.lang if memory else None
    )


async def reply(message: Message, context: Context, answer: Answer) -> None:
    """Send the answer as a reply to ``message`` (quoting it in groups)."""
    renderer = context.deps.knowledge.renderer
    chunks = renderer.render(answer, bot_username=context.bot.username)
    markup = keyboard(answer)
    quote = message.chat.type != ChatType.PRIVATE
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        await message.reply_html(
            chunk, reply_markup=markup if last else None, do_quote=quote and number == 0
        )


async def edit(message: Message, context: Context, answer: Answer) -> None:
    """Show the answer in place of ``message`` (menus); long answers continue below it."""
    renderer = context.deps.knowledge.renderer
    chunks = renderer.render(answer, bot_username=context.bot.username)
    markup = keyboard(answer)
    try:
        await message.edit_text(chunks[0], reply_markup=markup if len(chunks) == 1 else None)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
    for number, chunk in enumerate(chunks[1:], start=2):
        last = number == len(chunks)
        await context.bot.send_message(
            message.chat.id, chunk, reply_markup=markup if last else None
        )
