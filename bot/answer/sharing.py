"""The caption under a share card's photo: the item's title, the deep link that opens it in the
private chat, and one button that shares the card onward through inline mode.

The card itself is drawn by bot/cards; handlers send it. Knows nothing of Telegram.
"""

from __future__ import annotations

from bot.answer import callbacks
from bot.answer.contexts import CardContext
from bot.answer.model import Answer, Button
from bot.content import Content, Topic


def card_caption(content: Content, item_id: str, lang: str) -> Answer | None:
    """The caption and button of a topic's or case's card (None for an unknown id)."""
    item = content.item(item_id)
    if item is None:
        return None
    title = item.title if isinstance(item, Topic) else item.name
    onward = Button(content.strings(lang)["card.forward"], share=item_id, meaning="share")
    context = CardContext(title.text(lang), callbacks.start(item_id))
    return Answer("card", context, lang, item_id, 1.0, ((onward,),))
