"""Reading a whole message: clauses, what is set aside, the question, the story, a loss.

The vocabulary is the repository's own content/intents.yaml (the sample tree shares it).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import knowledge
from bot.answer.reading import Reader
from bot.answer.vocabulary import Vocabulary
from bot.config import Settings
from bot.index import words
from bot.index.text import ends
from bot.knowledge import Knowledge
from tests.contenttrees import build_tree


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    root = build_tree(tmp_path_factory.mktemp("reading"))
    return knowledge.load(Settings.from_env({"CONTENT_DIR": str(root)}), today=date(2026, 12, 5))


@pytest.fixture(scope="module")
def reader(sample: Knowledge) -> Reader:
    return sample.answerer.free_text.reader


# -- clauses and the question ---------------------------------------------------------------


def test_the_clause_that_asks_is_the_question_and_the_rest_is_its_story(reader: Reader) -> None:
    reading = reader.read("me pasaron un audio en whatsapp. ¿con esta ley liberan a los presos?")
    assert reading.focus == "con esta ley liberan a los presos"
    assert reading.context == "me pasaron un audio en whatsapp"
    assert reading.questions == ("con esta ley liberan a los presos",)


def test_a_question_phrase_inside_a_clause_starts_a_new_clause(reader: Reader) -> None:
    reading = reader.read(
        "mi hermano desaparecio en 1984 en huanta y quisiera saber donde buscarlo"
    )
    assert reading.questions == ("quisiera saber donde buscarlo",)
    # The question says little of its own ("buscarlo"): it is read with its story.
    assert reading.told
    assert reading.focus.startswith("mi hermano desaparecio en 1984 en huanta")


def test_a_question_word_after_an_introduction_in_one_clause_starts_the_question(
    reader: Reader,
) -> None:
    reading = reader.read(
        "soy estudiante de la unsch y tengo que exponer cuando se publico la ley?"
    )
    assert reading.questions == ("cuando se publico la ley",)


def test_a_relative_clause_is_no_question(reader: Reader) -> None:
    reading = reader.read("me llego un audio que dice que liberan a todos")
    assert reading.questions == ()


def test_a_bare_question_is_read_with_the_story_before_it(reader: Reader) -> None:
    reading = reader.read("mataron a mi papa en accomarca en 1985, que puedo hacer")
    assert reading.bare
    assert reading.focus == "mataron a mi papa en accomarca en 1985 que puedo hacer"
    assert reading.context == ""


def test_a_question_pointing_back_is_read_with_its_story(reader: Reader) -> None:
    reading = reader.read(
        "mi abuelo era de lucanamarca. esa matanza tambien entra en la amnistia?"
    )
    assert reading.told
    assert reading.focus.startswith("mi abuelo era de lucanamarca")


def test_chat_spellings_are_read_as_words(reader: Reader) -> None:
    assert reader.read("q paso en putis?").questions == ("que paso en putis",)


def test_a_long_message_is_cut_into_bounded_clauses(reader: Reader) -> None:
    story = "nos contaron lo que paso en esos años en la comunidad " * 60
    reading = reader.read(f"{story}. que dice la norma de prueba?")
    assert reading.questions == ("que dice la norma de prueba",)
    assert len(reading.context.split()) <= 60
    assert len(reading.focus.split()) <= 40


def test_a_very_long_message_is_read_by_its_opening_and_its_end(reader: Reader) -> None:
    opening = "buenas noches, mi hermano desaparecio en 1984 y nunca lo encontramos."
    middle = " ".join(["y despues fuimos a la ciudad a buscar trabajo y nadie nos ayudo."] * 60)
    text = f"{opening} {middle} que puedo hacer ahora?"
    assert 3900 < len(text) <= 4096
    reading = reader.read(text)
    # Who was lost, told at the start, and the question at the end are both read.
    assert reading.relative
    assert reading.loss
    assert reading.questions == ("que puedo hacer ahora",)
    # A message of up to 2,000 characters is read whole.
    assert ends(text[:1900]) == text[:1900]
    assert len(ends(text)) <= 2001


# -- what is set aside ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "buenas noches disculpe la molestia, que dice la norma de prueba?",
        "Hi, I'm a journalist based in Madrid. What does the test rule say?",
        "hola soy estudiante de la unsch y tengo que exponer, que dice la norma de prueba?",
        "holaaa, diosito le pague. que dice la norma de prueba? gracias",
    ],
)
def test_greetings_apologies_introductions_and_thanks_are_set_aside(
    reader: Reader, text: str
) -> None:
    reading = reader.read(text)
    assert reading.focus in ("que dice la norma de prueba", "what does the test rule say")
    assert not {"hola", "hi", "disculpe", "molestia", "gracias", "pague"} & set(
        reading.context.split()
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ok", "acknowledgement"),
        ("👍🏽👍🏽", "acknowledgement"),
        ("ya entendi", "acknowledgement"),
        ("🙏", "thanks"),
        ("gracias hijito dios te bendiga", "blessing"),
        ("que pena", "feeling"),
        ("buenas noches memoria", "greeting"),
        ("gracias hijita, q diosito te de mucha salud", "blessing"),
        ("que dios te acompañe siempre", "blessing"),
        ("ni olvido ni perdon", "feeling"),
        ("hello? anyone there?", "greeting"),
        ("nos vemos mañana memoria", "bye"),
        ("sorry, wrong chat", "apology"),
        ("me dio mucha pena leer eso", "feeling"),
        ("sigues ahi?", "greeting"),
        ("allinllachu", "greeting"),
        ("yupaychayki mamita", "thanks"),
        ("son lo maximo", "thanks"),
        ("asi sea", "blessing"),
        ("oki doki", "acknowledgement"),
        ("me da mucha pena todo esto", "feeling"),
    ],
)
def test_a_message_of_only_set_aside_words_is_chat(reader: Reader, text: str, kind: str) -> None:
    reading = reader.read(text)
    assert reading.chat
    assert kind in reading.kinds


@pytest.mark.parametrize(
    "text", ["sobre memoria", "gracias a la ley salieron libres", "ya salio algun militar libre"]
)
def test_words_that_only_look_like_chat_are_kept(reader: Reader, text: str) -> None:
    reading = reader.read(text)
    assert not reading.chat
    assert "thanks" not in reading.said
    assert "acknowledgement" not in reading.said


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "me pasaron un audio en whatsapp que dice que con esta ley liberan a los "
            "terroristas, es verdad?",
            "con esta ley liberan a los terroristas",
        ),
        (
            "en el pueblo dicen q ya no van a buscar a los desaparecidos, es cierto?",
            "ya no van a buscar",
        ),
        ("my cousin sent me a video saying that the amnesty freed everyone. true?", "the amnesty"),
        (
            "me mandaron un video en tiktok donde dicen que la corte ya anulo la ley, es cierto?",
            "la corte ya anulo la ley",
        ),
    ],
)
def test_a_rumour_is_read_from_its_claim_not_its_carrier(
    reader: Reader, text: str, claim: str
) -> None:
    """The claim is the question; the carrier is only its story."""
    reading = reader.read(text)
    assert claim in reading.focus
    assert not {"audio", "whatsapp", "pueblo", "video", "sent"} & set(reading.focus.split())
    assert "hearsay" in reading.said


def test_a_question_about_a_rumour_told_earlier_is_read_with_its_claim(reader: Reader) -> None:
    """'¿es cierto lo que dice el audio?' asks about the claim the message passed on, however
    much is told between them."""
    reading = reader.read(
        "Un audio que circula dice que el caso de las esterilizaciones forzadas ya se archivo. "
        "Mi tia fue una de esas mujeres, en Anta, y esta muy triste. "
        "Es cierto lo que dice el audio?"
    )
    assert reading.focus.startswith("el caso de las esterilizaciones forzadas ya se archivo")
    assert "triste" not in reading.focus
    # A claim the question does not ask about is only part of the story.
    reading = reader.read(
        "en 1997 en la posta le hicieron la ligadura sin su permiso, le dijeron q era una "
        "vacuna. y eso tambien entra?"
    )
    assert not reading.focus.startswith("era una vacuna")


@pytest.mark.parametrize(
    "text",
    [
        "que dice la ley de amnistia",
        "ya nadie dice que",
        "por que dicen que los juicios demoran tanto",
        "why do they say the trials take too long",
    ],
)
def test_a_question_about_what_is_said_keeps_its_words(reader: Reader, text: str) -> None:
    """'qué dice la ley' asks what the law says, '¿por qué dicen que…?' about the saying; a
    carrier with no claim after it is kept."""
    reading = reader.read(text)
    assert "hearsay" not in reading.said
    assert reading.focus.split()[-1] == text.split()[-1]


def test_a_word_asked_about_is_a_whole_question(reader: Reader) -> None:
    """'amnistía, ¿qué quiere decir?' has one word of its own: it is not read with the story
    around it; '¿qué es eso?' has none, and is."""
    reading = reader.read("disculpe, amnistia q quiere decir? todos hablan de eso en la radio")
    assert reading.focus == "amnistia que quiere decir"
    assert reader.read("en la radio hablan de la amnistia. que es eso?").told


def test_a_definition_asked_after_an_introduction_is_the_question(reader: Reader) -> None:
    """'soy profesora ... y mis alumnos me preguntan qué es la ley de amnistía': the
    introduction is set aside, the definition asked is the question, with no '?' needed."""
    reading = reader.read("soy profesora y mis alumnos me preguntan que es la ley de amnistia")
    assert reading.focus == "que es la ley de amnistia"


def test_a_verb_that_opens_a_question_is_what_it_asks(reader: Reader) -> None:
    """'¿beneficia a los ronderos?' asks about benefiting: the verb is the question's own word,
    unlike a question word ('¿quiénes?'), so the question is not bare."""
    reading = reader.read("beneficia a los ronderos?")
    assert reading.questions
    assert not reading.bare
    assert reader.read("y eso a quienes?").bare


def test_an_opinion_said_as_a_statement_is_recognised(reader: Reader) -> None:
    assert reader.read("los militares defendieron al pais").opinion
    assert not reader.read("los militares defendieron al pais? por que los juzgan?").opinion


# -- signals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "mi hermano desaparecio en 1984",
        "mataron a mi papa en accomarca",
        "a mi tio se lo llevaron los soldados",
        "my brother disappeared in 1983",
        "mi abuelito murio en la violencia",
    ],
)
def test_a_relative_close_to_a_loss_is_a_loss(reader: Reader, text: str) -> None:
    reading = reader.read(text)
    assert reading.relative
    assert reading.loss


@pytest.mark.parametrize(
    "text",
    [
        "mi tio militar esta condenado y tiene 72 anos",
        "mi tio es militar retirado y esta procesado por un caso donde murio un campesino",
        "el militar que desaparecio a tantos esta libre",
        # A death of natural causes, told in the same clause, is no loss of the conflict.
        "mi abuelito murio sin testamento y mis tios pelean el terreno",
        "mi tio murio de cancer el año pasado, que hago con sus deudas",
        "my uncle died of cancer last year",
    ],
)
def test_no_loss_is_read_into_a_relative_without_one(reader: Reader, text: str) -> None:
    assert not reader.read(text).loss


def test_vocabulary_allows_stretched_letters_diminutives_and_one_typo() -> None:
    vocabulary = Vocabulary(
        {"thanks": {"es": ("gracias", "dios le pague")}}, ["thanks"], known=frozenset({"claro"})
    )
    assert [s.intent for s in vocabulary.spans(words("graciaaas"))] == ["thanks"]
    assert [s.intent for s in vocabulary.spans(words("diosito le pague"))] == ["thanks"]
    assert [s.intent for s in vocabulary.spans(words("grasias"))] == ["thanks"]
    assert vocabulary.spans(words("garcia")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I'm a journalist based in Madrid. What has the Inter-American Court said about it?",
        "hola, soy periodista de un medio de Lima. ¿qué ha dicho la corte idh?",
    ],
)
def test_an_introduction_after_a_greeting_is_not_the_questions_context(
    reader: Reader, text: str
) -> None:
    read = reader.read(text)
    assert "journalist" not in read.context
    assert "periodista" not in read.context
    assert "corte" in read.focus or "court" in read.focus


def test_a_thin_question_naming_a_core_notion_is_read_alone(sample: Knowledge) -> None:
    reader = sample.answerer.free_text.reader
    read = reader.read("dicen que la onu amenazo al peru. q dijo la onu?")
    assert read.focus == "que dijo la onu"
    assert "amenazo" in read.context
    # A thin question that names nothing of the knowledge base is read with its story.
    read = reader.read("dicen que en totos hubo una matanza. hubo condenados?")
    assert read.told
    assert "totos" in read.focus


def test_a_thin_question_is_read_with_the_last_clause_naming_its_subject(
    sample: Knowledge,
) -> None:
    reader = sample.answerer.free_text.reader
    read = reader.read(
        "mis alumnos preguntan si la cidh y la corte idh son lo mismo. "
        "no quiero equivocarme, cual es la diferencia?"
    )
    assert "corte idh" in read.focus
    assert "equivocarme" not in read.focus


def test_a_fear_told_beside_a_question_is_its_story(reader: Reader) -> None:
    read = reader.read("si cuento mi caso aqui se guarda? tengo miedo q lo lean los militares")
    assert read.focus == "si cuento mi caso aqui se guarda"
    assert "militares" in read.context
    assert "feeling" in read.said


@pytest.mark.parametrize(
    "text", ["tengo mucha rabia con esta ley", "tengo pena por mi papa, gracias por todo"]
)
def test_a_feeling_alone_is_said_to_the_bot(reader: Reader, text: str) -> None:
    assert reader.read(text).chat


def test_a_fear_for_a_relative_that_tells_more_is_a_story(reader: Reader) -> None:
    read = reader.read("tengo miedo de que liberen al que mato a mi hermano")
    assert not read.chat
    assert read.relative
    assert "liberen" in read.focus


PHRASES = {"a": ("uno", "uno dos tres"), "b": ("dos", "dos tres", "tres uno")}


@given(st.lists(st.sampled_from(["uno", "dos", "tres", "otro"]), max_size=12))
def test_vocabulary_finds_the_longest_phrase_at_each_word_left_to_right(said: list[str]) -> None:
    vocabulary = Vocabulary({i: {"es": p} for i, p in PHRASES.items()}, ["a", "b"])
    phrases = {tuple(t.split()): i for i, texts in PHRASES.items() for t in texts}
    expected, at = [], 0
    while at < len(said):  # the plain reading: try every length, longest first
        size = next(
            (n for n in range(len(said) - at, 0, -1) if tuple(said[at : at + n]) in phrases), 0
        )
        if size:
            expected.append((at, at + size, phrases[tuple(said[at : at + size])]))
        at += size or 1
    assert [(s.start, s.end, s.intent) for s in vocabulary.spans(said)] == expected
