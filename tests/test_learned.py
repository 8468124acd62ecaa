"""The learned reading (bot/index/learned.py) and the labelled messages it learns from
(content/learning): its fast path agrees with scikit-learn's own prediction, a wrong entry is a
``path:line`` problem for editors, and on the shipped content its likeliest answer goes first."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import ComplementNB

from bench.matcher import outcome
from bot import content, knowledge
from bot.config import Settings
from bot.index import fold
from bot.index.learned import SMOOTHING, Learned
from bot.knowledge import Knowledge
from tests.contenttrees import build_tree

TODAY = date(2026, 11, 27)

TRAINING = [
    ("mi hermano desaparecio en 1984, que puedo hacer", "familiares"),
    ("a mi papa se lo llevaron los militares y nunca volvio", "familiares"),
    ("buscamos a mi tio desaparecido, a quien acudimos", "familiares"),
    ("cuando se publico la ley de amnistia", "cronologia"),
    ("en que fecha entro en vigor la ley 32419", "cronologia"),
    ("cuando la firmo la presidenta", "cronologia"),
    ("cuanto cuesta el pasaje a huanta", "fallback"),
    ("quien gano el partido de ayer", "fallback"),
    ("que clima hace en lima manana", "fallback"),
]
ASKED = [
    "mi hermano desaparecio, que hago",
    "cuando se publico",
    "cuanto cuesta el partido",
    "la presidenta firmo la ley 32419 en agosto",
    "mi papa nunca volvio de huanta",
]


def _agree(texts: list[str], labels: list[str], asked: list[str], least: int) -> None:
    """Our fit and reading against scikit-learn's: vocabulary, IDF, weights, answers, margins."""
    learned = Learned(texts, labels, least=least)
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, preprocessor=fold, min_df=least
    )
    model = ComplementNB(alpha=SMOOTHING).fit(vectorizer.fit_transform(texts), labels)
    assert learned.vocabulary == vectorizer.vocabulary_
    assert learned.idf == pytest.approx(vectorizer.idf_)
    assert learned.weights == pytest.approx(model.feature_log_prob_.T, rel=1e-5)
    assert learned.labels == tuple(model.classes_)
    for text in asked:
        guess = learned.guess(text)
        assert guess is not None
        read = vectorizer.transform([text])
        probabilities = sorted(model.predict_proba(read)[0])
        assert guess.label == model.predict(read)[0], text
        expected = math.log(probabilities[-1] / probabilities[-2])
        assert guess.margin == pytest.approx(expected, rel=1e-4, abs=1e-5)


def test_the_fit_and_reading_agree_with_scikit_learn() -> None:
    texts, labels = zip(*TRAINING, strict=True)
    _agree(list(texts), list(labels), ASKED, least=1)


def test_on_the_shipped_messages_too(real: Knowledge) -> None:
    learning = real.content.learning[:800]
    texts = [e.text for e in learning]
    labels = [e.expect[0] for e in learning]
    asked = [e.text for e in real.content.learning[800:860]]
    _agree(texts, labels, asked, least=2)


def test_nothing_learned_guesses_nothing() -> None:
    texts, labels = zip(*TRAINING, strict=True)
    assert Learned(texts, labels, least=1).guess("xyz qwerty") is None
    assert Learned(["una sola respuesta"], ["cronologia"]).guess("una sola respuesta") is None
    assert Learned([], []).guess("cualquier cosa") is None


def test_a_guess_leads_by_the_log_of_how_many_times_likelier_it_is() -> None:
    texts, labels = zip(*TRAINING, strict=True)
    guess = Learned(texts, labels, least=1).guess("cuanto cuesta el pasaje a huanta")
    assert guess is not None
    assert guess.label == "fallback"
    assert guess.margin > 0


def _learning(root: Path, lines: str) -> Path:
    folder = root / "learning"
    folder.mkdir()
    (folder / "mensajes.yaml").write_text(lines, encoding="utf-8")
    return root


def test_a_wrong_labelled_message_is_a_problem_with_its_line(tmp_path: Path) -> None:
    root = _learning(
        build_tree(tmp_path),
        "# mensajes\n"
        '- {q: "hola, cuando se publico?", lang: es, expect: tema-uno}\n'
        '- {q: "y la otra?", lang: es, expect: tema-unp}\n'
        '- {q: "", lang: es, expect: fallback}\n'
        '- {q: "hello", lang: fr, expect: smalltalk}\n'
        '- {q: "ok", lang: es}\n',
    )
    loaded, problems = content.check(root, today=TODAY)
    assert loaded is None
    shown = [f"{p.line}: {p.message}" for p in problems]
    assert shown == [
        "3: expect names 'tema-unp', which is no topic or case. Did you mean 'tema-uno'?",
        "4: q must be the message, in quotes.",
        "5: lang must be one of es, en, not 'fr'.",
        '6: each entry is one line: - {q: "the message", lang: es, expect: a-topic-id}',
    ]
    assert {p.path for p in problems} == {"content/learning/mensajes.yaml"}


def test_labelled_messages_are_loaded_with_their_answers(tmp_path: Path) -> None:
    root = _learning(
        build_tree(tmp_path),
        '- {q: "hola, cuando se publico?", lang: es, expect: tema-uno}\n'
        '- {q: "cual de las dos", lang: es, expect: [tema-uno, tema-dos]}\n'
        '- {q: "cuanto cuesta el pasaje", lang: es, expect: fallback}\n',
    )
    loaded = content.load(root, today=TODAY)
    assert [(e.text, e.expect) for e in loaded.learning] == [
        ("hola, cuando se publico?", ("tema-uno",)),
        ("cual de las dos", ("tema-uno", "tema-dos")),
        ("cuanto cuesta el pasaje", ("fallback",)),
    ]


def test_with_no_labelled_messages_the_index_learns_nothing(sample_knowledge: Knowledge) -> None:
    assert not sample_knowledge.content.learning
    assert sample_knowledge.index.guess("cuando se publico la ley") is None


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def test_the_likeliest_answer_goes_first_on_the_shipped_content(real: Knowledge) -> None:
    assert len(real.content.learning) > 2000
    text = (
        "en tiktok un abogado dijo q el TC ya fallo y declaro constitucional la amnistia, q ya "
        "no hay nada q hacer. sera cierto?? nadie dice nada en la tele"
    )
    guess = real.index.guess(text)
    assert guess is not None
    assert guess.label == "demanda-defensoria"
    assert outcome(real.answerer.ask(text, "es")).lstrip("?").startswith("demanda-defensoria")
    # Off-topic stays off-topic: the labelled messages hold many of those too.
    off = "hola, cuanto cuesta el pasaje de lima a huanta en bus cama?"
    assert outcome(real.answerer.ask(off, "es")) == "fallback"
