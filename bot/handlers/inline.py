"""Inline mode: ``@bot putis`` in any chat lists answer cards; choosing one posts the answer.

Cards are ranked by the same matcher; an empty query shows the first topics of the menu. The
posted answer is the first layer, with its buttons: detail and sources edit it in place (by its
``inline_message_id``, see buttons.py), the menu opens the private chat. With a storage chat
(CARD_STORAGE_CHAT_ID), an item whose share card Telegram already has is offered as that photo
instead, captioned with its deep link (cards.py uploads a few missing cards per query).
``cache_time`` is short because content changes with every deploy.
"""

from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InputTextMessageContent,
    Update,
)
from telegram.constants import InlineQueryLimit, ParseMode

from bot.answer import card_caption
from bot.handlers.cards import photo_ids
from bot.handlers.deps import Context
from bot.handlers.replies import keyboard, language_of

CACHE_SECONDS = 30
DESCRIPTION_CHARS = 120


async def inline_query(update: Update, context: Context) -> None:
    """Answer an inline query with up to 50 ranked cards in the user's language."""
    query = update.inline_query
    if query is None:
        return
    knowledge = context.deps.knowledge
    lang = await language_of(update, context, query.query or None)
    ids = knowledge.answerer.inline_ids(query.query, limit=InlineQueryLimit.RESULTS)
    photos = await _photos(context, ids, lang)
    results: list[InlineQueryResultArticle | InlineQueryResultCachedPhoto] = []
    for item_id in ids:
        title, description = knowledge.answerer.card(item_id, lang)
        caption = card_caption(knowledge.content, item_id, lang)
        if item_id in photos and caption is not None:
            results.append(
                InlineQueryResultCachedPhoto(
                    id=item_id,
                    photo_file_id=photos[item_id],
                    title=title,
                    description=description[:DESCRIPTION_CHARS],
                    caption=knowledge.renderer.html(caption, bot_username=context.bot.username),
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(
                        caption, place="inline", bot_username=context.bot.username
                    ),
                )
            )
            continue
        answer = knowledge.answerer.item(item_id, lang)
        first = knowledge.renderer.render(answer, bot_username=context.bot.username)[0]
        results.append(
            InlineQueryResultArticle(
                id=item_id,
                title=title,
                description=description[:DESCRIPTION_CHARS],
                input_message_content=InputTextMessageContent(first, parse_mode="HTML"),
                reply_markup=keyboard(answer, place="inline", bot_username=context.bot.username),
            )
        )
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)


async def _photos(context: Context, ids: list[str], lang: str) -> dict[str, str]:
    """File ids of the cards of ``ids`` Telegram has; none without a storage chat."""
    username = context.bot.username
    if context.deps.settings.card_storage_chat_id is None or not username:
        return {}
    knowledge = context.deps.knowledge
    faces = {i: knowledge.card(i, lang, bot_username=username) for i in ids}
    return await photo_ids(context, {i: face for i, face in faces.items() if face is not None})


async def chosen_result(update: Update, context: Context) -> None:
    """Count a shared answer as asked (the result id is the topic or case id), and as a press of
    the share button when its query is exactly that id (what the button pre-fills)."""
    chosen = update.chosen_inline_result
    if chosen is not None and context.deps.knowledge.content.item(chosen.result_id):
        await context.deps.store.feedback.count_asked(chosen.result_id)
        if chosen.query.strip().lower() == chosen.result_id:
            await context.deps.store.feedback.count_press("share")
