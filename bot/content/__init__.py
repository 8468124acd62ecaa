"""Load and validate the knowledge base in ``content/`` into frozen records.

Only this package reads YAML. It knows nothing of Telegram, matching or templates: ``index``
searches the records, ``answer`` decides what to say and ``render`` turns it into text.
"""

from bot.content.loader import check, load
from bot.content.model import (
    AUDIENCES,
    FALLBACK_LANGUAGE,
    REQUIRED_LANGUAGES,
    Alert,
    Case,
    Category,
    Contact,
    ContactLink,
    Content,
    Headline,
    Localized,
    Place,
    Sites,
    Source,
    Topic,
    Where,
)

__all__ = [
    "AUDIENCES",
    "FALLBACK_LANGUAGE",
    "REQUIRED_LANGUAGES",
    "Alert",
    "Case",
    "Category",
    "Contact",
    "ContactLink",
    "Content",
    "Headline",
    "Localized",
    "Place",
    "Sites",
    "Source",
    "Topic",
    "Where",
    "check",
    "load",
]
