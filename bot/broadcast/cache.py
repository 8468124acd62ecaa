"""What a sender reads once per campaign, not once per send: the campaign and its keyboards."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.broadcast.campaigns import stored_rows
from bot.store import Campaign, Store


class CampaignCache:
    """Campaigns by id, read from the store once, and their keyboards per language."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._campaigns: dict[int, Campaign] = {}
        # Built once per campaign and language (PTB objects are immutable).
        self._keyboards: dict[tuple[int, str], InlineKeyboardMarkup | None] = {}
        self._loading = asyncio.Lock()

    async def campaign(self, campaign_id: int) -> Campaign | None:
        """The campaign, or None when it no longer exists."""
        async with self._loading:  # one read per campaign, not one per waiting row
            if campaign_id not in self._campaigns:
                found = await self.store.campaigns.get(campaign_id)
                if found is None:
                    return None
                self._campaigns[campaign_id] = found
        return self._campaigns[campaign_id]

    def keyboard(self, campaign: Campaign, lang: str) -> InlineKeyboardMarkup | None:
        """The buttons under the campaign's message in ``lang``."""
        key = (campaign.id, lang)
        if key not in self._keyboards:
            self._keyboards[key] = _build_keyboard(campaign, lang)
        return self._keyboards[key]


def _build_keyboard(campaign: Campaign, lang: str) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(b["text"], url=b["url"])
            if "url" in b
            else InlineKeyboardButton(b["text"], callback_data=b.get("data", ""))
            for b in row
        ]
        for row in stored_rows(campaign, lang)
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None
