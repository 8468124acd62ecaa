"""Who runs the bot comes from configuration (ORG_NAME, ORG_DESCRIPTION, ORG_CONTACT), never a
placeholder: the about answer says who, or says honestly that this copy does not say."""

from __future__ import annotations

from bot import knowledge
from bot.config import Settings


def _about(env: dict[str, str], lang: str = "es") -> str:
    loaded = knowledge.load(Settings.from_env(env))
    answer = loaded.answerer.item("sobre-memoria", lang)
    return "\n".join(loaded.renderer.render(answer))


def test_settings_read_the_organization_and_leave_it_unset_by_default() -> None:
    assert Settings.from_env({}).org_name is None
    settings = Settings.from_env(
        {"ORG_NAME": "Colectivo", "ORG_DESCRIPTION": "Una red.", "ORG_CONTACT": "@colectivo"}
    )
    assert (settings.org_name, settings.org_description, settings.org_contact) == (
        "Colectivo",
        "Una red.",
        "@colectivo",
    )


def test_about_names_the_configured_organization_with_its_description_and_contact() -> None:
    text = _about(
        {
            "ORG_NAME": "Colectivo <Ejemplo>",
            "ORG_DESCRIPTION": "Una red de organizaciones de familiares.",
            "ORG_CONTACT": "@colectivo_ejemplo",
        }
    )
    assert (
        "Lo gestiona Colectivo &lt;Ejemplo&gt;. Una red de organizaciones de familiares.\n" in text
    )
    assert "Contacto: @colectivo_ejemplo" in text
    assert "{org" not in text


def test_about_without_configuration_says_so_instead_of_a_placeholder() -> None:
    for lang, honest in (
        ("es", "Esta copia de Memoria todavía no dice qué organización la administra."),
        ("en", "This copy of Memoria does not yet say which organization runs it."),
    ):
        text = _about({}, lang)
        assert honest in text
        assert "Lo gestiona Memoria" not in text
        assert "run by Memoria" not in text


def test_other_answers_name_whoever_runs_the_bot_when_unconfigured() -> None:
    loaded = knowledge.load(Settings.from_env({}))
    text = "\n".join(loaded.renderer.render(loaded.answerer.item("reportar-error", "es")))
    assert "escribe a quien administra este bot" in text


def test_welcome_names_the_organization_only_when_configured() -> None:
    unnamed = knowledge.load(Settings.from_env({}))
    named = knowledge.load(Settings.from_env({"ORG_NAME": "Colectivo"}))
    assert "lo administra" not in "\n".join(
        unnamed.renderer.render(unnamed.answerer.replies.welcome("es"))
    )
    welcome = "\n".join(named.renderer.render(named.answerer.replies.welcome("es")))
    assert "Este bot lo administra: Colectivo." in welcome
