"""Read ``content/intents.yaml``: the words people use around their questions (greetings,
introductions, feelings, relatives, chat spellings…), follow-up cues, and the topics that
answer opinions. Called by loader.py, which reads the file and collects the problems.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.fields import ID_PATTERN, Reader, did_you_mean
from bot.content.model import REQUIRED_LANGUAGES
from bot.content.yamlfile import LineDict, LineList
from bot.errors import Problem

INTENTS = (
    "greeting",
    "thanks",
    "bye",
    "apology",
    "blessing",
    "acknowledgement",
    "feeling",
    "complaint",
    "forward",
    "address",
    "filler",
    "not_chat",
    "disowning",
    "introduction",
    "relative",
    "survivor",
    "owner",
    "duration",
    "duration_alone",
    "manner",
    "loss",
    "natural",
    "present",
    "errand",
    "app",
    "counterpart",
    "located",
    "hearsay",
    "spelling",
    "reference",
    "verification",
    "referent",
    "what_to_do",
    "question",
    "question_start",
    "definition",
    "question_verb",
    "opinion",
    "help",
    "language_names",
    "language_verbs",
    "case_list",
    "departments",
    "case_status",
    "alerts_on",
    "alerts_off",
    "subject",
    "elsewhere",
    "abroad",
    "home",
    "ours",
    "notion",
    "bot",
)
OPINION_TOPICS = "opinion_topics"
# The topics offered to a relative who tells a loss and asks nothing (bot/answer/freetext.py).
LOSS_TOPICS = "loss_topics"

# Follow-up cues (bot/answer/followup.py), besides followup_in_<language> for every language:
# short messages about the last topic or case shown.
FOLLOW_UPS = (
    "followup_detail",
    "followup_who",
    "followup_when",
    "followup_sources",
    "followup_case",
    "followup_filler",
)

Intents = dict[str, dict[str, tuple[str, ...]]]


def read(
    data: LineDict,
    path: str,
    problems: list[Problem],
    languages: Sequence[str],
    topic_ids: set[str],
) -> tuple[Intents, tuple[str, ...], tuple[str, ...]]:
    """The word lists per key and language, the opinion topics (ids or ``family-*``) and the
    loss topics."""
    allowed = (*INTENTS, *FOLLOW_UPS, *(f"followup_in_{lang}" for lang in languages))
    reader = Reader(
        data, path, problems, allowed=(*allowed, OPINION_TOPICS, LOSS_TOPICS), languages=languages
    )
    reader.check_fields()
    found = {key: reader.localized_list(key, minimum=1) for key in allowed if key in data}
    # Spellings are written by editors in es and en; a translation adds what it likes.
    for lang, entries in found.get("spelling", {}).items():
        if lang not in REQUIRED_LANGUAGES:
            continue
        for entry in entries:
            said, _, meant = entry.partition("=")
            if len(said.split()) != 1 or len(meant.split()) != 1:
                reader.report(
                    reader.line("spelling"),
                    f"'spelling.{lang}' has '{entry}'; write one word, '=', and the word it "
                    "stands for, like 'q = que'.",
                )
    opinion = _topics(reader, OPINION_TOPICS, data.get(OPINION_TOPICS), topic_ids)
    return found, opinion, _topics(reader, LOSS_TOPICS, data.get(LOSS_TOPICS), topic_ids)


def _topics(reader: Reader, key: str, raw: object, topic_ids: set[str]) -> tuple[str, ...]:
    """Topic ids, or families of ids ending in ``*``, listed under ``key``."""
    if raw is None:
        return ()
    line = reader.line(key)
    if not isinstance(raw, LineList):
        reader.report(line, f"'{key}' must be a list of topic ids: [a, b-*].")
        return ()
    found: list[str] = []
    for item, at in zip(raw, raw.item_lines, strict=True):
        name = str(item or "").strip()
        stem = name.removesuffix("*")
        if not ID_PATTERN.match(stem.rstrip("-")):
            reader.report(at, f"'{key}' has '{name}', which is not a topic id.")
        elif name.endswith("*") or name in topic_ids:
            found.append(name)
        else:
            hint = did_you_mean(name, sorted(topic_ids))
            reader.report(at, f"'{key}' names topic '{name}', which does not exist.{hint}")
    return tuple(found)
