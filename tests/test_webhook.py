"""The webhook endpoint and /healthz over real HTTP (uvicorn on loopback), with the real bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from bot import webhook
from tests.conftest import Bot
from tests.faketelegram import message_update

SECRET = "s3cret-token_for-tests"


@dataclass
class Served:
    client: httpx.AsyncClient
    bot: Bot
    ready: list[bool]


@pytest.fixture
async def served(telegram_bot: Bot) -> AsyncIterator[Served]:
    application = telegram_bot.application
    ready = [True]

    async def health() -> webhook.Health:
        return webhook.Health(
            content=True, database=await telegram_bot.store.ping(), telegram=True
        )

    web = webhook.create(
        application, secret=SECRET, path="/telegram", health=health, ready=lambda: ready[0]
    )
    server = uvicorn.Server(
        uvicorn.Config(web, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    await application.start()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        yield Served(client, telegram_bot, ready)
    await application.stop()
    server.should_exit = True
    await task


def _headers(secret: str | None = SECRET) -> dict[str, str]:
    return {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}


async def test_missing_secret_is_refused(served: Served) -> None:
    response = await served.client.post(
        "/telegram", json=message_update("hola", chat_id=1), headers=_headers(None)
    )
    assert response.status_code == 403


async def test_wrong_secret_is_refused(served: Served) -> None:
    response = await served.client.post(
        "/telegram", json=message_update("hola", chat_id=1), headers=_headers("nope")
    )
    assert response.status_code == 403
    assert served.bot.fake.sent_messages() == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"update_id": "x", "message": 5}'])
async def test_bad_body_is_a_400(served: Served, body: bytes) -> None:
    response = await served.client.post("/telegram", content=body, headers=_headers())
    assert response.status_code == 400


async def test_valid_update_is_processed(served: Served) -> None:
    response = await served.client.post(
        "/telegram", json=message_update("norma de prueba", chat_id=77), headers=_headers()
    )
    assert response.status_code == 200
    await served.bot.fake.await_for("sendMessage")
    assert str(served.bot.fake.sent_messages(77)[0]["text"]).startswith("<b>¿Qué dice la norma")


async def test_updates_wait_while_the_bot_is_starting(served: Served) -> None:
    served.ready[0] = False
    response = await served.client.post(
        "/telegram", json=message_update("hola", chat_id=1), headers=_headers()
    )
    assert response.status_code == 503


async def test_healthz_reports_content_and_database(served: Served) -> None:
    response = await served.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"content": True, "database": True, "telegram": True, "ok": True}


async def test_healthz_fails_when_the_database_is_gone(served: Served, tmp_path: Path) -> None:
    await served.bot.store.close()
    database = tmp_path / "memoria.db"
    database.unlink()
    database.mkdir()  # SQLite cannot open a folder: the database is unreachable
    response = await served.client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False
