"""Failing gently in chat: the database going away, Telegram's flood control, a broken admin chat.

The real application against the fake Bot API. The database really goes away: PostgreSQL is
reached through a TCP proxy the test closes (the machine's server keeps running for everyone
else); SQLite loses its directory. The error handler must still apologise, in the client's
language, and never fail itself; a short 429 on a reply is waited out once, a long one is not,
and after a 429 nothing more is sent.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.app import build_application
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Store, normalize_url
from tests.conftest import Bot
from tests.faketelegram import (
    FakeTelegram,
    bad_html,
    blocked,
    callback_update,
    message_update,
    retry_after,
)
from tests.stores import POSTGRES_URL, fresh_postgres_schema
from tests.transports import loopback_request

USER = 6001
ADMIN_CHAT = -100900
APOLOGY_EN = "Sorry, something went wrong on my side. Please try again in a moment."
APOLOGY_ES = "Lo siento, algo salió mal de mi lado. Inténtalo de nuevo en un momento."
TOPIC_ES = "¿Qué dice la norma de prueba?\n"


@asynccontextmanager
async def running(
    fake: FakeTelegram, knowledge: Knowledge, store: Store, **env: str
) -> AsyncIterator[Bot]:
    """The real application on ``store``, with extra settings from ``env``."""
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": fake.token,
            "BOT_API_BASE_URL": fake.base_url,
            "ORG_NAME": "Colectivo de prueba",
            **env,
        }
    )
    application = build_application(settings, knowledge, store=store, request=loopback_request())
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    fake.clear()
    try:
        yield Bot(application, fake, store)
    finally:
        await application.shutdown()


def _texts(bot: Bot, chat_id: int) -> list[str]:
    """What ``chat_id`` received: delivered messages only, in order."""
    return [str(m["text"]) for m in bot.fake.messages(chat_id)]


def _uncaught(caplog: pytest.LogCaptureFixture) -> list[str]:
    """PTB's log lines for an exception that escaped the error handler itself."""
    return [r.getMessage() for r in caplog.records if "uncaught error" in r.getMessage()]


# -- the database goes away ----------------------------------------------------------------------


class Proxy:
    """A TCP proxy on 127.0.0.1:0 in front of a server; ``down`` cuts it, ``up`` restores it.

    While down it drops every live connection and resets each new one at once, as a server
    that went away; the listening port stays ours, so coming back needs no new port.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.is_up = True
        self._links: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Proxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        self.down()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def down(self) -> None:
        self.is_up = False
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    def up(self) -> None:
        self.is_up = True

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.is_up:
            writer.transport.abort()
            return
        try:
            far_reader, far_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._links |= {writer, far_writer}
        await asyncio.gather(self._pipe(reader, far_writer), self._pipe(far_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
        self._links.discard(writer)


def _postgres_or_skip() -> tuple[str, int]:
    url = make_url(normalize_url(POSTGRES_URL))
    host, port = url.host or "127.0.0.1", url.port or 5432
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as error:
        problem = f"PostgreSQL at {host}:{port} is unreachable ({error})"
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI must test PostgreSQL (MEMORIA_TEST_POSTGRES_URL).")
        pytest.skip(f"{problem}; set MEMORIA_TEST_POSTGRES_URL to test PostgreSQL.")
    return host, port


@pytest.mark.postgres
async def test_postgres_going_away_gets_an_apology_and_the_bot_answers_once_it_is_back(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge
) -> None:
    host, port = _postgres_or_skip()
    async with Proxy(host, port) as proxy, fresh_postgres_schema("f") as schema:
        url = make_url(normalize_url(POSTGRES_URL)).set(host="127.0.0.1", port=proxy.port)
        store = await Store.open(url.render_as_string(hide_password=False), schema=schema)
        try:
            env = {"ADMIN_CHAT_ID": str(ADMIN_CHAT)}
            async with running(fake_telegram, sample_knowledge, store, **env) as bot:
                await bot.feed(message_update("norma de prueba", chat_id=USER))
                assert _texts(bot, USER)[-1].startswith(TOPIC_ES)

                proxy.down()
                await bot.feed(message_update("putis", chat_id=USER, language_code="en"))
                assert _texts(bot, USER)[-1] == APOLOGY_EN
                assert await store.ping() is False
                [report] = bot.fake.sent_messages(ADMIN_CHAT)
                assert str(report["text"]).startswith("<pre>")

                proxy.up()
                await bot.feed(message_update("norma de prueba", chat_id=USER))
                assert _texts(bot, USER)[-1].startswith(TOPIC_ES)
                assert len(_texts(bot, USER)) == 3
        finally:
            await store.close()


async def test_sqlite_going_away_gets_an_apology_and_the_bot_answers_once_it_is_back(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path
) -> None:
    folder, away = tmp_path / "data", tmp_path / "data-away"
    folder.mkdir()
    async with (
        await Store.open(f"sqlite:///{folder / 'memoria.db'}") as store,
        running(fake_telegram, sample_knowledge, store) as bot,
    ):
        await bot.feed(message_update("norma de prueba", chat_id=USER))
        assert _texts(bot, USER)[-1].startswith(TOPIC_ES)

        # Open connections would keep the moved file's inode: close the pool (the engine opens
        # new connections on the next use, as after a database restart), then take the folder
        # away, so every new connection fails with "unable to open database file".
        await store.close()
        folder.rename(away)
        await bot.feed(message_update("putis", chat_id=USER, language_code="en"))
        assert _texts(bot, USER)[-1] == APOLOGY_EN

        away.rename(folder)
        await bot.feed(message_update("norma de prueba", chat_id=USER))
        assert _texts(bot, USER)[-1].startswith(TOPIC_ES)
        assert len(_texts(bot, USER)) == 3


# -- flood control (429) on interactive replies --------------------------------------------------


async def test_a_short_flood_wait_is_waited_out_and_the_answer_arrives(telegram_bot: Bot) -> None:
    telegram_bot.fake.fail("sendMessage", error=retry_after(1), chat_id=USER)
    await telegram_bot.feed(message_update("norma de prueba", chat_id=USER))
    assert len(telegram_bot.fake.sent_messages(USER)) == 2  # the 429, then the retry
    [answer] = _texts(telegram_bot, USER)
    assert answer.startswith(TOPIC_ES)


async def test_a_short_flood_wait_on_a_menu_edit_is_waited_out(telegram_bot: Bot) -> None:
    await telegram_bot.feed(message_update("/temas", chat_id=USER))
    menu = telegram_bot.fake.messages(USER)[-1]
    telegram_bot.fake.fail("editMessageText", error=retry_after(1), chat_id=USER)
    await telegram_bot.feed(
        callback_update("c:law", chat_id=USER, user_id=USER, message_id=menu["message_id"])
    )
    assert len(telegram_bot.fake.calls("editMessageText")) == 2
    assert "elige una pregunta" in _texts(telegram_bot, USER)[-1]


async def test_a_long_flood_wait_is_not_retried_and_nothing_more_is_sent(
    fake_telegram: FakeTelegram,
    sample_knowledge: Knowledge,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        await Store.open(f"sqlite:///{tmp_path / 'm.db'}") as store,
        running(fake_telegram, sample_knowledge, store, ADMIN_CHAT_ID=str(ADMIN_CHAT)) as bot,
    ):
        fake_telegram.fail("sendMessage", error=retry_after(30), chat_id=USER)
        await bot.feed(message_update("norma de prueba", chat_id=USER))
        # One attempt, no retry, no apology, no admin report: sending more feeds the flood.
        assert [c.method for c in fake_telegram.calls()] == ["sendMessage"]
        assert _texts(bot, USER) == []
    assert "event=flood_control retry_after=30" in caplog.text
    assert _uncaught(caplog) == []


async def test_a_second_flood_wait_in_one_reply_gives_up(
    fake_telegram: FakeTelegram,
    sample_knowledge: Knowledge,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        await Store.open(f"sqlite:///{tmp_path / 'm.db'}") as store,
        running(fake_telegram, sample_knowledge, store, ADMIN_CHAT_ID=str(ADMIN_CHAT)) as bot,
    ):
        fake_telegram.fail("sendMessage", error=retry_after(1), chat_id=USER, times=2)
        await bot.feed(message_update("norma de prueba", chat_id=USER))
        # The first try and its one retry; then silence (no apology, no admin report).
        sent = [(c.method, c.params["chat_id"]) for c in fake_telegram.calls()]
        assert sent == [("sendMessage", USER), ("sendMessage", USER)]
        assert _texts(bot, USER) == []
    assert caplog.text.count("event=reply_flood_wait retry_after=1") == 1
    assert "event=flood_control retry_after=1" in caplog.text


# -- the error handler itself never fails --------------------------------------------------------


async def test_a_failing_admin_report_does_not_escape_the_error_handler(
    fake_telegram: FakeTelegram,
    sample_knowledge: Knowledge,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        await Store.open(f"sqlite:///{tmp_path / 'm.db'}") as store,
        running(fake_telegram, sample_knowledge, store, ADMIN_CHAT_ID=str(ADMIN_CHAT)) as bot,
    ):
        fake_telegram.fail_chats([ADMIN_CHAT], blocked())
        fake_telegram.fail("sendMessage", error=bad_html(), chat_id=USER)
        await bot.feed(message_update("norma de prueba", chat_id=USER))
        assert _texts(bot, USER) == [APOLOGY_ES]
        assert len(fake_telegram.sent_messages(ADMIN_CHAT)) == 1  # tried, refused
        # The bot goes on answering.
        await bot.feed(message_update("norma de prueba", chat_id=USER))
        assert _texts(bot, USER)[-1].startswith(TOPIC_ES)
    assert "event=admin_report_failed kind=Forbidden" in caplog.text
    assert _uncaught(caplog) == []


async def test_a_failing_apology_is_logged_and_the_admin_still_hears(
    fake_telegram: FakeTelegram,
    sample_knowledge: Knowledge,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        await Store.open(f"sqlite:///{tmp_path / 'm.db'}") as store,
        running(fake_telegram, sample_knowledge, store, ADMIN_CHAT_ID=str(ADMIN_CHAT)) as bot,
    ):
        fake_telegram.fail("sendMessage", error=bad_html(), chat_id=USER, times=2)
        with caplog.at_level(logging.WARNING):
            await bot.feed(message_update("norma de prueba", chat_id=USER))
        assert _texts(bot, USER) == []
        assert len(_texts(bot, ADMIN_CHAT)) == 1
    assert "event=apology_failed kind=BadRequest" in caplog.text
    assert _uncaught(caplog) == []


async def test_a_database_error_report_never_carries_the_users_words(
    fake_telegram: FakeTelegram,
    sample_knowledge: Knowledge,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    words = "receta de ceviche con limon"
    path = tmp_path / "m.db"
    async with (
        await Store.open(f"sqlite:///{path}") as store,
        running(fake_telegram, sample_knowledge, store, ADMIN_CHAT_ID=str(ADMIN_CHAT)) as bot,
    ):
        # The answer goes out, then logging the unanswered question fails in the database.
        with sqlite3.connect(path) as raw:
            raw.execute("DROP TABLE questions")
        await bot.feed(message_update(words, chat_id=USER))
        assert _texts(bot, USER)[-1] == APOLOGY_ES
        [report] = fake_telegram.sent_messages(ADMIN_CHAT)
    assert "no such table: questions" in report["text"]
    assert words not in report["text"]
    assert "no such table: questions" in caplog.text
    assert words not in caplog.text
