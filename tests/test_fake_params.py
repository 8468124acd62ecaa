"""The fake decodes a request's parameters as the Bot API does, however its body arrives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

from tests.faketelegram import FakeTelegram

READ = 2**18  # what aiohttp's multipart reader asks for at a time


async def test_json_and_multipart_bodies_are_decoded(fake_telegram: FakeTelegram) -> None:
    url = f"{fake_telegram.base_url}{fake_telegram.token}/sendMessage"
    async with httpx.AsyncClient(verify=False) as client:
        as_json = await client.post(url, json={"chat_id": 42, "text": "json"})
        as_multipart = await client.post(
            url,
            data={"chat_id": "42", "text": "multi", "reply_markup": '{"force_reply": true}'},
            files={"document": ("a.txt", b"contenido", "text/plain")},
        )

    assert (as_json.json()["ok"], as_multipart.json()["ok"]) == (True, True)
    multipart = fake_telegram.calls("sendMessage")[1].params
    assert multipart["reply_markup"] == {"force_reply": True}
    assert multipart["document"].data == b"contenido"


async def test_a_large_file_arriving_in_uneven_pieces_decodes_the_same(
    fake_telegram: FakeTelegram,
) -> None:
    # The fake parses the whole body at once: where the pieces break (here a few bytes past what
    # aiohttp's streaming reader asks for at a time, which once made it warn and fail a card upload
    # on CI) changes nothing, and bytes that look like a boundary inside a file stay in the file.
    url = f"{fake_telegram.base_url}{fake_telegram.token}/sendMessage"
    data = (bytes(range(256)) * 2100)[: READ * 2 + 5] + b"\r\n--not-the-boundary\r\n"
    boundary = "memoria-test-boundary"
    before = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="chat_id"\r\n\r\n42\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n'.encode(),
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n",
            "Ñuqanchik, qué pasó\r\n".encode(),
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="document"; filename="c.bin"\r\n',
            b"Content-Type: application/octet-stream\r\n\r\n",
        ]
    )
    after = f"\r\n--{boundary}--\r\n".encode()

    async def pieces() -> AsyncIterator[bytes]:
        yield before + data[: READ + 5]
        await asyncio.sleep(0.05)
        yield data[READ + 5 :] + after

    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    async with httpx.AsyncClient(verify=False) as client:
        response = await client.post(url, content=pieces(), headers=headers)

    assert response.json()["ok"] is True, response.text
    params = fake_telegram.calls("sendMessage")[0].params
    assert (params["chat_id"], params["text"]) == (42, "Ñuqanchik, qué pasó")
    assert (params["document"].filename, params["document"].data) == ("c.bin", data)
    assert fake_telegram.internal_errors == []
