"""A unified diff of a file, built from the edits made to it, not by comparing whole files.

Comparing two 10 MB texts line by line costs seconds; an import knows exactly which spans it
replaced. Each edit's lines (old and new) become a hunk with three lines of context; hunks whose
context touches are merged, as ``diff -u`` does.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

CONTEXT = 3


def unified(path: str, old: str | None, edits: list[tuple[int, int, str]]) -> str:
    """``diff -u`` text for ``path`` (``old`` None: a new file); ``edits`` as (start, end,
    new text) on ``old``, in the order they apply."""
    before = old or ""
    lines = _split(before)
    starts = [0, *accumulate(map(len, lines))]
    changes = _changes(before, starts, lines, edits)  # in the order they apply
    hunks = _hunks(changes, len(lines))
    out = [f"--- {'a/' + path if old is not None else '/dev/null'}\n", f"+++ b/{path}\n"]
    shift = 0  # lines the hunks before added (or took away, if negative)
    for hunk in hunks:
        out += _render(hunk, lines, shift)
        shift += sum(len(new) - (end - start) for start, end, new in hunk)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in out)


def _split(text: str) -> list[str]:
    """The lines of a text with their line ends (at "\\n" only, as YAML counts them)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _changes(text: str, starts: list[int], lines: list[str],
             edits: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """(first old line, last old line + 1, new lines) per group of edits on shared lines."""
    groups: list[tuple[int, int, list[tuple[int, int, str]]]] = []
    for start, end, new in edits:
        first, last = _lines_of(text, starts, start, end, new)
        if groups and first < groups[-1][1]:
            old_first, old_last, members = groups.pop()
            groups.append((min(first, old_first), max(last, old_last),
                           [*members, (start, end, new)]))
        else:
            groups.append((first, last, [(start, end, new)]))
    changes = []
    for first, last, members in groups:
        if first == last:  # lines inserted after line first - 1
            new_text = "".join(new[1:] + "\n" for _s, _e, new in members)
        else:
            new_text = _apply(text, starts[first], _end(starts, last, text), members)
        changes.append(_trimmed(lines, first, last, _split(new_text)))
    return changes


def _trimmed(lines: list[str], first: int, last: int, new: list[str]
             ) -> tuple[int, int, list[str]]:
    """A change without the lines it leaves as they were, at its start and end."""
    last_line = min(last, len(lines))
    while first < last_line and new and lines[first] == new[0]:
        first, new = first + 1, new[1:]
    last = max(first, min(last, len(lines)))
    while first < last and new and lines[last - 1] == new[-1]:
        last, new = last - 1, new[:-1]
    return first, last, new


def _lines_of(text: str, starts: list[int], start: int, end: int, new: str) -> tuple[int, int]:
    """The old lines an edit replaces, as [first, last); an insertion of whole lines after a
    line's end replaces none."""
    first = bisect_right(starts, start) - 1
    if start == end and new.startswith("\n") and text[start:start + 1] in ("\n", ""):
        return first + 1, first + 1
    last = bisect_right(starts, max(start, end - 1)) - 1 + 1
    return first, last


def _end(starts: list[int], last: int, text: str) -> int:
    return starts[last] if last < len(starts) else len(text)


def _apply(text: str, begin: int, finish: int, edits: list[tuple[int, int, str]]) -> str:
    parts, position = [], begin
    for start, end, new in edits:
        parts += [text[position:start], new]
        position = end
    parts.append(text[position:finish])
    return "".join(parts)


def _hunks(changes: list[tuple[int, int, list[str]]], total: int
           ) -> list[list[tuple[int, int, list[str]]]]:
    hunks: list[list[tuple[int, int, list[str]]]] = []
    for change in changes:
        if hunks and change[0] - hunks[-1][-1][1] <= 2 * CONTEXT:
            hunks[-1].append(change)
        else:
            hunks.append([change])
    return hunks


def _render(hunk: list[tuple[int, int, list[str]]], lines: list[str], shift: int
            ) -> list[str]:
    first = max(0, hunk[0][0] - CONTEXT)
    last = min(len(lines), hunk[-1][1] + CONTEXT)
    body: list[str] = []
    position, old_count, new_count = first, 0, 0
    for start, end, new in hunk:
        for line in lines[position:start]:
            body.append(" " + line)
            old_count += 1
            new_count += 1
        body += ["-" + line for line in lines[start:end]]
        body += ["+" + line for line in new]
        old_count += len(lines[start:end])
        new_count += len(new)
        position = max(position, end)
    for line in lines[position:last]:
        body.append(" " + line)
        old_count += 1
        new_count += 1
    old_start = first + 1 if old_count else first
    new_start = first + shift + 1 if new_count else first + shift
    return [f"@@ -{old_start},{old_count} +{new_start},{new_count} @@\n", *body]
