"""Updates of different chats run concurrently; one chat's run in the order they arrived."""

from __future__ import annotations

import asyncio
import itertools
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Update

from bot.app import MemoriaApp, build_application
from bot.config import Settings
from bot.handlers.ordering import ChatOrderedProcessor
from bot.knowledge import Knowledge
from bot.store import Store
from tests.faketelegram import FakeTelegram, inline_query_update, message_update
from tests.transports import loopback_request

NORMA = "¿qué dice la norma de prueba?"
NORMA_ANSWER = "<b>¿Qué dice la norma de prueba?</b>"


def _update(chat_id: int) -> Update:
    return Update.de_json(message_update("hola", chat_id=chat_id), None)


class Recorder:
    """Handler stand-ins: each records when it starts and finishes, and can be held."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    async def handle(self, name: str) -> None:
        self.events.append(f"start {name}")
        if name in self.gates:
            await self.gates[name].wait()
        self.events.append(f"end {name}")


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_other_chats_go_ahead_while_one_chat_waits() -> None:
    processor = ChatOrderedProcessor(8)
    recorder = Recorder()
    recorder.gates["a1"] = asyncio.Event()
    tasks = [
        asyncio.create_task(processor.process_update(_update(chat), recorder.handle(name)))
        for chat, name in [(1, "a1"), (1, "a2"), (2, "b1")]
    ]
    await _settle()
    # b1 ran to the end while a1 is held; a2 has not started, because a1 is not done.
    assert recorder.events == ["start a1", "start b1", "end b1"]
    assert processor.chats_in_flight == 1
    recorder.gates["a1"].set()
    await asyncio.gather(*tasks)
    assert recorder.events[3:] == ["end a1", "start a2", "end a2"]
    assert processor.chats_in_flight == 0


async def test_an_inline_query_is_ordered_by_its_user() -> None:
    processor = ChatOrderedProcessor(8)
    recorder = Recorder()
    recorder.gates["q1"] = asyncio.Event()
    first = Update.de_json(inline_query_update("putis", user_id=7), None)
    second = Update.de_json(inline_query_update("putis cayara", user_id=7), None)
    tasks = [
        asyncio.create_task(processor.process_update(first, recorder.handle("q1"))),
        asyncio.create_task(processor.process_update(second, recorder.handle("q2"))),
    ]
    await _settle()
    assert recorder.events == ["start q1"]
    recorder.gates["q1"].set()
    await asyncio.gather(*tasks)
    assert recorder.events == ["start q1", "end q1", "start q2", "end q2"]


async def test_a_cancelled_waiter_neither_warns_nor_breaks_the_chain() -> None:
    processor = ChatOrderedProcessor(8)
    recorder = Recorder()
    recorder.gates["a1"] = asyncio.Event()
    first = asyncio.create_task(processor.process_update(_update(1), recorder.handle("a1")))
    second = asyncio.create_task(processor.process_update(_update(1), recorder.handle("a2")))
    third = asyncio.create_task(processor.process_update(_update(1), recorder.handle("a3")))
    await _settle()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine was never awaited" would fail here
        second.cancel()
        await _settle()
    recorder.gates["a1"].set()
    await asyncio.gather(first, third)
    assert second.cancelled()
    assert recorder.events == ["start a1", "end a1", "start a3", "end a3"]


@pytest.fixture
async def polling_bot(
    fake_telegram: FakeTelegram, sample_knowledge: Knowledge, tmp_path: Path
) -> AsyncIterator[MemoriaApp]:
    """The real application polling the fake, as ``python -m bot run --polling`` does."""
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": fake_telegram.token, "BOT_API_BASE_URL": fake_telegram.base_url}
    )
    async with await Store.open(f"sqlite:///{tmp_path / 'memoria.db'}") as store:
        application = build_application(
            settings,
            sample_knowledge,
            store=store,
            request=loopback_request(),
            updates_request=loopback_request(read_timeout=10),
        )
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()


async def test_polling_answers_each_chat_in_order_and_chats_side_by_side(
    fake_telegram: FakeTelegram, polling_bot: MemoriaApp
) -> None:
    fake_telegram.latency = 0.2  # every call takes 0.2 s: one at a time, 20 answers take 4 s
    chats = list(range(501, 506))
    questions = [NORMA, "hola", NORMA, "hola"]
    for question, chat in itertools.product(questions, chats):
        fake_telegram.push_update(message_update(question, chat_id=chat))
    await fake_telegram.await_for("sendMessage", count=len(chats) * len(questions), timeout=30)
    calls = fake_telegram.calls("sendMessage")  # in the order they reached the fake
    for chat in chats:
        answers = [c.params["text"] for c in calls if int(c.params["chat_id"]) == chat]
        assert [a.startswith(NORMA_ANSWER) for a in answers] == [True, False, True, False]
    # Side by side: answers to different chats reached the fake less than one call apart.
    arrivals = sorted(call.at for call in fake_telegram.calls("sendMessage"))
    assert min(b - a for a, b in itertools.pairwise(arrivals)) < 0.2 / 2
    assert polling_bot.update_processor.max_concurrent_updates > 1
