"""The HTTP side of webhook mode: Telegram's POSTs and ``GET /healthz`` (Starlette + uvicorn).

PTB's own webhook server cannot answer health checks, so this small ASGI app does both, as in
PTB's ``customwebhookbot.py``. The secret header is compared in constant time; a missing or
wrong secret gets 403, a body that is not a JSON object 400. Valid updates go to PTB's queue.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Health:
    """What /healthz reports; the host restarts the process when ``ok`` is false."""

    content: bool
    database: bool
    telegram: bool

    @property
    def ok(self) -> bool:
        """Content loaded and database reachable (Telegram may still be connecting)."""
        return self.content and self.database


def create(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    secret: str,
    path: str,
    health: Callable[[], Awaitable[Health]],
    ready: Callable[[], bool],
) -> Starlette:
    """The ASGI app: POST ``path`` for Telegram, GET /healthz for the host."""
    expected = secret.encode()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            logger.warning("event=webhook_rejected reason=secret")
            return Response(status_code=403)
        if not ready():
            # Telegram retries later; nothing is lost while the bot is still starting.
            return Response(status_code=503)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
        try:
            data = await request.json()
            valid = isinstance(data, dict) and isinstance(data.get("update_id"), int)
            update = Update.de_json(data, application.bot) if valid else None
        except (ValueError, KeyError, TypeError):
            update = None
        if update is None:
            logger.warning("event=webhook_rejected reason=body")
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    async def healthz(_: Request) -> Response:
        report = await health()
        return JSONResponse(
            {**asdict(report), "ok": report.ok}, status_code=200 if report.ok else 503
        )

    return Starlette(
        routes=[
            Route(path, telegram, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
