"""The terminal conversation is the real bot: PTB's application and handlers, no token, no network.

``converse`` runs in-process with a scripted stdin (the log audit of conftest.py then sees its
logs too); ``python -m bot chat`` and a bare ``run`` are also run as people run them.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from bot import console
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.store import Store
from bot.terminal import Screen
from bot.terminal.chat import PERSON_ID
from bot.terminal.screen import text_of
from tests.conftest import TYPED
from tests.processes import run_bot

T = TypeVar("T")


def _talk(knowledge: Knowledge, database: Path, *lines: str, lang: str | None = None) -> str:
    TYPED.extend(lines)
    settings = Settings.from_env({"DATABASE_URL": f"sqlite:///{database}"})
    out = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    assert console.converse(settings, knowledge, lang=lang, stdin=stdin, out=out) == 0
    return out.getvalue()


def _turns(out: str) -> list[str]:
    """What the bot showed after each line (the first is the /start it sends itself)."""
    return out.split("\n> ")


def _store_state(database: Path, read: Callable[[Store], Awaitable[T]]) -> T:
    async def run() -> T:
        async with await Store.open(f"sqlite:///{database}") as store:
            return await read(store)

    return asyncio.run(run())


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "memoria.db"


def test_the_conversation_starts_with_the_welcome_and_its_menu(
    sample_knowledge: Knowledge, database: Path
) -> None:
    [welcome, end] = _turns(_talk(sample_knowledge, database))
    assert welcome.startswith("Hola, soy Memoria.")
    assert "  [1] ⚖️ La ley de amnistía (Ley 32419)\n" in welcome
    assert end == "\n"


def test_a_question_then_a_button_pressed_by_number(
    sample_knowledge: Knowledge, database: Path
) -> None:
    out = _talk(sample_knowledge, database, "que dice la norma de prueba", "1", "1")
    _, answer, detail, related, _ = _turns(out)
    assert answer.startswith("¿Qué dice la norma de prueba?\n")
    assert "La norma de prueba tiene dos artículos & un <anexo>." in answer
    # The first layer: detail and sources one tap away, the share button explained.
    assert "  [1] 📖 Más detalle\n" in answer
    assert "  [2] 📚 Fuentes\n" in answer
    assert "  ↗ Compartir imagen: en Telegram, este botón envía esta respuesta como" in answer
    # No t.me address in the terminal, so no deep link.
    assert "t.me" not in out
    assert 'Un detalle más largo, con "comillas".' in detail
    assert "  [1] Modelo de carta de prueba\n" in detail
    assert related.startswith("Modelo de carta de prueba\n")


def test_sources_show_their_address_in_the_terminal(
    sample_knowledge: Knowledge, database: Path
) -> None:
    out = _talk(sample_knowledge, database, "que dice la norma de prueba", "2")
    _, _, sources, _ = _turns(out)
    # Links show their address.
    assert "• Gaceta oficial de prueba <https://gaceta.example.gob/ley>" in sources


def test_feedback_buttons_thank_and_disappear(sample_knowledge: Knowledge, database: Path) -> None:
    out = _talk(sample_knowledge, database, "que dice la norma de prueba", "1", "3")
    _, _, detail, thanked, _ = _turns(out)
    assert "  [3] 👍 Me sirvió\n" in detail
    assert thanked.startswith("  » Gracias por tu opinión.\n")
    assert "Me sirvió" not in thanked
    assert _store_state(database, lambda s: s.feedback.votes()) == {"tema-uno": (1, 0)}


def test_alerts_subscribe_by_button(sample_knowledge: Knowledge, database: Path) -> None:
    out = _talk(sample_knowledge, database, "/alertas", "4")
    _, status, subscribed, _ = _turns(out)
    assert "No estás suscrito a las alertas." in status
    assert "  [4] 🔔 Suscribirme a todo\n" in status
    assert subscribed.startswith("Listo, quedaste suscrito.")
    subscriber = _store_state(database, lambda s: s.subscribers.get(PERSON_ID))
    assert subscriber is not None
    assert subscriber.active


def test_privacy_then_forget_with_its_confirm_button(
    sample_knowledge: Knowledge, database: Path
) -> None:
    _talk(sample_knowledge, database, "/alertas si")
    out = _talk(sample_knowledge, database, "/privacidad", "/olvidar", "1")
    _, privacy, ask, done, _ = _turns(out)
    assert privacy.startswith("Qué datos guardo y por cuánto tiempo")
    assert "el último tema o caso que te mostré" in privacy
    assert "  [1] Sí, borrar todo\n" in ask
    assert done.startswith("Listo. Borré")
    assert _store_state(database, lambda s: s.subscribers.get(PERSON_ID)) is None


def test_the_language_is_kept_across_turns(sample_knowledge: Knowledge, database: Path) -> None:
    out = _talk(sample_knowledge, database, "what does the test rule say", "carta", "/ayuda")
    _, first, letter, help_, _ = _turns(out)
    assert first.startswith("What does the test rule say?")
    assert letter.startswith("Test letter template")
    assert help_.startswith("How to use Memoria")


def test_the_language_is_kept_across_sessions_in_the_same_database(
    sample_knowledge: Knowledge, database: Path
) -> None:
    _talk(sample_knowledge, database, "what does the test rule say")
    [welcome, _] = _turns(_talk(sample_knowledge, database))
    assert welcome.startswith("Hello, I am Memoria.")


def test_a_follow_up_about_the_last_item(sample_knowledge: Knowledge, database: Path) -> None:
    out = _talk(sample_knowledge, database, "que dice la norma de prueba", "in English please")
    assert _turns(out)[2].startswith("What does the test rule say?")
    remembered = _store_state(
        database,
        lambda s: s.conversations.recall(PERSON_ID, since=datetime.now(UTC) - timedelta(hours=1)),
    )
    assert remembered is not None
    assert (remembered.lang, remembered.last_item) == ("en", "tema-uno")


def test_lang_plays_the_client_language(sample_knowledge: Knowledge, database: Path) -> None:
    [welcome, _] = _turns(_talk(sample_knowledge, database, lang="en"))
    assert welcome.startswith("Hello, I am Memoria.")


def test_a_number_with_no_such_button_is_a_question(
    sample_knowledge: Knowledge, database: Path
) -> None:
    out = _talk(sample_knowledge, database, "/ayuda", "2")
    # "2" goes to the matcher as a question: it is not about anything Memoria answers.
    assert "Eso está fuera de lo que sé responder." in _turns(out)[2]


def test_commands_addressed_to_a_bot_name_still_work(
    sample_knowledge: Knowledge, database: Path
) -> None:
    out = _talk(sample_knowledge, database, "/caso@memoria_bot prueba uno")
    assert _turns(out)[1].startswith("Caso de prueba")


def test_screen_styles_bold_and_italics_only_on_a_terminal() -> None:
    html = '<b>Título</b> <i>nota</i> <a href="https://example.org">fuente</a> &amp; más'
    assert text_of(html, styled=False) == "Título nota fuente <https://example.org> & más"
    styled = text_of(html, styled=True)
    assert styled.startswith("\033[1mTítulo\033[0m \033[3mnota\033[0m")


def test_screen_indents_quotes_and_keeps_bare_links_once() -> None:
    html = (
        '<blockquote expandable>uno\n\ndos</blockquote>\n<a href="https://x.org">https://x.org</a>'
    )
    assert text_of(html, styled=False) == "  │ uno\n  │ \n  │ dos\nhttps://x.org"


def test_screen_numbers_only_callback_buttons_and_shows_urls() -> None:
    out = io.StringIO()
    screen = Screen(out, share_notes={"Compartir": "elige un chat"}, styled=False)
    markup = {
        "inline_keyboard": [
            [{"text": "Uno", "callback_data": "i:uno"}],
            [{"text": "Web", "url": "https://example.org"}],
            [
                {"text": "Compartir", "switch_inline_query_chosen_chat": {"query": "uno"}},
                {"text": "Menú", "callback_data": "m"},
            ],
        ]
    }
    screen.show({"message_id": 9, "reply_markup": markup}, "<b>Hola</b>")
    assert out.getvalue() == (
        "Hola\n  [1] Uno\n  🔗 Web: https://example.org\n  ↗ Compartir: elige un chat\n"
        "  [2] Menú\n\n"
    )
    assert (screen.choice(2), screen.choice(3), screen.choice(0)) == ((9, "m"), None, None)


def _cli(*args: str, stdin: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(DATABASE_URL=f"sqlite:///{database}", STALE_AFTER_DAYS="36500")
    return run_bot(*args, env=env, stdin=stdin)


def test_python_m_bot_chat_runs_the_real_bot_on_the_repository_content(database: Path) -> None:
    result = _cli(
        "chat",
        stdin="que es la ley 32419\ny quien la firmo?\nwho benefits from the law\nputis\n",
        database=database,
    )
    assert result.returncode == 0, result.stderr
    turns = _turns(result.stdout)
    assert turns[1].startswith("¿Qué es la Ley 32419?")
    assert "Jorge Montoya" in turns[2]
    assert turns[4].startswith("Putis massacre")
    # Routine log lines stay out of the conversation.
    assert "event=question" not in result.stderr


def test_bare_run_without_a_token_is_the_terminal_conversation(database: Path) -> None:
    result = _cli("run", stdin="/alertas si\n", database=database)
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "Listo, quedaste suscrito." in result.stdout
