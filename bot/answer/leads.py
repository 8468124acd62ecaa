"""Cut a text into its lead (what fits the first phone screen) and the rest, never mid-sentence.

Content files are written whole; the first layer of an answer shows a lead and the detail layer
the rest (``answerer`` composes them). Cuts fall on paragraph breaks when they can, else between
sentences; a text is never cut inside a sentence, so nothing is shown half-said.
"""

from __future__ import annotations

import itertools
import re

# A sentence ends at . ! ? or … followed by a space and an opening (capital, digit, quote,
# ¿ ¡ or a bracket); a blank line ends one too. A list ("• a" lines) belongs to the sentence
# that announces it. The words below end in a dot without ending a sentence: "Caso X vs. Perú",
# "EE. UU.", "Art. 2", and initials like "George W. Bush".
_END = re.compile(r"(?<=[.!?…])([»\"”)]?)\s+(?=[«\"“¿¡(A-ZÁÉÍÓÚÑ0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n")
_NOT_AN_END = frozenset(
    {
        "vs",
        "v",
        "ee",
        "uu",
        "sr",
        "sra",
        "srta",
        "dr",
        "dra",
        "gral",
        "crnel",
        "cnel",
        "art",
        "arts",
        "inc",
        "núm",
        "nro",
        "nº",
        "n.º",
        "pág",
        "pp",
        "st",
        "mr",
        "mrs",
        "ms",
        "jr",
        "ej",
        "etc",
        "aprox",
    }
)
# "No. 32419" is a number, but "no." ends many a sentence: it only continues before a digit.
_BEFORE_A_NUMBER = frozenset({"no", "nos"})


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (separated by blank lines), stripped."""
    return [p.strip() for p in _PARAGRAPH.split(text.strip()) if p.strip()]


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing punctuation; paragraph breaks end one."""
    text = text.strip()
    cuts = [0, *_ends(text), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def lead(text: str, *, chars: int, paragraph_chars: int) -> tuple[str, str]:
    """``(lead, rest)`` of ``text``: the whole text when it has at most ``chars`` characters;
    else its first paragraph when that has at most ``paragraph_chars`` (with the next one when
    it ends in a colon: a list it announces); else the first sentences of that paragraph that
    fit in ``chars`` (one at least). ``rest`` is the remainder ("" if none), paragraphs kept."""
    text = text.strip()
    if len(text) <= chars:
        return text, ""
    parts = paragraphs(text)
    if len(parts[0]) <= paragraph_chars:
        # A paragraph that announces a list ("Key dates:") leads with its list.
        taken = 2 if parts[0].endswith(":") and len(parts) > 1 else 1
        return "\n\n".join(parts[:taken]), "\n\n".join(parts[taken:])
    head, tail = first_sentences(parts[0], count=len(parts[0]), chars=chars)
    return head, "\n\n".join(p for p in (tail, *parts[1:]) if p)


def first_sentences(text: str, *, count: int, chars: int) -> tuple[str, str]:
    """``(head, tail)``: at most ``count`` leading sentences of ``text`` that fit in ``chars``
    characters (always one at least, however long), and what follows them, as written. The head
    never ends in a colon (see below)."""
    text = text.strip()
    ends = [*_ends(text), len(text)]
    taken = 1
    while taken < min(count, len(ends)) and len(text[: ends[taken]].strip()) <= chars:
        taken += 1
    # A sentence ending in a colon announces the paragraph after it: never stop right after it.
    # Leave it out when sentences come before it; else take the paragraph it announces.
    if text[: ends[taken - 1]].rstrip().endswith(":"):
        if taken > 1:
            taken -= 1
        else:
            breaks = [m.start() for m in _PARAGRAPH.finditer(text) if m.start() > ends[0]]
            cut = min([*breaks, len(text)])
            return text[:cut].strip(), text[cut:].strip()
    cut = ends[taken - 1]
    return text[:cut].strip(), text[cut:].strip()


def _ends(text: str) -> list[int]:
    """Where each sentence but the last ends: offsets after its punctuation (or paragraph)."""
    found = {m.start() for m in _PARAGRAPH.finditer(text)}
    for match in _END.finditer(text):
        words = text[: match.start()].rstrip('.!?…»"”)').split()
        last = words[-1].lower() if words else ""
        number_follows = text[match.end() : match.end() + 1].isdigit()
        if last in _BEFORE_A_NUMBER and number_follows:
            continue
        if len(last) > 1 and last not in _NOT_AN_END:
            found.add(match.end(1))
    return sorted(found)
