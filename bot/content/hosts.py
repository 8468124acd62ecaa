"""Hosts no source may be cited from (``flagged-hosts.yaml``), and the check of every source.

Advocates keep the list: mirrors, staging copies of newspapers, document dumps, aggregators. Each
entry is an exact host (``es.scribd.com``) or a suffix (``*.scribd.com``: the domain and all its
subdomains) with a one-line reason. ``loader`` reads the list once, then hands each item's raw
mapping to ``check_sources``, which warns at the line of every source on a flagged host and gives
an error when an item has outside sources and every one of them is flagged: its facts would rest
on sources nobody can trust. Works on the raw YAML (lines included); ``fields`` builds the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.content.fields import Reader
from bot.content.yamlfile import LineDict, LineList, parse
from bot.errors import Problem

FILE_NAME = "flagged-hosts.yaml"
REASON_LIMIT = 100
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PATTERN = re.compile(rf"^(?:\*\.)?(?:{_LABEL}\.)+{_LABEL}$")
# A plain YAML value cannot start with '*' (it marks an alias), and the parser's message says so
# in words no editor would recognise.
_UNQUOTED_STAR = re.compile(r"^\s*(?:-\s*)?host:\s*\*")


@dataclass(frozen=True, slots=True)
class FlaggedHost:
    """One entry of the list: ``pattern`` is ``host`` or ``*.domain``; ``line`` is where it is."""

    pattern: str
    reason: str
    line: int

    @property
    def domain(self) -> str:
        """The pattern without its ``*.``."""
        return self.pattern.removeprefix("*.")

    @property
    def wide(self) -> bool:
        """Whether the pattern covers subdomains too (``*.domain``)."""
        return self.pattern.startswith("*.")

    def matches(self, host: str) -> bool:
        """Whether ``host`` (lowercase, ASCII) is this host, or under this domain."""
        if self.wide:
            return host == self.domain or host.endswith(f".{self.domain}")
        return host == self.pattern


@dataclass(frozen=True, slots=True)
class FlaggedHosts:
    """Every flagged host; ``find`` names the entry a URL falls under."""

    entries: tuple[FlaggedHost, ...] = ()

    def find(self, url: str) -> tuple[str, FlaggedHost] | None:
        """The URL's host and the first entry that flags it, or None."""
        host = host_of(url)
        if host is None:
            return None
        for entry in self.entries:
            if entry.matches(host):
                return host, entry
        return None


def host_of(url: str) -> str | None:
    """The host of ``url``, lowercase and in ASCII (IDNA), without port or final dot."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return _ascii(host.rstrip(".")) if host else None


def read_flagged_hosts(path: Path, shown: str, problems: list[Problem]) -> FlaggedHosts:
    """The list in ``path`` (empty when the file is absent); each mistake becomes a Problem."""
    if not path.is_file():
        return FlaggedHosts()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, 1, "error", f"the file is not UTF-8 text ({exc.reason})."))
        return FlaggedHosts()
    data, found = parse(text, shown)
    problems.extend(_explain_star(problem, text) for problem in found)
    if found or data is None:
        return FlaggedHosts()
    if not isinstance(data, LineList):
        message = f"{FILE_NAME} must be a list of entries: '- host: …' with 'reason: …' below."
        line = data.line if isinstance(data, LineDict) else 1
        problems.append(Problem(shown, line, "error", message))
        return FlaggedHosts()
    entries: list[FlaggedHost] = []
    for item, line in zip(data, data.item_lines, strict=True):
        entry = _entry(item, line, shown, problems)
        if entry is not None and _is_new(entry, entries, shown, problems):
            entries.append(entry)
    return FlaggedHosts(tuple(entries))


def _entry(item: object, line: int, shown: str, problems: list[Problem]) -> FlaggedHost | None:
    if not isinstance(item, LineDict):
        problems.append(Problem(shown, line, "error", "each entry needs a 'host' and a 'reason'."))
        return None
    reader = Reader(item, shown, problems, allowed=("host", "reason"), languages=())
    reader.check_fields()
    raw, reason = reader.text("host"), reader.text("reason")
    if raw is None or reason is None:
        return None
    pattern = _ascii(raw.lower())
    if pattern is None or not _PATTERN.match(pattern):
        reader.report(
            reader.line("host"),
            f"the host '{raw}' must be a host name like 'es.scribd.com', or '*.scribd.com' for "
            "the domain and all its subdomains (no https://, no path, no other '*').",
        )
        return None
    if "\n" in reason or len(reason) > REASON_LIMIT:
        reader.report(
            reader.line("reason"),
            f"the reason must be one short line (at most {REASON_LIMIT} characters); each "
            "warning shows it after 'a', like 'mirror of another site'.",
        )
        return None
    return FlaggedHost(pattern=pattern, reason=reason, line=reader.line("host"))


def _is_new(
    entry: FlaggedHost, earlier: list[FlaggedHost], shown: str, problems: list[Problem]
) -> bool:
    """False (an error) for an entry listed twice; a warning when a '*.' entry covers another."""
    for other in earlier:
        if other.pattern == entry.pattern:
            message = f"'{entry.pattern}' is already listed on line {other.line}; keep one entry."
            problems.append(Problem(shown, entry.line, "error", message))
            return False
        if (other.wide and other.matches(entry.domain)) or (
            entry.wide and entry.matches(other.domain)
        ):
            message = (
                f"'{entry.pattern}' and '{other.pattern}' (line {other.line}) overlap; keep the "
                "wider one only."
            )
            problems.append(Problem(shown, entry.line, "warning", message))
            return True
    return True


def check_sources(
    data: LineDict, shown: str, flagged: FlaggedHosts, problems: list[Problem]
) -> None:
    """Warn at each source of ``data`` on a flagged host; an error when all outside ones are."""
    sources = data.get("sources")
    if not flagged.entries or not isinstance(sources, LineList):
        return
    outside = 0
    hosts: list[str] = []
    for item in sources:
        if not isinstance(item, LineDict) or not isinstance(item.get("url"), str):
            continue
        outside += 1
        found = flagged.find(item["url"])
        if found is None:
            continue
        host, entry = _unicode(found[0]), found[1]
        hosts.append(host)
        title = str(item.get("title") or "").strip()
        message = (
            f"the source '{title}' is on {host}, {_article(entry.reason)} {entry.reason}; "
            "cite the primary source or an established outlet instead."
        )
        problems.append(Problem(shown, item.key_lines.get("url", item.line), "warning", message))
    if outside and len(hosts) == outside:
        message = (
            f"every outside source of this entry is on a flagged host "
            f"({', '.join(sorted(set(hosts)))}), so nothing trustworthy backs its facts: cite "
            "the primary source or an established outlet, or remove the facts."
        )
        problems.append(Problem(shown, data.key_lines.get("sources", data.line), "error", message))


def _article(reason: str) -> str:
    return "an" if reason[:1].lower() in ("a", "e", "i", "o", "u") else "a"


def _ascii(host: str) -> str | None:
    """``host`` in ASCII: a name with accents (``la-viñeta.com``) becomes its IDNA form."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _unicode(host: str) -> str:
    """``host`` as people write it: ``xn--la-vieta-h3a.com`` is shown as ``la-viñeta.com``."""
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def _explain_star(problem: Problem, text: str) -> Problem:
    lines = text.splitlines()
    if 1 <= problem.line <= len(lines) and _UNQUOTED_STAR.match(lines[problem.line - 1]):
        message = "a host that starts with '*' must be in quotes, like  host: \"*.scribd.com\""
        return Problem(problem.path, problem.line, "error", message)
    return problem
