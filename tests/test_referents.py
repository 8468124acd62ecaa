"""Messages that point back to what the conversation showed (issue #12): "has anyone been
released under it" after the latest news, a bare "qué puedo hacer" after a case, and "what can I
do" on its own. End to end through the real application and the fake Bot API on the real content,
then the answer layer's memory of the case offered first among choices."""

from __future__ import annotations

import pytest

from bot.answer import Memory
from bot.answer.contexts import SmalltalkContext
from bot.knowledge import Knowledge
from tests.conftest import Bot
from tests.journeysteps import Ask, Journey, play

CONVERSATIONS = {
    "a pronoun for the amnesty": Journey(
        "en",
        (
            Ask("what is the latest on the amnesty", "estado-actual"),
            Ask("has anyone actually been released under it", "liberaciones"),
        ),
    ),
    "what to do after a case": Journey(
        "es",
        (
            Ask("que paso en putis", "putis"),
            Ask("y ahora que puedo hacer?", "familiares-que-hacer", offers=("putis",)),
        ),
    ),
    "a claim checked after its answer": Journey(
        "es",
        (
            Ask("la amnistia libera a los terroristas?", "mito-terroristas"),
            Ask("¿es verdad eso?", "mito-terroristas"),
        ),
    ),
    "a short question after a case": Journey(
        "es",
        (
            Ask("que paso en accomarca", "accomarca"),
            Ask("¿hubo juicio?", "accomarca"),
            Ask("y cuantos murieron?", "accomarca"),
        ),
    ),
    "what to do after a case, in English": Journey(
        "en",
        (
            Ask("tell me about accomarca", "accomarca"),
            Ask("what can I do", "familiares-que-hacer", offers=("accomarca",)),
        ),
    ),
}


@pytest.mark.parametrize("name", list(CONVERSATIONS))
async def test_a_message_pointing_back_is_read_with_what_was_shown(
    memoria: Bot, shipped: Knowledge, name: str
) -> None:
    assert await play(memoria, shipped, CONVERSATIONS[name], with_gaps=True) == []


@pytest.mark.parametrize(("text", "lang"), [("what can i do", "en"), ("qué puedo hacer", "es")])
def test_what_can_i_do_alone_offers_the_relatives_topic_first(
    shipped: Knowledge, text: str, lang: str
) -> None:
    answer = shipped.answerer.ask(text, lang)
    assert (answer.kind, answer.item_id) == ("suggestions", "familiares-que-hacer")


def test_the_case_offered_first_among_choices_is_remembered(shipped: Knowledge) -> None:
    answerer = shipped.answerer
    text = "mi tío desapareció en huanta en 1984, qué puedo hacer"
    answer = answerer.ask(text, "es")
    offered = [b.data for row in answer.buttons for b in row]
    assert "i:huanta-1984" in offered
    assert answerer.remember(Memory(), text, answer).last_case == "huanta-1984"


def test_without_a_memory_a_pronoun_is_asked_as_it_is(shipped: Knowledge) -> None:
    said = "has anyone actually been released under it"
    assert shipped.answerer.ask(said, "en", Memory()) == shipped.answerer.ask(said, "en")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿es verdad eso?", "es"),
        ("¿qué pasó ahí?", "es"),
        ("is that true?", "en"),
        ("¿es cierto?", "es"),
        ("is it true?", "en"),
    ],
)
def test_pointing_back_at_nothing_asks_which_topic(
    shipped: Knowledge, text: str, lang: str
) -> None:
    answer = shipped.answerer.ask(text, lang)
    assert answer.kind == "smalltalk"
    assert isinstance(answer.context, SmalltalkContext)
    assert answer.context.kind == "which"
