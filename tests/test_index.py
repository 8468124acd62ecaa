"""The matcher: normalisation, synonyms, typos, ranking and calibrated confidence."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot import content, knowledge
from bot.config import Settings
from bot.content import Content
from bot.index import Index, fold, guess_language
from bot.index.corpus import phrase
from bot.index.entities import proper_names
from bot.index.text import Synonyms, words
from tests.contenttrees import build_tree


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return content.load(build_tree(tmp_path_factory.mktemp("index")), today=date(2026, 11, 27))


@pytest.fixture(scope="module")
def index(sample: Content) -> Index:
    return Index(sample)


@pytest.fixture(scope="module")
def shipped() -> Index:
    """The index of the repository's own content/."""
    return knowledge.load(Settings.from_env({})).index


def test_fold_removes_case_accents_punctuation_and_emoji() -> None:
    assert fold("¿Qué es la AMNISTÍA? 😡 ¡Ñandú!") == "que es la amnistia nandu"


@given(st.text(max_size=200))
def test_folding_twice_equals_once(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_synonym_phrases_become_one_token() -> None:
    synonyms = Synonyms([["ronderos", "comites de autodefensa"], ["militares", "fuerzas armadas"]])
    assert synonyms.apply(words("los comites de autodefensa y las fuerzas armadas")) == [
        "los",
        "syn_0",
        "y",
        "las",
        "syn_1",
    ]
    assert synonyms.apply(["ronderos"]) == ["syn_0"]


@pytest.mark.parametrize("text", ["synthesis of the law", "syndrome", "syn", "syn_5", "syn5"])
def test_a_word_like_a_synonym_token_is_only_a_word(shipped: Index, text: str) -> None:
    # Group tokens are "syn_N", which no message word can be ("synthesis" once crashed it).
    query = shipped.query(text)
    assert shipped.anchors(text) == 0
    assert isinstance(shipped.search(query), list)


def test_language_is_guessed_from_function_words() -> None:
    assert guess_language("que es la ley de amnistia") == "es"
    assert guess_language("what is the amnesty law") == "en"
    assert guess_language("putis") is None


def test_exact_example_question_ranks_its_topic_first(index: Index) -> None:
    assert index.search("que dice la norma de prueba")[0].item_id == "tema-uno"


def test_typos_and_missing_accents_still_match(index: Index) -> None:
    best = index.search("q dise la nomra de pruevaa")[0]
    assert best.item_id == "tema-uno"


def test_english_question_matches(index: Index) -> None:
    assert index.search("explain the test rule to me")[0].item_id == "tema-uno"


def test_case_alias_matches_the_case(index: Index) -> None:
    best = index.search("prueba uno")[0]
    assert (best.item_id, best.kind) == ("caso-prueba", "case")


def test_unknown_words_lower_confidence(index: Index) -> None:
    on_topic = index.search("norma de prueba")[0].confidence
    off_topic = index.search("norma de futbol y recetas de cocina")[0].confidence
    assert on_topic > 0.9
    assert off_topic < 0.5


def test_nothing_known_gives_no_match(index: Index) -> None:
    assert index.search("zzzz qqqq") == []
    assert index.search("") == []


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_search_never_raises_and_ranks_in_order(text: str, index: Index) -> None:
    matches = index.search(text)
    confidences = [m.confidence for m in matches]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)


def test_markup_and_entities_are_dropped_and_code_blocks_whole(index: Index) -> None:
    assert index.normalize("<b>norma</b>&nbsp;de prueba") == ["norma", "de", "prueba"]
    assert index.normalize("<script>alert('norma')</script>") == []


def test_split_law_numbers_and_short_years_are_joined(index: Index) -> None:
    assert index.normalize("ley 32 419") == ["ley", "32419"]
    assert index.normalize("articulo 1.2") == ["articulo", "1", "2"]
    assert index.normalize("en el 85") == ["en", "el", "1985"]


def test_typo_inside_a_synonym_phrase_is_corrected_before_joining(index: Index) -> None:
    assert index.normalize("lesa umanidad") == ["lesa", "humanidad"]
    assert index.tokens("lesa umanidad") == index.tokens("lesa humanidad")


def test_short_words_are_corrected_only_by_a_changed_or_swapped_letter(index: Index) -> None:
    assert index.normalize("nomra") == ["norma"]
    assert index.correct("norm") is None
    assert index.correct("cartaa") == "carta"


def test_a_common_word_is_never_taken_for_a_typo(shipped: Index) -> None:
    # content/words: "capital" is no typo of "capitán" (a soldier: one of the conflict's core
    # notions), "jueves" none of "jueces", "pocos" none of the Socos case...
    for word in ("capital", "jueves", "pocos", "puerto", "perro"):
        assert shipped.correct(word) is None, word
    assert shipped.anchors("cual es la capital de huancavelica") == 0  # no soldier in it
    # ...while a typo of the knowledge base's own words still is one.
    assert shipped.correct("desaparesio") == "desaparecio"
    assert shipped.correct("amnistai") == "amnistia"


def test_a_natural_death_names_no_death_of_the_conflict(shipped: Index) -> None:
    # "murió" is a core notion (the conflict's dead), unless its natural cause is told with it.
    assert shipped.anchors("mi abuelo murio") == 1
    assert shipped.anchors("mi abuelo murio sin testamento") == 0
    assert shipped.anchors("my uncle died of cancer") == 0


def test_words_only_in_answer_texts_count_less_than_example_questions(index: Index) -> None:
    by_question = index.search("norma de prueba")[0]
    by_summary = index.search("anexo")[0]
    assert by_question.item_id == by_summary.item_id == "tema-uno"
    assert by_summary.confidence < by_question.confidence


def test_proper_names_are_capitalised_runs_not_openings() -> None:
    assert proper_names("Caso Barrios Altos vs. Perú (Corte IDH, 2001)") == [
        ["barrios", "altos"],
        ["corte", "idh"],
        ["2001"],
    ]
    assert proper_names("¿Qué decidió el Tribunal Constitucional sobre la Ley 32107?") == [
        ["tribunal", "constitucional"],
        ["ley", "32107"],
    ]
    assert proper_names("«El Perú es soberano: no decide la Corte IDH»") == [
        ["peru"],
        ["corte", "idh"],
    ]
    assert proper_names("Soy familiar de una víctima, ¿qué puedo hacer?") == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The case the message names, above the figures that share "cuántos muertos".
        ("cuantos muertos hubo en putis", "putis"),
        # The Constitutional Court and Law 32107 of its title, above generic supporters' words.
        ("did peru's constitutional court back law 32107", "ley-32107-tc"),
    ],
)
def test_an_item_about_what_the_message_names_ranks_first(
    shipped: Index, question: str, expected: str
) -> None:
    assert shipped.search(question)[0].item_id == expected


def test_a_query_is_read_once_and_searched_like_its_text(index: Index) -> None:
    query = index.query("q dise la nomra de prueba", "y el anexo")
    assert query.words == ("que", "dise", "la", "norma", "de", "prueba")
    assert query.told == ("y", "el", "anexo")
    assert query.asked < len(query.parts)
    assert index.search(query) == index.search("q dise la nomra de prueba", context="y el anexo")
    assert index.search(query, limit=1)[0].item_id == "tema-uno"


def test_a_query_names_the_cases_and_core_notions_of_its_story(shipped: Index) -> None:
    query = shipped.query("que puedo hacer", "mi hermano desaparecio en huanta en 1984")
    assert "huanta-1984" in query.cases
    # The disappeared (a synonym group), the case and a year of the conflict.
    assert query.anchors >= 3
    assert shipped.query("quien es el presidente del peru").anchors == 0


@pytest.mark.parametrize(
    ("text", "cases"),
    [
        ("cuantos muertos hubo en esos años de la violencia", set()),
        ("soy estudiante de la universidad, tengo un grupo de estudio", set()),
        ("lo torturaron en el cuartel de la base", set()),
        ("que paso en putis", {"putis"}),
        ("estuvo preso en la casa rosada de huamanga", {"los-cabitos"}),
        ("/caso cayara", {"cayara"}),
        # A word of a name of several words names the case only beside another of them.
        ("el banco me cobra intereses muy altos", set()),
        ("la masacre de barrios altos", {"barrios-altos"}),
        ("mi tio juan y mi primo jose", set()),
        ("la matanza de mi pueblo", set()),
        ("el caso de kenneth anzualdo", {"anzualdo"}),
    ],
)
def test_only_proper_nouns_of_case_names_name_a_case(
    shipped: Index, text: str, cases: set[str]
) -> None:
    """'Violencia', 'estudiante', 'grupo', 'cuartel' are in case names, but the prose writes them
    in lower case: they name no case. 'Putis' and 'Rosada' are only ever capitalised."""
    assert shipped.named_cases(text) == cases


def test_today_is_no_topic_word(shipped: Index) -> None:
    """'hoy' stems like 'La Hoyada' (Los Cabitos): a question about today is not about it."""
    tokens = shipped.tokens("cual es la situacion de la amnistia hoy")
    assert "hoy" not in tokens
    assert "situacion" in tokens


def test_a_text_unnamed_keeps_all_but_its_cases_and_years(shipped: Index) -> None:
    """What a relative's topic is searched with: the case is a button of its own."""
    assert shipped.unnamed("mi hermano desaparecio en Huanta en 1984, que hago") == (
        "mi hermano desaparecio en en que hago"
    )
    assert shipped.unnamed("los de la cantuta y barrios altos") == "los de la y"


def test_a_story_of_words_never_seen_makes_every_item_less_sure(shipped: Index) -> None:
    """A generic question inside a story about something else ("que requisitos piden", after a
    son who wants to enter a military school) is less sure than the same question alone."""
    alone = shipped.search(shipped.query("que requisitos piden"))
    story = "mi hijo quiere entrar a la escuela de chorrillos"
    told = shipped.query("que requisitos piden", story)
    assert told.strange > 0
    assert shipped.query("que requisitos piden", "lo detuvieron en huanta").strange == 0
    assert shipped.search(told)[0].confidence < alone[0].confidence


def test_a_relative_who_owns_what_is_asked_is_explained_by_any_relative(shipped: Index) -> None:
    story = shipped.questions.story
    # "de mi tío", "my father's": whose trial it is, not what is asked about.
    assert story.whose(words("el juicio de mi tío lleva años")) == {"tio"}
    assert story.whose(words("my father's trial")) == {"father"}
    assert story.whose(words("buscar a mi papá")) == frozenset()
    owned = shipped.query("el juicio de mi tio")
    assert [bool(p.kin) for p in owned.parts] == [False, True]
    assert not any(p.kin for p in shipped.query("buscar a mi papa").parts)


def test_a_duration_s_number_no_head_text_uses_is_left_out(shipped: Index) -> None:
    # "20 años" says how long: "años" says it; "70 años" is the law's age and counts.
    assert shipped.query("el juicio lleva 20 anos").words[3] == "20"
    assert len(shipped.query("el juicio lleva 20 anos").parts) == len(
        shipped.query("el juicio lleva anos").parts
    )
    aged, unaged = shipped.query("tienen mas de 70 anos"), shipped.query("tienen mas de anos")
    assert len(aged.parts) == len(unaged.parts) + 1


def test_a_request_and_how_the_answer_should_be_are_not_what_is_asked(shipped: Index) -> None:
    # "me podrían explicar ... en palabras simples" asks about the prescription alone.
    plain = shipped.query("que es la prescripcion")
    asked = shipped.query("me podrian explicar que es la prescripcion en palabras simples")
    assert asked.terms == plain.terms
    assert shipped.query("can you explain amnesty in plain words").terms == (
        shipped.query("amnesty").terms
    )
    # Only the whole phrase: "explicar" alone is a word of the question.
    assert shipped.query("explicar la prescripcion").terms != plain.terms
    assert shipped.search(asked)[0].item_id == "glosario-prescripcion"
    # Nor where it was heard of: "q dicen en la radio" is no question about the radio (a
    # journalist's case, before).
    heard = shipped.query("oiga q es la amnistia esa q dicen en la radio")
    assert heard.terms == shipped.query("oiga q es la amnistia esa").terms
    assert shipped.search(heard)[0].item_id == "glosario-amnistia"
    assert shipped.query("what is the amnesty everyone is talking about").terms == (
        shipped.query("what is the amnesty").terms
    )


def test_the_subject_counts_twice_unless_it_is_another_amnesty(shipped: Index) -> None:
    ours = shipped.query("cuantos se van a beneficiar con la amnistia").anchors
    assert ours == shipped.query("cuantos se van a beneficiar con el bono").anchors + 2
    # Another kind of amnesty, or another country's, is one shared word, no more.
    assert shipped.query("cuantos se van a beneficiar con la amnistia tributaria").anchors == 1
    assert shipped.query("how does argentina's amnesty law work").anchors == 1
    assert shipped.query("how does the amnesty law work").anchors == 2
    # "esta ley" points at it; "ley" alone does not ("qué ley regula el alquiler").
    assert shipped.query("ahora que salio esta ley que hacemos").anchors == 1
    assert shipped.query("que ley regula el alquiler").anchors == 0


def test_a_question_opens_with_the_kind_of_answer_it_wants(shipped: Index) -> None:
    cues = shipped.corpus.cues
    assert cues.opening("¿Cuántos murieron en Putis?") == cues.opening("cuantas victimas hubo")
    assert cues.opening("y que puedo hacer ahora") == cues.opening("que puedo hacer")
    assert cues.opening("mi hermano desaparecio en 1984") == ""
    # Asking what a word means, first or last, is one cue.
    defining = cues.opening("que es la amnistia")
    assert (
        defining == cues.opening("amnistia, que quiere decir") == cues.opening("what does it mean")
    )
    assert defining != cues.opening("que paso con la amnistia")
    # The figures' examples ask "how many" more than anything else.
    figures = shipped.corpus.asked[shipped.corpus.numbers["cvr-cifras"]]
    assert max(figures, key=figures.__getitem__) == cues.opening("cuantos")


@pytest.mark.parametrize("other", ["syn_6", "syn_7", "syn_15", "syn_105"])
def test_two_synonym_groups_never_look_alike_in_a_phrase(other: str) -> None:
    # "que establece la ley 32419" against "que establece la ley 32107": the words agree, the
    # laws do not, and the law is most of what the question says.
    ours, theirs = phrase(["syn_5", "establec"]), phrase([other, "establec"])
    assert fuzz.ratio(ours, theirs) < 70
    assert fuzz.ratio(ours, phrase(["establec", "syn_5"])) == 100


def test_a_question_naming_law_32419_gets_it_first(shipped: Index) -> None:
    assert shipped.search("que establece la ley 32419")[0].item_id == "ley-32419"


def test_naming_keeps_only_the_cases_and_years_a_text_names(shipped: Index) -> None:
    assert shipped.naming("mi hermano desaparecio en huanta en 1984") == "huanta 1984"
    assert shipped.naming("el banco me cobra intereses y comisiones") == ""
