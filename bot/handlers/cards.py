"""Share cards in chats: the share button and /tarjeta (/card) send an item's card as a photo,
and inline mode offers cards as photo results.

A card is uploaded once; Telegram's ``file_id`` is kept in the store under the card's key (a
hash of what it shows, bot/cards), and later sends name the photo by it. A file id Telegram no
longer accepts (another bot token, a wiped file) is replaced by a fresh upload. Drawing a card
(tens of milliseconds, once per content version) runs in a thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InputFile, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden

from bot.answer import card_caption, parse
from bot.cards import Face
from bot.handlers.deps import Context
from bot.handlers.replies import keyboard, language_of, place_of, reply

logger = logging.getLogger(__name__)

# Inline mode uploads at most this many missing cards to the storage chat per query (each is
# one sendPhoto); the others stay text results until a later query finds them uploaded.
UPLOADS_PER_QUERY = 3
# What Telegram says about a file id it does not accept any more.
_STALE_FILE = ("wrong file identifier", "file reference", "wrong remote file")


async def card_button(update: Update, context: Context) -> None:
    """The share button: send the item's card into the chat of the answer."""
    query = update.callback_query
    if query is None:
        return
    pressed = parse(query.data or "")
    await query.answer()
    message = query.message
    if pressed is None or not isinstance(message, Message) or not message.is_accessible:
        return
    await context.deps.store.feedback.count_press("card")
    if context.deps.knowledge.content.item(pressed.value) is not None:
        await send_card(message, context, pressed.value, pressed.lang, quote=False)


async def card_command(update: Update, context: Context) -> None:
    """/tarjeta TEMA (/card TOPIC): the card of the best-matching topic or case."""
    message = update.effective_message
    if message is None:
        return
    argument = " ".join(context.args or [])
    lang = await language_of(update, context, argument or None)
    answerer = context.deps.knowledge.answerer
    found = answerer.inline_ids(argument, limit=1) if argument.strip() else []
    if not found:
        await reply(message, context, answerer.replies.usage("card", lang))
        return
    quote = message.chat.type != ChatType.PRIVATE
    await send_card(message, context, found[0], lang, quote=quote)
    await context.deps.store.feedback.count_asked(found[0])


async def send_card(
    message: Message, context: Context, item_id: str, lang: str, *, quote: bool
) -> None:
    """Send the card of ``item_id`` in ``lang`` to the chat of ``message``, by file id when it
    was uploaded before."""
    knowledge, store = context.deps.knowledge, context.deps.store
    face = knowledge.card(item_id, lang, bot_username=context.bot.username)
    caption = card_caption(knowledge.content, item_id, lang)
    if face is None or caption is None:
        return
    text = knowledge.renderer.html(caption, bot_username=context.bot.username)
    markup = keyboard(caption, place=place_of(message), bot_username=context.bot.username)
    key = knowledge.shelf.key(face)
    known = (await store.card_files.find([key])).get(key)
    if known is not None:
        try:
            await message.reply_photo(known, caption=text, reply_markup=markup, do_quote=quote)
            return
        except BadRequest as error:
            if not any(reason in error.message.lower() for reason in _STALE_FILE):
                raise
            logger.info("event=card_file_refused")
    png = await asyncio.to_thread(knowledge.shelf.png, face)
    sent = await message.reply_photo(
        InputFile(png, filename=f"{item_id}.png"),
        caption=text,
        reply_markup=markup,
        do_quote=quote,
    )
    if sent.photo:
        await store.card_files.keep(key, sent.photo[-1].file_id, context.deps.clock())


async def photo_ids(context: Context, faces: dict[str, Face]) -> dict[str, str]:
    """Telegram file ids of the cards in ``faces`` (item id -> card), uploading a few missing
    ones to CARD_STORAGE_CHAT_ID; the items without one are left out."""
    knowledge, store = context.deps.knowledge, context.deps.store
    storage = context.deps.settings.card_storage_chat_id
    keys = {item_id: knowledge.shelf.key(face) for item_id, face in faces.items()}
    known = await store.card_files.find(list(keys.values()))
    missing = [item_id for item_id, key in keys.items() if key not in known]
    for item_id in missing[:UPLOADS_PER_QUERY]:
        if storage is None:
            break
        png = await asyncio.to_thread(knowledge.shelf.png, faces[item_id])
        try:
            sent = await context.bot.send_photo(
                storage, InputFile(png, filename=f"{item_id}.png"), disable_notification=True
            )
        except (BadRequest, Forbidden) as error:
            # The bot is not in the storage chat, or may not post there: text results stay.
            logger.warning("event=card_storage_refused reason=%s", type(error).__name__)
            break
        if sent.photo:
            known[keys[item_id]] = sent.photo[-1].file_id
            await store.card_files.keep(keys[item_id], known[keys[item_id]], context.deps.clock())
    return {item_id: known[key] for item_id, key in keys.items() if key in known}
