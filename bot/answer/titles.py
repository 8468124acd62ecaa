"""Whether an item's title names what was typed: inline cards whose title names the query
("familiares" -> "Soy familiar de una víctima, ¿qué puedo hacer?") come first. Knows nothing
of ranking beyond that one test (``answerer.inline_ids`` sorts by it).
"""

from __future__ import annotations

from bot.content import Content, Topic
from bot.index import Index, words

# The fewest letters of a stem that names a longer one ("famili" names "familiar").
TITLE_STEM = 5


def titled(content: Content, index: Index, item_id: str, text: str) -> bool:
    """Whether a topic's or case's title, in one of its languages, names every word of
    ``text``: the same stem, or one stem the start of the other ("familiares" is named by
    "Soy familiar de una víctima", whose stems are "familiar" and "famili")."""
    found = content.item(item_id)
    if found is None:
        return False
    title = found.title if isinstance(found, Topic) else found.name
    terms = index.corpus.terms_of
    for lang in title:
        wanted = terms(index.normalize(text), lang)
        named = terms(words(title[lang]), lang)
        if wanted and all(any(_same_stem(w, n) for n in named) for w in wanted):
            return True
    return False


def _same_stem(one: str, other: str) -> bool:
    """Whether two stems are one word's: equal, or one the start (of TITLE_STEM letters or
    more) of the other."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and (short == long or len(short) >= TITLE_STEM)
