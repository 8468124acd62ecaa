"""Knowledge bases for the latency benchmarks: the shipped content, and a synthetic copy that
clones every topic and case ``factor - 1`` times with new ids and perturbed example questions and
aliases (a dropped, swapped or misspelt word, or a filler). Used by bench/ask.py.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from bot import content as content_module
from bot.config import Settings
from bot.knowledge import Knowledge

ROOT = Path(__file__).resolve().parents[1]
FILLERS = ("pues", "ahora", "please", "oe", "exactly", "bueno")


def perturb(text: str, rng: random.Random) -> str:
    """``text`` with one small change: a word dropped, two swapped, a letter or a filler."""
    found = text.split()
    choice = rng.randrange(4)
    if choice == 0 and len(found) > 2:
        del found[rng.randrange(len(found))]
    elif choice == 1 and len(found) > 1:
        i = rng.randrange(len(found) - 1)
        found[i], found[i + 1] = found[i + 1], found[i]
    elif choice == 2:
        i = rng.randrange(len(found))
        word = found[i]
        if len(word) >= 4:
            j = rng.randrange(1, len(word) - 1)
            found[i] = word[:j] + rng.choice("aeioulnrst") + word[j + 1 :]
    else:
        found.append(rng.choice(FILLERS))
    return " ".join(found)


def synthetic(target: Path, factor: int, *, seed: int = 7) -> Path:
    """A copy of content/ with every topic and case cloned ``factor - 1`` times; its root."""
    root = target / "content"
    shutil.copytree(ROOT / "content", root)
    rng = random.Random(seed)
    for folder, texts in (("topics", "questions"), ("cases", "aliases")):
        for path in sorted((root / folder).glob("*.yaml")):
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
            for n in range(1, factor):
                clone = dict(data)
                if texts == "questions":
                    clone["questions"] = {
                        lang: [perturb(q, rng) for q in qs]
                        for lang, qs in data["questions"].items()
                    }
                else:
                    clone["aliases"] = [perturb(a, rng) for a in data["aliases"]]
                out = path.with_name(f"{path.stem}-x{n}.yaml")
                out.write_text(yaml.safe_dump(clone, allow_unicode=True), encoding="utf-8")
    return root


def knowledge_for(root: Path) -> Knowledge:
    """The Knowledge of a content folder, warnings allowed (clones repeat their originals)."""
    settings = Settings.from_env({"CONTENT_DIR": str(root)})
    loaded, problems = content_module.check(root)
    errors = [str(p) for p in problems if p.severity == "error"]
    if loaded is None or errors:
        raise SystemExit("\n".join(errors) or "the synthetic content did not load")
    return Knowledge.build(loaded, settings)
