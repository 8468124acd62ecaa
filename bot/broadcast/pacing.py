"""When each broadcast send may go out: a global rate, per-chat limits, one pause for a 429.

Telegram allows about 30 messages a second to different chats, one a second to one private chat
and twenty a minute to one group; a 429 names how long to wait, and that wait holds for the whole
bot, so every send waits. ``Pacer.acquire`` hands out send times; it sends nothing and knows no
store (sender.py does both). Interactive replies never pass through here, so a broadcast cannot
slow them down; the default rate leaves room for them under Telegram's limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

# Pace a little under the configured rate: the arrival times Telegram counts jitter by a few
# milliseconds, and a send that arrives early must not make any one-second window exceed it.
HEADROOM = 0.03
# Forget a chat's next allowed time once it is this far in the past (bounded memory).
FORGET_EVERY = 1000


@dataclass(frozen=True, slots=True)
class Limits:
    """Telegram's limits, as we pace them. Tests shrink the per-chat ones to stay fast."""

    rate: float = 25.0
    private_interval: float = 1.0
    group_interval: float = 60.0 / 20

    @property
    def interval(self) -> float:
        """Seconds between two sends to any chats."""
        return 1.0 / (self.rate * (1.0 - HEADROOM))

    def chat_interval(self, chat_type: str) -> float:
        """Seconds between two sends to one chat of this type (groups and channels are slower)."""
        return self.private_interval if chat_type == "private" else self.group_interval


Sleep = Callable[[float], Awaitable[None]]


class Pacer:
    """Hands out send times under ``Limits``; ``pause`` holds every send for a 429's wait."""

    def __init__(
        self,
        limits: Limits,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._chats: dict[int, float] = {}
        self._handed_out = 0

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` from now (Telegram's ``retry_after``)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def paused_for(self) -> float:
        """Seconds left in the current pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    async def wait_unpaused(self, stop: asyncio.Event | None = None) -> bool:
        """Wait out a pause; False if ``stop`` was set first."""
        while (left := self.paused_for) > 0:
            if await self._wait(left, stop):
                return False
        return True

    async def acquire(
        self, chat_id: int, chat_type: str, stop: asyncio.Event | None = None
    ) -> bool:
        """Wait until a message may go to ``chat_id``; False if ``stop`` was set first.

        Each call reserves the next free slot of the global rate, no earlier than the chat's own
        limit allows, so waiting senders go out evenly spaced and never in a burst.
        """
        while True:
            now = self._clock()
            earliest = max(self._paused_until, self._chats.get(chat_id, 0.0))
            if earliest > now:
                if await self._wait(earliest - now, stop):
                    return False
                continue
            slot = max(self._next, now)
            self._next = slot + self.limits.interval
            before = self._chats.get(chat_id)
            self._chats[chat_id] = slot + self.limits.chat_interval(chat_type)
            if slot > now and await self._wait(slot - now, stop):
                return False
            if self._paused_until > self._clock():
                # A 429 arrived while this send waited for its slot: wait for the pause's end.
                if before is None:
                    del self._chats[chat_id]
                else:
                    self._chats[chat_id] = before
                continue
            self._forget_old()
            return True

    async def _wait(self, seconds: float, stop: asyncio.Event | None) -> bool:
        """Sleep; True if ``stop`` was set meanwhile."""
        if stop is None:
            await self._sleep(seconds)
            return False
        if stop.is_set():
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
        return stop.is_set()

    def _forget_old(self) -> None:
        self._handed_out += 1
        if self._handed_out % FORGET_EVERY:
            return
        now = self._clock()
        self._chats = {chat: ready for chat, ready in self._chats.items() if ready > now}
