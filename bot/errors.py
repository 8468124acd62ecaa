"""Memoria's exception tree. Nothing here imports from the rest of the package.

MemoriaError
 ├── ConfigError          a bad or missing environment variable (one sentence, names the key)
 ├── ContentErrors        the knowledge base has problems (carries every Problem found)
 └── RenderError          a template failed to render an item (a bug or a content mistake)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in the content, printed compiler-style as ``path:line: severity: message``."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class MemoriaError(Exception):
    """Base class of every error Memoria raises on purpose."""


class ConfigError(MemoriaError):
    """An environment variable is missing or has a value Memoria cannot use."""


class ContentErrors(MemoriaError):
    """The content has problems; ``problems`` lists every one, sorted by path and line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content")


class RenderError(MemoriaError):
    """A template could not render an answer."""
