"""Decide what to say. Knows nothing of Telegram, SQL or templates.

``Answerer(content, index).ask(text, lang)`` -> ``Answer``; ``render`` draws it, handlers send it.
"""

from bot.answer.answerer import Answerer
from bot.answer.callbacks import LAYERS, Callback, parse
from bot.answer.caselists import CaseFilter
from bot.answer.commands import BY_NAME, COMMANDS, Command
from bot.answer.contexts import TEMPLATES, TemplateContext
from bot.answer.followup import Memory
from bot.answer.model import KINDS, Answer, Button
from bot.answer.sharing import card_caption

__all__ = [
    "BY_NAME",
    "COMMANDS",
    "KINDS",
    "LAYERS",
    "TEMPLATES",
    "Answer",
    "Answerer",
    "Button",
    "Callback",
    "CaseFilter",
    "Command",
    "Memory",
    "TemplateContext",
    "card_caption",
    "parse",
]
