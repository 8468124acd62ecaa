"""The fake Bot API server, exercised through the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from tests.faketelegram import (
    DEFAULT_BOT_USERNAME,
    FakeTelegram,
    blocked,
    callback_update,
    chosen_inline_result_update,
    edited_message_update,
    inline_query_update,
    message_update,
    migrated,
    my_chat_member_update,
    post_update_async,
    retry_after,
    server_error,
    timeout,
)
from tests.transports import loopback_request


def make_bot(fake: FakeTelegram, read_timeout: float = 5.0) -> Bot:
    return Bot(
        fake.token,
        base_url=fake.base_url,
        request=loopback_request(read_timeout=read_timeout),
        get_updates_request=loopback_request(),
    )


@pytest.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    async with make_bot(fake_telegram) as bot:
        yield bot


def keyboard(callback_data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Sí", callback_data=callback_data)]])


async def test_get_me_describes_the_configured_bot(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.username, me.is_bot, me.supports_inline_queries) == (
        DEFAULT_BOT_USERNAME,
        True,
        True,
    )


async def test_send_message_returns_messages_with_increasing_ids_per_chat(bot: Bot) -> None:
    first = await bot.send_message(chat_id=42, text="uno")
    second = await bot.send_message(chat_id=42, text="dos")
    other = await bot.send_message(chat_id=7, text="otro")

    assert (first.chat.id, first.message_id, second.message_id) == (42, 1, 2)
    assert (other.chat.id, other.message_id, second.from_user) == (7, 1, bot.bot)
    assert first.date.year >= 2024


async def test_html_becomes_text_and_entities(bot: Bot) -> None:
    html = (
        '<b>negrita</b> <a href="https://example.org">enlace</a> '
        "<tg-spoiler>oculto</tg-spoiler> &lt;ley&gt; <blockquote expandable>cita</blockquote>"
    )

    message = await bot.send_message(chat_id=42, text=html, parse_mode="HTML")

    assert message.text == "negrita enlace oculto <ley> cita"
    assert [entity.type for entity in message.entities] == [
        "bold",
        "text_link",
        "spoiler",
        "expandable_blockquote",
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<div>x</div>",
        "<b>x",
        "x</b>",
        "<b><i>x</b></i>",
        "a < b",
        "x<br>y",
        '<span class="a">x</span>',
    ],
)
async def test_html_telegram_rejects_is_bad_request(bot: Bot, html: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(chat_id=42, text=html, parse_mode="HTML")


async def test_the_length_limit_counts_visible_characters(bot: Bot) -> None:
    fits = "&lt;" * 100 + "x" * 3996

    message = await bot.send_message(chat_id=42, text=fits, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(chat_id=42, text=fits + "x", parse_mode="HTML")

    assert len(message.text or "") == 4096


async def test_empty_text_is_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat_id=42, text="<b> </b>", parse_mode="HTML")


async def test_retry_after_becomes_retry_after(
    fake_telegram: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB warns when retry_after is read as int
    fake_telegram.fail("sendMessage", error=retry_after(7))

    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(chat_id=42, text="hola")

    assert caught.value.retry_after == dtm.timedelta(seconds=7)


async def test_a_fault_for_one_chat_spares_the_others(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    fake_telegram.fail("sendMessage", chat_id=42, error=blocked())

    await bot.send_message(chat_id=7, text="hola")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(chat_id=42, text="hola")
    await bot.send_message(chat_id=42, text="otra vez")

    assert [m["text"] for m in fake_telegram.messages()] == ["hola", "otra vez"]


async def test_migrated_group_becomes_chat_migrated(fake_telegram: FakeTelegram, bot: Bot) -> None:
    fake_telegram.fail("sendMessage", error=migrated(-1001234567890))

    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(chat_id=-42, text="hola")

    assert caught.value.new_chat_id == -1001234567890


async def test_bad_gateway_becomes_network_error(fake_telegram: FakeTelegram, bot: Bot) -> None:
    fake_telegram.fail("sendMessage", error=server_error(502))

    with pytest.raises(NetworkError, match="Bad Gateway") as caught:
        await bot.send_message(chat_id=42, text="hola")

    assert type(caught.value) is NetworkError


async def test_a_slow_answer_becomes_timed_out(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail("sendMessage", error=timeout(1.0))
    async with make_bot(fake_telegram, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(chat_id=42, text="hola")


async def test_a_method_the_bot_does_not_call_is_not_found(bot: Bot) -> None:
    with pytest.raises(InvalidToken, match="Not Found"):  # PTB reads any 404 as a bad token
        await bot.get_chat(42)


async def test_another_token_is_unauthorized(fake_telegram: FakeTelegram) -> None:
    request = loopback_request()
    await request.initialize()
    try:
        with pytest.raises(InvalidToken, match="Unauthorized"):
            await request.post(f"{fake_telegram.base_url}42:AnotherToken/getMe")
    finally:
        await request.shutdown()

    assert [call.method for call in fake_telegram.calls()] == ["getMe"]


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    await bot.send_message(chat_id=42, text="ok", reply_markup=keyboard("ñ" * 32))

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(chat_id=42, text="ok", reply_markup=keyboard("ñ" * 32 + "x"))


async def test_recorded_params_decode_nested_json(fake_telegram: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(chat_id=42, text="¿Sí?", reply_markup=keyboard("yes"))

    (params,) = fake_telegram.sent_messages(chat_id=42)

    assert params["chat_id"] == 42
    assert params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Sí", "callback_data": "yes"}]]
    }


async def test_edit_message_text_edits_the_stored_message(bot: Bot) -> None:
    sent = await bot.send_message(chat_id=42, text="antes", reply_markup=keyboard("a"))

    edited = await bot.edit_message_text("después", chat_id=42, message_id=sent.message_id)

    assert isinstance(edited, Message)
    assert (edited.text, edited.reply_markup, edited.edit_date is not None) == (
        "después",
        None,
        True,
    )


async def test_an_unchanged_edit_is_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(chat_id=42, text="igual", reply_markup=keyboard("a"))

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "igual", chat_id=42, message_id=sent.message_id, reply_markup=keyboard("a")
        )


async def test_editing_an_unknown_message_is_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("nuevo", chat_id=42, message_id=999)


def articles(count: int) -> list[InlineQueryResultArticle]:
    content = InputTextMessageContent("texto")
    return [InlineQueryResultArticle(str(n), f"título {n}", content) for n in range(count)]


async def test_inline_answers_are_limited_to_50_results(bot: Bot) -> None:
    assert await bot.answer_inline_query("q1", articles(50))
    with pytest.raises(BadRequest, match="Results_too_much"):
        await bot.answer_inline_query("q2", articles(51))


async def test_commands_telegram_rejects_are_bad_request(bot: Bot) -> None:
    private = BotCommandScopeAllPrivateChats()
    assert await bot.set_my_commands([BotCommand("ayuda", "Ayuda")], scope=private)

    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Ayuda", "Ayuda")], scope=private)


async def test_get_chat_member_reports_configured_admins(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    fake_telegram.set_admins(-42, [5], creator=6)

    statuses = [(await bot.get_chat_member(-42, uid)).status for uid in (5, 6, 7)]

    assert statuses == ["administrator", "creator", "member"]


def test_wait_for_blocks_until_a_call_from_another_thread(fake_telegram: FakeTelegram) -> None:
    async def send() -> None:
        async with make_bot(fake_telegram) as bot:
            await bot.send_message(chat_id=42, text="desde otro hilo")

    sender = threading.Thread(target=asyncio.run, args=(send(),))
    sender.start()
    (call,) = fake_telegram.wait_for("sendMessage", timeout=5)
    sender.join()

    assert call.params["text"] == "desde otro hilo"


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake_telegram.await_for("getUpdates")
    started = time.monotonic()

    fake_telegram.push_update(message_update("hola", chat_id=42))
    (update,) = await poll

    assert time.monotonic() - started < 4  # well before the 5 s poll timeout
    assert update.message is not None
    assert update.message.text == "hola"


async def test_offset_confirms_delivered_updates(fake_telegram: FakeTelegram, bot: Bot) -> None:
    first = fake_telegram.push_update(message_update("uno", chat_id=42))
    fake_telegram.push_update(message_update("dos", chat_id=42))

    again = await bot.get_updates(limit=1)
    rest = await bot.get_updates(offset=first + 1)

    assert [u.update_id for u in again] == [first]
    assert [u.message.text for u in rest if u.message] == ["dos"]
    assert fake_telegram.pending_updates == 1


async def test_a_newer_get_updates_terminates_the_waiting_one(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await fake_telegram.await_for("getUpdates")

    async with make_bot(fake_telegram) as other:
        assert await other.get_updates(timeout=0) == ()

    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await waiting


async def reply_hola(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text("¡Hola!")


def application(fake: FakeTelegram) -> Application:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .request(loopback_request())
        .get_updates_request(loopback_request())
        .build()
    )
    app.add_handler(CommandHandler("start", reply_hola))
    return app


async def test_a_polling_application_answers_a_pushed_command(
    fake_telegram: FakeTelegram,
) -> None:
    async with application(fake_telegram) as app:
        assert app.updater is not None
        await app.updater.start_polling()
        await app.start()
        fake_telegram.push_update(message_update("/start", chat_id=42))
        (call,) = await fake_telegram.await_for("sendMessage")
        await app.updater.stop()
        await app.stop()

    assert (call.params["chat_id"], call.params["text"]) == (42, "¡Hola!")
    assert fake_telegram.pending_updates == 0


class WebhookReceiver:
    """A webhook endpoint on loopback (aiohttp.web, plain HTTP).

    It records the secret header of every push, refuses a wrong one with 403 as Telegram's docs
    ask, and hands accepted updates to PTB's queue.
    """

    def __init__(self, application: Application, secret: str) -> None:  # type: ignore[type-arg]
        self.application = application
        self.secret = secret
        self.headers: list[str | None] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.headers.append(given)
        if given != self.secret:
            return web.Response(status=403)
        data = await request.json()
        await self.application.update_queue.put(Update.de_json(data, self.application.bot))
        return web.Response(status=200)

    async def __aenter__(self) -> WebhookReceiver:
        server = web.Application()
        server.router.add_post("/hook", self._receive)
        self._runner = web.AppRunner(server)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/hook"
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


async def test_webhook_pushes_carry_the_secret_token(fake_telegram: FakeTelegram) -> None:
    async with application(fake_telegram) as app, WebhookReceiver(app, "s3cr3t") as receiver:
        await app.bot.set_webhook(receiver.url, secret_token="s3cr3t")
        await app.start()
        # Telegram sends the secret given to setWebhook; the fake keeps it for the pushes.
        secret = fake_telegram.webhook["secret_token"]
        wrong = await post_update_async(receiver.url, message_update("/start", chat_id=1), "otro")
        right = await post_update_async(receiver.url, message_update("/start", chat_id=2), secret)
        (call,) = await fake_telegram.await_for("sendMessage")
        await app.stop()

    assert (wrong[0], right[0], call.params["chat_id"]) == (403, 200, 2)
    assert fake_telegram.webhook["url"] == receiver.url
    assert receiver.headers == ["otro", "s3cr3t"]
    assert secret == "s3cr3t"


@pytest.mark.parametrize(
    ("update", "attribute"),
    [
        (
            message_update("/start@memoria_test_bot hola", chat_id=-42, chat_type="group"),
            "message",
        ),
        (message_update("hola", chat_id=42, reply_to_bot_message_id=3, forward=True), "message"),
        (message_update("aviso", chat_id=-1001, chat_type="channel"), "channel_post"),
        (edited_message_update("hola!", chat_id=42, message_id=9), "edited_message"),
        (callback_update("sub:es", chat_id=42, user_id=42, message_id=3), "callback_query"),
        (inline_query_update("amnistía", user_id=42), "inline_query"),
        (chosen_inline_result_update("r1", user_id=42, query="ley"), "chosen_inline_result"),
        (
            my_chat_member_update(
                chat_id=42,
                chat_type="private",
                user_id=42,
                old_status="member",
                new_status="kicked",
            ),
            "my_chat_member",
        ),
    ],
)
async def test_builders_make_updates_ptb_parses(
    bot: Bot, update: dict[str, object], attribute: str
) -> None:
    parsed = Update.de_json(json.loads(json.dumps(update)), bot)

    assert getattr(parsed, attribute) is not None


async def test_commands_in_groups_carry_the_bot_username(bot: Bot) -> None:
    update = message_update("/start@memoria_test_bot hola", chat_id=-42, chat_type="group")

    message = Update.de_json(update, bot).message

    assert message is not None
    assert message.chat.title == "Grupo"
    assert message.parse_entities(["bot_command"]).popitem()[1] == "/start@memoria_test_bot"


async def test_random_faults_repeat_with_the_same_seed() -> None:
    outcomes: list[list[bool]] = []
    for _ in range(2):
        with FakeTelegram() as fake:
            fake.fail_randomly("sendMessage", blocked(), rate=0.3, seed=11)
            async with make_bot(fake) as bot:
                outcome = []
                for n in range(20):
                    try:
                        await bot.send_message(chat_id=n + 1, text="hola")
                        outcome.append(True)
                    except Forbidden:
                        outcome.append(False)
                outcomes.append(outcome)

    assert outcomes[0] == outcomes[1]
    assert 0 < outcomes[0].count(False) < 20


async def test_failing_chats_fail_every_time(fake_telegram: FakeTelegram, bot: Bot) -> None:
    fake_telegram.fail_chats([2, 3], blocked())

    results = await asyncio.gather(
        *(bot.send_message(chat_id=n, text="hola") for n in (1, 2, 3, 2)),
        return_exceptions=True,
    )

    assert [isinstance(r, Forbidden) for r in results] == [False, True, True, True]


async def test_latency_delays_every_call_without_queueing_them() -> None:
    with FakeTelegram(latency=0.3) as fake:
        async with make_bot(fake) as bot:
            started = time.monotonic()
            await asyncio.gather(*(bot.send_message(chat_id=n, text="hola") for n in range(10)))
            took = time.monotonic() - started

    assert 0.3 <= took < 1.5  # ten calls one after another would take 3 s


async def test_sixty_four_connections_are_served_at_once(fake_telegram: FakeTelegram) -> None:
    url = f"{fake_telegram.base_url}{fake_telegram.token}/sendMessage"
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(limits=limits, verify=False) as client:
        responses = await asyncio.gather(
            *(client.post(url, data={"chat_id": str(n), "text": "hola"}) for n in range(64))
        )

    assert {response.status_code for response in responses} == {200}
    assert len(fake_telegram.calls("sendMessage")) == 64


async def test_a_client_hanging_up_mid_request_is_not_an_error(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", fake_telegram.port)
    path = f"/bot{fake_telegram.token}/sendMessage"
    writer.write(f"POST {path} HTTP/1.1\r\nContent-Length: 100\r\n\r\nchat_id=4".encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()

    message = await bot.send_message(chat_id=42, text="sigo aquí")

    assert message.text == "sigo aquí"
    assert [call.params["chat_id"] for call in fake_telegram.calls("sendMessage")] == [42]


def fake_threads() -> list[str]:
    return [thread.name for thread in threading.enumerate() if "faketelegram" in thread.name]


async def test_stop_ends_polls_closes_connections_and_joins_its_threads() -> None:
    fake = FakeTelegram().start()
    async with make_bot(fake) as bot:  # its getMe leaves an idle keep-alive connection
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await fake.await_for("getUpdates")
        started = time.monotonic()
        fake.stop()
        threads = fake_threads()
        (outcome,) = await asyncio.gather(poll, return_exceptions=True)

    assert threads == []
    assert time.monotonic() - started < 5
    assert outcome == () or isinstance(outcome, NetworkError)  # answered empty, or cut off
