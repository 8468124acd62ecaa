"""Every layer of a topic's or case's answer: the first message, then detail and sources.

The first layer answers in one phone screen (about 12 lines of 38 characters): a topic's
summary, or its lead when the summary is long; a case's who, when, where, what happened in two
sentences and its judicial status in one; and the one date the facts are true as of. The rest of
the text, related items and feedback are one tap away in the detail layer; at most three sources,
primary first (content/sources.yaml), in the sources layer, with every source one more tap away.
Composed into ``Answerer``; knows nothing of Telegram.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from bot.answer.buttons import Buttons
from bot.answer.contexts import (
    CaseContext,
    CaseDetailContext,
    CaseHeading,
    SourceLine,
    SourcesContext,
    TopicContext,
    TopicDetailContext,
)
from bot.answer.leads import first_sentences, lead, paragraphs
from bot.answer.model import Answer
from bot.content import Case, Content, Localized, Topic

# The first layer of a topic: the whole summary up to LEAD_CHARS characters; else its first
# paragraph up to PARAGRAPH_CHARS; else the first sentences that fit in LEAD_CHARS.
LEAD_CHARS = 330
PARAGRAPH_CHARS = 420
# The first layer of a case shows its `lead` and `status_now` when the file has them. Else: what
# happened in two sentences of the summary (the second often tells the crime itself, so both are
# shown however long), and the status as below.
WHAT_SENTENCES = 2
# The judicial status is shown whole on the first screen when it is this short. Statuses are
# written as a history (the 1990s military trial first, the latest ruling last), so no single
# sentence of a longer one can stand for "the status": the first layer points to the detail.
STATUS_CHARS = 250
# Who: a case with a `lead` says in it who the victims were, and the victims' own text waits in
# the detail layer. Without one: the victims' first sentence, and the second when both fit (a
# first sentence like "Sources differ." says little alone).
VICTIMS_CHARS = 200
# A date's closing aside ("14 May 1988 (witnesses were disappeared … until 1989)") is told in the
# detail layer: the first screen shows the date alone.
_ASIDE = re.compile(r"\s*\([^()]*\)$")
# The sources layer shows this many; the others are one more tap away.
SHOWN_SOURCES = 3


class Layers:
    """Builds each layer of an item's answer over one Content."""

    def __init__(
        self,
        content: Content,
        buttons: Buttons,
        *,
        stale_after_days: int = 120,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.content = content
        self.buttons = buttons
        self.stale_after_days = stale_after_days
        self.today = today

    def stale(self, item: Topic | Case) -> bool:
        """Whether the item's facts can change and are older than the limit, as of today."""
        as_of = item.as_of if isinstance(item, Topic) else item.status_as_of
        if not item.volatile or as_of is None:
            return False
        return (self.today() - as_of).days > self.stale_after_days

    def answer(self, item: Topic | Case, layer: str, lang: str) -> Answer:
        """The ``layer`` (summary, detail, sources or all_sources) of a topic or case."""
        if layer in ("sources", "all_sources"):
            return self._sources(item, lang, every=layer == "all_sources")
        if isinstance(item, Topic):
            return self._topic_detail(item, lang) if layer == "detail" else self._topic(item, lang)
        return self._case_detail(item, lang) if layer == "detail" else self._case(item, lang)

    # -- topics ------------------------------------------------------------------------------

    def _topic(self, topic: Topic, lang: str) -> Answer:
        summary, _ = _summary(topic, lang)
        context = TopicContext(
            title=topic.title.text(lang),
            summary=summary,
            as_of=topic.as_of,
            untranslated=_untranslated(lang, topic.title, topic.summary),
            stale=self.stale(topic),
        )
        buttons = self.buttons.first_layer(topic.id, lang, detail_label=_detail_label(topic, lang))
        return Answer("topic", context, lang, topic.id, 1.0, buttons)

    def _topic_detail(self, topic: Topic, lang: str) -> Answer:
        _, more = _summary(topic, lang)
        context = TopicDetailContext(
            title=topic.title.text(lang),
            more=more,
            detail=topic.detail.text(lang) if topic.detail else None,
            copy=topic.copy.text(lang) if topic.copy else None,
            as_of=topic.as_of,
            untranslated=_untranslated(lang, topic.title, topic.summary, topic.detail, topic.copy),
        )
        buttons = self.buttons.detail_layer(topic.id, topic.related, lang)
        return Answer("detail", context, lang, topic.id, 1.0, buttons)

    # -- cases -------------------------------------------------------------------------------

    def _case(self, case: Case, lang: str) -> Answer:
        # An editor's own lead and one-sentence status win over the sentences cut from the text.
        if case.lead:
            what = case.lead.text(lang)
        else:
            summary = case.summary.text(lang)
            what, _ = first_sentences(summary, count=WHAT_SENTENCES, chars=len(summary))
        status = case.status_now.text(lang) if case.status_now else _short(case.status.text(lang))
        context = CaseContext(
            heading=CaseHeading(
                name=case.name.text(lang),
                kind=case.kind,
                content_note=case.content_note.text(lang),
                contrast_note=_first_sentence(case.contrast_note, lang),
                date=short_date(case, lang),
                place=place_of(case),
            ),
            victims=None if case.lead else _victims(case, lang),
            # Two sentences of two paragraphs read as one on the first screen.
            what=" ".join(paragraphs(what)),
            status=status,
            status_as_of=case.status_as_of,
            untranslated=_untranslated(
                lang,
                case.name,
                case.lead or case.summary,
                case.status_now or case.status,
                case.victims,
                case.content_note,
            ),
            stale=self.stale(case),
        )
        buttons = self.buttons.first_layer(case.id, lang, detail_label="layers.detail")
        return Answer("case", context, lang, case.id, 1.0, buttons)

    def _case_detail(self, case: Case, lang: str) -> Answer:
        context = CaseDetailContext(
            heading=CaseHeading(
                name=case.name.text(lang),
                kind=case.kind,
                content_note=case.content_note.text(lang),
                contrast_note=case.contrast_note.text(lang) if case.contrast_note else None,
                date=case.date.text(lang),
                place=place_of(case),
            ),
            victims=case.victims.text(lang),
            summary=case.summary.text(lang),
            status=case.status.text(lang),
            status_as_of=case.status_as_of,
            amnesty=case.amnesty.text(lang) if case.amnesty else None,
            iachr=case.iachr.text(lang) if case.iachr else None,
            untranslated=_untranslated(
                lang,
                case.name,
                case.summary,
                case.status,
                case.victims,
                case.content_note,
                case.amnesty,
                case.iachr,
            ),
        )
        buttons = self.buttons.detail_layer(case.id, case.related, lang)
        return Answer("detail", context, lang, case.id, 1.0, buttons)

    # -- sources -----------------------------------------------------------------------------

    def _sources(self, item: Topic | Case, lang: str, *, every: bool) -> Answer:
        sites = self.content.sites
        ranked = sites.rank(item.sources)
        shown = ranked if every else ranked[:SHOWN_SOURCES]
        title = item.title if isinstance(item, Topic) else item.name
        context = SourcesContext(
            title=title.text(lang),
            sources=tuple(SourceLine(s.title, s.url, s.date, sites.language(s)) for s in shown),
            more=len(ranked) - len(shown),
            reviewed=item.reviewed,
            start=item.id,
        )
        detail = _detail_label(item, lang) if isinstance(item, Topic) else "layers.detail"
        buttons = self.buttons.sources_layer(
            item.id, lang, every=len(ranked) if context.more else None, detail_label=detail
        )
        return Answer("sources", context, lang, item.id, 1.0, buttons)


def _summary(topic: Topic, lang: str) -> tuple[str, str]:
    """A topic's summary as ``(first layer, rest for the detail layer)``."""
    return lead(topic.summary.text(lang), chars=LEAD_CHARS, paragraph_chars=PARAGRAPH_CHARS)


def _detail_label(topic: Topic, lang: str) -> str | None:
    """The label key of a topic's detail button, or None when its detail layer would be empty.

    A topic whose only extra is a text to copy says so; one with nothing but related items
    offers them.
    """
    if _summary(topic, lang)[1] or topic.detail:
        return "layers.detail"
    if topic.copy:
        return "layers.copy"
    return "buttons.related" if topic.related else None


def _victims(case: Case, lang: str) -> str:
    return first_sentences(case.victims.text(lang), count=2, chars=VICTIMS_CHARS)[0]


def _short(text: str) -> str | None:
    """``text`` when it is short enough for the first screen, else None."""
    return text if len(text) <= STATUS_CHARS else None


def _first_sentence(text: Localized | None, lang: str) -> str | None:
    return first_sentences(text.text(lang), count=1, chars=0)[0] if text else None


def short_date(case: Case, lang: str) -> str:
    """A case's date as its first screen (and its card) shows it: without its closing aside."""
    return _ASIDE.sub("", case.date.text(lang))


def place_of(case: Case) -> str:
    """Where a case happened, smallest place first, each name once."""
    place = [p for p in (case.place.district, case.place.province, case.place.department) if p]
    return ", ".join(dict.fromkeys(place))


def _untranslated(lang: str, *texts: Localized | None) -> bool:
    """Whether any text of an item is shown in Spanish because ``lang`` has no translation."""
    return any(text is not None and not text.has(lang) for text in texts)
