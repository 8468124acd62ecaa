"""The Literals that name answer kinds, button actions, usage lines and refusals are the one
source, and nothing drifted.

``Kind`` (bot/answer/model.py) is what ``ask --json`` prints; ``Action`` (bot/answer/callbacks.py)
is what stats count. mypy checks that every value used is declared; these tests check the other
way: every declared value is still made somewhere, so neither list carries dead names.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from bot.answer import callbacks
from bot.answer.contexts import RefusedReason, UsageKey
from bot.answer.model import KINDS
from bot.knowledge import Knowledge

BOT = Path(__file__).resolve().parent.parent / "bot"


def _answer_kinds() -> set[str]:
    """Every kind written as the first argument of ``Answer(...)`` anywhere in bot/."""
    found: set[str] = set()
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Answer"
            ):
                found |= {
                    c.value
                    for c in ast.walk(node.args[0])
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
    return found


def test_every_kind_is_made_somewhere() -> None:
    made = _answer_kinds()
    # Two kinds reach Answer through a variable (freetext's did-you-mean and "not understood").
    made |= {"suggestions", "unclear"}
    assert sorted(set(KINDS) - made) == []
    assert sorted(made - set(KINDS)) == []


def test_kinds_are_unique() -> None:
    assert len(KINDS) == len(set(KINDS))


def test_every_action_comes_from_a_wire_form() -> None:
    wire = [
        callbacks.item("x"),
        callbacks.category("law"),
        callbacks.language("en"),
        callbacks.MENU,
        callbacks.NEWS,
        callbacks.case_page(2, "ayacucho"),
        callbacks.FORGET_YES,
        callbacks.FORGET_NO,
        callbacks.ALERTS_ON,
        callbacks.ALERTS_OFF,
        callbacks.alerts_topic("court"),
        callbacks.BROADCAST_CANCEL,
        callbacks.broadcast_confirm("court"),
        callbacks.feedback("x", helpful=True),
        callbacks.feedback("x", helpful=False),
        callbacks.card("x", "es"),
        *(callbacks.layer(action, "x", "es") for action in callbacks.LAYER_ACTIONS),
    ]
    parsed = [callbacks.parse(data) for data in wire]
    assert sorted({p.action for p in parsed if p is not None}) == sorted(callbacks.ACTIONS)


@pytest.mark.parametrize("key", get_args(UsageKey))
def test_every_usage_key_has_its_line(sample_knowledge: Knowledge, key: UsageKey) -> None:
    for lang in ("es", "en"):
        answer = sample_knowledge.answerer.replies.usage(key, lang, limit=10)
        assert sample_knowledge.renderer.render(answer)[0].strip()


@pytest.mark.parametrize("reason", get_args(RefusedReason))
def test_every_refusal_has_its_line(sample_knowledge: Knowledge, reason: RefusedReason) -> None:
    for lang in ("es", "en"):
        answer = sample_knowledge.answerer.alerts.refused(reason, lang, choices=("alerta-prueba",))
        assert sample_knowledge.renderer.render(answer)[0].strip()
