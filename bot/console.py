"""A conversation in the terminal, through the same answer path as Telegram (``bot chat``).

Questions go to ``Answerer.ask``, /commands to ``Answerer.command``, and buttons are shown as
numbered choices: typing the number presses the button. For trying the bot without a token.
"""

from __future__ import annotations

from typing import TextIO

from bot.answer import BY_NAME, Answer, Button, parse
from bot.knowledge import Knowledge
from bot.render import plain


def converse(knowledge: Knowledge, *, lang: str | None, stdin: TextIO, out: TextIO) -> int:
    """Talk until end of input; return the exit code (0)."""
    answerer = knowledge.answerer
    chosen = lang
    current = answerer.welcome(lang or answerer.default_language)
    _show(knowledge, current, out)
    for raw in stdin:
        line = raw.strip()
        if not line:
            continue
        speaking = chosen or answerer.default_language
        reply: Answer | None
        if line.isdigit() and _buttons(current):
            buttons = _buttons(current)
            number = int(line)
            if not 1 <= number <= len(buttons):
                reply = answerer.usage("unknown_command", speaking)
            else:
                reply, chosen = _press(knowledge, buttons[number - 1], speaking, chosen)
        elif line.startswith("/"):
            name, _, argument = line[1:].partition(" ")
            command = BY_NAME.get(name.split("@")[0].lower())
            reply = answerer.command(command.key, argument, speaking) if command else None
            if reply is None:
                reply = answerer.usage("unknown_command", speaking)
        else:
            speaking = answerer.language(line, chosen=chosen, client=None)
            reply = answerer.ask(line, speaking)
        current = reply
        _show(knowledge, current, out)
    return 0


def _press(
    knowledge: Knowledge, button: Button, lang: str, chosen: str | None
) -> tuple[Answer, str | None]:
    answerer = knowledge.answerer
    callback = parse(button.data) if button.data else None
    if callback is None:
        return answerer.menu(lang), chosen
    if callback.action == "language":
        return answerer.language_choice(callback.value, changed=True), callback.value
    if callback.action in ("helpful", "not_helpful"):
        return answerer.menu(lang), chosen
    return answerer.press(callback, lang) or answerer.menu(lang), chosen


def _buttons(answer: Answer) -> list[Button]:
    return [b for row in answer.buttons for b in row if b.data]


def _show(knowledge: Knowledge, answer: Answer, out: TextIO) -> None:
    for chunk in knowledge.renderer.render(answer):
        out.write(plain(chunk) + "\n\n")
    for number, button in enumerate(_buttons(answer), start=1):
        out.write(f"  [{number}] {button.text}\n")
    for row in answer.buttons:
        for button in row:
            if button.url:
                out.write(f"  🔗 {button.text}: {button.url}\n")
    out.write("> ")
    out.flush()
