"""Answer an opinion or an argument ("esa ley es buena", "los caviares de la Corte IDH, ¿por qué
tenemos que obedecerles?") with the arguments and myths topics it is closest to, stated fairly
(``content/intents.yaml``: ``opinion_topics``). Knows nothing of how a message is read."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.buttons import Buttons
from bot.answer.confidence import Confidence
from bot.answer.contexts import OpinionContext, UnclearContext
from bot.answer.model import Answer
from bot.answer.outcomes import Outcomes
from bot.content import Content
from bot.index import Index, Match, Query


class Opinions:
    """The opinion topics of one Content, and how an opinion is answered with them."""

    def __init__(
        self,
        content: Content,
        index: Index,
        buttons: Buttons,
        outcomes: Outcomes,
    ) -> None:
        self.index = index
        self.buttons = buttons
        self.outcomes = outcomes
        self.ids = expand(content.opinion_topics, list(content.topics))

    def answer(
        self,
        query: Query,
        overall: Sequence[Match],
        lang: str,
        confidence: Confidence,
        *,
        asking: str | None = None,
    ) -> Answer:
        """The closest opinion topic when clear; else the opinion topics to choose from, the
        closest first. Anything else clearly closer (``overall``, the search of every item:
        "ustedes son una ONG caviar" is about who runs Memoria) is answered first. ``asking``:
        the message, when it asks something; an argument that asks of something else the
        knowledge base covers ("la CVR inventó las cifras, ¿de dónde sacaron 70 mil
        muertos?") is offered what it asks about first."""
        if overall and confidence.direct(overall):
            return self.outcomes.item(overall[0], lang, ())
        if (
            asking is not None
            and overall
            and query.anchors
            and overall[0].item_id not in self.ids
            and overall[0].confidence >= confidence.lowest
        ):
            context = UnclearContext(asking)
            return self.outcomes.choices(
                "unclear", context, overall, lang, (), third=confidence.lowest
            )
        matches = self.index.search(query, within=self.ids)
        if matches and confidence.direct(matches):
            return self.outcomes.item(matches[0], lang, ())
        chosen = [m.item_id for m in matches if m.confidence >= confidence.lowest]
        chosen += [i for i in self.ids if i not in chosen]
        rows = tuple((self.buttons.item(i, lang),) for i in chosen[:3])
        score = matches[0].confidence if matches else 0.0
        return Answer(
            "opinion",
            OpinionContext(),
            lang,
            chosen[0],
            score,
            (*rows, *self.buttons.menu_row(lang)),
        )


def expand(names: Sequence[str], topic_ids: Sequence[str]) -> tuple[str, ...]:
    """Opinion topic ids in the order content/intents.yaml lists them, families expanded."""
    found: list[str] = []
    for name in names:
        if name.endswith("*"):
            found += sorted(t for t in topic_ids if t.startswith(name[:-1]))
        elif name in topic_ids:
            found.append(name)
    return tuple(dict.fromkeys(found))
