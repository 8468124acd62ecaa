"""The fake Telegram Bot API as tests import it: real HTTP on loopback, Telegram's shapes, errors.

The code lives in ``tests/fake/``, split by noun (its ``__init__`` lists the modules); this module
only names what tests use. Like the fake, it does not import ``bot``: the bot's HTTP client for
the fake, ``loopback_request``, is in ``tests/transports.py``. The ``fake_telegram`` fixture lives
in ``conftest.py``; the fake's own tests in ``test_faketelegram.py``.

Usage::

    with FakeTelegram() as fake:
        app = (
            ApplicationBuilder().token(fake.token).base_url(fake.base_url)
            .request(loopback_request()).get_updates_request(loopback_request()).build()
        )
        fake.fail("sendMessage", chat_id=42, error=blocked())
        fake.push_update(message_update("/start", chat_id=42))   # for app.updater polling
        await app.process_update(Update.de_json(message_update("/start", chat_id=7), app.bot))
        (call,) = await fake.await_for("sendMessage")
"""

from tests.fake.api import DEFAULT_TOKEN, FakeTelegram
from tests.fake.errors import (
    Fault,
    bad_html,
    blocked,
    chat_not_found,
    deactivated,
    kicked,
    migrated,
    retry_after,
    server_error,
    timeout,
)
from tests.fake.html import parse_html
from tests.fake.objects import DEFAULT_BOT_USERNAME
from tests.fake.params import UploadedFile
from tests.fake.polling import post_update as post_update_async
from tests.fake.recording import Call
from tests.fake.updates import (
    callback_update,
    chosen_inline_result_update,
    edited_message_update,
    inline_query_update,
    message_update,
    my_chat_member_update,
)

__all__ = [
    "DEFAULT_BOT_USERNAME",
    "DEFAULT_TOKEN",
    "Call",
    "FakeTelegram",
    "Fault",
    "UploadedFile",
    "bad_html",
    "blocked",
    "callback_update",
    "chat_not_found",
    "chosen_inline_result_update",
    "deactivated",
    "edited_message_update",
    "inline_query_update",
    "kicked",
    "message_update",
    "migrated",
    "my_chat_member_update",
    "parse_html",
    "post_update_async",
    "retry_after",
    "server_error",
    "timeout",
]
