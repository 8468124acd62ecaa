"""Phrases and named lists of phrases found in a question's words (``bot/index/text.py``)."""

from __future__ import annotations

from bot.index.text import Lists, Phrases


def test_a_phrase_is_found_anywhere_whole_and_only_whole() -> None:
    phrases = Phrases([("en", "la", "tele"), ("ojo",)])
    assert phrases.held(["lo", "dicen", "en", "la", "tele"])
    assert phrases.held(["ojo"])
    assert not phrases.held(["en", "la", "radio"])
    assert not phrases.held(["la", "tele", "en"])
    assert phrases.words(["ojo", "lo", "dicen", "en", "la", "tele"]) == {"ojo", "en", "la", "tele"}


def test_named_lists_are_found_in_one_pass() -> None:
    lists = Lists(
        {
            "present": [("desde", "el", "sabado"), ("servicio", "militar")],
            "notion": [("masacre",)],
            "both": [("masacre",)],
        }
    )
    assert lists.held_by(["la", "masacre", "de", "putis"]) == {"notion", "both"}
    assert lists.held_by(["no", "regresa", "desde", "el", "sabado"]) == {"present"}
    assert lists.held_by(["desde", "el", "domingo"]) == frozenset()
    assert lists.held_by([]) == frozenset()
