"""What crossed the wire and what tests asked to go wrong: calls, queued faults, waiting for calls.

``Recorder`` is shared by the server's thread, which records every request and picks its fault,
and the tests' threads, which read the calls and queue faults; one lock guards both. Method names
are compared as the real server compares them, case-insensitively (``methods.canonical``).
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.fake.errors import Fault
from tests.fake.methods import canonical


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received, with its parameters decoded to Python objects."""

    method: str
    params: Mapping[str, Any]
    at: float


@dataclass(slots=True)
class _Rule:
    method: str | None
    fault: Fault
    chat_ids: frozenset[str] | None
    times: int | None
    rate: float = 1.0
    rng: random.Random | None = None

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.chat_ids is not None and str(params.get("chat_id")) not in self.chat_ids:
            return False
        return self.rng is None or self.rng.random() < self.rate


class Recorder:
    """Calls in arrival order and the faults queued for the next ones.

    Args:
        lock: the lock of the fake's whole state; ``wait_for`` waits on a condition over it.
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._cond = threading.Condition(lock)
        self._calls: list[Call] = []
        self._once: list[_Rule] = []
        self._always: list[_Rule] = []

    def record(self, method: str, params: Mapping[str, Any]) -> None:
        """Add a call and wake whoever waits for one."""
        with self._cond:
            self._calls.append(Call(method, params, time.monotonic()))
            self._cond.notify_all()

    # Reading calls

    def calls(self, method: str | None = None) -> list[Call]:
        """Every call so far, in arrival order, optionally of one method."""
        with self._cond:
            if method is None:
                return list(self._calls)
            name = canonical(method)
            return [call for call in self._calls if call.method == name]

    def sent_messages(self, chat_id: int | None = None) -> list[Mapping[str, Any]]:
        """The parameters of every sendMessage call, failed ones included."""
        return [
            call.params
            for call in self.calls("sendMessage")
            if chat_id is None or str(call.params.get("chat_id")) == str(chat_id)
        ]

    def clear(self) -> None:
        """Forget recorded calls (not state, not faults)."""
        with self._cond:
            self._calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` were recorded; return them."""
        name = canonical(method)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [call for call in self._calls if call.method == name]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._waited(name, count, len(found), timeout))
                self._cond.wait(remaining)

    async def await_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - the same signature as wait_for
    ) -> list[Call]:
        """``wait_for`` for asyncio tests: polls without blocking the event loop."""
        name = canonical(method)
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls(name)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise TimeoutError(self._waited(name, count, len(found), timeout))
            await asyncio.sleep(0.005)

    def _waited(self, name: str, count: int, got: int, timeout: float) -> str:
        seen = [call.method for call in self.calls()]
        return f"waited {timeout}s for {count} {name} call(s), got {got}; calls: {seen}"

    # Queuing faults

    def fail(
        self, method: str, *, error: Fault, chat_id: int | str | None = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id``) with ``error``."""
        if times < 1:
            raise ValueError("times must be at least 1")
        chats = None if chat_id is None else frozenset({str(chat_id)})
        with self._cond:
            self._once.append(_Rule(canonical(method), error, chats, times))

    def fail_randomly(
        self, method: str | None, error: Fault, *, rate: float = 0.1, seed: int = 0
    ) -> None:
        """Answer each call of ``method`` (None: any) with ``error`` at ``rate``, reproducibly."""
        name = None if method is None else canonical(method)
        with self._cond:
            self._always.append(_Rule(name, error, None, None, rate, random.Random(seed)))

    def fail_chats(
        self, chat_ids: Iterable[int | str], error: Fault, *, method: str | None = None
    ) -> None:
        """Answer every call for these chats (of ``method``, default any) with ``error``."""
        name = None if method is None else canonical(method)
        chats = frozenset(str(chat_id) for chat_id in chat_ids)
        with self._cond:
            self._always.append(_Rule(name, error, chats, None))

    def clear_faults(self) -> None:
        """Forget every queued fault."""
        with self._cond:
            self._once.clear()
            self._always.clear()

    def pick_fault(self, method: str, params: Mapping[str, Any]) -> Fault | None:
        """The fault for this call, if any: one-off faults first, in the order queued."""
        with self._cond:
            for rule in self._once:
                if rule.matches(method, params):
                    assert rule.times is not None
                    rule.times -= 1
                    if rule.times <= 0:
                        self._once.remove(rule)
                    return rule.fault
            for rule in self._always:
                if rule.matches(method, params):
                    return rule.fault
        return None
