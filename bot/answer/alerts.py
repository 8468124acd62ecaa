"""Answers about alerts: the /alertas status and consent, and the admins' /broadcast messages.

Composed into ``Answerer`` as ``answerer.alerts``, apart from the answers to questions. Decides
what to say from plain values (a subscription's topics, a campaign's counts); knows nothing of
Telegram, SQL or sending: bot/handlers and bot/broadcast gather the values and send the answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.answer import callbacks, contexts
from bot.answer.model import Answer, Button
from bot.content import AUDIENCES, Content
from bot.index import fold

# What `/alertas si` and `/alertas no` may be written as: content/intents.yaml.
ALERTS_WORDS = (("alerts_on", "on"), ("alerts_off", "off"))


class AlertAnswers:
    """Answers for /alertas and /broadcast (``answerer.alerts``)."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def wording_version(self, lang: str) -> str:
        """The version of the consent wording shown in ``lang`` (recorded with each consent)."""
        return self.content.strings(lang)["alerts.wording_version"]

    def request(self, argument: str) -> str | None:
        """What ``/alertas ARGUMENT`` asks for: "status", "on", "off", or None when unclear."""
        word = fold(argument).strip()
        if not word:
            return "status"
        for intent, request in ALERTS_WORDS:
            said = self.content.intents.get(intent, {})
            if any(word == fold(w) for texts in said.values() for w in texts):
                return request
        return None

    def status(
        self,
        lang: str,
        *,
        chosen: Sequence[str] | None,
        group: bool,
        changed: contexts.AlertsChange = "",
        refused: bool = False,
    ) -> Answer:
        """A chat's subscription (``chosen`` is None when it has none) with its buttons."""
        topics = tuple(chosen or ())
        context = contexts.AlertsContext(
            subscribed=chosen is not None and bool(topics),
            audiences=AUDIENCES,
            chosen=topics,
            group=group,
            changed=changed,
            refused=refused,
        )
        if refused:
            return Answer("alerts", context, lang)
        strings = self.content.strings(lang)
        rows: list[tuple[Button, ...]] = []
        for audience in AUDIENCES:
            mark = strings["alerts.on_mark" if audience in topics else "alerts.off_mark"]
            label = f"{mark} {strings[f'alerts.topics.{audience}']}"
            rows.append((Button(label, data=callbacks.alerts_topic(audience)),))
        if context.subscribed:
            rows.append((Button(strings["alerts.unsubscribe"], data=callbacks.ALERTS_OFF),))
        else:
            rows.append((Button(strings["alerts.subscribe_all"], data=callbacks.ALERTS_ON),))
        return Answer("alerts", context, lang, buttons=tuple(rows))

    def usage(self, lang: str) -> Answer:
        """``/alertas`` with a word we do not understand."""
        return Answer("refused", contexts.RefusedContext("alerts_usage"), lang)

    def from_text(self, text: str, lang: str) -> Answer:
        """A free text as an alert: its first line is the title, the rest the body."""
        title, _, body = text.strip().partition("\n")
        return Answer("alert", contexts.AlertContext(title.strip(), body.strip(), ()), lang)

    def broadcast_preview(
        self,
        lang: str,
        *,
        alert_id: str | None,
        audience: str | None,
        recipients: Sequence[contexts.RecipientCount],
        as_of: date | None = None,
        stale_days: int | None = None,
    ) -> Answer:
        """The confirmation under a broadcast's previews: one button, or one per topic."""
        strings = self.content.strings(lang)
        if audience is not None:
            send = (Button(strings["broadcast.send"], data=callbacks.broadcast_confirm(audience)),)
            rows: tuple[tuple[Button, ...], ...] = (send,)
        else:
            rows = tuple(
                (
                    Button(
                        strings["broadcast.send_to"].format(
                            topic=strings[f"alerts.topics.{choice}"]
                        ),
                        data=callbacks.broadcast_confirm(choice),
                    ),
                )
                for choice in AUDIENCES
            )
        cancel = (Button(strings["broadcast.cancel"], data=callbacks.BROADCAST_CANCEL),)
        context = contexts.BroadcastPreviewContext(
            alert_id, audience or "", tuple(recipients), as_of=as_of, stale_days=stale_days
        )
        return Answer("broadcast_preview", context, lang, buttons=(*rows, cancel))

    def broadcast_cancelled(self, lang: str) -> Answer:
        """The preview after the admin pressed cancel."""
        return Answer(
            "broadcast_preview", contexts.BroadcastPreviewContext(None, "", (), True), lang
        )

    def broadcast_progress(self, context: contexts.BroadcastProgressContext, lang: str) -> Answer:
        """A campaign's progress line (edited in place while it is sent)."""
        return Answer("broadcast_progress", context, lang)

    def broadcast_report(self, context: contexts.BroadcastReportContext, lang: str) -> Answer:
        """A campaign's final report."""
        return Answer("broadcast_report", context, lang)

    def refused(
        self, reason: contexts.RefusedReason, lang: str, *, choices: Sequence[str] = ()
    ) -> Answer:
        """Why a command was not carried out (see ``contexts.RefusedContext``)."""
        return Answer("refused", contexts.RefusedContext(reason, tuple(choices)), lang)
