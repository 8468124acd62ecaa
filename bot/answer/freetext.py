"""Decide what to say to a free-text message. Knows nothing of Telegram or templates.

``reading`` finds the question inside the message; this module picks one honest outcome:
- a direct answer, when the best item is confident enough for its margin over the runner-up
  (``Confidence``): a wrong topic sent as an answer is worse than a "did you mean";
- a "did you mean" with two or three choices, when close;
- "not understood" with the closest topics, for a question about what Memoria covers that is
  still unclear (never "I only answer about the amnesty" to a question about the amnesty);
- the scope and the menu button, for a question about something else (another amnesty too);
- a short kind reply to greetings, thanks, feelings and acknowledgements ("ok", "👍", "🙏");
- the closest of the opinion topics, for an opinion on what it covers ("esa ley es buena").
A relative who tells of a loss gets one sober sentence first (``Answer.acknowledge``); when they
ask what to do, the answer is a topic and the case their story names is a button.
``said`` answers what needs no search first; ``outcomes`` builds the answer once this module
has decided which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from bot.answer.aftercase import AfterCase
from bot.answer.buttons import Buttons
from bot.answer.caselists import CaseLists
from bot.answer.clausal import clearest
from bot.answer.confidence import SUGGEST_THIRD, Confidence
from bot.answer.contexts import SuggestionsContext, UnclearContext
from bot.answer.elsewhere import Elsewhere
from bot.answer.likely import Likely
from bot.answer.model import Answer
from bot.answer.opinions import Opinions, expand
from bot.answer.outcomes import Outcomes, Rows, acknowledged
from bot.answer.reading import Reader
from bot.answer.readings import Reading
from bot.answer.referents import Referent
from bot.answer.said import Said
from bot.answer.smalltalk import Smalltalk
from bot.answer.standing import Standing
from bot.content import Content
from bot.index import Index, Match, Query

# What people say to the bot rather than ask of it.
REACTIONS = frozenset({"thanks", "blessing", "feeling", "complaint", "acknowledgement", "bye"})
# A message of more than this many words does not acknowledge by an acknowledgement alone.
PASSING_WORDS = 15
PASSING = frozenset({"acknowledgement"})
# A case named in a relative's story is offered as a button from this confidence.
CASE_BUTTON_AT = 0.3
CASE_BUTTONS = 2
# A relative's question is offered the closest topics from this confidence on (off-topic
# below it: "mi hermano tiene una deuda con el banco" is still off-topic), and with two core
# notions, never declined for what the labelled messages say.
RELATIVE_UNCLEAR_AT = 0.45


class FreeText:
    """Answers free text over one Content and its Index."""

    def __init__(
        self,
        content: Content,
        index: Index,
        buttons: Buttons,
        case_lists: CaseLists,
        *,
        item: Callable[[str, str], Answer],
        help_: Callable[[str], Answer],
        confidence: Confidence | None = None,
        cue: Callable[[str], str | None] = lambda text: None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.index = index
        self.buttons = buttons
        self.confidence = confidence or Confidence()
        # "que puede hacer mi familia" -> "que puedo hacer" (``Referents.cue``), or None.
        self.cue = cue
        self.reader = Reader(
            content.intents,
            known=index.typos.known,
            named=lambda text: index.anchors(text) > 0,
            specific=index.specific,
        )
        self.smalltalk = Smalltalk.of(content.intents)
        self.topic_ids = frozenset(content.topics)
        self.loss_topics = expand(content.loss_topics, list(content.topics))
        self.outcomes = Outcomes(buttons, item, today)
        self.opinions = Opinions(content, index, buttons, self.outcomes)
        self.standing = Standing(content, index)
        self.said = Said(index, case_lists, self.smalltalk, self.outcomes, help_)
        self.likely = Likely(index)
        self.elsewhere = Elsewhere(index, self.confidence)
        self.after_case = AfterCase(index, buttons, self.confidence, self.outcomes, self.topic_ids)

    def ask(
        self,
        text: str,
        lang: str,
        referent: Referent | None = None,
        *,
        only_what_to_do: bool = False,
    ) -> Answer:
        """Answer a free-text message (pointing back to ``referent``, when given;
        ``only_what_to_do``: it only asks what to do, "qué puedo hacer")."""
        reading = self.reader.read(text)
        said = self.said.answer(reading, text, lang, referent)
        if said is not None:
            return said
        # Read once; searched again for topics only or opinions only.
        # An introduction that names the conflict ("investigo sobre Putis") says what about.
        intro = reading.introduction if self.index.anchors(reading.introduction) else ""
        told = " ".join(filter(None, (reading.context, intro, referent.words if referent else "")))
        query = self.index.query(reading.focus, told)
        matches, clause = clearest(
            self.index, reading, told, self.index.search(query), self.confidence.suggest
        )
        matches = self.standing.first(reading, query, matches)
        if reading.opinion and self.opinions.ids and query.anchors:
            return self.opinions.answer(query, matches, lang, self.confidence)
        if self._reacted(reading, query, text, matches):
            return self._reply(reading, lang)
        rows: Rows = ()
        # "...se lo llevaron en Totos. ¿Qué se sabe de ese caso?", "en Socos mataron a...,
        # ¿es verdad eso?": a question about the case the story names is answered with the
        # case, not with what relatives can do ("¿qué puedo hacer?" still is).
        cue = next((c for q in reading.questions if (c := self.cue(q))), None)
        named = bool(matches) and matches[0].item_id in query.cases
        about = named and not cue and (not reading.bare or "reference" in reading.kinds)
        if referent is not None and referent.case is not None:
            return self.after_case.answer(reading, referent.case, text, matches, lang)
        if reading.loss and (reading.bare or reading.told or cue) and not about:
            matches, rows = self._as_relative(reading.focus, told, cue, query, matches, lang)
        # "qué puedo hacer" alone, with nothing told nor shown before: its topics, to choose
        # from (it may be a relative's question, or a supporter's, or a student's).
        alone = only_what_to_do and referent is None
        alone = alone or (clause and not self.confidence.sure_of(matches))
        return self._decide(reading, query, text, matches, lang, rows, alone=alone)

    def _decide(
        self,
        reading: Reading,
        query: Query,
        text: str,
        matches: Sequence[Match],
        lang: str,
        rows: Rows,
        *,
        alone: bool = False,
    ) -> Answer:
        level = self.confidence
        best = matches[0].confidence if matches else 0.0
        direct = bool(matches) and level.direct(matches) and not alone
        if self.elsewhere(reading, query, text, matches, direct):
            return self.outcomes.off_topic(text, lang)
        settled = direct and level.sure_of(matches)  # an example question or a name: final
        likely, ordered, off = self.likely.read(text, matches, query.cases, settled)
        other = direct and self.likely.overrules(likely, matches)
        declined = ordered if likely else ()
        kin = reading.relative and query.anchors > 1 and best >= RELATIVE_UNCLEAR_AT
        if off and not direct and not (reading.loss or query.subject or kin):
            return self._scope(reading, text, lang)
        if direct and not other:
            answer = self.outcomes.item(matches[0], lang, rows)
        elif reading.mourns(text):
            return self._reply(reading, lang)
        elif not other and self._about_else(reading, query, matches):
            return self._scope(reading, text, lang, declined)
        elif other or best >= level.suggest:
            third = level.suggest * SUGGEST_THIRD
            context = SuggestionsContext(text)
            answer = self.outcomes.choices(
                "suggestions", context, ordered, lang, rows, third=third
            )
        elif reading.greeted(query.anchors):
            answer = self.outcomes.smalltalk("greeting", lang)
        elif matches and self._unclear(reading, query, matches):
            answer = self.outcomes.choices(
                "unclear", UnclearContext(text), ordered, lang, rows, third=level.unclear
            )
        elif "opinion" in reading.kinds and self.opinions.ids:
            # An argument with a question in it ("los caviares de la Corte IDH, ¿por qué
            # tenemos que obedecerles?"): the arguments and myths it is closest to.
            asking = text if reading.questions else None
            return self.opinions.answer(query, matches, lang, self.confidence, asking=asking)
        else:
            return self._scope(reading, text, lang, declined)
        return acknowledged(answer, acknowledge="loss") if reading.loss else answer

    def _scope(
        self, reading: Reading, text: str, lang: str, likely: Sequence[Match] = ()
    ) -> Answer:
        """The scope, for a message about something else; one that ends by thanking, blessing
        or taking leave and asks nothing outright ("gracias hijito, que diosito les dé
        salud") gets a kind reply; one the labelled messages make an item at least twice as
        likely for (``likely``, that item first) gets a "not understood" with it first."""
        if likely:
            context = UnclearContext(text)
            return self.outcomes.choices("unclear", context, likely, lang, (), third=1.0)
        if reading.parting(text) or reading.unasked_loss:
            return self._reply(reading, lang)
        return self.outcomes.off_topic(text, lang)

    def _reply(self, reading: Reading, lang: str) -> Answer:
        """A short kind reply; to a loss told with nothing asked ("hoy mi papá cumpliría 80
        años, nunca lo encontramos"), one sober sentence and the topics relatives may want."""
        if reading.unasked_loss:
            return self.outcomes.condolence(self.loss_topics, lang)
        return self.outcomes.smalltalk(self.smalltalk.reply(reading.kinds), lang)

    def _reacted(self, reading: Reading, query: Query, text: str, matches: list[Match]) -> bool:
        """Whether a message is said to the bot, not asked of it ("gracias, me sirvió mucho
        lo de Putis", "tengo mucha rabia con esta ley"). Naming nothing of the knowledge base
        ("gracias, me hizo llorar. 40 años y seguimos esperando"), only an example question is
        asked; nor is a wish that reads like a question, in a message that ends by thanking or
        blessing ("…que no se olviden de los que se llevaron. Que diosito les dé salud")."""
        parting = reading.parting(text) and not query.anchors
        # A loss told is read, unless it is only told to be said ("...mi abuelo sigue sin
        # aparecer. Solo quería escribirlo en algún lado").
        told = not reading.loss or reading.mourns(text)
        # Not a feeling about today's matter naming nothing of ours ("se perdió mi perrito 😭").
        reacted = (not reading.questions or parting) and told and not reading.elsewhere(query)
        # An acknowledgement in passing ("...no entendí bien...") in a longer message is none.
        said = reading.said if len(text.split()) <= PASSING_WORDS else reading.said - PASSING
        if not (reacted and said & REACTIONS):
            return False
        answered = self.confidence.direct if query.anchors else self.confidence.sure_of
        return not (matches and answered(matches))

    def _about_else(self, reading: Reading, query: Query, matches: Sequence[Match]) -> bool:
        """Whether a message not answered directly is about something else: naming no core
        notion nor relative, sharing only common words with the best match ("quién es el
        presidente del Perú"). Not a bare cue ("qué puedo hacer"): its topics, to choose from;
        nor a question this close to an example ("how many members does Peru's Congress have")."""
        best = matches[0].confidence if matches else 0.0
        if query.anchors or reading.relative or reading.bare or best >= self.confidence.clear:
            return False
        rarest = self.index.evidence(query, matches[0].item_id) if matches else 0
        return not self.confidence.specific(rarest)

    def _unclear(self, reading: Reading, query: Query, matches: Sequence[Match]) -> bool:
        """Whether a question below a "did you mean" is about what Memoria covers: the closest
        topics, to choose from, rather than the scope."""
        best = matches[0].confidence
        # A relative who asks of a loss or of the conflict ("el juicio de mi tío lleva 20 años,
        # ¿lo van a archivar?"), or tells a loss even with no question found, is never told it
        # is off-topic; a family errand ("mi abuelito quiere tramitar su pensión 65") names
        # neither, and may be.
        relative = reading.relative and (reading.loss or query.anchors > 0)
        relative = relative and bool(reading.questions or reading.loss)
        # A loss told beside a relative is one core notion more ("mi tío necesita sangre": none).
        told_loss = reading.relative and reading.loss
        asks, first = bool(reading.questions), matches[0].item_id
        # What the message names outright: a case by a name that is no town ("¿en qué fecha
        # condenaron a Fujimori?"), a word of the glossary whose meaning it asks ("el fiscal
        # dice lesa humanidad, ¿qué significa eso?").
        named = query.titled | query.defined
        # Speaking of the bot itself ("who built you?") is one core notion more, again.
        bot = query.bot and first in self.index.about_bot
        return (
            best >= self.confidence.unclear_at(query.anchors + told_loss)
            or (relative and best >= RELATIVE_UNCLEAR_AT)
            # ...nor anyone who asks about the case their message names with more of the
            # conflict ("en Socos mataron a...", "investigo sobre Putis, ¿en qué año fue?"; not
            # "buses a Huamanga en Semana Santa"), or about what it names outright.
            or ((reading.grieves or query.anchors > 1) and first in query.cases)
            or (asks and first in named)
            or (asks and bot and best >= self.confidence.unclear_at(query.anchors + 1))
            # ...nor a question about the amnesty itself ("salió una pregunta de la ley de
            # amnistía, ¿a quiénes beneficia exactamente?"): never told that Memoria only
            # answers about the amnesty.
            or (query.subject and asks and best >= self.confidence.lowest)
        )

    def _as_relative(
        self,
        focus: str,
        told: str,
        cue: str | None,
        query: Query,
        matches: Sequence[Match],
        lang: str,
    ) -> tuple[list[Match], Rows]:
        """A relative tells of a loss and asks what to do ("mi hermano desapareció en Huanta en
        1984, ¿qué puedo hacer?"): answer with a topic (what relatives can do), searched without
        the case's name and the year (the case is a button of its own); a question that only
        asks what to do is searched alone ("mi abuelo desapareció..., ¿qué puedo hacer?" is not
        about the elderly)."""
        cases = sorted(query.cases)
        if not cases:
            # No case named outright ("desapareció en Huanta en 1984"): the one the story fits.
            cases = [
                m.item_id for m in matches if m.kind == "case" and m.confidence >= CASE_BUTTON_AT
            ][:1]
        rows = tuple((self.buttons.item(c, lang),) for c in cases[:CASE_BUTTONS])
        index = self.index
        if cue is not None:
            return index.search(index.query(cue), within=self.topic_ids), rows
        unnamed = index.query(index.unnamed(focus), index.unnamed(told))
        return index.search(unnamed, within=self.topic_ids), rows
