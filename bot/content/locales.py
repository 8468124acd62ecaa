"""Load ``content/locales/``: every button, label and short sentence, per language, checked.

Part of the content loader (loader.py calls ``load_locales`` with itself as ``loading``): it reads
YAML only through the loader, and reports problems through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from bot.content.fields import did_you_mean
from bot.content.model import REQUIRED_LANGUAGES
from bot.content.yamlfile import LineDict


class Loading(Protocol):
    """What locales need of the loader: read a YAML mapping, report a problem."""

    def read_mapping(self, path: Path) -> LineDict | None: ...

    def problem(
        self, path: Path | str, line: int, message: str, warning: bool = False
    ) -> None: ...


def load_locales(loading: Loading, folder: Path) -> dict[str, dict[str, str]]:
    """Every content/locales/<lang>.yaml as flat ``key.sub: text`` strings, checked: es and en
    exist, en has every key of es, and no language has a key es does not use."""
    locales: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        lang = path.stem
        data = loading.read_mapping(path)
        if data is None:
            continue
        flat: dict[str, str] = {}
        flat_lines: dict[str, int] = {}
        _flatten(loading, data, "", flat, flat_lines, path)
        locales[lang] = flat
        lines[lang] = flat_lines
    for lang in REQUIRED_LANGUAGES:
        if lang not in locales:
            loading.problem(
                folder / f"{lang}.yaml", 1, f"the locale file for '{lang}' is missing."
            )
            locales.setdefault(lang, {})
    base = locales["es"]
    for key in sorted(set(base) - set(locales["en"])):
        loading.problem(
            folder / "en.yaml",
            1,
            f"the string '{key}' is missing (content/locales/es.yaml line "
            f"{lines.get('es', {}).get(key, 1)} has it).",
        )
    for lang, strings in locales.items():
        for key in sorted(set(strings) - set(base)):
            hint = did_you_mean(key, list(base))
            loading.problem(
                folder / f"{lang}.yaml",
                lines[lang][key],
                f"the string '{key}' does not exist in es.yaml, so nothing uses it.{hint}",
            )
    return locales


def _flatten(
    loading: Loading,
    data: LineDict,
    prefix: str,
    out: dict[str, str],
    lines: dict[str, int],
    path: Path,
) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        line = data.key_lines.get(key, data.line)
        if isinstance(value, LineDict):
            _flatten(loading, value, f"{name}.", out, lines, path)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            out[name] = str(value).rstrip("\n")
            lines[name] = line
        else:
            loading.problem(path, line, f"the string '{name}' must be a text.")
