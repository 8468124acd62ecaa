"""Deliveries: senders claim pending rows under a lease, send, then record each outcome.

``claim`` hands a batch of rows to one worker, in one transaction: it picks the candidate ids,
then updates exactly those. Two claimers never get the same row: on PostgreSQL the candidates
are picked with ``SELECT … FOR UPDATE SKIP LOCKED``, so they stay locked until commit and a
concurrent claimer passes them by; on SQLite a writer's transaction holds the database's single
write lock from its start (engine.py begins it with BEGIN IMMEDIATE). A lease that expires
without an outcome (the sender crashed or hung) lets another worker claim the row again and
marks it ``maybe_delivered``: the Bot API has no idempotency key, so that chat may get the
message twice. Those rows are counted, never hidden (``Progress.possible_duplicates``).

Unsubscribing takes effect mid-broadcast: a claim marks ``skipped`` the rows of chats that are no
longer active subscribers of the campaign's audience instead of handing them out. Pacing, retries
and error handling are the sender's job (bot/broadcast/); this module only keeps the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    bindparam,
    exists,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.engine import Part
from bot.store.records import Delivery
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

NO_LONGER_SUBSCRIBED = "no longer subscribed"


class Deliveries(Part):
    """A campaign's deliveries: claim, lease, settle (``store.deliveries``)."""

    async def claim(
        self,
        *,
        worker: str,
        limit: int,
        lease_seconds: float,
        now: datetime,
        campaign_id: int | None = None,
    ) -> list[Delivery]:
        """Claim up to ``limit`` deliveries of unfinished campaigns for ``worker``, oldest first.

        A row is claimable when it is pending, not leased (or its lease expired) and its retry
        time (``not_before``) has come. Each claim adds an attempt and a lease until
        ``now + lease_seconds``. An empty list means nothing is claimable now; rows waiting for a
        retry or leased by another worker may still become claimable later.
        """
        if limit < 1 or lease_seconds <= 0:
            raise ValueError("claim needs limit >= 1 and lease_seconds > 0")
        candidates = (
            select(deliveries.c.id)
            .where(_claimable(now, campaign_id))
            .order_by(deliveries.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        lease = (worker, now + timedelta(seconds=lease_seconds))
        async with self._write() as conn:
            while True:
                # Choosing ids first, then updating exactly those, keeps the LIMIT exact:
                # PostgreSQL may run a locking subquery inside UPDATE … IN (…) once per row.
                ids = list((await conn.execute(candidates)).scalars())
                if not ids:
                    return []
                rows = await _lease(conn, ids, lease, now)
                # If every candidate was skipped, claimable rows may remain further on.
                if rows:
                    break
        return sorted((_delivery(row) for row in rows), key=lambda delivery: delivery.id)

    async def renew_leases(
        self, *, worker: str, delivery_ids: Sequence[int], lease_seconds: float, now: datetime
    ) -> int:
        """Extend ``worker``'s leases on these rows to ``now + lease_seconds``; return how many.

        A sender renews the rows it still holds (waiting for their turn, or being sent), so
        leases can stay short: after a crash its rows are claimable again within one lease.
        Rows another worker took over, or that already have an outcome, are left alone.
        """
        if lease_seconds <= 0:
            raise ValueError("renew_leases needs lease_seconds > 0")
        if not delivery_ids:
            return 0
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id.in_(list(delivery_ids)),
                    deliveries.c.lease_owner == worker,
                    deliveries.c.status == PENDING,
                )
                .values(lease_expires_at=now + timedelta(seconds=lease_seconds))
            )
        return result.rowcount

    async def mark_sent(
        self, delivery_id: int, now: datetime, message_id: int | None = None
    ) -> bool:
        """Record that Telegram accepted the message; False for an unknown delivery.

        The outcome is recorded even if the lease expired meanwhile: it is what happened.
        """
        return await self._settle(
            delivery_id, status=SENT, message_id=message_id, error=None, finished_at=now
        )

    async def mark_sent_many(self, sent: Sequence[tuple[int, int | None]], now: datetime) -> None:
        """``mark_sent`` for several deliveries in one transaction (a sender's group commit).

        Args:
            sent: (delivery id, Telegram message id or None) pairs.
        """
        if not sent:
            return
        statement = (
            update(deliveries)
            .where(deliveries.c.id == bindparam("delivery_id"))
            .values(
                status=SENT,
                message_id=bindparam("sent_message_id"),
                error=None,
                finished_at=now,
                lease_owner=None,
                lease_expires_at=None,
            )
        )
        rows = [{"delivery_id": d, "sent_message_id": m} for d, m in sent]
        async with self._write() as conn:
            await conn.execute(statement, rows)

    async def mark_failed(self, delivery_id: int, error: str, now: datetime) -> bool:
        """Record that the message will not be sent to this chat; False if unknown."""
        return await self._settle(delivery_id, status=FAILED, error=error, finished_at=now)

    async def retry_later(
        self,
        delivery_id: int,
        not_before: datetime,
        error: str,
        *,
        maybe_delivered: bool = True,
    ) -> bool:
        """Release a claimed row so it is claimed again from ``not_before``.

        Returns False if the row is no longer pending (it was skipped meanwhile).

        Args:
            maybe_delivered: whether the failed attempt may have reached the chat anyway (a
                timeout, a 5xx). Pass False only when Telegram surely refused it (a 429).
        """
        values: dict[str, Any] = {
            "lease_owner": None,
            "lease_expires_at": None,
            "not_before": not_before,
            "error": error,
        }
        if maybe_delivered:
            values["maybe_delivered"] = True
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.status == PENDING)
                .values(**values)
            )
        return result.rowcount > 0

    async def _settle(self, delivery_id: int, **values: Any) -> bool:
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(lease_owner=None, lease_expires_at=None, **values)
            )
        return result.rowcount > 0


async def _lease(
    conn: AsyncConnection, ids: Sequence[int], lease: tuple[str, datetime], now: datetime
) -> Sequence[Row[Any]]:
    """Skip the rows among ``ids`` whose chat left the audience; lease the others to
    ``lease`` (worker, expiry) and return them."""
    d = deliveries
    await conn.execute(
        update(d)
        .where(d.c.id.in_(ids), ~_subscribed())
        .values(
            status=SKIPPED,
            error=NO_LONGER_SUBSCRIBED,
            lease_owner=None,
            lease_expires_at=None,
            finished_at=now,
        )
    )
    worker, expires = lease
    leased = (
        update(d)
        .where(d.c.id.in_(ids), _subscribed())
        .values(
            attempts=d.c.attempts + 1,
            # A lease still set here expired without an outcome: that send may have arrived.
            maybe_delivered=or_(d.c.maybe_delivered, d.c.lease_owner.is_not(None)),
            lease_owner=worker,
            lease_expires_at=expires,
            not_before=None,
        )
        .returning(*d.c)
    )
    return (await conn.execute(leased)).all()


def _claimable(now: datetime, campaign_id: int | None) -> ColumnElement[bool]:
    live: Select[Any] = select(campaigns.c.id).where(
        campaigns.c.finished_at.is_(None), campaigns.c.stopped_at.is_(None)
    )
    if campaign_id is not None:
        live = live.where(campaigns.c.id == campaign_id)
    return and_(
        deliveries.c.status == PENDING,
        or_(deliveries.c.lease_expires_at.is_(None), deliveries.c.lease_expires_at <= now),
        or_(deliveries.c.not_before.is_(None), deliveries.c.not_before <= now),
        deliveries.c.campaign_id.in_(live),
    )


def _subscribed() -> ColumnElement[bool]:
    """The delivery's chat is still an active subscriber of its campaign's audience."""
    return exists().where(
        subscribers.c.chat_id == deliveries.c.chat_id,
        subscribers.c.active,
        subscriber_audiences.c.chat_id == deliveries.c.chat_id,
        campaigns.c.id == deliveries.c.campaign_id,
        subscriber_audiences.c.audience == campaigns.c.audience,
    )


def _delivery(row: Row[Any]) -> Delivery:
    return Delivery(
        id=row.id,
        campaign_id=row.campaign_id,
        chat_id=row.chat_id,
        language=row.language,
        chat_type=row.chat_type,
        attempts=row.attempts,
        maybe_delivered=bool(row.maybe_delivered),
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
    )
