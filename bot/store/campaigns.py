"""Campaigns: a broadcast stored as data, so it survives crashes and deploys.

Creating a campaign snapshots its recipients, in the same transaction, as one pending delivery per
active subscriber of its audience (with the chat's language and type). Its ``key`` makes creation
idempotent: an admin's double tap or a retried command finds the campaign already there. Senders
claim and settle deliveries through deliveries.py; this module creates, lists, counts and ends
campaigns. It renders nothing: the texts arrive rendered, one per language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, Row, Text, case, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.engine import Part, insert_for
from bot.store.records import JSON, Campaign, Progress
from bot.store.schema import (
    FAILED,
    PENDING,
    SENT,
    SKIPPED,
    campaigns,
    deliveries,
    subscriber_audiences,
    subscribers,
)


class Campaigns(Part):
    """Broadcast campaigns and their progress (``store.campaigns``)."""

    async def create(
        self,
        *,
        key: str,
        audience: str,
        alert_id: str | None,
        texts: Mapping[str, str],
        buttons: JSON = None,
        created_by: str,
        now: datetime,
        title: str | None = None,
    ) -> tuple[Campaign, bool]:
        """Create a campaign and its deliveries, unless one with ``key`` exists.

        Returns the campaign and True if this call created it, or the existing one and False.

        Args:
            key: idempotency key: the same key never makes a second campaign.
            texts: the rendered message per language code.
            buttons: any JSON the sender needs to draw buttons, or None.
            title: what reports call the campaign (an alert's title, a free text's first line).
            created_by: a hash of the admin's id, never the id itself.
        """
        if not texts:
            raise ValueError("a campaign needs a text in at least one language")
        async with self._write() as conn:
            row = (
                await conn.execute(
                    insert_for(conn, campaigns)
                    .values(
                        key=key,
                        audience=audience,
                        alert_id=alert_id,
                        texts=dict(texts),
                        buttons=buttons,
                        title=title,
                        created_by=created_by,
                        created_at=now,
                    )
                    .on_conflict_do_nothing(index_elements=[campaigns.c.key])
                    .returning(*campaigns.c)
                )
            ).first()
            if row is None:
                existing = (
                    await conn.execute(select(campaigns).where(campaigns.c.key == key))
                ).one()
                return _campaign(existing), False
            await _snapshot_recipients(conn, row.id, audience)
        return _campaign(row), True

    async def get(self, campaign_id: int) -> Campaign | None:
        """One campaign, or None."""
        async with self._read() as conn:
            row = (
                await conn.execute(select(campaigns).where(campaigns.c.id == campaign_id))
            ).first()
        return None if row is None else _campaign(row)

    async def recent(self, *, limit: int | None = None) -> list[Campaign]:
        """Campaigns, newest first."""
        query = select(campaigns).order_by(campaigns.c.id.desc()).limit(limit)
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [_campaign(row) for row in rows]

    async def unfinished(self) -> list[Campaign]:
        """Campaigns neither finished nor stopped, oldest first: what to resume after a restart."""
        query = (
            select(campaigns)
            .where(campaigns.c.finished_at.is_(None), campaigns.c.stopped_at.is_(None))
            .order_by(campaigns.c.id)
        )
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [_campaign(row) for row in rows]

    async def finish(self, campaign_id: int, now: datetime) -> bool:
        """Mark a campaign finished; False if it was already finished or stopped."""
        async with self._write() as conn:
            result = await conn.execute(
                update(campaigns)
                .where(
                    campaigns.c.id == campaign_id,
                    campaigns.c.finished_at.is_(None),
                    campaigns.c.stopped_at.is_(None),
                )
                .values(finished_at=now)
            )
        return result.rowcount > 0

    async def stop(self, campaign_id: int, reason: str, now: datetime) -> bool:
        """Stop a campaign: its pending rows are no longer claimed. False if already ended."""
        async with self._write() as conn:
            result = await conn.execute(
                update(campaigns)
                .where(
                    campaigns.c.id == campaign_id,
                    campaigns.c.finished_at.is_(None),
                    campaigns.c.stopped_at.is_(None),
                )
                .values(stopped_at=now, stop_reason=reason)
            )
        return result.rowcount > 0

    async def progress(self, campaign_id: int) -> Progress:
        """Count a campaign's deliveries by outcome (all zero for an unknown campaign)."""
        status = deliveries.c.status

        def counting(condition: Any) -> Any:
            return func.count(case((condition, 1)))

        query = select(
            func.count(),
            counting(status == SENT),
            counting(status == FAILED),
            counting(status == SKIPPED),
            counting(status == PENDING),
            counting((status == SENT) & deliveries.c.maybe_delivered),
        ).where(deliveries.c.campaign_id == campaign_id)
        async with self._read() as conn:
            total, sent, failed, skipped, pending, duplicates = (await conn.execute(query)).one()
        return Progress(
            total=total,
            sent=sent,
            failed=failed,
            skipped=skipped,
            pending=pending,
            possible_duplicates=duplicates,
        )


async def _snapshot_recipients(conn: AsyncConnection, campaign_id: int, audience: str) -> None:
    recipients = (
        select(
            literal(campaign_id, Integer),
            subscribers.c.chat_id,
            subscribers.c.language,
            subscribers.c.chat_type,
            literal(PENDING, Text),
            literal(0, Integer),
            literal(False, Boolean),
        )
        .join(subscriber_audiences, subscriber_audiences.c.chat_id == subscribers.c.chat_id)
        .where(subscribers.c.active, subscriber_audiences.c.audience == audience)
    )
    columns = [
        "campaign_id",
        "chat_id",
        "language",
        "chat_type",
        "status",
        "attempts",
        "maybe_delivered",
    ]
    await conn.execute(deliveries.insert().from_select(columns, recipients))


def _campaign(row: Row[Any]) -> Campaign:
    return Campaign(
        id=row.id,
        key=row.key,
        audience=row.audience,
        alert_id=row.alert_id,
        texts={str(lang): str(text) for lang, text in row.texts.items()},
        buttons=row.buttons,
        created_by=row.created_by,
        created_at=row.created_at,
        finished_at=row.finished_at,
        stopped_at=row.stopped_at,
        stop_reason=row.stop_reason,
        title=row.title,
    )
