"""robots.txt rules (RFC 9309): parsing and matching, no I/O.

Why not ``urllib.robotparser``: it applies the *first* matching rule instead of the longest
one (so the common ``Disallow: /`` + ``Allow: /news/`` blocks everything) and it does not know
the ``*`` and ``$`` wildcards (so ``Disallow: /*.pdf`` blocks nothing). This module follows
the RFC: the group for our product token (else the ``*`` group), longest match wins, ``allow``
wins a tie, ``/robots.txt`` is always allowed. ``Crawl-delay`` (not in the RFC, widely used) is
read as well.

What to do when robots.txt cannot be fetched is the caller's decision; the RFC says:
4xx -> :meth:`RobotsRules.allow_all`, 5xx or unreachable -> :meth:`RobotsRules.disallow_all`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")


def _normalise(path: str) -> str:
    """Percent-encode non-ASCII, decode encoded unreserved characters, upper-case the rest."""

    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    encoded = "".join(
        c if ord(c) < 128 else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in path
    )
    return _PCT.sub(fix, encoded)


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    pattern: str  # normalised
    regex: re.Pattern[str]

    @classmethod
    def make(cls, allow: bool, raw: str) -> _Rule:
        pattern = _normalise(raw)
        anchored = pattern.endswith("$")
        body = pattern[:-1] if anchored else pattern
        rx = ".*".join(re.escape(part) for part in body.split("*"))
        return cls(allow, pattern, re.compile(rx + ("$" if anchored else ""), re.DOTALL))


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[_Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def _parse_groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    last_was_agent = False
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (s.strip() for s in line.split(":", 1))
        key = key.lower()
        if key in ("user-agent", "useragent"):
            if current is None or not last_was_agent:
                current = _Group()
                groups.append(current)
            current.agents.append(value.split("/", 1)[0].strip().lower())
            last_was_agent = True
            continue
        last_was_agent = False
        if current is None:
            continue  # rules before any user-agent line belong to no group
        if key in ("allow", "disallow"):
            if value:  # an empty Disallow means "nothing is disallowed"
                current.rules.append(_Rule.make(key == "allow", value))
        elif key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            if delay >= 0:
                current.crawl_delay = max(delay, current.crawl_delay or 0.0)
    return groups


@dataclass(slots=True)
class RobotsRules:
    """The rules of one robots.txt that apply to one product token."""

    rules: tuple[_Rule, ...] = ()
    crawl_delay: float | None = None
    everything_disallowed: bool = False
    reason: str = ""  # why everything is disallowed (e.g. "robots.txt unavailable (HTTP 503)")

    @classmethod
    def parse(cls, text: str, agent: str) -> RobotsRules:
        """Rules for product token ``agent`` (case-insensitive) from robots.txt ``text``."""
        token = agent.lower()
        groups = _parse_groups(text)
        chosen = [g for g in groups if token in g.agents]
        if not chosen:
            chosen = [g for g in groups if "*" in g.agents]
        rules = tuple(r for g in chosen for r in g.rules)
        delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
        return cls(rules=rules, crawl_delay=max(delays) if delays else None)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls()

    @classmethod
    def disallow_all(cls, reason: str) -> RobotsRules:
        return cls(everything_disallowed=True, reason=reason)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        path = parts.path or "/"
        if path == "/robots.txt":
            return True
        if self.everything_disallowed:
            return False
        target = _normalise(path + ("?" + parts.query if parts.query else ""))
        best: _Rule | None = None
        for rule in self.rules:
            if not rule.regex.match(target):
                continue
            if (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow)
            ):
                best = rule
        return best is None or best.allow
