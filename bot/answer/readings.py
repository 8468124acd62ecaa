"""What a message says, as ``reading.Reader`` found it: a ``Reading``, for ``freetext`` to
answer. Only data and what follows from it: no vocabulary, no index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

# What a message says to take leave of the bot: one that ends so, asking nothing outright, is
# said to the bot, whatever else it tells.
PARTING = frozenset({"thanks", "blessing", "bye"})
ASKED = re.compile("[?¿]")
# What places a message today: an errand, a pastime, a matter of the present day, a chore of
# the phone or of Telegram itself.
TODAY = frozenset({"present", "errand", "app"})
# A loss told in up to this many words with nothing asked gets a condolence, not choices.
MOURNING_WORDS = 40


class Naming(Protocol):
    """What a message names of the knowledge base (``Query`` and ``Named`` both say it)."""

    @property
    def other(self) -> bool: ...

    @property
    def anchors(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Reading:
    """What a message says, for ``freetext`` to answer.

    ``focus`` is the question, ``context`` the story around it (both folded text, bounded);
    ``asked`` is what the asking clauses said, before a bare cue took its story as focus;
    ``questions`` the asking clauses one by one; ``bare``: the question is only a cue ("qué
    puedo hacer"); ``told``: it was read with the story told before it.
    ``chat``: the message holds only set-aside words (``kinds`` says which); ``said``: the
    kinds of what was set aside around the question (greeting, thanks...). ``relative``: a
    relative is named; ``loss``: close to a loss; ``closing``: the kinds of the last clause,
    when it is said to the bot ("..., que diosito les dé salud": blessing); ``left``: some of
    the message is in neither ``focus`` nor ``context``.
    ``opinion``: no clause asks and one states an opinion. ``introduced``: the message is only
    an introduction; ``introduction``: what the introductions said ("estoy investigando sobre
    Putis"), for ``freetext`` to keep as context when it names what the question is about.
    """

    focus: str
    context: str = ""
    asked: str = ""
    questions: tuple[str, ...] = ()
    chat: bool = False
    kinds: frozenset[str] = field(default_factory=frozenset)
    said: frozenset[str] = field(default_factory=frozenset)
    bare: bool = False
    told: bool = False
    relative: bool = False
    loss: bool = False
    opinion: bool = False
    introduced: bool = False
    introduction: str = ""
    # The question points back to a story the message does not tell ("¿es verdad eso?").
    dangling: bool = False
    closing: frozenset[str] = field(default_factory=frozenset)
    # Some of the message is in neither the focus nor the context (an introduction, a story
    # told far from the question).
    left: bool = False

    @property
    def around(self) -> str:
        """What the message says around its question: its story and its introductions."""
        return f"{self.context} {self.introduction}".strip()

    def parting(self, text: str) -> bool:
        """Whether the message ``text`` ends by thanking, blessing or taking leave, and asks
        nothing outright ("gracias, ¿y a qué hora abre el banco?" asks, and so does "quisiera
        saber si la ley la protege… Gracias de antemano, que Dios le bendiga")."""
        return (
            bool(self.closing & PARTING)
            and "question" not in self.kinds
            and not ASKED.search(text)
        )

    def elsewhere(self, named: Naming) -> bool:
        """Whether a message is about another amnesty ("¿hay amnistía de multas del JNE?"), or
        today's matter naming no core notion ("mi sobrina no regresa desde el sábado")."""
        return named.other or (not self.kinds.isdisjoint(TODAY) and not named.anchors)

    def greeted(self, anchors: int) -> bool:
        """ "Hi there, just trying this out", "buenas noches, soy María, de Huanta. Mi hija me
        instaló esto": greeted, not asked (a story naming more ``anchors``, core notions of
        the knowledge base, is)."""
        return self.introduced or (
            not self.questions and "greeting" in self.said and not self.loss and anchors <= 1
        )

    @property
    def unasked_loss(self) -> bool:
        """A loss told beside a relative, with no question found."""
        return self.loss and not self.questions

    def mourns(self, text: str) -> bool:
        """A loss told with a feeling and nothing asked, in a few words ("hoy mi papá cumpliría
        80 años, nunca lo encontramos"); a longer run-on asks without a question mark."""
        felt = self.unasked_loss and "feeling" in self.kinds
        return felt and len(text.split()) <= MOURNING_WORDS

    @property
    def grieves(self) -> bool:
        """A loss told beside a relative, or a killing told by anyone who asks about it
        ("mamay dice q mataron a su familia en Accomarca, explicame q paso ahi"); not a death
        of an illness."""
        told = "loss" in self.kinds and "natural" not in self.kinds
        return self.loss or (told and bool(self.questions))
