"""The bot's one wall clock: handlers, broadcasts and housekeeping all read the time from it.

``app.build_application(clock=…)`` hands the same ``Clock`` to ``Deps`` (handlers) and to the
``Broadcaster`` (and its sender), so a test can fix the time for both at once. Durations and
rates (pacing, flood control) use ``time.monotonic`` instead: they measure, they do not date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

# What handlers and broadcasts are given: a function that returns an aware UTC datetime.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)
