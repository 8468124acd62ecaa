"""The one error handler: log with the traceback, apologise kindly, tell the admin chat.

Users never see tracebacks, exception names or paths (STYLE §9); the admin chat gets the
escaped error, truncated under Telegram's limit.

It must work when everything else is broken, so it uses only the settings, the loaded
knowledge and the update itself: never the database (the error may be that the database is
down). Every send it makes is guarded, so the error handler itself never fails. After a 429
(``RetryAfter``) it sends nothing at all: more messages would only deepen the flood.
Once it has run, the update stops there: one update, at most one apology.
"""

from __future__ import annotations

import html
import logging
import traceback
from collections.abc import Awaitable

from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import ApplicationHandlerStop

from bot.broadcast.outcomes import retry_seconds
from bot.handlers.deps import Context
from bot.handlers.replies import reply

logger = logging.getLogger(__name__)
ADMIN_REPORT_CHARS = 3500


async def error_handler(update: object, context: Context) -> None:
    """Log the error, apologise in the chat it came from, and report it to the admin chat."""
    error = context.error
    if isinstance(error, RetryAfter):
        logger.warning("event=flood_control retry_after=%.0f", retry_seconds(error))
        _stop(update)
        return
    logger.error("event=error kind=%s", type(error).__name__, exc_info=error)
    if not isinstance(update, Update):
        return
    deps = context.deps
    message = update.effective_message
    if update.callback_query is not None:
        await _guarded("callback_answer_failed", update.callback_query.answer())
    elif message is not None:
        user = update.effective_user
        lang = deps.knowledge.answerer.language(
            message.text, chosen=None, client=user.language_code if user else None
        )
        await _guarded(
            "apology_failed", reply(message, context, deps.knowledge.answerer.replies.error(lang))
        )
    admin_chat = deps.settings.admin_chat_id
    if admin_chat is not None and error is not None:
        trace = "".join(traceback.format_exception(error))[-ADMIN_REPORT_CHARS:]
        await _guarded(
            "admin_report_failed",
            context.bot.send_message(admin_chat, f"<pre>{html.escape(trace)}</pre>"),
        )
    _stop(update)


async def _guarded(event: str, send: Awaitable[object]) -> None:
    """Await one send; a failure is logged by event and kind only (no text, no chat id)."""
    try:
        await send
    except Exception as error:  # the last resort must not fail in turn
        logger.warning("event=%s kind=%s", event, type(error).__name__)


def _stop(update: object) -> None:
    """Stop the update's remaining handler groups: it has failed once, it gets one apology."""
    if isinstance(update, Update):
        raise ApplicationHandlerStop
