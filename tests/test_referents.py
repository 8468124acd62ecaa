"""Messages that point back to what the conversation showed (issue #12): "has anyone been
released under it" after the latest news, a bare "qué puedo hacer" after a case, and "what can I
do" on its own. End to end through the real application and the fake Bot API on the real content,
then the answer layer's memory of the case offered first among choices."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import knowledge
from bot.answer import Memory
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.conftest import Bot, running_bot
from tests.faketelegram import FakeTelegram
from tests.journeysteps import TODAY, Ask, Journey, play


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({"ORG_NAME": "Colectivo de prueba"}), today=TODAY)


@pytest.fixture
async def memoria(
    fake_telegram: FakeTelegram, real: Knowledge, tmp_path: Path
) -> AsyncIterator[Bot]:
    async with running_bot(fake_telegram, real, tmp_path, ORG_NAME="Colectivo de prueba") as bot:
        yield bot


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
    memoria: Bot, real: Knowledge, name: str
) -> None:
    assert await play(memoria, real, CONVERSATIONS[name], with_gaps=True) == []


@pytest.mark.parametrize(("text", "lang"), [("what can i do", "en"), ("qué puedo hacer", "es")])
def test_what_can_i_do_alone_offers_the_relatives_topic_first(
    real: Knowledge, text: str, lang: str
) -> None:
    answer = real.answerer.ask(text, lang)
    assert (answer.kind, answer.item_id) == ("suggestions", "familiares-que-hacer")


def test_the_case_offered_first_among_choices_is_remembered(real: Knowledge) -> None:
    answerer = real.answerer
    text = "mi tío desapareció en huanta en 1984, qué puedo hacer"
    answer = answerer.ask(text, "es")
    offered = [b.data for row in answer.buttons for b in row]
    assert "i:huanta-1984" in offered
    assert answerer.remember(Memory(), text, answer).last_case == "huanta-1984"


def test_without_a_memory_a_pronoun_is_asked_as_it_is(real: Knowledge) -> None:
    said = "has anyone actually been released under it"
    assert real.answerer.ask(said, "en", Memory()) == real.answerer.ask(said, "en")
