"""Callbacks for the content commands (/start, /ayuda, /temas, /ley, /caso, /casos, /idioma…).

Each narrows the update, asks ``Answerer.command`` and replies. Commands that change state
(/alertas, /privacidad, /olvidar) live in their own modules.
"""

from __future__ import annotations

from telegram import Update

from bot.answer import BY_NAME
from bot.handlers.conversation import remember_shown
from bot.handlers.deps import Context
from bot.handlers.replies import language_of, reply


async def content_command(update: Update, context: Context) -> None:
    """Any content command, in either spelling: answer it through the answerer."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    argument = " ".join(context.args or [])
    command = BY_NAME.get(name)
    # A /start payload is an item id from a deep link, not words to guess a language from.
    guess = None if command is not None and command.key == "start" else argument
    lang = await language_of(update, context, guess or None)
    answerer = context.deps.knowledge.answerer
    answer = answerer.command(command.key, argument, lang) if command else None
    answer = answer or answerer.replies.usage("unknown_command", lang)
    await reply(message, context, answer)
    await remember_shown(update, context, answer)


async def unknown_command(update: Update, context: Context) -> None:
    """A command we don't have: list the ones we do (in groups, only when addressed to us)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    first = message.text.split()[0]
    if message.chat.type != "private" and f"@{context.bot.username}".lower() not in first.lower():
        return
    lang = await language_of(update, context)
    await reply(
        message, context, context.deps.knowledge.answerer.replies.usage("unknown_command", lang)
    )
