"""Build small content trees for tests: the repository's locales, categories, intents and
synonyms, plus the items of ``tests/content/minimal`` and an optional broken overlay."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
MINIMAL = TESTS / "content" / "minimal"
BROKEN = TESTS / "content" / "broken"
SHARED = ("locales", "categories.yaml", "intents.yaml", "synonyms.yaml")
LOSS = "loss_topics:"


def build_tree(target: Path, overlay: Path | None = None) -> Path:
    """A content folder at ``target/content``: shared files, minimal items, then ``overlay``.

    In the overlay, a file holding just ``DELETE`` removes that file from the tree.
    """
    root = target / "content"
    root.mkdir(parents=True)
    for name in SHARED:
        source = ROOT / "content" / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    # The relatives' topics it offers after a loss are the repository's own, not the tree's.
    intents = root / "intents.yaml"
    kept = [
        n for n in intents.read_text(encoding="utf-8").splitlines(True) if not n.startswith(LOSS)
    ]
    intents.write_text("".join(kept), encoding="utf-8")
    shutil.copytree(MINIMAL, root, dirs_exist_ok=True)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            if path.is_dir() or path.name == "expected.txt":
                continue
            destination = root / path.relative_to(overlay)
            if path.read_text(encoding="utf-8").strip() == "DELETE":
                destination.unlink()
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, destination)
    return root
