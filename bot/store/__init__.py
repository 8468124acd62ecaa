"""Memoria's storage: subscribers, campaigns and their deliveries, markers, counters, question log,
conversation memory.

The only package that touches SQL (SQLAlchemy Core, async) on SQLite or PostgreSQL. It imports
nothing from the bot but ``bot.errors``: no Telegram, no templates, no YAML. Start at store.py.
"""

from bot.store.engine import DEFAULT_URL, normalize_url
from bot.store.errors import DatabaseURLError, SchemaTooNewError, StoreError
from bot.store.records import (
    JSON,
    Campaign,
    Conversation,
    Delivery,
    DeliveryStatus,
    LoggedQuestion,
    Progress,
    QuestionOutcome,
    Subscriber,
)
from bot.store.store import Store

__all__ = [
    "DEFAULT_URL",
    "JSON",
    "Campaign",
    "Conversation",
    "DatabaseURLError",
    "Delivery",
    "DeliveryStatus",
    "LoggedQuestion",
    "Progress",
    "QuestionOutcome",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "Subscriber",
    "normalize_url",
]
