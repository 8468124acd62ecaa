"""Memoria: a Telegram bot that explains Peru's amnesty law (Ley 32419) and helps people act.

Data flows one way: content -> index -> answer -> render -> send (see ../shared/STYLE.md).
"""

from bot import compiled, config

__version__ = "0.1.0"

# Before any module of the ask path is imported: its source when its compiled copy is stale.
compiled.choose(pure=config.pure_python())
