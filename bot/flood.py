"""Per-user flood control: how many updates a user may send in a sliding window.

A pure, in-memory gate (no Telegram, no clock of its own): ``check(user_id, now)`` says whether
to handle the update, to answer once with a polite slow-down, or to stay silent until the
window has room again. Memory is bounded: users idle for a whole window are forgotten.
"""

from __future__ import annotations

from collections import deque
from enum import Enum


class Verdict(Enum):
    """What to do with one update."""

    ALLOW = "allow"
    WARN = "warn"
    DROP = "drop"


class FloodGate:
    """At most ``limit`` updates per ``window`` seconds per user; one warning, then silence."""

    def __init__(self, *, limit: int = 20, window: float = 60.0, max_users: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_users = max_users
        self._seen: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int, now: float) -> Verdict:
        """Record one update from ``user_id`` at ``now`` (seconds) and judge it."""
        times = self._seen.get(user_id)
        if times is None:
            if len(self._seen) >= self.max_users:
                self._forget_idle(now)
            times = self._seen[user_id] = deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(user_id)
            return Verdict.ALLOW
        if user_id in self._warned:
            return Verdict.DROP
        self._warned.add(user_id)
        return Verdict.WARN

    def __len__(self) -> int:
        """How many users the gate remembers."""
        return len(self._seen)

    def _forget_idle(self, now: float) -> None:
        idle = [u for u, t in self._seen.items() if not t or now - t[-1] >= self.window]
        for user_id in idle:
            del self._seen[user_id]
            self._warned.discard(user_id)
