"""The one error handler: log with the traceback, apologise kindly, tell the admin chat.

Users never see tracebacks, exception names or paths (STYLE §9); the admin chat gets the
escaped error, truncated under Telegram's limit.
"""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.deps import Context
from bot.handlers.replies import language_of, reply

logger = logging.getLogger(__name__)
ADMIN_REPORT_CHARS = 3500


async def error_handler(update: object, context: Context) -> None:
    """Log the error, apologise in the chat it came from, and report it to the admin chat."""
    error = context.error
    logger.error("event=error kind=%s", type(error).__name__, exc_info=error)
    if not isinstance(update, Update):
        return
    deps = context.deps
    message = update.effective_message
    if message is not None and update.callback_query is None:
        lang = await language_of(update, context)
        try:
            await reply(message, context, deps.knowledge.answerer.error(lang))
        except TelegramError:
            logger.warning("event=apology_failed")
    elif update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            logger.warning("event=callback_answer_failed")
    admin_chat = deps.settings.admin_chat_id
    if admin_chat is not None and error is not None:
        trace = "".join(traceback.format_exception(error))[-ADMIN_REPORT_CHARS:]
        await context.bot.send_message(admin_chat, f"<pre>{html.escape(trace)}</pre>")
