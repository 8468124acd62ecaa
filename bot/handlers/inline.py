"""Inline mode: ``@bot putis`` in any chat lists answer cards; choosing one posts the answer.

Cards are ranked by the same matcher; an empty query shows the first topics of the menu. The
posted answer is the first layer, with its buttons: detail and sources edit it in place (by its
``inline_message_id``, see buttons.py), the menu opens the private chat. ``cache_time`` is short
because content changes with every deploy.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import InlineQueryLimit

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
    results = []
    for item_id in ids:
        answer = knowledge.answerer.item(item_id, lang)
        first = knowledge.renderer.render(answer, bot_username=context.bot.username)[0]
        title, description = knowledge.answerer.card(item_id, lang)
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


async def chosen_result(update: Update, context: Context) -> None:
    """Count a shared answer as asked (the result id is the topic or case id), and as a press of
    the share button when its query is exactly that id (what the button pre-fills)."""
    chosen = update.chosen_inline_result
    if chosen is not None and context.deps.knowledge.content.item(chosen.result_id):
        await context.deps.store.feedback.count_asked(chosen.result_id)
        if chosen.query.strip().lower() == chosen.result_id:
            await context.deps.store.feedback.count_press("share")
