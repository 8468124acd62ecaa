"""Every translatable text of the loaded content, addressed by an id and a field.

One list serves three tools that must agree: the translators' spreadsheet (``translations``),
the translation coverage that ``check`` reports (``bot.editorial``) and the import that writes
translations back. No I/O here; ``translations`` reads and writes the files.

Ids are the file of the item without ``.yaml`` (``topics/putis``, ``alerts/llamado-congreso``),
``categories/<id>``, ``contact``, ``intents`` and ``locales``; fields are the YAML keys, dotted
for nested ones (``links.0.title``, ``welcome.hello``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.content.model import Alert, Case, Content, Localized, Topic

TOPIC_TEXTS = ("title", "summary", "detail", "copy")
TOPIC_LISTS = ("questions", "keywords")
CASE_TEXTS = (
    "name",
    "contrast_note",
    "date",
    "victims",
    "content_note",
    "summary",
    "lead",
    "status",
    "status_now",
    "amnesty",
    "iachr",
)
ALERT_TEXTS = ("title", "body")
Key = str | int


@dataclass(frozen=True, slots=True)
class Text:
    """One translatable text: its current value per language and where it lives.

    ``values`` holds only the languages that have it; a list (``many``) is one item a line.
    ``file`` is relative to the content folder; for locale strings it names the language as
    ``{lang}``. ``keys`` lead from the top of that file to the mapping that holds one entry
    per language, or, for locale strings, to the string itself.
    """

    id: str
    field: str
    values: Mapping[str, str]
    file: str
    keys: tuple[Key, ...]
    many: bool = False

    @property
    def locale(self) -> bool:
        """Whether this is a UI string, kept in one file per language."""
        return "{lang}" in self.file

    def has(self, lang: str) -> bool:
        """Whether this text exists in ``lang`` (not as a Spanish fallback)."""
        return bool(self.values.get(lang))


def texts(content: Content) -> list[Text]:
    """Every translatable text, in the order of a spreadsheet: UI strings first, then items."""
    found = _locales(content)
    for number, category in enumerate(content.categories):
        found.append(
            _one(
                f"categories/{category.id}",
                "title",
                category.title,
                "categories.yaml",
                (number, "title"),
            )
        )
    items: list[tuple[str, Topic | Case | Alert, tuple[str, ...]]] = [
        *(("topics", topic, TOPIC_TEXTS) for topic in content.topics.values()),
        *(("cases", case, CASE_TEXTS) for case in content.cases.values()),
        *(("alerts", alert, ALERT_TEXTS) for alert in content.alerts.values()),
    ]
    for folder, item, names in items:
        item_id, file = f"{folder}/{item.id}", f"{folder}/{item.id}.yaml"
        for name in names:
            text: Localized | None = getattr(item, name)
            if text is not None:
                found.append(_one(item_id, name, text, file, (name,)))
        if isinstance(item, Topic):
            for name in TOPIC_LISTS:
                found.append(_many(item_id, name, getattr(item, name), file))
    if content.contact is not None:
        found.append(_one("contact", "note", content.contact.note, "contact.yaml", ("note",)))
        for number, link in enumerate(content.contact.links):
            keys: tuple[Key, ...] = ("links", number, "title")
            found.append(
                _one("contact", f"links.{number}.title", link.title, "contact.yaml", keys)
            )
    for intent, lists in content.intents.items():
        found.append(_many("intents", intent, lists, "intents.yaml"))
    return found


def _locales(content: Content) -> list[Text]:
    base = content.locales.get("es", {})
    return [
        Text(
            id="locales",
            field=key,
            values={
                lang: strings[key] for lang, strings in content.locales.items() if key in strings
            },
            file="locales/{lang}.yaml",
            keys=tuple(key.split(".")),
        )
        for key in base
    ]


def _one(item_id: str, field: str, text: Localized, file: str, keys: tuple[Key, ...]) -> Text:
    return Text(item_id, field, dict(text.items()), file, keys)


def _many(item_id: str, field: str, lists: Mapping[str, tuple[str, ...]], file: str) -> Text:
    values = {lang: "\n".join(items) for lang, items in lists.items() if items}
    return Text(item_id, field, values, file, (field,), many=True)
