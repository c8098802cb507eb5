"""``exclude:`` in itready.yaml: gitignore-style patterns of files that are not inventory.

A repository that keeps an inventory keeps other YAML beside it (CI templates, docs, tool
configuration). Patterns name them the way ``.gitignore`` does, relative to the inventory root:

- ``docs/`` a folder named ``docs`` at any depth (a trailing ``/`` matches folders only);
- ``ci.yaml`` or ``*.yml`` a name at any depth (a pattern without ``/`` matches the last part);
- ``/docs`` or ``tools/ci`` a path from the root (a ``/`` at the start or inside anchors it);
- ``*`` and ``?`` within one path part, ``[abc]`` a character class, ``**`` any number of
  folders (``**/ci``, ``tools/**``, ``a/**/b``);
- ``!pattern`` takes a path back in; the last pattern that matches decides. As in git, a file
  in an excluded folder cannot be taken back (the folder is not read at all).
- blank lines and ``#`` comments are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _translate(pattern: str) -> str:
    """The regular expression of one pattern body (no ``!``, no trailing ``/``)."""
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    out = [] if anchored else ["(?:.*/)?"]
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
            i = end + 1
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


class Excludes:
    """Decide for one path (relative to the root, POSIX) whether the patterns leave it out."""

    def __init__(self, patterns: Iterable[str]):
        self._rules: list[tuple[re.Pattern[str], bool, bool]] = []  # regex, negated, dirs only
        for raw in patterns:
            pattern = raw.strip()
            if not pattern or pattern.startswith("#"):
                continue
            negated = pattern.startswith("!")
            pattern = pattern[1:] if negated else pattern
            dirs_only = pattern.endswith("/")
            pattern = pattern.rstrip("/")
            if pattern:
                self._rules.append((re.compile(_translate(pattern)), negated, dirs_only))

    def __bool__(self) -> bool:
        return bool(self._rules)

    def excluded(self, relative: str, is_dir: bool) -> bool:
        """Whether ``relative`` (a file, or a folder when ``is_dir``) is left out."""
        result = False
        for regex, negated, dirs_only in self._rules:
            if (is_dir or not dirs_only) and regex.fullmatch(relative):
                result = not negated
        return result
