"""The bot's own HTTP client (bot/transport.py) set up for the fake Bot API on loopback.

It lives here, not in ``tests/fake/``, because the fake must not import ``bot``.
"""

from __future__ import annotations

from bot.transport import AiohttpRequest


def loopback_request(
    *, read_timeout: float | None = 5.0, connection_pool_size: int = 64
) -> AiohttpRequest:
    """An ``AiohttpRequest`` for plain HTTP: no CA bundle to load."""
    return AiohttpRequest(
        connection_pool_size=connection_pool_size,
        read_timeout=read_timeout,
        certificates=False,
    )
