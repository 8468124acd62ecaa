"""Serve Telegram until stopped: long polling, or a webhook on $PORT with a health check.

Webhook mode binds the port at once and connects to Telegram in the background (start-up never
blocks on Telegram); until the bot is ready, Telegram's POSTs get 503 and are retried by
Telegram. SIGTERM (a deploy or the daily restart) stops the HTTP server, lets PTB finish the
updates it holds, then closes the store, well within the host's 30 seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import uvicorn
from telegram.error import Conflict, InvalidToken, TelegramError

from bot import webhook
from bot.app import ALLOWED_UPDATES, MemoriaApp, build_application
from bot.clock import utc_now
from bot.config import Settings
from bot.errors import ConfigError
from bot.knowledge import Knowledge
from bot.store import Store, StoreError

logger = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram"
MAX_RETRY_SECONDS = 60.0
TIDY_EVERY_SECONDS = 6 * 3600
UPDATE_IDS_KEPT = timedelta(days=2)


def run(settings: Settings, knowledge: Knowledge, *, webhook_mode: bool) -> int:
    """Serve until stopped; return the exit code."""
    if webhook_mode:
        check_webhook_settings(settings)
        asyncio.run(serve_webhook(settings, knowledge))
        return 0
    if not settings.database_url_set:
        logger.warning("event=local_database hint='set DATABASE_URL to PostgreSQL in production'")
    asyncio.run(serve_polling(settings, knowledge))
    return 0


async def tidy(store: Store, settings: Settings, now: datetime) -> tuple[int, int]:
    """Delete unanswered questions past their retention and old update ids; return the counts.

    Conversation memories past their window go too (counted in their own log line).
    """
    questions = await store.questions.purge(now - timedelta(days=settings.question_retention_days))
    updates = await store.markers.purge_updates(now - UPDATE_IDS_KEPT)
    idle = await store.conversations.purge(now - timedelta(hours=settings.conversation_hours))
    logger.info("event=tidy conversations_deleted=%d", idle)
    return questions, updates


async def _keep_tidy(store: Store, settings: Settings) -> None:
    while True:
        try:
            questions, updates = await tidy(store, settings, utc_now())
            logger.info(
                "event=tidy questions_deleted=%d update_ids_deleted=%d", questions, updates
            )
        except StoreError as error:
            logger.warning("event=tidy_failed kind=%s", type(error).__name__)
        await asyncio.sleep(TIDY_EVERY_SECONDS)


def check_webhook_settings(settings: Settings) -> None:
    """Webhook mode needs its URL, its secret, and a database that outlives the disk.

    SQLite is refused only where the host is known to wipe the disk (DYNO is set) and the
    operator has not said otherwise; elsewhere (a VPS, a host with a volume) it is a warning.
    """
    if not settings.webhook_url or settings.webhook_secret is None:
        raise ConfigError(
            "WEBHOOK_URL and WEBHOOK_SECRET must both be set for run --webhook; "
            "set them, or use run --polling."
        )
    if not settings.database_url.startswith("sqlite"):
        return
    if settings.disk_wiped_on_restart and not settings.allow_sqlite_webhook:
        raise ConfigError(
            "DATABASE_URL must point to PostgreSQL for run --webhook on this host, because it "
            "wipes the local disk on every restart (DYNO is set); add a PostgreSQL database and "
            "set DATABASE_URL, or set ALLOW_SQLITE_WEBHOOK=true if the SQLite file is on a volume "
            "that survives restarts."
        )
    logger.warning(
        "event=sqlite_webhook webhook mode is using a SQLite file: keep it on a disk that "
        "survives restarts and deploys, or set DATABASE_URL to PostgreSQL"
    )


class _ConflictLog:
    """Polling errors: one clear line a minute when another process polls with this token."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, error: TelegramError) -> None:
        if isinstance(error, Conflict):
            if time.monotonic() - self.last >= 60:
                self.last = time.monotonic()
                logger.error(
                    "event=polling_conflict another process is polling with this bot token; "
                    "only one may poll: stop the other one, or use webhook mode"
                )
            return
        logger.warning("event=polling_error kind=%s", type(error).__name__)


@dataclass
class _State:
    ready: bool = False
    telegram: bool = False
    initialized: bool = False


async def serve_polling(settings: Settings, knowledge: Knowledge) -> None:
    """Long-poll until SIGTERM or SIGINT, then stop cleanly."""
    store = await Store.open(settings.database_url)
    application = build_application(settings, knowledge, store=store, background=True)
    state = _State()
    tidying = asyncio.create_task(_keep_tidy(store, settings))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        if await _initialize(application, state, stop):
            if application.post_init is not None:
                await application.post_init(application)
            assert application.updater is not None
            await application.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, error_callback=_ConflictLog()
            )
            await application.start()
            state.ready = True
            logger.info("event=polling")
            await stop.wait()
    finally:
        tidying.cancel()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await _stop(application, state)
        await store.close()
        logger.info("event=stopped")


async def _initialize(application: MemoriaApp, state: _State, stop: asyncio.Event) -> bool:
    """Reach Telegram (getMe), retrying with backoff; False if the token is refused or we stop."""
    try:
        state.initialized = await _retrying(application.initialize, "telegram_unreachable", stop)
    except InvalidToken:
        logger.error("event=invalid_token hint='copy the token from @BotFather again'")
        return False
    return state.initialized


async def _retrying(
    attempt: Callable[[], Awaitable[object]], event: str, stop: asyncio.Event
) -> bool:
    """Run ``attempt`` until it succeeds, waiting 1, 2, 4… up to MAX_RETRY_SECONDS after each
    Telegram error; False when ``stop`` is set first. A refused token is not retried."""
    delay = 1.0
    while not stop.is_set():
        try:
            await attempt()
            return True
        except InvalidToken:
            raise
        except TelegramError as error:
            logger.warning("event=%s kind=%s retry_in=%.0f", event, type(error).__name__, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)
    return False


async def serve_webhook(settings: Settings, knowledge: Knowledge) -> None:
    """Bind $PORT now, connect to Telegram in the background, stop cleanly on SIGTERM."""
    assert settings.webhook_secret is not None
    store = await Store.open(settings.database_url)
    application = build_application(settings, knowledge, store=store, background=True)
    state = _State()
    tidying = asyncio.create_task(_keep_tidy(store, settings))

    async def health() -> webhook.Health:
        return webhook.Health(content=True, database=await store.ping(), telegram=state.telegram)

    web = webhook.create(
        application,
        secret=settings.webhook_secret.reveal(),
        path=WEBHOOK_PATH,
        health=health,
        ready=lambda: state.ready,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            web,
            host="0.0.0.0",
            port=settings.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
    )
    starting = asyncio.create_task(_connect(application, settings, state, server))
    # uvicorn catches SIGTERM/SIGINT to stop serving, then re-raises them to the handlers it
    # found: make those no-ops, so the clean shutdown below runs and the exit code is 0.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _ignore_signal)
    try:
        await server.serve()
    finally:
        tidying.cancel()
        starting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starting
        await _stop(application, state)
        await store.close()
        logger.info("event=stopped")


def _ignore_signal(signum: int, frame: object) -> None:
    """A signal that arrives after uvicorn has begun to stop: already being handled."""


async def _connect(
    application: MemoriaApp, settings: Settings, state: _State, server: uvicorn.Server
) -> None:
    if not await _initialize(application, state, asyncio.Event()):
        server.should_exit = True
        return
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    state.ready = True
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None
    url = settings.webhook_url.rstrip("/") + WEBHOOK_PATH
    secret = settings.webhook_secret.reveal()

    async def register() -> None:
        await application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    state.telegram = await _retrying(register, "set_webhook_failed", asyncio.Event())
    logger.info("event=webhook_set")


async def _stop(application: MemoriaApp, state: _State) -> None:
    state.ready = False
    if application.running:
        await application.stop()
    if state.initialized:
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
