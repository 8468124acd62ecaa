"""Flood control: a polite warning once, then silence, until the window has room again."""

from __future__ import annotations

from bot.flood import FloodGate, Verdict


def test_updates_within_the_limit_are_allowed() -> None:
    gate = FloodGate(limit=3, window=10)
    assert [gate.check(1, t) for t in (0, 1, 2)] == [Verdict.ALLOW] * 3


def test_the_first_excess_warns_and_the_rest_are_dropped() -> None:
    gate = FloodGate(limit=2, window=10)
    verdicts = [gate.check(1, t) for t in (0, 1, 2, 3, 4)]
    assert verdicts == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN, Verdict.DROP, Verdict.DROP]


def test_the_window_slides_and_the_user_may_speak_again() -> None:
    gate = FloodGate(limit=2, window=10)
    for t in (0, 1, 2, 3):
        gate.check(1, t)
    assert gate.check(1, 10.5) == Verdict.ALLOW
    assert gate.check(1, 11.5) == Verdict.ALLOW
    assert gate.check(1, 11.6) == Verdict.WARN


def test_users_are_counted_separately() -> None:
    gate = FloodGate(limit=1, window=10)
    assert gate.check(1, 0) == Verdict.ALLOW
    assert gate.check(2, 0) == Verdict.ALLOW
    assert gate.check(1, 1) == Verdict.WARN


def test_memory_is_bounded_by_forgetting_idle_users() -> None:
    gate = FloodGate(limit=1, window=10, max_users=3)
    for user in range(3):
        gate.check(user, 0)
    gate.check(99, 20)
    assert len(gate) <= 3
