"""Rendering: golden answers for the sample tree, and Telegram-safe HTML for any text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.constants import MessageLimit

from bot import knowledge
from bot.answer import TEMPLATES, Answer, Answerer, card_caption
from bot.answer.contexts import (
    BroadcastCounts,
    BroadcastProgressContext,
    BroadcastReportContext,
    OpinionContext,
    RecipientCount,
    TopicContext,
    TopicDetailContext,
    UnclearContext,
)
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.render import MAX_MESSAGE_CHARS, html_errors, plain, split, visible_length
from tests.contenttrees import ROOT, build_tree
from tests.test_followup import GOLDEN_CASES as FOLLOW_UP_GOLDEN_CASES

GOLDEN = ROOT / "tests" / "golden"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    root = build_tree(tmp_path_factory.mktemp("sample"))
    return knowledge.load(
        Settings.from_env({"CONTENT_DIR": str(root), "ORG_NAME": "Colectivo de prueba"}),
        today=TODAY,
    )


def _smalltalk(a: Answerer, lang: str) -> dict[str, Answer]:
    """The short replies to what is said to the bot, in ``lang``."""
    es = lang == "es"
    asked = {
        "greeting": "hola" if es else "hello",
        "ack": "👍",
        "feeling": "que pena" if es else "so sad",
        "complaint": "eres un bot inutil" if es else "you're useless",
        "languages": "¿habla quechua?" if es else "do you speak quechua?",
    }
    return {f"smalltalk-{kind}-{lang}": a.ask(text, lang) for kind, text in asked.items()}


def _answers(sample: Knowledge) -> dict[str, Answer]:
    a = sample.answerer
    found: dict[str, Answer] = {}
    for lang in ("es", "en"):
        for item_id in [*sample.content.topics, *sample.content.cases]:
            found[f"item-{item_id}-{lang}"] = a.item(item_id, lang)
        for item_id in ("tema-uno", "caso-prueba"):
            for layer in ("detail", "sources", "all_sources"):
                found[f"{layer}-{item_id}-{lang}"] = a.item(item_id, lang, layer)
        found[f"alert-alerta-prueba-{lang}"] = a.alert(
            sample.content.alerts["alerta-prueba"], lang
        )
        found[f"welcome-{lang}"] = a.replies.welcome(lang)
        found[f"help-{lang}"] = a.replies.help(lang)
        found[f"menu-{lang}"] = a.menu(lang)
        found[f"category-law-{lang}"] = a.replies.category("law", lang)
        found[f"case_list-{lang}"] = a.cases("", 1, lang)
        found[f"case_list-ayacucho-{lang}"] = a.cases("ayacucho", 1, lang)
        found[f"not_found-{lang}"] = a.ask("receta de ceviche", lang)
        found[f"gone-{lang}"] = a.item("ya-no-existe", lang)
        found[f"error-{lang}"] = a.replies.error(lang)
        found[f"usage-case-{lang}"] = a.replies.usage("case", lang)
        found[f"usage-too_long-{lang}"] = a.replies.usage("too_long", lang, limit=1000)
        found.update(_smalltalk(a, lang))
        found[f"unclear-{lang}"] = Answer(
            "unclear",
            UnclearContext("la norma y el caso"),
            lang,
            buttons=tuple((a.buttons.item(i, lang),) for i in ("tema-uno", "tema-dos")),
        )
        found[f"opinion-{lang}"] = Answer(
            "opinion", OpinionContext(), lang, buttons=a.buttons.menu_row(lang)
        )
        found[f"acknowledge-loss-{lang}"] = replace(a.item("tema-uno", lang), acknowledge="loss")
        found[f"language-{lang}"] = a.replies.language_choice(lang, changed=True)
        found[f"news-{lang}"] = a.replies.news(lang)
        found[f"references-tema-uno-{lang}"] = a.replies.references("tema-uno", lang)
        found[f"suggestions-{lang}"] = a.ask("norma carta", lang)
        found[f"privacy-{lang}"] = a.replies.privacy(lang, conversation_hours=6)
        found[f"forget-ask-{lang}"] = a.replies.forget(lang, state="ask")
        found[f"forget-done-{lang}"] = a.replies.forget(lang, state="done", rows=3)
        found[f"group_intro-{lang}"] = a.replies.group_intro(lang)
        found[f"card-tema-uno-{lang}"] = _card(sample, lang)
        found.update(_alert_answers(sample, lang))
        found.update(_broadcast_answers(sample, lang))
        found.update(_broadcast_reports(sample, lang))
    return found


def _card(sample: Knowledge, lang: str) -> Answer:
    """The caption under a share card's photo, in ``lang``."""
    caption = card_caption(sample.content, "tema-uno", lang)
    assert caption is not None
    return caption


def _alert_answers(sample: Knowledge, lang: str) -> dict[str, Answer]:
    """/alertas and the refusals, in ``lang``."""
    a = sample.answerer
    return {
        f"alerts-status-{lang}": a.alerts.status(lang, chosen=None, group=False),
        f"alerts-chosen-{lang}": a.alerts.status(
            lang, chosen=("court", "action"), group=False, changed="updated"
        ),
        f"alerts-group-{lang}": a.alerts.status(
            lang, chosen=("court", "action", "anniversary"), group=True, changed="subscribed"
        ),
        f"alerts-refused-{lang}": a.alerts.status(lang, chosen=None, group=True, refused=True),
        f"refused-not_admin-{lang}": a.alerts.refused("not_admin", lang),
        f"refused-unknown_alert-{lang}": a.alerts.refused(
            "unknown_alert", lang, choices=("alerta-prueba",)
        ),
        f"refused-alerts_usage-{lang}": a.alerts.usage(lang),
    }


def _broadcast_answers(sample: Knowledge, lang: str) -> dict[str, Answer]:
    """The admins' /broadcast previews, in ``lang``."""
    a = sample.answerer
    alert = sample.content.alerts["alerta-prueba"]
    language = sample.content.strings(lang)["language_name"]
    one_topic = (RecipientCount(alert.audience, language, 12),)
    every_topic = tuple(
        RecipientCount(audience, language, count)
        for audience, count in (("court", 40), ("action", 12), ("anniversary", 0))
    )
    return {
        f"broadcast_preview-alerta-prueba-{lang}": a.alerts.broadcast_preview(
            lang,
            alert_id="alerta-prueba",
            audience=alert.audience,
            recipients=one_topic,
            as_of=alert.as_of,
        ),
        f"broadcast_preview-stale-{lang}": a.alerts.broadcast_preview(
            lang,
            alert_id="alerta-prueba",
            audience=alert.audience,
            recipients=one_topic,
            as_of=alert.as_of,
            stale_days=(TODAY - alert.as_of).days if alert.as_of else None,
        ),
        f"broadcast_preview-text-{lang}": a.alerts.broadcast_preview(
            lang, alert_id=None, audience=None, recipients=every_topic
        ),
        f"broadcast_preview-cancelled-{lang}": a.alerts.broadcast_cancelled(lang),
    }


def _broadcast_reports(sample: Knowledge, lang: str) -> dict[str, Answer]:
    """A campaign's progress line and its reports, in ``lang``."""
    a = sample.answerer
    return {
        f"broadcast_progress-{lang}": a.alerts.broadcast_progress(
            BroadcastProgressContext(
                campaign_id=7,
                counts=BroadcastCounts(total=52, sent=30, failed=1, skipped=2),
                remaining=19,
                eta_seconds=75,
            ),
            lang,
        ),
        f"broadcast_report-{lang}": a.alerts.broadcast_report(
            BroadcastReportContext(
                campaign_id=7,
                title="Alerta de prueba",
                audience="action",
                counts=BroadcastCounts(total=52, sent=48, failed=2, skipped=2),
                pending=0,
                possible_duplicates=1,
                stop_reason=None,
                elapsed_seconds=95,
            ),
            lang,
        ),
        f"broadcast_report-stopped-{lang}": a.alerts.broadcast_report(
            BroadcastReportContext(
                campaign_id=8,
                title="Alerta de prueba",
                audience="court",
                counts=BroadcastCounts(total=40, sent=3, failed=3, skipped=0),
                pending=34,
                possible_duplicates=0,
                stop_reason="Bad Request: can't parse entities",
                elapsed_seconds=12,
            ),
            lang,
        ),
    }


GOLDEN_NAMES = sorted(
    f"{kind}-{lang}"
    for lang in ("es", "en")
    for kind in [
        "item-tema-uno",
        "item-tema-dos",
        "item-caso-prueba",
        "item-contraste-prueba",
        "alert-alerta-prueba",
        "welcome",
        "help",
        "menu",
        "category-law",
        "case_list",
        "case_list-ayacucho",
        "not_found",
        "gone",
        "error",
        "usage-case",
        "usage-too_long",
        "smalltalk-greeting",
        "smalltalk-ack",
        "smalltalk-feeling",
        "smalltalk-complaint",
        "smalltalk-languages",
        "unclear",
        "opinion",
        "acknowledge-loss",
        "language",
        "news",
        "references-tema-uno",
        "card-tema-uno",
        *(
            f"{layer}-{item}"
            for layer in ("detail", "sources", "all_sources")
            for item in ("tema-uno", "caso-prueba")
        ),
        "suggestions",
        "privacy",
        "forget-ask",
        "forget-done",
        "group_intro",
        "alerts-status",
        "alerts-chosen",
        "alerts-group",
        "alerts-refused",
        "refused-not_admin",
        "refused-unknown_alert",
        "refused-alerts_usage",
        "broadcast_preview-alerta-prueba",
        "broadcast_preview-stale",
        "broadcast_preview-text",
        "broadcast_preview-cancelled",
        "broadcast_progress",
        "broadcast_report",
        "broadcast_report-stopped",
    ]
)
# The layers of an answer, and answers whose buttons are the choice: their goldens also pin
# the buttons under them.
LAYERED = ("item-", "detail-", "sources-", "all_sources-")
WITH_BUTTONS = (*LAYERED, "suggestions-", "forget-", "alerts-", "broadcast_preview-")


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_rendered_answer_matches_golden(name: str, sample: Knowledge, update_golden: bool) -> None:
    answer = _answers(sample)[name]
    text = "\n\n----- next message -----\n\n".join(
        sample.renderer.render(answer, bot_username="memoria_test_bot")
    )
    if name.startswith(WITH_BUTTONS):
        text += "\n\n----- buttons -----\n" + "\n".join(
            " ".join(f"[{b.text} → {b.data or b.url or f'share {b.share}'}]" for b in row)
            for row in answer.buttons
        )
    path = GOLDEN / f"{name}.html"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")


def test_every_golden_file_is_checked() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.html")) == GOLDEN_NAMES


def test_every_template_has_a_golden_file(sample: Knowledge) -> None:
    answers = _answers(sample)
    pinned = {answers[name].template for name in GOLDEN_NAMES}
    for text, memory, lang in FOLLOW_UP_GOLDEN_CASES.values():
        follow_up = sample.answerer.follow_up(text, memory, lang)
        assert follow_up is not None
        pinned.add(follow_up.template)
    assert set(TEMPLATES.values()) - pinned == set(), "add a golden answer in _answers"


def test_limit_is_telegrams() -> None:
    assert MAX_MESSAGE_CHARS == MessageLimit.MAX_TEXT_LENGTH


def test_user_text_is_escaped(sample: Knowledge) -> None:
    html = sample.renderer.html(sample.answerer.item("tema-uno", "es"))
    assert "&amp; un &lt;anexo&gt;" in html
    assert html_errors(html) == []


def test_deep_link_needs_the_bot_username(sample: Knowledge) -> None:
    answer = sample.answerer.item("tema-uno", "es", "sources")
    assert "t.me/" not in sample.renderer.html(answer)
    assert "https://t.me/memo_bot?start=tema-uno" in sample.renderer.html(
        answer, bot_username="memo_bot"
    )


def test_untranslated_language_falls_back_to_spanish(sample: Knowledge) -> None:
    html = sample.renderer.html(sample.answerer.item("tema-uno", "qu"))
    assert "¿Qué dice la norma de prueba?" in html


_ugly = st.text(
    alphabet=st.sampled_from(list("<>&\"' \n\nab😀ñ;#/=")) | st.characters(),
    min_size=0,
    max_size=12000,
)


@settings(max_examples=150, deadline=None)
@given(text=_ugly)
def test_any_text_renders_to_valid_chunks(text: str, sample: Knowledge) -> None:
    topic = sample.answerer.item("tema-uno", "es")
    detail = sample.answerer.item("tema-uno", "es", "detail")
    assert isinstance(topic.context, TopicContext)
    assert isinstance(detail.context, TopicDetailContext)
    for long_answer in (
        Answer("topic", replace(topic.context, summary=text), "es"),
        Answer("detail", replace(detail.context, more=text, detail=text), "es"),
    ):
        for chunk in sample.renderer.render(long_answer):
            assert visible_length(chunk) <= MAX_MESSAGE_CHARS
            assert html_errors(chunk) == []


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(
        st.tuples(st.sampled_from(["", "b", "i", "blockquote", "pre"]), st.text(max_size=900)),
        max_size=30,
    )
)
def test_split_keeps_tags_balanced_and_text_whole(paragraphs: list[tuple[str, str]]) -> None:
    html = "\n\n".join(
        f"<{tag}>{escape(body)}</{tag}>" if tag else escape(body) for tag, body in paragraphs
    )
    chunks = split(html, limit=1000)
    for chunk in chunks:
        assert visible_length(chunk) <= 1000
        assert html_errors(chunk) == []
    visible = "".join(plain(c) for c in chunks)
    assert _letters(visible) == _letters(plain(html))


def _letters(text: str) -> str:
    return "".join(text.split())


def test_split_prefers_paragraph_breaks() -> None:
    html = "\n\n".join(["a" * 3000, "b" * 3000])
    assert split(html) == ["a" * 3000, "b" * 3000]


def test_split_reopens_a_tag_cut_in_the_middle() -> None:
    html = "<blockquote expandable>" + " ".join(["palabra"] * 1200) + "</blockquote>"
    chunks = split(html)
    assert len(chunks) == 3
    assert all(
        c.startswith("<blockquote expandable>") and c.endswith("</blockquote>") for c in chunks
    )


def test_templates_folder_holds_one_template_per_context() -> None:
    on_disk = {p.name for p in (ROOT / "templates").glob("*.html") if not p.name.startswith("_")}
    assert on_disk == set(TEMPLATES.values())
