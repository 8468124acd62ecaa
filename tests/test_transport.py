"""AiohttpRequest: the bot's HTTP client, through the fake Bot API and its injected faults."""

from __future__ import annotations

import asyncio
import socket
import warnings
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.transport import AiohttpRequest
from tests.faketelegram import (
    FakeTelegram,
    UploadedFile,
    blocked,
    retry_after,
    server_error,
    timeout,
)


@pytest.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    request = AiohttpRequest(certificates=False, read_timeout=0.5, connection_pool_size=4)
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url, request=request) as bot:
        yield bot


async def test_a_call_goes_through_and_its_answer_comes_back(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_message(42, "<b>Ley 32419</b> & más", parse_mode="HTML")
    assert sent.text == "Ley 32419 & más"
    (call,) = fake_telegram.calls("sendMessage")
    assert call.params["text"] == "<b>Ley 32419</b> & más"
    assert call.params["chat_id"] == 42


async def test_files_go_as_multipart(fake_telegram: FakeTelegram, bot: Bot) -> None:
    await bot.set_webhook("https://example.org/hook", certificate=b"-----CERT-----")
    params = fake_telegram.calls("setWebhook")[-1].params
    assert params["url"] == "https://example.org/hook"
    assert isinstance(params["certificate"], UploadedFile)
    assert params["certificate"].data == b"-----CERT-----"


async def test_telegram_errors_keep_their_meaning(fake_telegram: FakeTelegram, bot: Bot) -> None:
    fake_telegram.fail("sendMessage", error=retry_after(7))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)  # retry_after's future type
        with pytest.raises(RetryAfter):
            await bot.send_message(42, "hola")
    fake_telegram.fail("sendMessage", error=blocked())
    with pytest.raises(Forbidden):
        await bot.send_message(42, "hola")
    fake_telegram.fail("sendMessage", error=server_error(502))
    with pytest.raises(NetworkError):
        await bot.send_message(42, "hola")


async def test_a_slow_server_times_out(fake_telegram: FakeTelegram, bot: Bot) -> None:
    fake_telegram.fail("sendMessage", error=timeout(2.0))
    with pytest.raises(TimedOut):
        await bot.send_message(42, "hola")
    assert (await bot.send_message(42, "otra vez")).text == "otra vez"


async def test_a_closed_port_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(certificates=False, connect_timeout=1.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as failed:
            await request.post(f"http://127.0.0.1:{port}/bot123:abc/getMe")
    finally:
        await request.shutdown()
    assert not isinstance(failed.value, TimedOut)


async def test_the_pool_bounds_connections_but_not_calls(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    sent = await asyncio.gather(*(bot.send_message(1000 + n, f"n{n}") for n in range(40)))
    assert sorted(str(m.text) for m in sent) == sorted(f"n{n}" for n in range(40))


async def test_a_call_before_initialize_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest(certificates=False).do_request("http://127.0.0.1:9/", "POST")
