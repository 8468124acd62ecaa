"""What every handler may use: the typed ``Context`` whose ``deps`` holds the frozen ``Deps``.

``app`` builds Deps once and stores them in ``BotData``; ``Context.deps`` is the one cast in the
codebase (STYLE §7), so handlers never read ``bot_data`` by key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.broadcast import Broadcaster
from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.flood import FloodGate
from bot.knowledge import Knowledge
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Deps:
    """The knowledge base, the store, the settings, a clock, flood control, the broadcaster."""

    knowledge: Knowledge
    store: Store
    settings: Settings
    clock: Clock = utc_now
    flood: FloodGate = field(default_factory=FloodGate)
    # The background sender and /broadcast drafts; None only where no bot runs (some tests).
    broadcasts: Broadcaster | None = None

    def pseudonym(self, chat_id: int | None) -> str:
        """A stable, non-reversible stand-in for a chat or user id, for logs."""
        if chat_id is None:
            return "-"
        key = (self.settings.token.reveal() if self.settings.token else "memoria").encode()
        return hmac.new(key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:12]


class BotData:
    """``application.bot_data``: holds the Deps, set once by ``app``."""

    def __init__(self) -> None:
        self.deps: Deps | None = None


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """PTB's context with typed dependencies."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def deps(self) -> Deps:
        """The dependencies ``app`` installed."""
        deps = self.bot_data.deps
        if deps is None:
            raise RuntimeError("bot_data.deps is not set; build the app with bot.app")
        return deps
