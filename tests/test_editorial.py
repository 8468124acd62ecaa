"""What ``check`` reports for editors beyond errors: stale entries, translation coverage,
categories with no topics, unreachable cases, and near-identical example questions."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from bot import editorial, knowledge
from bot.config import Settings
from bot.content.texts import texts
from bot.knowledge import Knowledge
from tests.contenttrees import build_tree
from tests.processes import run_bot

TODAY = date(2026, 11, 27)


def _knowledge(root: Path) -> Knowledge:
    loaded, problems = knowledge.check(Settings.from_env({"CONTENT_DIR": str(root)}), today=TODAY)
    assert loaded is not None, problems
    return loaded


def _review(root: Path, *, stale_after_days: int = 365) -> editorial.Review:
    return editorial.review(_knowledge(root), today=TODAY, stale_after_days=stale_after_days)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def _check(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTENT_DIR": str(root), "STALE_AFTER_DAYS": "36500", **(env or {})}
    return run_bot("check", *args, env=env)


def test_stale_entries_are_listed_oldest_first_with_the_line_of_their_date(
    tmp_path: Path,
) -> None:
    root = build_tree(tmp_path)
    _replace(root / "topics" / "tema-dos.yaml", "reviewed: 2026-11-01", "reviewed: 2025-01-10")
    _replace(root / "cases" / "caso-prueba.yaml", "reviewed: 2026-11-01", "reviewed: 2024-03-01")
    review = _review(root, stale_after_days=300)
    assert [(r.item_id, r.reviewed.isoformat(), r.days) for r in review.stale] == [
        ("caso-prueba", "2024-03-01", 1001),
        ("tema-dos", "2025-01-10", 686),
    ]
    first = review.stale[0]
    assert (first.path, first.line) == (
        "content/cases/caso-prueba.yaml",
        _line_of(root / "cases" / "caso-prueba.yaml", "reviewed:"),
    )
    assert editorial.review_lines(review)[:3] == [
        "Stale entries (reviewed more than 300 days ago), oldest first:",
        f"  content/cases/caso-prueba.yaml:{first.line}: reviewed 2024-03-01, 1001 days ago: "
        "Caso de prueba",
        f"  content/topics/tema-dos.yaml:{review.stale[1].line}: reviewed 2025-01-10, "
        "686 days ago: Modelo de carta de prueba",
    ]


def test_nothing_stale_names_the_oldest_review(tmp_path: Path) -> None:
    review = _review(build_tree(tmp_path))
    assert review.stale == ()
    assert editorial.review_lines(review)[0] == (
        "Stale entries: none reviewed more than 365 days ago (the oldest review is "
        "content/alerts/alerta-prueba.yaml:11, 2026-11-01, 26 days ago)."
    )


def test_coverage_counts_every_translatable_text_per_language(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    (root / "locales" / "qu.yaml").write_text("language_name: Runasimi\n", encoding="utf-8")
    _replace(
        root / "topics" / "tema-uno.yaml",
        "  en: What does the test rule say?\n",
        "  en: What does the test rule say?\n  qu: Imatam nin?\n",
    )
    loaded = _knowledge(root)
    total = len(texts(loaded.content))
    review = editorial.review(loaded, today=TODAY, stale_after_days=365)
    assert [(c.lang, c.name, c.translated, c.total) for c in review.coverage] == [
        ("es", "Español", total, total),
        ("en", "English", total, total),
        ("qu", "Runasimi", 2, total),
    ]
    assert (
        f"  qu Runasimi: 2 of {total} texts ({200 // total}%); python -m bot export --csv qu.csv "
        in ("\n".join(editorial.review_lines(review)))
    )


def test_categories_without_topics_are_listed_with_their_lines(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    review = _review(root)
    empty = [(e.category_id, e.line) for e in review.empty_categories]
    assert [category for category, _ in empty] == [
        "families",
        "ley32107",
        "international",
        "context",
        "rights",
        "action",
        "myths",
        "glossary",
        "about",
    ]
    assert empty[0][1] == _line_of(root / "categories.yaml", "- id: families")
    assert review.warnings == ()


def test_example_questions_that_confuse_the_matcher_are_a_warning(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    topic = root / "topics" / "tema-dos.yaml"
    _replace(topic, "es: [modelo de carta,", 'es: ["¿Norma de prueba?", modelo de carta,')
    review = _review(root)
    line = _line_of(topic, "  es: [")
    other = _line_of(root / "topics" / "tema-uno.yaml", "  es: [que dice")
    assert [str(p) for p in review.warnings] == [
        f"content/topics/tema-dos.yaml:{line}: warning: the example question "
        '"¿Norma de prueba?" is almost the same as "norma de prueba" of topic \'tema-uno\' '
        f"(content/topics/tema-uno.yaml:{other}), and the bot mixes the two topics up: "
        "reword one of them, or keep the question in one topic only."
    ]


def test_near_identical_questions_the_matcher_tells_apart_are_information(
    tmp_path: Path,
) -> None:
    root = build_tree(tmp_path)
    _replace(
        root / "topics" / "tema-dos.yaml",
        "en: [letter template,",
        "en: [test rule vote of 9 july 2025 in congress, letter template,",
    )
    _replace(
        root / "topics" / "tema-uno.yaml",
        "en: [what does the test rule say,",
        "en: [test rule vote of 4 july 2024 in congress, what does the test rule say,",
    )
    review = _review(root)
    assert review.warnings == ()
    [pair] = review.near_duplicates
    assert (pair.first.topic_id, pair.second.topic_id, round(pair.score)) == (
        "tema-dos",
        "tema-uno",
        95,
    )
    assert editorial.review_lines(review)[-1] == (
        f'  content/topics/tema-dos.yaml:{pair.first.line} "test rule vote of 9 july 2025 in '
        f'congress" and content/topics/tema-uno.yaml:{pair.second.line} "test rule vote of 4 '
        'july 2024 in congress" (95%)'
    )


def test_a_case_no_name_or_alias_finds_is_a_warning(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = root / "cases" / "caso-prueba.yaml"
    _replace(path, "aliases: [prueba uno, caso uno]", "aliases: [el de]")
    _replace(path, "  es: Caso de prueba\n  en: Test case", "  es: Lo que\n  en: Of the")
    review = _review(root)
    assert [str(p) for p in review.warnings] == [
        "content/cases/caso-prueba.yaml:2: warning: no name or alias of this case finds it: "
        "asking \"Lo que\" answers with a fallback answer. Add to 'aliases' the names people "
        "use for it."
    ]


def test_the_real_content_has_no_editorial_warnings() -> None:
    loaded, _ = knowledge.check(Settings.from_env({}))
    assert loaded is not None
    review = editorial.review(loaded, today=date.today(), stale_after_days=365)
    assert [str(p) for p in review.warnings] == []


# -- the command ---------------------------------------------------------------------------


def test_check_prints_problems_on_stdout_and_the_report_on_stderr(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _replace(
        root / "topics" / "tema-dos.yaml", "es: [modelo de carta,", "es: [norma de prueba, modelo,"
    )
    result = _check(root)
    assert result.returncode == 0
    [warning] = result.stdout.splitlines()
    assert warning.startswith("content/topics/tema-dos.yaml:17: warning: the example question")
    assert "Translations (a text missing in a language is shown in Spanish" in result.stderr
    assert "Categories with no topics (the menu hides them):" in result.stderr
    assert result.stderr.endswith("0 error(s), 1 warning(s)\n")
    assert _check(root, "--strict").returncode == 1


def test_check_stale_days_sets_the_threshold(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _replace(root / "topics" / "tema-dos.yaml", "reviewed: 2026-11-01", "reviewed: 2020-01-01")
    line = _line_of(root / "topics" / "tema-dos.yaml", "reviewed:")
    # The command counts from the real today: pick N between the ages of the two reviews.
    old, recent = (date.today() - date(2020, 1, 1)).days, (date.today() - date(2026, 11, 1)).days
    days = (old + recent) // 2
    result = _check(root, "--stale-days", str(days))
    assert result.stdout == (
        f"content/topics/tema-dos.yaml:{line}: warning: reviewed on 2020-01-01, more than "
        f"{days} days ago: check it against its sources again.\n"
    )
    assert (
        f"  content/topics/tema-dos.yaml:{line}: reviewed 2020-01-01, {old} days ago: Modelo de "
        "carta de prueba\n"
    ) in result.stderr
    assert _check(root, "--stale-days", str(old + 1)).stdout == ""
    assert _check(root, "--stale-days", "0").returncode == 2


# -- volatile entries whose facts are old ---------------------------------------------------


def _volatile_case(root: Path, *, reviewed: str = "2026-11-01") -> Path:
    path = root / "cases" / "caso-prueba.yaml"
    _replace(path, "reviewed: 2026-11-01\n", f"reviewed: {reviewed}\nvolatile: true\n")
    return path


def test_a_volatile_entry_with_old_facts_is_listed_with_the_line_of_its_date(
    tmp_path: Path,
) -> None:
    root = build_tree(tmp_path)
    path = _volatile_case(root)
    review = _review(root)
    [old] = review.old_facts
    assert (old.item_id, old.key, old.as_of.isoformat(), old.days) == (
        "caso-prueba",
        "status_as_of",
        "2025-09-01",
        452,
    )
    assert (old.path, old.line) == (
        "content/cases/caso-prueba.yaml",
        _line_of(path, "status_as_of:"),
    )
    lines = editorial.review_lines(review)
    header = lines.index(
        "Volatile entries with facts older than 120 days, oldest first (answers show their "
        "date; look for newer facts, and never move the date without them):"
    )
    assert lines[header + 1] == (
        f"  content/cases/caso-prueba.yaml:{old.line}: status_as_of 2025-09-01, 452 days ago; "
        "reviewed 2026-11-01: Caso de prueba"
    )


def test_old_facts_reviewed_recently_are_not_a_warning(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _volatile_case(root, reviewed="2026-11-01")
    assert _review(root).warnings == ()


def test_old_facts_not_reviewed_for_as_long_are_a_warning(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    path = _volatile_case(root, reviewed="2026-06-01")
    line = _line_of(path, "status_as_of:")
    assert [str(p) for p in _review(root).warnings] == [
        f"content/cases/caso-prueba.yaml:{line}: warning: this volatile entry's facts are from "
        "2025-09-01 and it was last reviewed on 2026-06-01, both more than 120 days ago: look "
        "for newer facts; update the text and its date if there are any, and 'reviewed' either "
        "way."
    ]


def test_an_entry_not_marked_volatile_is_never_old_facts(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _replace(root / "topics" / "tema-uno.yaml", "as_of: 2026-10-01", "as_of: 2025-08-14")
    review = _review(root)
    assert review.old_facts == ()
    assert "Volatile entries: none with facts older than 120 days." in editorial.review_lines(
        review
    )


def test_the_volatile_threshold_is_a_parameter(tmp_path: Path) -> None:
    root = build_tree(tmp_path)
    _volatile_case(root)
    review = editorial.review(
        _knowledge(root), today=TODAY, stale_after_days=365, volatile_after_days=500
    )
    assert review.old_facts == ()


def test_check_lists_old_volatile_facts_on_stderr_by_volatile_stale_after_days(
    tmp_path: Path,
) -> None:
    root = build_tree(tmp_path)
    _volatile_case(root, reviewed=date.today().isoformat())
    age = (date.today() - date(2025, 9, 1)).days
    listed = _check(root, "--strict")
    assert listed.returncode == 0
    assert f"status_as_of 2025-09-01, {age} days ago" in listed.stderr
    env_days = {"VOLATILE_STALE_AFTER_DAYS": str(age)}
    quiet = _check(root, "--strict", env=env_days)
    assert f"Volatile entries: none with facts older than {age} days." in quiet.stderr
