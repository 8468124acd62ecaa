"""Turn an ``Answer`` into Telegram messages: render, add the keyboard, send or edit in place.

Every handler ends here, so the rules live once: the keyboard goes under the last message, group
answers quote the asking message, an edit that changes nothing is not an error.
"""

from __future__ import annotations

import logging
from typing import Literal

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    SwitchInlineQueryChosenChat,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.answer import Answer, callbacks
from bot.handlers.deps import Context

logger = logging.getLogger(__name__)

# Where a message with buttons is: a private chat, a group, or an inline result in any chat.
Place = Literal["private", "group", "inline"]
# Buttons that open the private chat (a deep link) instead of editing the message, by place.
_PRIVATE: dict[Place, tuple[str, ...]] = {
    "private": (),
    "group": ("layer", "menu"),
    "inline": ("menu",),
}


def keyboard(
    answer: Answer, *, place: Place = "private", bot_username: str | None = None
) -> InlineKeyboardMarkup | None:
    """The answer's buttons as an inline keyboard (None when it has none).

    The wire form follows the button's meaning and the ``place`` of the message: under a
    group answer, layer and menu buttons are deep links that open them in the private chat, so
    the group keeps the short answer; under an answer shared from inline mode, the menu button
    opens the private chat (the menu is the bot's, not that chat's). Every other button edits
    the message in place. Deep links need ``bot_username``; without it, buttons edit in place.
    """
    rows = []
    for row in answer.buttons:
        buttons = []
        for button in row:
            if bot_username and button.start is not None and button.meaning in _PRIVATE[place]:
                link = callbacks.deep_link(bot_username, button.start)
                buttons.append(InlineKeyboardButton(button.text, url=link))
            elif button.data is not None:
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


def place_of(message: MaybeInaccessibleMessage) -> Place:
    """Whether ``message`` is in a private chat or a group (channels count as groups)."""
    return "private" if message.chat.type == ChatType.PRIVATE else "group"


async def language_of(update: Update, context: Context, text: str | None = None) -> str:
    """The chat's chosen language, else the question's, else the user's Telegram client's."""
    chat = update.effective_chat
    chosen = await context.deps.store.get_language(chat.id) if chat else None
    user = update.effective_user
    client = user.language_code if user else None
    return context.deps.knowledge.answerer.language(text, chosen=chosen, client=client)


async def reply(message: Message, context: Context, answer: Answer) -> None:
    """Send the answer as a reply to ``message`` (quoting it in groups)."""
    renderer = context.deps.knowledge.renderer
    chunks = renderer.render(answer, bot_username=context.bot.username)
    quote = message.chat.type != ChatType.PRIVATE
    markup = keyboard(answer, place=place_of(message), bot_username=context.bot.username)
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        await message.reply_html(
            chunk, reply_markup=markup if last else None, do_quote=quote and number == 0
        )


async def edit(message: Message, context: Context, answer: Answer) -> None:
    """Show the answer in place of ``message`` (menus); long answers continue below it."""
    renderer = context.deps.knowledge.renderer
    chunks = renderer.render(answer, bot_username=context.bot.username)
    markup = keyboard(answer, place=place_of(message), bot_username=context.bot.username)
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
