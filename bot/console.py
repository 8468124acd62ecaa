"""A conversation in the terminal with the real bot (``python -m bot chat``, or ``run`` without a
token): the same PTB application and handlers as on Telegram, with no token and no network.

Each typed line becomes a message update fed to ``Application.process_update``; a number presses
that button of the last keyboard shown (a callback query). The Bot API calls the handlers make
are answered by ``TerminalBotAPI``, which draws them (bot/terminal/). The store is the one in
``DATABASE_URL`` (a local SQLite file by default), so subscriptions, /olvidar and the
conversation memory work as they do on Telegram. The conversation starts with /start, as
Telegram's Start button does.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
from typing import TextIO

from bot.app import build_application
from bot.config import Secret, Settings
from bot.knowledge import Knowledge
from bot.store import Store
from bot.terminal import Screen, TerminalBotAPI, TerminalChat

# PTB needs a token to build a bot; this one never leaves the process.
TERMINAL_TOKEN = "0:terminal"


def converse(
    settings: Settings, knowledge: Knowledge, *, lang: str | None, stdin: TextIO, out: TextIO
) -> int:
    """Talk until end of input (or Ctrl-C); return the exit code (0)."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_converse(settings, knowledge, lang=lang, stdin=stdin, out=out))
    out.write("\n")
    return 0


async def _converse(
    settings: Settings, knowledge: Knowledge, *, lang: str | None, stdin: TextIO, out: TextIO
) -> None:
    content = knowledge.content
    notes = {
        content.strings(code)["buttons.share"]: content.strings(code)["terminal.share"]
        for code in content.languages
    }
    screen = Screen(out, share_notes=notes, styled=out.isatty())
    chat = TerminalChat(language_code=lang)
    api = TerminalBotAPI(screen, chat)
    local = dataclasses.replace(settings, token=Secret(TERMINAL_TOKEN), bot_api_base_url=None)
    async with await Store.open(settings.database_url) as store:
        application = build_application(
            local,
            knowledge,
            store=store,
            request=api,
            updates_request=TerminalBotAPI(screen, chat),
        )
        await application.initialize()
        try:
            assert application.post_init is not None
            await application.post_init(application)
            bot = application.bot
            await application.process_update(chat.message("/start", bot))
            screen.prompt()
            lines = _read(stdin)
            while (raw := await lines.get()) is not None:
                line = raw.strip()
                pressed = screen.choice(int(line)) if line.isdigit() else None
                if pressed is not None and pressed[0] in api.messages:
                    message_id, data = pressed
                    await application.process_update(
                        chat.press(api.messages[message_id], data, bot)
                    )
                elif line:
                    await application.process_update(chat.message(line, bot))
                screen.prompt()
        finally:
            await application.shutdown()


def _read(stdin: TextIO) -> asyncio.Queue[str | None]:
    """The lines of ``stdin`` as they come, then None. A daemon thread reads them, so Ctrl-C
    stops the conversation at once and a pending read never holds the process open."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        try:
            for raw in stdin:
                loop.call_soon_threadsafe(lines.put_nowait, raw)
            loop.call_soon_threadsafe(lines.put_nowait, None)
        except RuntimeError:
            return  # the conversation is over and its loop closed

    threading.Thread(target=read, name="terminal-input", daemon=True).start()
    return lines
