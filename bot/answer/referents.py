"""What a short message points back to: "has anyone been released under it", "¿y a quiénes
alcanza eso?", "and it?" after an answer are about the topic or case shown last; a bare "qué
puedo hacer" after a case was shown is a relative's question about that case. Knows nothing of
ranking: ``freetext`` reads the message with the remembered item's title as its story.

The words come from content/intents.yaml: ``referent`` (words that point back) and
``what_to_do`` (a question that only asks what to do; every phrase is read as the first one, so
"what can I do", all of whose words are function words, is asked like "qué puedo hacer").
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer.followup import Memory
from bot.content import Case, Content, Topic
from bot.index import Index, words
from bot.index.text import group_number, intent_phrases, is_group

# A message points back only when it says at most this many words: a longer one says what it
# is about.
REFERRING_WORDS = 10
# Longer messages are neither read for what they point back to nor for a bare "what to do"
# (a 4,096-character story is not folded again just to learn it is long).
SHORT_CHARS = 160
# Right after a case, a question of at most this many words that names no other case nor the
# amnesty ("¿hubo juicio?", "¿y quién fue el responsable?") is about that case.
CASE_QUESTION_WORDS = 8


@dataclass(frozen=True, slots=True)
class Referent:
    """The remembered item a message points back to: its title's words, and its id when it
    is a case (a bare "what can I do" then asks as a relative)."""

    words: str
    case: str | None = None


class Referents:
    """Recognises messages that point back, over one Content's vocabulary."""

    def __init__(self, content: Content, index: Index) -> None:
        self.content = content
        self.index = index
        self.pointers = _phrases(content, "referent")
        self.longest = max(map(len, self.pointers), default=0)
        asked = content.intents.get("what_to_do", {})
        self.what_to_do = frozenset(_phrases(content, "what_to_do"))
        first = next((p for texts in asked.values() for p in texts), "")
        self.first = " ".join(words(first))
        filler = content.intents.get("followup_filler", {})
        self.filler = frozenset(w for texts in filler.values() for p in texts for w in words(p))

    def cue(self, text: str) -> str | None:
        """The first what-to-do phrase when ``text`` only asks what to do, else None."""
        return self.first if self.first and self.only_what_to_do(text) else None

    def only_what_to_do(self, text: str) -> bool:
        """Whether ``text`` only asks what to do ("qué puedo hacer?", "what can I do")."""
        if len(text) > SHORT_CHARS:
            return False
        found = tuple(words(text))
        return found in self.what_to_do or tuple(w for w in found if w not in self.filler) in (
            self.what_to_do
        )

    def recall(self, text: str, memory: Memory | None, lang: str) -> Referent | None:
        """The remembered item ``text`` points back to, or None."""
        if memory is None or len(text) > SHORT_CHARS:
            return None
        case = self.content.cases.get(memory.last_case or "")
        if case is not None and self.only_what_to_do(text):
            return Referent(self._words(case, lang), case.id)
        found = words(text)
        item = self.content.item(memory.last_item or "")
        if isinstance(item, Case) and self._about_case(text, found):
            return Referent(self._words(item, lang), item.id)
        if item is None or len(found) > REFERRING_WORDS or not self._points(found):
            return None
        return Referent(self._words(item, lang), item.id if isinstance(item, Case) else None)

    def _words(self, item: Topic | Case, lang: str) -> str:
        """What an item's title names: its core notions (a synonym group's first phrase, a
        case's name, a year or a law's number), else all its words. "What is the latest on
        the amnesty?" is "amnistía": "it" is the amnesty, not the latest."""
        tokens = self.index.tokens(_title(item, lang))
        groups = self.content.synonyms
        named = [
            groups[group_number(t)][0] if is_group(t) else t
            for t in tokens
            if is_group(t) or t.isdigit() or self.index.named_cases(t)
        ]
        return " ".join(named or tokens)

    def _about_case(self, text: str, found: list[str]) -> bool:
        """Whether a short question after a case is about it: it names no case and at most
        one core notion other than the amnesty ("¿y la Corte IDH?" is the court on this case;
        "¿y la amnistía?" is the amnesty)."""
        return (
            len(found) <= CASE_QUESTION_WORDS
            and not self.index.named_cases(text)
            and self.index.anchors(text) <= 1
        )

    def _points(self, found: list[str]) -> bool:
        return any(
            tuple(found[i : i + n]) in self.pointers
            for n in range(1, self.longest + 1)
            for i in range(len(found) - n + 1)
        )


def _title(item: Topic | Case, lang: str) -> str:
    return (item.name if isinstance(item, Case) else item.title).text(lang)


def _phrases(content: Content, key: str) -> frozenset[tuple[str, ...]]:
    return frozenset(p for p in intent_phrases(content.intents, key) if p)
