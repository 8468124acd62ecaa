"""``python -m bot preview``: one self-contained page with every entry in every language, read
back with ``html.parser``, and a screenshot in a real headless Chromium when one is installed."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot import knowledge, preview
from bot.config import Settings
from bot.knowledge import Knowledge
from tests.contenttrees import ROOT, build_tree
from tests.processes import run_bot

TODAY = date(2026, 11, 27)
USERNAME = "memoria_test_bot"
PARAGRAPH = "Un párrafo largo de prueba, con <signos> & acentos. " * 12
LONG_TOPIC = f"""\
category: law
title:
  es: Tema largo de prueba
  en: Long test topic
summary:
  es: Un resumen corto.
  en: A short summary.
detail:
  es: |
{("    " + PARAGRAPH + chr(10) + chr(10)) * 10}
  en: A short detail.
questions:
  es: [tema largo, texto largo, el tema largo, tema muy largo, largo tema, tema extenso,
       texto extenso, el texto largo]
  en: [long topic, long text, the long topic, very long topic, lengthy topic, extensive topic,
       extensive text, the long text]
keywords:
  es: [largo]
  en: [long]
sources:
  - title: Fuente larga
    url: https://example.org/larga
reviewed: 2026-10-15
as_of: 2026-10-01
"""


@dataclass
class Section:
    """One entry of the page as the parser saw it."""

    kind: str
    id: str
    langs: list[str] = field(default_factory=list)
    bubbles: dict[str, list[str]] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    text: str = ""


class Page(HTMLParser):
    """Collects entries, their language columns, message bubbles and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.index: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles = ""
        self.scripts = ""
        self._lang: str | None = None
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        classes = (found.get("class") or "").split()
        self._in.append("part" if "part" in classes else tag)
        if tag == "section":
            self.sections.append(Section(str(found["data-kind"]), str(found["data-id"])))
        elif tag == "li" and found.get("data-entry"):
            self.index.append(str(found["data-entry"]))
        elif "lang" in classes and self.sections:
            self._lang = str(found["data-lang"])
            self.sections[-1].langs.append(self._lang)
        elif "bubble" in classes and self._lang is not None:
            self.sections[-1].bubbles.setdefault(self._lang, []).append("")
        elif tag == "a" and self.sections and found.get("class") == "deep-link":
            self.sections[-1].links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "style":
            self.styles += data
        elif where == "script":
            self.scripts += data
        elif self.sections:
            section = self.sections[-1]
            section.text += data
            if where == "part" and self._lang is not None:
                section.parts.setdefault(self._lang, []).append(data)
            elif self._lang in section.bubbles:
                section.bubbles[self._lang][-1] += data


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    root = build_tree(tmp_path_factory.mktemp("preview"))
    (root / "topics" / "tema-largo.yaml").write_text(LONG_TOPIC, encoding="utf-8")
    found, problems = knowledge.check(Settings.from_env({"CONTENT_DIR": str(root)}), today=TODAY)
    assert found is not None, problems
    return found


@pytest.fixture(scope="module")
def html(loaded: Knowledge) -> str:
    templates = ROOT / "templates"
    return preview.page(loaded, templates_dir=templates, bot_username=USERNAME, today=TODAY)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    parser = Page()
    parser.feed(html)
    parser.close()
    return parser


def test_every_topic_case_and_alert_is_shown_in_both_languages(
    page: Page, loaded: Knowledge
) -> None:
    content = loaded.content
    expected = {
        *(("topic", i) for i in content.topics),
        *(("case", i) for i in content.cases),
        *(("alert", i) for i in content.alerts),
    }
    assert {(s.kind, s.id) for s in page.sections} == expected
    assert len(page.sections) == len(expected)
    assert all(s.langs == ["es", "en"] for s in page.sections)
    by_id = {s.id: s for s in page.sections}
    assert "La norma de prueba tiene dos artículos & un <anexo>." in by_id["tema-uno"].text
    assert "The test rule has two articles & an <annex>." in by_id["tema-uno"].text
    assert "Alert body <with> & signs." in by_id["alerta-prueba"].text


def test_a_long_answer_is_shown_as_numbered_separate_messages(page: Page) -> None:
    long = next(s for s in page.sections if s.id == "tema-largo")
    # The first message, the detail layer in two messages, the sources.
    assert len(long.bubbles["es"]) == 4
    assert long.parts["es"] == ["message 1/2", "message 2/2"]
    assert len(long.bubbles["en"]) == 3
    assert "en" not in long.parts
    short = next(s for s in page.sections if s.id == "tema-uno")
    assert short.parts == {}


def test_topics_and_cases_have_their_deep_link_and_alerts_none(page: Page) -> None:
    for section in page.sections:
        wanted = [] if section.kind == "alert" else [f"https://t.me/{USERNAME}?start={section.id}"]
        assert section.links == wanted


def test_sources_and_review_dates_are_shown(page: Page) -> None:
    tema_uno = next(s for s in page.sections if s.id == "tema-uno")
    assert "content/topics/tema-uno.yaml:2" in tema_uno.text
    assert "reviewed 2026-11-01" in tema_uno.text
    assert "Fuente de prueba (2025-08-14)" in tema_uno.text
    # and inside the messages, as the bot writes them
    assert "Revisado el 1 de noviembre de 2026" in tema_uno.text
    assert "Reviewed on 1 November 2026" in tema_uno.text


def test_the_index_lists_every_entry_and_the_page_can_search(page: Page) -> None:
    assert page.index == [f"{s.kind}-{s.id}" for s in page.sections]
    assert ("input", {"id": "search"}) in [
        (tag, {"id": attrs.get("id")}) for tag, attrs in page.tags if tag == "input"
    ]
    assert 'addEventListener("input"' in page.scripts


def test_the_page_makes_no_request_of_its_own(page: Page) -> None:
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        assert not (tag == "script" and attrs.get("src")), attrs
        assert not attrs.get("srcset")
    assert "url(" not in page.styles
    assert "@import" not in page.styles
    assert "fetch(" not in page.scripts
    assert "XMLHttpRequest" not in page.scripts


def test_preview_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "preview.html"
    env = {**os.environ, "CONTENT_DIR": str(build_tree(tmp_path)), "STALE_AFTER_DAYS": "36500"}
    result = run_bot("preview", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    parsed = Page()
    parsed.feed(out.read_text(encoding="utf-8"))
    assert len(parsed.sections) == 5
    assert parsed.sections[0].links == [
        f"https://t.me/{preview.PLACEHOLDER_USERNAME}?start={parsed.sections[0].id}"
    ]
    bad = run_bot("preview", "--out", str(out), "--bot-username", "no", env=env)
    assert bad.returncode == 2


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    _chromium() is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); the screenshot "
    "needs a real browser",
)
def test_the_page_renders_in_headless_chromium(html: str, tmp_path: Path) -> None:
    page_file = tmp_path / "preview.html"
    page_file.write_text(html, encoding="utf-8")
    shot = tmp_path / "preview.png"
    result = subprocess.run(
        [
            str(_chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            page_file.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
