"""The terminal's Telegram: the real bot, with a screen and a keyboard instead of the Bot API.

``TerminalBotAPI`` (botapi.py) answers the bot's Bot API calls and draws them on the ``Screen``
(screen.py); ``TerminalChat`` (chat.py) turns typed lines and pressed numbers into updates.
bot/console.py runs the conversation. Nothing here answers a question: the handlers do, as on
Telegram.
"""

from bot.terminal.botapi import TerminalBotAPI
from bot.terminal.chat import TerminalChat
from bot.terminal.screen import Screen

__all__ = ["Screen", "TerminalBotAPI", "TerminalChat"]
