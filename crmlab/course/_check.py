"""Find anything a page would fetch from the network: the build checks its own output with it, and so do the tests."""

from __future__ import annotations

import re
from pathlib import Path

_REMOTE = r"""\s*(?:https?:)?//"""
#: a script, image, frame, media or stylesheet loaded from a remote (or protocol-relative) address
PATTERNS = [
    re.compile(rf"""<(?:script|img|iframe|frame|source|embed|audio|video|track|input)\b[^>]*?\s(?:src|srcset|poster)\s*=\s*["']?{_REMOTE}""", re.I),
    re.compile(rf"""<link\b[^>]*?\shref\s*=\s*["']?{_REMOTE}""", re.I),
    re.compile(rf"""<object\b[^>]*?\sdata\s*=\s*["']?{_REMOTE}""", re.I),
    re.compile(rf"""url\(\s*["']?{_REMOTE}""", re.I),
    re.compile(rf"""@import\s+(?:url\()?\s*["']?{_REMOTE}""", re.I),
    re.compile(r"""\bimport\s*(?:\(|[\w{}*,\s]+from)\s*["']\s*(?:https?:)?//""", re.I),
]
SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".svg"}


def remote_loads(text: str) -> list[str]:
    """The places in ``text`` (HTML, CSS or JavaScript) that load something from the network."""
    found = []
    for pattern in PATTERNS:
        found += [text[m.start() : m.end() + 60].split("\n")[0] for m in pattern.finditer(text)]
    return found


def remote_loads_in(folder: Path) -> dict[str, list[str]]:
    """:func:`remote_loads` of every web file under ``folder``, by path relative to it (only those with any)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            hits = remote_loads(path.read_text(encoding="utf-8", errors="replace"))
            if hits:
                found[str(path.relative_to(folder))] = hits
    return found
