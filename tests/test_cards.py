"""Share cards (bot/cards): goldens, the QR code's link, fitting, the disk cache and check.

Golden images are compared with a pixel tolerance (font rasterising may differ by a grey level
between FreeType builds); ``pytest --update-golden`` rewrites them. Every card's QR code is read
back with zxing-cpp, a decoder independent of segno, and must open the item's deep link.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops

from bot import knowledge, preview
from bot.cards import SHAPES, Face, Shelf, Style, draw, face_of, layout, paint, problems
from bot.cards.fit import contrast
from bot.config import DEFAULT_FONTS_DIR, Settings
from bot.content import Case, Localized, Topic
from bot.errors import ConfigError
from bot.knowledge import Knowledge, card_style
from tests.contenttrees import ROOT, build_tree
from tests.processes import run_bot

GOLDEN = ROOT / "tests" / "golden" / "cards"
USERNAME = "MemoriaPruebaBot"
STYLE = card_style(Settings.from_env({}))
# Pixels whose colour moved by more than this count as different; at most this share may.
PIXEL_DELTA, DIFFERENT_SHARE = 48, 0.002


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _face(k: Knowledge, item_id: str, lang: str, shape: str = "square") -> Face:
    face = k.card(item_id, lang, bot_username=USERNAME, shape=shape)  # type: ignore[arg-type]
    assert face is not None
    return face


def _link(image: Image.Image) -> str:
    """The link in the card's QR code, read from a 540-pixel copy (as a phone shows a card)."""
    found = zxingcpp.read_barcodes(image.convert("L").reduce(2))
    assert len(found) == 1
    return str(found[0].text)


@pytest.mark.parametrize(
    ("item_id", "lang"),
    [("tema-uno", "es"), ("tema-uno", "en"), ("caso-prueba", "es"), ("caso-prueba", "en")],
)
def test_a_card_matches_its_golden_image(
    sample_knowledge: Knowledge, update_golden: bool, item_id: str, lang: str
) -> None:
    drawn = _image(draw(_face(sample_knowledge, item_id, lang), STYLE)).convert("RGB")
    path = GOLDEN / f"{item_id}-{lang}.png"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        drawn.save(path)
    golden = Image.open(path).convert("RGB")
    assert drawn.size == golden.size == SHAPES["square"]
    difference = ImageChops.difference(drawn, golden).convert("L")
    moved = sum(difference.point(lambda v: 255 if v > PIXEL_DELTA else 0).histogram()[255:])
    assert moved <= DIFFERENT_SHARE * drawn.width * drawn.height


def test_the_golden_card_shows_the_org_and_high_contrast(sample_knowledge: Knowledge) -> None:
    face = _face(sample_knowledge, "tema-uno", "es")
    assert face.org == "Colectivo de prueba"
    assert face.title == sample_knowledge.content.topics["tema-uno"].title.text("es")
    assert face.as_of.startswith("Datos al ")
    assert contrast(STYLE.foreground, STYLE.background) >= 7


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_sample_card_has_its_size_and_its_deep_link(
    sample_knowledge: Knowledge, shape: str
) -> None:
    content = sample_knowledge.content
    for item_id in [*content.topics, *content.cases]:
        for lang in content.languages:
            image = _image(draw(_face(sample_knowledge, item_id, lang, shape), STYLE))
            assert image.size == SHAPES[shape]  # type: ignore[index]
            assert _link(image) == f"https://t.me/{USERNAME}?start={item_id}"


def test_every_card_of_the_real_content_opens_its_item(tmp_path: Path) -> None:
    real = knowledge.load(Settings.from_env({"CARD_CACHE_DIR": str(tmp_path)}))
    items: list[Topic | Case] = [*real.content.topics.values(), *real.content.cases.values()]
    for item in items:
        for lang in real.content.languages:
            face = face_of(real.content, item, lang, org_name=None, bot_username=USERNAME)
            assert layout.arrange(face, DEFAULT_FONTS_DIR) is not None, (item.id, lang)
            assert _link(paint(face, real.shelf.style)) == face.link


def test_text_too_long_for_the_card_is_cut_inside_its_box(sample_knowledge: Knowledge) -> None:
    face = dataclasses.replace(
        _face(sample_knowledge, "tema-uno", "es"),
        title="Una pregunta muy larga " * 12,
        answer="Una respuesta que no cabe " * 60,
        source="Fuente: " + "un título de fuente larguísimo " * 8,
    )
    assert layout.arrange(face, DEFAULT_FONTS_DIR) is None
    placed = layout.clipped(face, DEFAULT_FONTS_DIR)
    room = SHAPES["square"][1] - 2 * layout.MARGIN - layout.HEADER - layout.QR_SIZE
    assert placed.title.height + 2 * layout.RULE_GAP + placed.answer.height <= room
    assert placed.answer.lines[-1].endswith("…")
    assert len(placed.footer[1].lines) == layout.SOURCE_LINES
    width = SHAPES["square"][0] - 2 * layout.MARGIN
    for block in (placed.title, placed.answer):
        font = layout.font(DEFAULT_FONTS_DIR, block.name, block.size)
        assert max(font.getlength(line) for line in block.lines) <= width
    assert _link(_image(draw(face, STYLE))) == face.link


def test_wrapping_measures_width_not_characters() -> None:
    font = layout.font(DEFAULT_FONTS_DIR, layout.REGULAR, 40)
    wide, narrow = layout.wrap("MMMM " * 20, font, 600), layout.wrap("iiii " * 20, font, 600)
    assert len(wide) > 2 * len(narrow)
    assert all(font.getlength(line) <= 600 for line in [*wide, *narrow])
    assert layout.wrap("x" * 200, font, 300)[0] == "x" * len(layout.wrap("x" * 200, font, 300)[0])


def test_a_card_is_drawn_once_then_read_from_the_folder(
    sample_knowledge: Knowledge, tmp_path: Path
) -> None:
    shelf = Shelf(STYLE, tmp_path / "cards")
    face = _face(sample_knowledge, "tema-uno", "es")
    first = shelf.png(face)
    kept = tmp_path / "cards" / f"{shelf.key(face)}.png"
    kept.write_bytes(first + b"marker")
    assert shelf.png(face) == first + b"marker"
    assert list((tmp_path / "cards").iterdir()) == [kept]


def test_a_changed_date_or_text_gives_a_new_card(sample_knowledge: Knowledge) -> None:
    shelf = Shelf(STYLE, None)
    face = _face(sample_knowledge, "tema-uno", "es")
    keys = {
        shelf.key(face),
        shelf.key(dataclasses.replace(face, as_of="Datos al 1 de enero de 2026")),
        shelf.key(dataclasses.replace(face, answer=face.answer + " Otra frase.")),
        shelf.key(dataclasses.replace(face, shape="portrait")),
        Shelf(dataclasses.replace(STYLE, accent="#FFFF00"), None).key(face),
    }
    assert len(keys) == 5
    assert shelf.key(face) == shelf.key(dataclasses.replace(face))


def test_an_unwritable_folder_still_gives_the_card(
    sample_knowledge: Knowledge, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    face = _face(sample_knowledge, "tema-uno", "es")
    assert Shelf(STYLE, blocked / "cards").png(face) == draw(face, STYLE)


def test_check_reports_a_card_that_does_not_fit(sample_knowledge: Knowledge) -> None:
    content = sample_knowledge.content
    topic = content.topics["tema-uno"]
    long_title = Localized({lang: "Palabra " * 80 for lang in content.languages})
    crowded = dataclasses.replace(
        content,
        topics={**content.topics, "tema-uno": dataclasses.replace(topic, title=long_title)},
    )
    found = problems(crowded, STYLE, org_name=None)
    assert [(p.path, p.line, p.severity) for p in found] == [
        (topic.where.path, topic.where.line, "error")
    ]
    assert "share card does not fit (es square, es portrait, en square, en portrait)" in str(
        found[0]
    )
    assert problems(content, STYLE, org_name=None) == []


def test_colours_too_close_are_a_warning(sample_knowledge: Knowledge) -> None:
    grey = Style("#777777", "#888888", "#F2AA4C", DEFAULT_FONTS_DIR)
    found = problems(sample_knowledge.content, grey, org_name=None)
    assert [(p.path, p.severity) for p in found] == [
        ("CARD_FOREGROUND", "warning"),
        ("CARD_ACCENT", "warning"),
    ]
    assert "1.3:1" in found[0].message


def test_card_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "CARD_BACKGROUND": "#ffffff",
            "CARD_FOREGROUND": "#000000",
            "CARD_LOGO": str(tmp_path / "logo.png"),
            "CARD_CACHE_DIR": str(tmp_path),
            "CARD_STORAGE_CHAT_ID": "-1001234",
        }
    )
    assert (settings.card_background, settings.card_foreground) == ("#FFFFFF", "#000000")
    assert settings.card_accent == Settings().card_accent
    assert settings.card_logo == tmp_path / "logo.png"
    assert settings.card_cache_dir == tmp_path
    assert settings.card_storage_chat_id == -1001234
    assert Settings.from_env({}).card_storage_chat_id is None


@pytest.mark.parametrize("value", ["red", "#12345", "#GGGGGG"])
def test_a_card_colour_must_be_written_rrggbb(value: str) -> None:
    with pytest.raises(ConfigError, match="CARD_ACCENT must be a colour written #rrggbb"):
        Settings.from_env({"CARD_ACCENT": value})


def test_a_logo_is_drawn_in_the_header(sample_knowledge: Knowledge, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 100), (255, 0, 0, 255)).save(logo)
    face = _face(sample_knowledge, "tema-uno", "es")
    image = paint(face, dataclasses.replace(STYLE, logo=logo))
    assert image.getpixel((SHAPES["square"][0] - layout.MARGIN - 10, layout.MARGIN)) == (255, 0, 0)
    assert paint(face, STYLE).getpixel(
        (SHAPES["square"][0] - layout.MARGIN - 10, layout.MARGIN)
    ) != (255, 0, 0)


def test_the_cards_command_draws_every_card_for_review(tmp_path: Path) -> None:
    out = tmp_path / "cards"
    env = {**os.environ, "CONTENT_DIR": str(build_tree(tmp_path)), "STALE_AFTER_DAYS": "36500"}
    result = run_bot("cards", "--out", str(out), "--bot-username", USERNAME, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    drawn = sorted(path.name for path in out.iterdir())
    ids = ["caso-prueba", "contraste-prueba", "tema-dos", "tema-uno"]
    assert drawn == sorted(
        f"{i}-{lang}-{shape}.png" for i in ids for lang in ("en", "es") for shape in SHAPES
    )
    portrait = Image.open(out / "tema-dos-en-portrait.png")
    assert portrait.size == SHAPES["portrait"]
    assert _link(portrait) == f"https://t.me/{USERNAME}?start=tema-dos"
    assert f"drew {len(drawn)} cards" in result.stderr


def test_check_prints_a_card_that_does_not_fit_at_its_path_and_line(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    topic = root / "topics" / "tema-uno.yaml"
    assert topic.is_file()
    text = topic.read_text(encoding="utf-8")
    long = "Palabra " * 80
    topic.write_text(text.replace("¿Qué dice la norma de prueba?", long, 1), encoding="utf-8")
    env = {**os.environ, "CONTENT_DIR": str(root), "STALE_AFTER_DAYS": "36500"}
    result = run_bot("check", env=env, timeout=120)
    assert result.returncode == 1
    (line,) = [line for line in result.stdout.splitlines() if "share card" in line]
    assert line.startswith(
        "content/topics/tema-uno.yaml:2: error: its share card does not fit (es square, "
        "es portrait): shorten the title"
    )


def test_the_preview_shows_each_card_inside_the_page(sample_knowledge: Knowledge) -> None:
    html = preview.page(
        sample_knowledge,
        templates_dir=ROOT / "templates",
        bot_username=USERNAME,
        today=date(2026, 11, 27),
        cards=True,
    )
    sources = re.findall(r'<img class="card" src="([^"]*)"', html)
    content = sample_knowledge.content
    assert len(sources) == (len(content.topics) + len(content.cases)) * len(content.languages)
    links = set()
    for source in sources:
        prefix, _, data = source.partition(",")
        assert prefix == "data:image/jpeg;base64"
        links.add(_link(Image.open(io.BytesIO(base64.b64decode(data))).resize((1080, 1080))))
    assert links == {
        f"https://t.me/{USERNAME}?start={i}" for i in [*content.topics, *content.cases]
    }
    plain = preview.page(
        sample_knowledge,
        templates_dir=ROOT / "templates",
        bot_username=USERNAME,
        today=date(2026, 11, 27),
    )
    assert "<img" not in plain
