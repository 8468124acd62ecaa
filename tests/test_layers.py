"""Layered answers: the first message fits a phone screen; detail and sources are one tap away.

Checked on the sample tree (exact texts) and on the repository's own content (every item, both
languages): four buttons at most under a first layer, the one "as of" date kept, at most three
sources primary first, callback data within Telegram's 64 bytes.
"""

from __future__ import annotations

import re
import statistics
from datetime import date
from pathlib import Path

import pytest

from bench.phone_lines import BUDGET_MEDIAN, BUDGET_P95, percentile, phone_lines
from bench.phone_lines import measure as phone_measure
from bot import knowledge
from bot.answer import LAYERS, Answer, parse
from bot.answer import callbacks as cb
from bot.answer.contexts import CaseContext, SourcesContext, TopicContext
from bot.answer.leads import first_sentences, lead, sentences
from bot.config import Settings
from bot.content import Source
from bot.knowledge import Knowledge
from bot.render import plain
from tests.contenttrees import build_tree

LANGS = ("es", "en")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    root = build_tree(tmp_path_factory.mktemp("layers"))
    return knowledge.load(Settings.from_env({"CONTENT_DIR": str(root)}), today=date(2026, 11, 27))


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


def _every_item_answer(loaded: Knowledge, layer: str) -> list[Answer]:
    ids = [*loaded.content.topics, *loaded.content.cases]
    return [loaded.answerer.item(i, lang, layer) for i in ids for lang in LANGS]


def _buttons(answer: Answer) -> list[str]:
    return [b.text for row in answer.buttons for b in row]


# -- the first layer ---------------------------------------------------------------------------


def test_no_first_layer_has_more_than_four_buttons(real: Knowledge) -> None:
    answers = _every_item_answer(real, "summary")
    assert max(len(_buttons(a)) for a in answers) <= 4
    assert all(a.kind in ("topic", "case") for a in answers)


def test_every_first_layer_keeps_its_as_of_date(real: Knowledge) -> None:
    missing = []
    for lang, wording in (("es", "Datos al "), ("en", "Facts as of ")):
        for topic in real.content.topics.values():
            html = real.renderer.html(real.answerer.item(topic.id, lang))
            if (wording in html) != (topic.as_of is not None):
                missing.append(f"{topic.id} [{lang}]")
        for case in real.content.cases.values():
            html = real.renderer.html(real.answerer.item(case.id, lang))
            if wording not in html:
                missing.append(f"{case.id} [{lang}]")
    assert missing == []


def test_a_first_layer_shows_no_review_date_and_no_source(real: Knowledge) -> None:
    for answer in _every_item_answer(real, "summary"):
        html = real.renderer.html(answer, bot_username="memoria_bot")
        assert "Revisado el" not in html
        assert "Reviewed on" not in html
        assert "<a href" not in html


def test_the_topic_first_layer_is_the_summary_and_its_date(sample: Knowledge) -> None:
    html = sample.renderer.html(sample.answerer.item("tema-uno", "en"))
    assert html == (
        "<b>What does the test rule say?</b>\n\n"
        "The test rule has two articles &amp; an &lt;annex&gt;.\n\n"
        "• first point\n• second point\n\n"
        "<i>Facts as of 1 October 2026</i>"
    )


def test_a_topic_with_no_as_of_shows_no_date(tmp_path: Path) -> None:
    # Only a topic about the bot itself (its sources are all `self: true`) may have no as_of.
    root = build_tree(tmp_path)
    path = root / "topics" / "tema-dos.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - title: Otra fuente\n    url: https://example.org/otra\n", "")
    text = text.replace("sources:\n", "sources:\n  - title: Memoria\n    self: true\n")
    path.write_text(text.replace("as_of: 2026-10-01\n", ""), encoding="utf-8")
    loaded = knowledge.load(
        Settings.from_env({"CONTENT_DIR": str(root)}), today=date(2026, 11, 27)
    )
    html = loaded.renderer.html(loaded.answerer.item("tema-dos", "es"))
    assert "Datos al" not in html
    assert "2026" not in html


def test_the_first_layer_offers_detail_sources_share_and_menu(sample: Knowledge) -> None:
    answer = sample.answerer.item("caso-prueba", "es")
    meanings = [[b.meaning for b in row] for row in answer.buttons]
    assert meanings == [["layer", "layer"], ["card", "menu"]]
    assert [b.start for row in answer.buttons for b in row] == [
        "caso-prueba_detail",
        "caso-prueba_sources",
        None,
        "menu",
    ]


def test_a_topic_whose_only_extra_is_a_text_to_copy_says_so(sample: Knowledge) -> None:
    assert _buttons(sample.answerer.item("tema-dos", "es"))[0] == "📋 Texto para copiar"
    detail = sample.renderer.html(sample.answerer.item("tema-dos", "es", "detail"))
    assert "<pre>Estimado/a [NOMBRE]:\nLe escribo desde [REGIÓN].</pre>" in detail


def test_a_case_first_layer_is_who_when_where_what_and_status(sample: Knowledge) -> None:
    html = sample.renderer.html(sample.answerer.item("caso-prueba", "es"))
    for part in (
        "⚠️ Texto de prueba sobre violencia.",
        "1 de enero de 1985 · 📍 Distrito, Provincia, Ayacucho",
        "Lo ocurrido, en breve.",
        "<b>Situación judicial:</b> Última situación conocida (septiembre de 2025), en una frase.",
        "<i>Datos al 1 de septiembre de 2025</i>",
    ):
        assert part in html
    assert "Efecto de prueba" not in html  # the amnesty's effect is in the detail layer
    # The case has a lead, which says who the victims were: their own text is in the detail.
    assert "Diez personas ficticias." not in html
    assert "Diez personas ficticias." in sample.renderer.html(
        sample.answerer.item("caso-prueba", "es", "detail")
    )


def test_a_case_lead_and_status_now_replace_the_cut_sentences(sample: Knowledge) -> None:
    for lang in LANGS:
        case = sample.content.cases["caso-prueba"]
        first = sample.renderer.html(sample.answerer.item(case.id, lang))
        assert case.lead is not None
        assert case.status_now is not None
        assert case.lead.text(lang) in first
        assert case.status_now.text(lang) in first
        assert case.summary.text(lang).split(".")[0] not in first
        assert case.status.text(lang) not in first


def test_the_case_detail_layer_keeps_the_whole_summary_and_status(sample: Knowledge) -> None:
    detail = sample.renderer.html(sample.answerer.item("caso-prueba", "en", "detail"))
    assert "Test summary. Second sentence of the summary. Third sentence, only in the detail." in (
        detail
    )
    assert "Test sentence." in detail
    assert "What happened, in brief." not in detail
    assert "Last known status (September 2025)" not in detail


def test_without_lead_and_status_now_the_first_layer_cuts_its_own(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = root / "cases" / "caso-prueba.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("lead", "status_now"):
        start = text.index(f"\n{key}:\n") + 1
        end = text.index("\n", text.index("  en:", start)) + 1
        text = text[:start] + text[end:]
    path.write_text(text, encoding="utf-8")
    loaded = knowledge.load(
        Settings.from_env({"CONTENT_DIR": str(root)}), today=date(2026, 11, 27)
    )
    html = loaded.renderer.html(loaded.answerer.item("caso-prueba", "es"))
    assert "Resumen de prueba. Segunda frase del resumen.\n" in html
    assert "Tercera frase" not in html
    assert "<b>Situación judicial:</b> Sentencia de prueba." in html
    assert "👥 Diez personas ficticias." in html  # no lead tells who they were


def test_every_real_case_has_its_own_lead_and_status_now(real: Knowledge) -> None:
    missing = [
        f"{case.id} [{lang}]"
        for case in real.content.cases.values()
        for lang in LANGS
        if case.lead is None
        or case.status_now is None
        or not case.lead.has(lang)
        or not case.status_now.has(lang)
    ]
    assert missing == []


def test_real_case_first_layers_are_much_shorter_than_the_whole_case(real: Knowledge) -> None:
    for case in real.content.cases.values():
        first = real.renderer.html(real.answerer.item(case.id, "es"))
        whole = real.renderer.html(real.answerer.item(case.id, "es", "detail"))
        assert phone_lines(first) < phone_lines(whole)


def test_a_topic_first_layer_is_the_start_of_its_summary_never_a_dangling_colon(
    real: Knowledge,
) -> None:
    for answer in _every_item_answer(real, "summary"):
        if not isinstance(answer.context, TopicContext):
            continue
        summary = real.content.topics[str(answer.item_id)].summary.text(answer.lang)
        assert summary.startswith(answer.context.summary)
        assert not answer.context.summary.endswith(":"), answer.item_id


def test_a_case_status_is_its_status_now_else_shown_whole_or_left_to_the_detail(
    real: Knowledge, tmp_path: Path
) -> None:
    for answer in _every_item_answer(real, "summary"):
        assert isinstance(answer.context, CaseContext | TopicContext)
        if isinstance(answer.context, CaseContext):
            case = real.content.cases[str(answer.item_id)]
            assert case.status_now is not None
            assert answer.context.status == case.status_now.text(answer.lang)
    # A case with no status_now and a long status points to the detail layer.
    root = build_tree(tmp_path)
    path = root / "cases" / "caso-prueba.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("status_now:")
    text = text[:start] + text[text.index("status_as_of:") :]
    path.write_text(text.replace("Sentencia de prueba.", "Sentencia de prueba. " * 20), "utf-8")
    loaded = knowledge.load(
        Settings.from_env({"CONTENT_DIR": str(root)}), today=date(2026, 11, 27)
    )
    html = loaded.renderer.html(loaded.answerer.item("caso-prueba", "es"))
    assert "<b>Situación judicial:</b> a un toque, en «📖 Más detalle», con sus fechas." in html


def _volatile_case(tmp_path: Path, status_now: tuple[str, str]) -> Knowledge:
    """The sample tree with caso-prueba volatile (its status is of 1 September 2025)."""
    root = build_tree(tmp_path)
    path = root / "cases" / "caso-prueba.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Última situación conocida (septiembre de 2025), en una frase.", status_now[0]
    )
    text = text.replace("Last known status (September 2025), in one sentence.", status_now[1])
    path.write_text(text + "volatile: true\n", encoding="utf-8")
    env = {"CONTENT_DIR": str(root), "STALE_AFTER_DAYS": "36500"}
    return knowledge.load(Settings.from_env(env), today=date(2026, 11, 27))


@pytest.mark.parametrize(
    ("status_now", "stale"),
    [
        # A status that names the month it was last checked is still only what was known then.
        (("Sin sentencia hasta septiembre de 2025.", "No verdict up to September 2025."), True),
        (("Sin sentencia en 2025.", "No verdict in 2025."), True),
        (("Sin sentencia hasta agosto de 2025.", "No verdict up to August 2025."), True),
    ],
)
def test_old_facts_say_so_on_their_date_line_whatever_the_status_names(
    tmp_path: Path, status_now: tuple[str, str], stale: bool
) -> None:
    loaded = _volatile_case(tmp_path, status_now)
    for lang, dated in (
        ("es", "Datos al 1 de septiembre de 2025"),
        ("en", "Facts as of 1 September 2025"),
    ):
        html = loaded.renderer.html(loaded.answerer.item("caso-prueba", lang))
        line = html.split("\n")[-1]
        assert line.startswith(f"<i>{dated}")
        assert ("cambiado" in line or "changed" in line) == stale


_MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def test_no_case_status_is_newer_than_its_as_of_date(real: Knowledge) -> None:
    # "up to June 2026 we found no conviction" must not sit under "Facts as of 18 August 2025".
    # A month after the case's review is a future event (a sentence that ends in 2035).
    newer = []
    for case in real.content.cases.values():
        assert case.status_now is not None
        for lang, months in _MONTHS.items():
            named = re.findall(
                rf"({'|'.join(months)})(?: de)? (\d{{4}})", case.status_now.text(lang)
            )
            told = [date(int(y), months.index(m) + 1, 1) for m, y in named]
            latest = max((d for d in told if d <= case.reviewed), default=None)
            if latest is not None and latest > case.status_as_of.replace(day=1):
                newer.append(f"{case.id} [{lang}]: {latest} > {case.status_as_of}")
    assert newer == []


def test_a_case_date_aside_waits_in_the_detail_layer(real: Knowledge) -> None:
    aside = "los testigos fueron desaparecidos o asesinados entre junio de 1988"
    first = real.renderer.html(real.answerer.item("cayara", "es"))
    assert "📅 14 de mayo de 1988 · 📍" in first
    assert aside not in first
    assert aside in real.renderer.html(real.answerer.item("cayara", "es", "detail"))


def test_every_real_case_lead_leaves_the_victims_to_the_detail(real: Knowledge) -> None:
    for case in real.content.cases.values():
        for lang in LANGS:
            first = real.renderer.html(real.answerer.item(case.id, lang))
            detail = real.renderer.html(real.answerer.item(case.id, lang, "detail"))
            assert "👥" not in first, case.id
            victims = first_sentences(case.victims.text(lang), count=1, chars=0)[0]
            assert victims in plain(detail), case.id


def test_first_messages_fit_the_phone_budget_over_the_evaluation_questions() -> None:
    # Issue #13: median ≤ 12 and p95 ≤ 20 phone lines, measured as bench/phone_lines.py does.
    lines = [m.lines for m in phone_measure()]
    assert len(lines) > 400
    assert statistics.median(lines) <= BUDGET_MEDIAN
    assert percentile(lines, 0.95) <= BUDGET_P95


def test_the_detail_layer_holds_the_rest_of_a_long_summary(real: Knowledge) -> None:
    topic = real.content.topics["ley-32419"]
    first = real.renderer.html(real.answerer.item(topic.id, "es"))
    detail = real.renderer.html(real.answerer.item(topic.id, "es", "detail"))
    assert "Empezó como el Proyecto de Ley 7549/2023-CR." in first
    assert "Título oficial" not in first
    assert "• Título oficial:" in detail
    assert "Quién la propuso" in detail


# -- the detail and sources layers -------------------------------------------------------------


def test_every_deeper_layer_has_the_way_back_and_few_buttons(real: Knowledge) -> None:
    # The detail layer lists the next steps (up to four related items) and the feedback pair;
    # the first layer's four-button rule is tested on its own.
    for layer in LAYERS[1:]:
        for answer in _every_item_answer(real, layer):
            presses = [parse(b.data or "") for row in answer.buttons for b in row]
            backs = [p for p in presses if p is not None and p.action == "back"]
            assert len(backs) == 1
            assert len(presses) - len(backs) <= 6


def test_the_sources_layer_shows_three_primary_first_and_marks_spanish(
    sample: Knowledge,
) -> None:
    answer = sample.answerer.item("tema-uno", "en", "sources")
    assert isinstance(answer.context, SourcesContext)
    assert [s.title for s in answer.context.sources] == [
        "Gaceta oficial de prueba",
        "Diario de prueba",
        "Test news",
    ]
    assert answer.context.more == 2
    html = sample.renderer.html(answer)
    assert (
        '<a href="https://gaceta.example.gob/ley">Gaceta oficial de prueba</a> (in Spanish)'
        in html
    )
    assert '<a href="https://news.example.com/story">Test news</a>\n' in html
    assert "And 2 more sources, one tap below." in html
    assert "<i>Reviewed on 1 November 2026</i>" in html


def test_every_source_is_one_more_tap_away(sample: Knowledge) -> None:
    answer = sample.answerer.item("tema-uno", "es", "all_sources")
    assert isinstance(answer.context, SourcesContext)
    assert [s.title for s in answer.context.sources][3:] == [
        "Fuente de prueba",
        "Informe de prueba",
    ]
    assert answer.context.more == 0
    # A source's own lang wins: this one is on no listed site but says it is in English.
    assert "Informe de prueba</a> (en inglés)" in sample.renderer.html(answer)


def test_real_sources_layers_show_three_at_most_in_tier_order(real: Knowledge) -> None:
    sites = real.content.sites
    for answer in _every_item_answer(real, "sources"):
        assert isinstance(answer.context, SourcesContext)
        shown = answer.context.sources
        assert len(shown) <= 3
        tiers = [sites.tier(Source(s.title, s.url)) for s in shown]
        assert tiers == sorted(tiers)


def test_primary_sources_outrank_the_press_and_the_longest_site_decides(real: Knowledge) -> None:
    sites = real.content.sites
    ranked = sites.rank(
        [
            Source("blog", "https://someone.blogspot.com/x"),
            Source("tv", "https://www.tvperu.gob.pe/noticias/x"),
            Source("law", "https://busquedas.elperuano.pe/dispositivo/x"),
            Source("court", "https://www.corteidh.or.cr/docs/x.pdf"),
        ]
    )
    assert [s.title for s in ranked] == ["law", "court", "tv", "blog"]
    assert sites.language(Source("x", "https://www.fidh.org/en/region/x")) == "en"
    assert sites.language(Source("x", "https://www.fidh.org/es/region/x")) == "es"


def test_every_button_of_every_layer_fits_in_64_bytes(real: Knowledge) -> None:
    for layer in LAYERS:
        for answer in _every_item_answer(real, layer):
            for row in answer.buttons:
                for button in row:
                    assert len((button.data or "").encode()) <= cb.MAX_BYTES
                    assert len((button.start or "").encode()) <= cb.MAX_BYTES


# -- presses and deep links --------------------------------------------------------------------


def test_a_layer_button_names_its_item_layer_and_language() -> None:
    pressed = parse(cb.layer("sources", "putis", "en"))
    assert pressed is not None
    assert (pressed.action, pressed.value, pressed.layer, pressed.lang) == (
        "sources",
        "putis",
        "sources",
        "en",
    )
    back = parse(cb.layer("back", "putis", "es"))
    assert back is not None
    assert (back.action, back.layer) == ("back", "summary")


@pytest.mark.parametrize("data", ["v:z:es:putis", "v:d:es:", "v:d", "v::es:putis"])
def test_forged_layer_data_is_not_ours(data: str) -> None:
    assert parse(data) is None


def test_a_layer_press_is_shown_in_the_language_of_its_message(sample: Knowledge) -> None:
    pressed = parse(cb.layer("detail", "tema-uno", "en"))
    assert pressed is not None
    answer = sample.answerer.press(pressed, "es")
    assert answer is not None
    assert (answer.kind, answer.lang) == ("detail", "en")


def test_a_forged_language_falls_back_to_the_chat_language(sample: Knowledge) -> None:
    pressed = parse("v:d:xx:tema-uno")
    assert pressed is not None
    answer = sample.answerer.press(pressed, "es")
    assert answer is not None
    assert (answer.kind, answer.lang) == ("detail", "es")


def test_a_layer_of_a_deleted_item_gets_a_kind_fallback(sample: Knowledge) -> None:
    pressed = parse(cb.layer("sources", "borrado", "es"))
    assert pressed is not None
    answer = sample.answerer.press(pressed, "es")
    assert answer is not None
    assert answer.kind == "fallback"


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ("caso-prueba", "case"),
        ("caso-prueba_detail", "detail"),
        ("tema-uno_sources", "sources"),
        ("tema-uno_all_sources", "sources"),
        ("tema-uno_nada", "topic"),
        ("menu", "welcome"),
        ("borrado_detail", "welcome"),
    ],
)
def test_deep_link_payloads_open_a_layer(sample: Knowledge, payload: str, kind: str) -> None:
    answer = sample.answerer.command("start", payload, "es")
    assert answer is not None
    assert answer.kind == kind


def test_deep_links_have_one_builder() -> None:
    assert cb.deep_link("memo_bot", cb.start("putis", "detail")) == (
        "https://t.me/memo_bot?start=putis_detail"
    )
    assert cb.parse_start("putis_detail") == ("putis", "detail")


# -- leads -------------------------------------------------------------------------------------


def test_sentences_do_not_end_at_abbreviations_or_initials() -> None:
    text = (
        "El caso Barrios Altos vs. Perú llegó a la Corte. George W. Bush no opinó. "
        "La Ley No. 32419 dice «basta.» Luego habló EE. UU. en la OEA.\n\n• Un punto.\n• Otro."
    )
    assert sentences(text) == [
        "El caso Barrios Altos vs. Perú llegó a la Corte.",
        "George W. Bush no opinó.",
        "La Ley No. 32419 dice «basta.»",
        "Luego habló EE. UU. en la OEA.",
        "• Un punto.\n• Otro.",
    ]


def test_a_short_text_is_its_own_lead() -> None:
    assert lead("Uno. Dos.\n\nTres.", chars=100, paragraph_chars=100) == ("Uno. Dos.\n\nTres.", "")


def test_a_long_text_leads_with_its_first_paragraph() -> None:
    text = "Primera frase. Segunda.\n\n• punto uno\n• punto dos\n\nOtro párrafo."
    assert lead(text, chars=30, paragraph_chars=40) == (
        "Primera frase. Segunda.",
        "• punto uno\n• punto dos\n\nOtro párrafo.",
    )


def test_a_long_first_paragraph_is_cut_between_sentences_only() -> None:
    text = "Una frase corta. " + "Otra frase mucho más larga que no cabe. " * 5
    head, rest = lead(text.strip(), chars=40, paragraph_chars=60)
    assert head == "Una frase corta."
    assert rest.startswith("Otra frase")
    assert f"{head} {rest}" == text.strip()


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Uno. Hay dos cifras:\n• una.\n• dos.\n\nOtra.", "Uno. Hay dos cifras:\n• una.\n• dos."),
        ("Uno. Varían:\n\n• una.\n• dos.", "Uno."),
        ("Fechas clave:\n\n• una.\n• dos.\n\nOtra.", "Fechas clave:\n\n• una.\n• dos."),
    ],
)
def test_first_sentences_never_end_announcing_a_list(text: str, head: str) -> None:
    assert first_sentences(text, count=2, chars=500)[0] == head


def test_first_sentences_keep_at_least_one_however_long() -> None:
    long = "Una frase muy larga, " * 20 + "que termina aquí. Y otra."
    head, tail = first_sentences(long, count=2, chars=10)
    assert head.endswith("que termina aquí.")
    assert tail == "Y otra."


def test_the_law_text_topic_offers_each_article_as_a_button(real: Knowledge) -> None:
    text = real.content.topics["ley-32419-texto"]
    articles = [t for t in real.content.topics if t.startswith("ley-32419-art-")]
    assert sorted(articles) == ["ley-32419-art-1", "ley-32419-art-2"]
    assert list(text.related[: len(articles)]) == sorted(articles)
    detail = real.answerer.item(text.id, "es", "detail")
    assert [b.start for row in detail.buttons for b in row][:2] == sorted(articles)
    assert "ley-32419-texto" in real.content.topics["ley-32419"].related
    for article in articles:
        assert {"ley-32419", "ley-32419-texto"} <= set(real.content.topics[article].related)
