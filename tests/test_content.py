"""The loader and validator: exact ``path:line: severity: message`` output for broken trees."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import content, knowledge
from bot.config import Settings
from bot.content.hosts import FlaggedHosts, read_flagged_hosts
from bot.errors import ContentErrors, Problem
from tests.contenttrees import BROKEN, ROOT, build_tree
from tests.processes import run_bot

TODAY = date(2026, 11, 27)
BROKEN_CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def _settings(root: Path) -> Settings:
    return Settings.from_env({"CONTENT_DIR": str(root)})


def test_minimal_tree_loads_clean(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    loaded, problems = knowledge.check(_settings(root), today=TODAY)
    assert problems == []
    assert loaded is not None
    assert sorted(loaded.content.topics) == ["tema-dos", "tema-uno"]
    assert sorted(loaded.content.cases) == ["caso-prueba", "contraste-prueba"]
    assert sorted(loaded.content.alerts) == ["alerta-prueba"]


def test_loaded_records_keep_their_fields(tmp_path: Path) -> None:
    loaded = content.load(build_tree(tmp_path), today=TODAY)
    topic = loaded.topics["tema-uno"]
    assert topic.title.text("en") == "What does the test rule say?"
    assert topic.related == ("tema-dos", "caso-prueba")
    assert topic.sources[0].url == "https://example.org/fuente"
    assert topic.sources[0].date == "2025-08-14"
    assert topic.where.path == "content/topics/tema-uno.yaml"
    case = loaded.cases["caso-prueba"]
    assert case.years == (1985,)
    assert case.place.department == "Ayacucho"
    alert = loaded.alerts["alerta-prueba"]
    assert alert.scheduled is not None
    assert alert.scheduled.utcoffset() is not None


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_broken_tree_gives_exact_problems(case: str, tmp_path: Path) -> None:
    overlay = BROKEN / case
    root = build_tree(tmp_path, overlay)
    _, problems = knowledge.check(_settings(root), today=TODAY)
    printed = "".join(f"{p}\n" for p in problems)
    assert printed == (overlay / "expected.txt").read_text(encoding="utf-8")


def test_the_topics_offered_after_a_loss_must_exist(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    intents = root / "intents.yaml"
    lines = intents.read_text(encoding="utf-8").splitlines()
    intents.write_text("\n".join([*lines, "loss_topics: [tema-uno, tema-tres]", ""]), "utf-8")
    loaded, problems = content.check(root, today=TODAY)
    assert [str(p) for p in problems] == [
        f"content/intents.yaml:{len(lines) + 1}: error: 'loss_topics' names topic 'tema-tres', "
        "which does not exist. Did you mean 'tema-dos'?"
    ]
    intents.write_text("\n".join([*lines, "loss_topics: [tema-dos, tema-uno]", ""]), "utf-8")
    loaded, problems = content.check(root, today=TODAY)
    assert loaded is not None
    assert (problems, loaded.loss_topics) == ([], ("tema-dos", "tema-uno"))


def test_strict_load_raises_with_every_problem(tmp_path: Path) -> None:
    root = build_tree(tmp_path, BROKEN / "wrong-types")
    with pytest.raises(ContentErrors) as caught:
        content.load(root, today=TODAY)
    assert len(caught.value.problems) == 4


def test_warnings_alone_still_load_but_fail_strict(tmp_path: Path) -> None:
    root = build_tree(tmp_path, BROKEN / "stale-review")
    loaded, problems = content.check(root, today=TODAY)
    assert loaded is not None
    assert [p.severity for p in problems] == ["warning"]
    with pytest.raises(ContentErrors):
        content.load(root, today=TODAY)


def test_unknown_language_is_named(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = root / "topics" / "tema-dos.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  en: Test letter template", "  en: Test letter template\n  fr: Lettre"
        ),
        encoding="utf-8",
    )
    _, problems = content.check(root, today=TODAY)
    assert [str(p) for p in problems] == [
        "content/topics/tema-dos.yaml:6: error: 'title' has a text in 'fr', which is not a "
        "language of the bot (those are es, en; add content/locales/fr.yaml to add one)."
    ]


def test_a_new_locale_file_adds_a_language(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    (root / "locales" / "qu.yaml").write_text("language_name: Runasimi\n", encoding="utf-8")
    loaded = content.load(root, today=TODAY)
    assert loaded.languages == ("es", "en", "qu")
    assert loaded.strings("qu")["language_name"] == "Runasimi"
    assert loaded.strings("qu")["menu.back"] == loaded.strings("es")["menu.back"]
    assert loaded.topics["tema-uno"].title.text("qu") == "¿Qué dice la norma de prueba?"


def test_missing_content_folder_is_a_problem(tmp_path: Path) -> None:
    _, problems = content.check(tmp_path / "nowhere", today=TODAY)
    assert [p.message for p in problems] == ["the content folder does not exist; set CONTENT_DIR."]


@pytest.fixture(scope="module")
def fuzz_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_yaml_loads_or_gives_problems_with_lines(text: str, fuzz_tree: Path) -> None:
    (fuzz_tree / "topics" / "fuzz.yaml").write_text(text, encoding="utf-8")
    _, problems = content.check(fuzz_tree, today=TODAY)
    assert all(p.line >= 1 for p in problems)
    assert all(p.path.startswith("content/") for p in problems)


def _cli(*args: str, content_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTENT_DIR": str(content_dir), "STALE_AFTER_DAYS": "36500"}
    return run_bot(*args, env=env)


def test_check_exits_0_on_clean_content(tmp_path: Path) -> None:
    result = _cli("check", "--strict", content_dir=build_tree(tmp_path))
    assert (result.returncode, result.stdout) == (0, "")


def test_check_exits_1_and_prints_problems(tmp_path: Path) -> None:
    result = _cli("check", content_dir=build_tree(tmp_path, BROKEN / "bad-reference"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("content/cases/caso-prueba.yaml:38: error:")
    assert "Traceback" not in result.stderr


def test_check_exits_2_on_usage_error(tmp_path: Path) -> None:
    result = _cli("check", "--bogus", content_dir=build_tree(tmp_path))
    assert result.returncode == 2


# -- dates of facts: as_of, volatile, source dates ------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_topic_about_the_bot_itself_needs_no_as_of(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = root / "topics" / "tema-dos.yaml"
    _edit(
        path,
        "  - title: Otra fuente\n    url: https://example.org/otra\n",
        "  - title: Memoria\n    self: true\n",
    )
    _edit(path, "as_of: 2026-10-01\n", "")
    loaded, problems = content.check(root, today=TODAY)
    assert problems == []
    assert loaded is not None
    assert loaded.topics["tema-dos"].as_of is None


def test_volatile_is_false_unless_written_true(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _edit(
        root / "cases" / "caso-prueba.yaml",
        "reviewed: 2026-11-01\n",
        "reviewed: 2026-11-01\nvolatile: true\n",
    )
    loaded = content.load(root, today=TODAY)
    assert loaded.cases["caso-prueba"].volatile is True
    assert loaded.topics["tema-uno"].volatile is False


def test_a_source_date_is_read_as_a_day(tmp_path: Path) -> None:
    loaded = content.load(build_tree(tmp_path), today=TODAY)
    assert loaded.topics["tema-uno"].sources[0].day == date(2025, 8, 14)
    assert loaded.topics["tema-dos"].sources[0].day is None


def test_an_impossible_source_date_is_an_error(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _edit(root / "topics" / "tema-uno.yaml", "date: 2025-08-14", 'date: "2025-02-30"')
    _, problems = content.check(root, today=TODAY)
    assert [p.message for p in problems] == [
        "the source date '2025-02-30' must be written YYYY-MM-DD, like 2025-08-14; leave "
        "'date' out when the source shows no day."
    ]


def test_an_alert_keeps_its_as_of(tmp_path: Path) -> None:
    loaded = content.load(build_tree(tmp_path), today=TODAY)
    assert loaded.alerts["alerta-prueba"].as_of == date(2026, 10, 1)


def test_as_of_on_the_day_of_the_newest_source_is_allowed(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _edit(root / "topics" / "tema-uno.yaml", "as_of: 2026-10-01", "as_of: 2025-08-14")
    _, problems = content.check(root, today=TODAY)
    assert problems == []


# -- sources people can trust: content/flagged-hosts.yaml -----------------------------------


def _flagged(tmp_path: Path, text: str) -> FlaggedHosts:
    path = tmp_path / "flagged-hosts.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    flagged = read_flagged_hosts(path, "content/flagged-hosts.yaml", problems)
    assert problems == []
    return flagged


def test_a_star_pattern_covers_the_domain_and_its_subdomains_only(tmp_path: Path) -> None:
    flagged = _flagged(tmp_path, '- host: "*.scribd.com"\n  reason: document dump\n')
    assert flagged.find("https://es.scribd.com/doc/1") is not None
    assert flagged.find("http://scribd.com/doc/1") is not None
    assert flagged.find("https://WWW.Scribd.COM.:443/doc") is not None
    assert flagged.find("https://notscribd.com/doc/1") is None
    assert flagged.find("https://scribd.com.example.org/doc") is None


def test_an_exact_host_covers_that_host_only(tmp_path: Path) -> None:
    flagged = _flagged(tmp_path, "- host: deploy.studylib.es\n  reason: document dump\n")
    assert flagged.find("https://deploy.studylib.es/doc/6067256") is not None
    assert flagged.find("https://studylib.es/doc/1") is None
    assert flagged.find("https://a.deploy.studylib.es/doc/1") is None


def test_a_host_with_accents_matches_its_ascii_form(tmp_path: Path) -> None:
    flagged = _flagged(tmp_path, "- host: la-viñeta.com\n  reason: site of unknown standing\n")
    found = flagged.find("https://xn--la-vieta-h3a.com/es-falso")
    assert found is not None
    assert found[0] == "xn--la-vieta-h3a.com"


def test_a_flagged_source_beside_a_good_one_is_a_warning_that_fails_strict(
    tmp_path: Path,
) -> None:
    root = build_tree(tmp_path)
    (root / "flagged-hosts.yaml").write_text(
        "- host: copy.example\n  reason: mirror of another site's pages\n", encoding="utf-8"
    )
    _edit(
        root / "topics" / "tema-uno.yaml",
        "    date: 2025-08-14\n",
        "    date: 2025-08-14\n  - title: Copia\n    url: https://copy.example/fuente\n",
    )
    loaded, problems = content.check(root, today=TODAY)
    assert loaded is not None
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("content/topics/tema-uno.yaml", 31, "warning")
    ]
    with pytest.raises(ContentErrors):
        content.load(root, today=TODAY)


def test_without_the_file_no_host_is_flagged(tmp_path: Path) -> None:
    root = build_tree(tmp_path, BROKEN / "flagged-host-sources")
    (root / "flagged-hosts.yaml").unlink()
    _, problems = content.check(root, today=TODAY)
    assert problems == []


# Hosts named in issue #13 ("Sources people can trust") and hosts that must never be flagged.
ISSUE_HOSTS = (
    "https://test.expreso.siriuspublisher.com/opinion/x/141374",
    "https://desarrolloexpreso.siriuspublisher.com/opinion/x/151904",
    "https://645012.skal.fun/iachr/C/75-esp.html",
    "https://es.scribd.com/document/1",
    "https://es.slideshare.net/x",
    "https://deploy.studylib.es/doc/1",
    "http://studylib.es/doc/1",
    "https://fdocuments.ec/document/x.html",
    "https://fdocuments.co/document/x.html",
    "https://vdocuments.co/x.html",
    "https://auspol.co/x",
    "https://jomarieburt.net/joomlawp/?p=1",
    "https://ws.net360.info/es/wsnoticias/1",
    "https://xn--la-vieta-h3a.com/x",
)
TRUSTED_HOSTS = (
    "https://www.gob.pe/institucion/csnjpe/noticias/1",
    "https://www.congreso.gob.pe/participacion/pedidos/",
    "https://corteidh.or.cr/ver_ficha_tecnica.cfm?nId_Ficha=279&lang=es",
    "https://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=x",
    "http://www.cverdad.org.pe/ingles/ifinal/conclusiones.php",
    "https://larepublica.pe/politica/2026/03/11/x",
    "https://elcomercio.pe/politica/x",
    "https://lpderecho.pe/x",
)


def _shipped_flagged_hosts() -> FlaggedHosts:
    problems: list[Problem] = []
    path = ROOT / "content" / "flagged-hosts.yaml"
    flagged = read_flagged_hosts(path, "content/flagged-hosts.yaml", problems)
    assert problems == []
    return flagged


@pytest.mark.parametrize("url", ISSUE_HOSTS)
def test_the_shipped_list_flags_the_hosts_of_the_issue(url: str) -> None:
    assert _shipped_flagged_hosts().find(url) is not None


@pytest.mark.parametrize("url", TRUSTED_HOSTS)
def test_the_shipped_list_leaves_primary_sources_and_outlets_alone(url: str) -> None:
    assert _shipped_flagged_hosts().find(url) is None


def test_no_shipped_source_is_on_a_flagged_host() -> None:
    flagged = _shipped_flagged_hosts()
    loaded, _ = content.check(ROOT / "content")
    assert loaded is not None
    urls = [
        (item.where.path, s.url)
        for group in (loaded.topics, loaded.cases, loaded.alerts)
        for item in group.values()
        for s in item.sources
        if s.url
    ]
    if loaded.contact is not None:
        urls += [("content/contact.yaml", s.url) for s in loaded.contact.sources if s.url]
    assert len(urls) > 500
    assert [(path, url) for path, url in urls if flagged.find(url)] == []


def test_a_case_keeps_its_lead_and_status_now(tmp_path: Path) -> None:
    cases = content.load(build_tree(tmp_path), today=TODAY).cases
    lead, status_now = cases["caso-prueba"].lead, cases["caso-prueba"].status_now
    assert lead is not None
    assert lead.text("en") == "What happened, in brief."
    assert status_now is not None
    assert status_now.text("es").startswith("Última situación conocida (septiembre de 2025)")
    assert (cases["contraste-prueba"].lead, cases["contraste-prueba"].status_now) == (None, None)


def test_a_long_status_now_is_a_warning_that_fails_strict(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = root / "cases" / "caso-prueba.yaml"
    long = "Una frase de estado que se alarga sin fin. " * 4
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Last known status (September 2025), in one sentence.", long))
    _, problems = content.check(root, today=TODAY)
    line = text.splitlines().index("status_now:") + 1
    assert [str(p) for p in problems] == [
        f"content/cases/caso-prueba.yaml:{line}: warning: 'status_now.en' is {len(long.strip())} "
        "characters; keep it under 160 so it fits one phone screen, and keep the whole text in "
        "'status'."
    ]
    with pytest.raises(ContentErrors):
        content.load(root, today=TODAY)
