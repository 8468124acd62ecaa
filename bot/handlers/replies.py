"""Turn an ``Answer`` into Telegram messages: render, add the keyboard, send or edit in place.

Every handler ends here, so the rules live once: the keyboard goes under the last message, group
answers quote the asking message, an edit that changes nothing is not an error, and a short
flood-control wait (429) is waited out once. Broadcasts pace themselves (bot/broadcast): they
never come through here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Literal, TypeVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    SwitchInlineQueryChosenChat,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, RetryAfter

from bot.answer import Answer, Memory, callbacks
from bot.broadcast.outcomes import retry_seconds
from bot.handlers.conversation import memory_of, recall
from bot.handlers.deps import Context

logger = logging.getLogger(__name__)
# A 429 on a reply says how long this chat (or the bot) must wait. Up to this many seconds it is
# a burst (Telegram allows about one message a second per chat): the person is still looking at
# the chat, so one wait and one retry beat silence. A longer wait means the bot as a whole is
# over its limits; holding the chat longer and sending again would only feed the flood, so the
# reply gives up and the error handler stays silent.
FLOOD_WAIT_SECONDS = 10.0

Sent = TypeVar("Sent")

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
            # A card button sends the card into a private chat (a deep link for its QR code
            # needs the username); in a group (which has /tarjeta) and under an inline message,
            # which the bot cannot send to, it shares the answer through inline mode.
            as_share = button.meaning == "card" and (place != "private" or not bot_username)
            if bot_username and button.start is not None and button.meaning in _PRIVATE[place]:
                link = callbacks.deep_link(bot_username, button.start)
                buttons.append(InlineKeyboardButton(button.text, url=link))
            elif button.data is not None and not as_share:
                buttons.append(InlineKeyboardButton(button.text, callback_data=button.data))
            elif button.url is not None:
                buttons.append(InlineKeyboardButton(button.text, url=button.url))
            elif button.share is not None:
                buttons.append(share_button(button.text, button.share))
        if buttons:
            rows.append(buttons)
    return InlineKeyboardMarkup(rows) if rows else None


def share_button(text: str, query: str) -> InlineKeyboardButton:
    """A button that pre-fills the inline query ``query`` in a chat the user picks."""
    return InlineKeyboardButton(
        text,
        switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
            query=query,
            allow_user_chats=True,
            allow_group_chats=True,
            allow_channel_chats=True,
        ),
    )


def place_of(message: MaybeInaccessibleMessage) -> Place:
    """Whether ``message`` is in a private chat or a group (channels count as groups)."""
    return "private" if message.chat.type == ChatType.PRIVATE else "group"


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
            context.deps.store.chats.language(chat.id), recall(update, context)
        )
        memory = memory_of(recalled)
    else:
        chosen = await context.deps.store.chats.language(chat.id)
    user = update.effective_user
    client = user.language_code if user else None
    return context.deps.knowledge.answerer.language(
        text, chosen=chosen, client=client, remembered=memory.lang if memory else None
    )


async def reply(message: Message, context: Context, answer: Answer) -> None:
    """Send the answer as a reply to ``message`` (quoting it in groups)."""
    renderer = context.deps.knowledge.renderer
    chunks = renderer.render(answer, bot_username=context.bot.username)
    quote = message.chat.type != ChatType.PRIVATE
    patience = _Patience()
    markup = keyboard(answer, place=place_of(message), bot_username=context.bot.username)
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        await patience.send(
            partial(
                message.reply_html,
                chunk,
                reply_markup=markup if last else None,
                do_quote=quote and number == 0,
            )
        )


async def edit(message: Message, context: Context, answer: Answer) -> None:
    """Show the answer in place of ``message`` (menus); long answers continue below it."""
    renderer = context.deps.knowledge.renderer
    chunks = renderer.render(answer, bot_username=context.bot.username)
    markup = keyboard(answer, place=place_of(message), bot_username=context.bot.username)
    patience = _Patience()
    try:
        await patience.send(
            partial(
                message.edit_text, chunks[0], reply_markup=markup if len(chunks) == 1 else None
            )
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
    for number, chunk in enumerate(chunks[1:], start=2):
        last = number == len(chunks)
        await patience.send(
            partial(
                context.bot.send_message,
                message.chat.id,
                chunk,
                reply_markup=markup if last else None,
            )
        )


class _Patience:
    """One reply's flood-control budget: a single wait of at most FLOOD_WAIT_SECONDS.

    A second 429, or a longer wait, raises the ``RetryAfter`` on: the handler stops there (no
    further chunks) and the error handler logs it without sending anything.
    """

    def __init__(self) -> None:
        self.waited = False

    async def send(self, call: Callable[[], Awaitable[Sent]]) -> Sent:
        """Make one Bot API call; wait out its first short 429 and call again."""
        try:
            return await call()
        except RetryAfter as error:
            seconds = retry_seconds(error)
            if self.waited or seconds > FLOOD_WAIT_SECONDS:
                raise
            self.waited = True
        logger.info("event=reply_flood_wait retry_after=%.0f", seconds)
        await asyncio.sleep(seconds)
        return await call()
