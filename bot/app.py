"""Wire the Telegram application: ``build_application(settings, knowledge)`` and ``run``.

One list registers every handler (order matters: see the comments). The store opens in
``post_init`` and closes in ``post_shutdown``; commands are registered per language and scope.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.answer import COMMANDS
from bot.broadcast import Broadcaster
from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.handlers import (
    admin,
    alerts,
    buttons,
    cards,
    commands,
    errors,
    guard,
    inline,
    members,
    messages,
    privacy,
)
from bot.handlers.deps import BotData, Context, Deps
from bot.handlers.ordering import ChatOrderedProcessor
from bot.knowledge import Knowledge
from bot.store import Store
from bot.transport import AiohttpRequest

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.CHOSEN_INLINE_RESULT,
    Update.MY_CHAT_MEMBER,
]
# Commands whose answers come from content alone; the others change state.
CONTENT_COMMANDS = (
    "start",
    "help",
    "topics",
    "law",
    "rights",
    "congress",
    "case",
    "cases",
    "language",
    "news",
    "sources",
)

MemoriaApp = Application[Any, Context, Any, Any, BotData, Any]


def build_application(
    settings: Settings,
    knowledge: Knowledge,
    *,
    store: Store | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    background: bool = False,
    clock: Clock = utc_now,
) -> MemoriaApp:
    """The PTB Application with every handler; the store opens in post_init unless given.

    ``background`` starts the broadcast sender and the alert scheduler in post_init (``run``
    does, in either mode); post_stop drains them. Tests that only feed updates leave it off.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.require_token().reveal())
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=Context, bot_data=BotData))
        .concurrent_updates(ChatOrderedProcessor())
        .post_init(_post_init(settings, knowledge, store, background=background, clock=clock))
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown(owns_store=store is None))
    )
    if settings.bot_api_base_url:
        builder = builder.base_url(settings.bot_api_base_url)
    # aiohttp instead of PTB's default httpx: a third of the CPU per Bot API call (transport.py).
    builder = builder.request(request or AiohttpRequest())
    builder = builder.get_updates_request(
        updates_request or AiohttpRequest(connection_pool_size=1)
    )
    application: MemoriaApp = builder.build()
    _register(application)
    return application


def _register(application: MemoriaApp) -> None:
    # Groups -2 and -1 run first: a redelivered update (same update_id) stops at -2, so it has
    # one effect; a user sending too fast is slowed down at -1.
    application.add_handler(TypeHandler(Update, guard.once), group=-2)
    application.add_handler(TypeHandler(Update, guard.flood), group=-1)
    # Group 0, first match wins. Commands before free text; both spellings of every command.
    for command in COMMANDS:
        if command.key in CONTENT_COMMANDS:
            application.add_handler(CommandHandler(list(command.names), commands.content_command))
    application.add_handler(CommandHandler(["privacidad", "privacy"], privacy.privacy))
    application.add_handler(CommandHandler(["olvidar", "forget"], privacy.forget))
    # These two ignore edits themselves (an edit must not act twice, nor reach unknown_command).
    application.add_handler(CommandHandler(["alertas", "alerts"], alerts.alerts))
    application.add_handler(CommandHandler(["broadcast"], admin.broadcast))
    application.add_handler(CommandHandler(["tarjeta", "card"], cards.card_command))
    # Every other command: kept last among commands, it lists the ones we have.
    application.add_handler(MessageHandler(filters.COMMAND, commands.unknown_command))
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, messages.question
        )
    )
    application.add_handler(CallbackQueryHandler(privacy.forget_button, pattern=r"^o:"))
    application.add_handler(CallbackQueryHandler(alerts.alerts_button, pattern=r"^a:"))
    application.add_handler(CallbackQueryHandler(admin.confirm, pattern=r"^b:"))
    application.add_handler(CallbackQueryHandler(cards.card_button, pattern=r"^k:"))
    # The generic button handler comes after every handler with a pattern.
    application.add_handler(CallbackQueryHandler(buttons.button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(ChosenInlineResultHandler(inline.chosen_result))
    application.add_handler(
        ChatMemberHandler(members.my_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_error_handler(errors.error_handler)


def _post_init(
    settings: Settings,
    knowledge: Knowledge,
    store: Store | None,
    *,
    background: bool,
    clock: Clock,
) -> Any:
    async def post_init(application: MemoriaApp) -> None:
        opened = store if store is not None else await Store.open(settings.database_url)
        # One clock for handlers and broadcasts.
        broadcasts = Broadcaster(application.bot, opened, knowledge, settings, clock=clock)
        application.bot_data.deps = Deps(
            knowledge=knowledge,
            store=opened,
            settings=settings,
            clock=clock,
            broadcasts=broadcasts,
        )
        await _set_commands(application)
        if background:
            broadcasts.start()

    return post_init


async def _post_stop(application: MemoriaApp) -> None:
    """Drain the broadcast sender while the bot can still send (before shutdown)."""
    deps = application.bot_data.deps
    if deps is not None and deps.broadcasts is not None:
        await deps.broadcasts.stop()


def _post_shutdown(*, owns_store: bool) -> Any:
    async def post_shutdown(application: MemoriaApp) -> None:
        deps = application.bot_data.deps
        if owns_store and deps is not None:
            await deps.store.close()

    return post_shutdown


async def _set_commands(application: MemoriaApp) -> None:
    """Register the command menus per language (es, en) and scope (private chats, groups)."""
    deps = application.bot_data.deps
    assert deps is not None
    content = deps.knowledge.content
    try:
        for lang in ("es", "en"):
            strings = content.strings(lang)
            private = [BotCommand(c.name(lang), strings[f"commands.{c.key}"]) for c in COMMANDS]
            groups = [
                BotCommand(c.name(lang), strings[f"commands.{c.key}"])
                for c in COMMANDS
                if c.groups
            ]
            code = None if lang == content.languages[0] else lang
            for scope, listed in (
                (BotCommandScopeAllPrivateChats(), private),
                (BotCommandScopeAllGroupChats(), groups),
            ):
                await application.bot.set_my_commands(listed, scope=scope, language_code=lang)
            if code is None:
                await application.bot.set_my_commands(private, scope=BotCommandScopeDefault())
    except TelegramError as error:
        # Menus are a convenience: the bot answers without them, so start anyway.
        logger.warning("event=set_commands_failed kind=%s", type(error).__name__)
