"""The fake Telegram Bot API, split by noun; tests import it through ``tests/faketelegram.py``.

- ``server.py``: HTTP only, an ``aiohttp.web`` application served from a thread with its own loop;
- ``api.py``: ``FakeTelegram``, which ties the pieces below to that server;
- ``params.py``: a request's method and parameters, decoded as the Bot API server decodes them;
- ``methods.py``: the Bot API methods the bot calls, as a table, and the messages they store;
- ``polling.py``: queued updates, long polls (getUpdates) and the webhook that replaces them;
- ``recording.py``: the calls received, the faults tests queue, and waiting for calls;
- ``errors.py``: Telegram's error answers (``Fault``) and their builders;
- ``html.py``: Telegram's HTML: visible text, entities, parse errors, length limit;
- ``objects.py``: users, the bot, chats and chat members as Telegram sends them;
- ``updates.py``: builders of the updates a user's client would cause.

Nothing here imports ``bot``: the fake knows Telegram, not Memoria.
"""
