"""Memoria: a Telegram bot that explains Peru's amnesty law (Ley 32419) and helps people act.

Data flows one way: content -> index -> answer -> render -> send (see ../shared/STYLE.md).
"""

__version__ = "0.1.0"
