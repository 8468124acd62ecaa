"""Alert broadcasts: one rendered alert to every subscriber, once, at Telegram's limits.

campaigns.py   what a campaign sends (an alert or a free text, per language) and its key
pacing.py      when each send may go out (global rate, per-chat limits, 429 pauses)
outcomes.py    what each Telegram error means for a delivery
sender.py      the claim → send → record loop, bounded and durable (leases in bot/store)
leases.py      the rows a sender holds, and their lease renewal
failures.py    what a failed send does to its delivery, chat and campaign
cache.py       campaigns and their keyboards, read once per sender
progress.py    progress lines, ETAs, reports, and following one admin's progress message
schedule.py    alerts with a ``scheduled`` time, sent once
broadcaster.py one per running bot: background sender, scheduler, /broadcast drafts
standalone.py  the same without the bot application: ``python -m bot alert``

Imports Telegram, the store and the answer pipeline; never the handlers.
"""

from bot.broadcast.broadcaster import Broadcaster, Preparation
from bot.broadcast.pacing import Limits, Pacer

__all__ = ["Broadcaster", "Limits", "Pacer", "Preparation"]
