"""The privacy answer (content/topics/privacidad-datos.yaml) says what bot/store really keeps.

Every table of bot/store/schema.py has a sentence in the answer, every column of a table that
holds a chat id is told (or is named below as bookkeeping, with the reason), and /olvidar deletes
exactly the tables the answer says it deletes. A new table or column without a sentence fails
here, so the answer cannot fall behind the database. /privacidad itself is tested in test_privacy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import knowledge
from bot.config import Settings
from bot.store import Store, normalize_url
from bot.store.engine import create_engine
from bot.store.schema import metadata

TOPIC = "privacidad-datos"
LANGS = ("es", "en")
NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)
CHAT = 7001
OTHER = 7002

# Each table, and the words the answer uses for it.
TABLES: dict[str, tuple[str, str]] = {
    "languages": (
        "el idioma y la fecha en que lo elegiste",
        "the language and the date you chose it",
    ),
    "conversations": ("Memoria de la conversación", "Conversation memory"),
    "subscribers": ("Suscripción a alertas", "Alert subscription"),
    "subscriber_audiences": ("Temas de las alertas", "Alert topics"),
    "deliveries": ("Registro de envíos", "Record of alerts sent"),
    "campaigns": ("Las alertas mismas", "The alerts themselves"),
    "scheduled_alerts": (
        "qué alertas programadas ya salieron",
        "which scheduled alerts have gone out",
    ),
    "processed_updates": ("Número técnico de cada mensaje", "technical number of each message"),
    "feedback": ("cuántos 👍 y 👎 recibió", "how many 👍 and 👎 it got"),
    "asked": ("cuántas veces se consultó cada tema", "how many times each topic was asked about"),
    "presses": (
        "cuántas veces se tocó cada tipo de botón",
        "how many times each kind of button was pressed",
    ),
    "questions": ("Preguntas sin respuesta", "Unanswered questions"),
    "card_files": ("Imágenes para compartir", "Images to share"),
}

# Every column of a table that holds a chat id, and the words that tell it.
CHAT_COLUMNS: dict[tuple[str, str], tuple[str, str]] = {
    ("languages", "chat_id"): ("el número de tu chat", "your chat's number"),
    ("languages", "lang"): ("el idioma", "the language"),
    ("languages", "updated_at"): ("la fecha en que lo elegiste", "the date you chose it"),
    ("conversations", "chat_id"): ("el número de tu chat", "your chat's number"),
    ("conversations", "lang"): ("el idioma en que escribiste", "the language you wrote in"),
    ("conversations", "last_item"): ("el último tema", "the last topic"),
    ("conversations", "last_case"): ("el último caso", "the last case"),
    ("conversations", "updated_at"): (
        "la hora de tu último mensaje",
        "the time of your last message",
    ),
    ("subscribers", "chat_id"): ("el número de tu chat", "your chat's number"),
    ("subscribers", "chat_type"): ("el tipo de chat", "the type of chat"),
    ("subscribers", "language"): ("tu idioma", "your language"),
    ("subscribers", "active"): ("Si te das de baja", "If you unsubscribe"),
    ("subscribers", "consented_at"): (
        "la fecha y hora en que aceptaste",
        "the date and time you accepted",
    ),
    ("subscribers", "wording_version"): (
        "la versión del texto que aceptaste",
        "the version of the wording you accepted",
    ),
    ("subscribers", "updated_at"): ("la fecha del último cambio", "the date of the last change"),
    ("subscribers", "inactive_reason"): ("el motivo de la baja", "reason for the unsubscription"),
    ("subscribers", "inactive_since"): (
        "la fecha y el motivo de la baja",
        "the date and reason for the unsubscription",
    ),
    ("subscriber_audiences", "chat_id"): ("los que elegiste", "the ones you chose"),
    ("subscriber_audiences", "audience"): (
        "tribunales, llamados a la acción, aniversarios",
        "courts, calls to action, anniversaries",
    ),
    ("deliveries", "campaign_id"): ("por cada alerta enviada", "for each alert sent"),
    ("deliveries", "chat_id"): ("enviada a tu chat", "sent to your chat"),
    ("deliveries", "language"): ("en qué idioma", "in which language"),
    ("deliveries", "chat_type"): ("a qué tipo de chat", "to which type of chat"),
    ("deliveries", "status"): ("si llegó, falló o se omitió", "whether it arrived, failed or"),
    ("deliveries", "attempts"): ("los intentos", "the attempts"),
    ("deliveries", "message_id"): ("el número del mensaje", "the message number"),
    ("deliveries", "error"): ("si falló, el error", "if it failed, the error"),
    ("deliveries", "finished_at"): ("cuándo", "when"),
}

# Columns of those tables that describe the sending itself, not the person: named, not told.
BOOKKEEPING: dict[tuple[str, str], str] = {
    ("deliveries", "id"): "the row's own number",
    ("deliveries", "maybe_delivered"): "part of the status: an attempt whose outcome is unknown",
    ("deliveries", "lease_owner"): "which sender process is sending it right now",
    ("deliveries", "lease_expires_at"): "until when that process holds it",
    ("deliveries", "not_before"): "the earliest time of the next try after a pause",
}

# What the /olvidar paragraph says it deletes: every table that holds a chat id.
FORGOTTEN: dict[str, tuple[str, str]] = {
    "languages": ("Tu idioma", "Your language"),
    "conversations": ("la memoria de la conversación", "the conversation memory"),
    "subscribers": ("tu suscripción", "your subscription"),
    "subscriber_audiences": ("los temas elegidos", "the topics you chose"),
    "deliveries": ("el registro de envíos de tu chat", "the record of alerts sent to your chat"),
}

# Why /olvidar leaves the other tables alone, in the answer's words.
NOT_ABOUT_A_CHAT: dict[str, tuple[str, str]] = {
    "questions": ("no llevan tu número", "carry no number of yours"),
    "feedback": ("no llevan tu número", "carry no number of yours"),
    "asked": ("no llevan tu número", "carry no number of yours"),
    "presses": ("no llevan tu número", "carry no number of yours"),
    "processed_updates": ("se borra solo a los 2 días", "deleted by itself after 2 days"),
    "campaigns": ("No llevan datos tuyos", "They carry nothing about you"),
    "scheduled_alerts": ("No llevan datos tuyos", "They carry nothing about you"),
    "card_files": ("No llevan datos tuyos", "They carry nothing about you"),
}


def _chat_tables() -> set[str]:
    return {name for name, table in metadata.tables.items() if "chat_id" in table.c}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """The privacy answer's summary and detail, per language."""
    topic = knowledge.load(Settings.from_env({})).content.topics[TOPIC]
    assert topic.detail is not None
    return {lang: f"{topic.summary.text(lang)}\n\n{topic.detail.text(lang)}" for lang in LANGS}


def _forget_paragraph(text: str) -> str:
    """The detail's paragraph under the heading «Qué borra /olvidar» ("What /forget deletes")."""
    headings = ("Qué borra /olvidar\n", "What /forget deletes\n")
    return next(p for p in text.split("\n\n") if p.startswith(headings))


def _missing(text: str, phrases: dict[str, str]) -> list[str]:
    return [f"{key}: {phrase!r}" for key, phrase in phrases.items() if phrase not in text]


def test_every_table_has_a_sentence_in_the_privacy_answer(texts: dict[str, str]) -> None:
    assert set(TABLES) == set(metadata.tables)
    for n, lang in enumerate(LANGS):
        assert _missing(texts[lang], {t: p[n] for t, p in TABLES.items()}) == [], lang


def test_every_column_about_a_chat_is_told_or_named_as_bookkeeping(
    texts: dict[str, str],
) -> None:
    columns = {(t, c.name) for t in _chat_tables() for c in metadata.tables[t].c}
    assert columns == set(CHAT_COLUMNS) | set(BOOKKEEPING)
    assert not set(CHAT_COLUMNS) & set(BOOKKEEPING)
    for n, lang in enumerate(LANGS):
        phrases = {f"{t}.{c}": p[n] for (t, c), p in CHAT_COLUMNS.items()}
        assert _missing(texts[lang], phrases) == [], lang


def test_forget_paragraph_names_every_table_and_why_the_rest_stay(texts: dict[str, str]) -> None:
    assert set(FORGOTTEN) == _chat_tables()
    assert set(NOT_ABOUT_A_CHAT) == set(metadata.tables) - _chat_tables()
    for n, lang in enumerate(LANGS):
        paragraph = _forget_paragraph(texts[lang])
        assert _missing(paragraph, {t: p[n] for t, p in FORGOTTEN.items()}) == [], lang
        assert _missing(texts[lang], {t: p[n] for t, p in NOT_ABOUT_A_CHAT.items()}) == [], lang


async def _counts(url: str, chat_id: int | None = None) -> dict[str, int]:
    """Rows per table; with a chat id, only that chat's rows in the tables that hold one."""
    engine = create_engine(normalize_url(url))
    counts = {}
    try:
        async with engine.connect() as conn:
            for table in metadata.sorted_tables:
                query = select(func.count()).select_from(table)
                if chat_id is not None and "chat_id" in table.c:
                    query = query.where(table.c.chat_id == chat_id)
                counts[table.name] = int((await conn.execute(query)).scalar_one())
    finally:
        await engine.dispose()
    return counts


async def test_forget_deletes_what_the_answer_says_and_nothing_else(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'privacy.db'}"
    async with await Store.open(url) as store:
        for chat in (CHAT, OTHER):
            await store.chats.set_language(chat, "es", NOW)
            await store.conversations.remember(
                chat, lang="es", last_item="ley-32419", last_case="putis", now=NOW
            )
            await store.subscribers.subscribe(
                chat,
                audiences=["court", "action"],
                language="es",
                chat_type="private",
                wording_version="v1",
                now=NOW,
            )
        await store.campaigns.create(
            key="k1", audience="court", alert_id=None, texts={"es": "x"}, created_by="h", now=NOW
        )
        await store.markers.mark_alert_scheduled_sent("aniversario-putis", NOW, NOW)
        await store.markers.claim_update(1, NOW)
        await store.feedback.add("putis", positive=True)
        await store.feedback.count_asked("putis")
        await store.feedback.count_press("detail")
        await store.card_files.keep("a" * 32, "photo-1", NOW)
        await store.questions.log(
            "una pregunta", lang="es", outcome="fallback", suggestion=None, now=NOW
        )
        before, mine, others = (
            await _counts(url),
            await _counts(url, CHAT),
            await _counts(url, OTHER),
        )
        # Every table holds something, so every row below is either deleted or kept on purpose.
        assert 0 not in before.values(), before
        assert 0 not in [mine[t] for t in FORGOTTEN], mine
        await store.chats.forget(CHAT)
    after = await _counts(url)
    assert {t: n for t, n in (await _counts(url, CHAT)).items() if t in FORGOTTEN and n} == {}
    assert await _counts(url, OTHER) == others
    assert {t: after[t] for t in NOT_ABOUT_A_CHAT} == {t: before[t] for t in NOT_ABOUT_A_CHAT}
