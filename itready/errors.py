"""Input errors: why an inventory cannot be trusted, where, and how to fix it.

Errors are not findings. They carry a stable code, so that users and CI scripts can rely on
them, and a location (file, line, column; 1-based) so that editors and CI views can point at
the broken line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from itready.i18n import N_, _

#: Stable error codes and what each class of error means (English msgids: ``_`` translates
#: them where they are shown). Never renumber.
ERROR_CODES: dict[str, str] = {
    "E001": N_("YAML syntax error"),
    "E002": N_("file is not UTF-8 text"),
    "E003": N_("wrong structure (a file, kind or record has the wrong shape)"),
    "E004": N_("unknown key"),
    "E005": N_("wrong type"),
    "E006": N_("invalid value"),
    "E007": N_("missing required field"),
    "E008": N_("duplicate id"),
    "E009": N_("reference to an unknown record"),
    "E010": N_("reference to a record of the wrong kind"),
    "E011": N_("duplicate key in a mapping"),
    "E012": N_("a limit was exceeded (file size, nesting depth, alias expansion)"),
    "E013": N_("file or directory cannot be read"),
    "E014": N_("unsupported YAML feature (tags, several documents in one file)"),
    "E015": N_("invalid rule definition"),
}


NodePath = tuple[str | int, ...]
"""A node inside a file's YAML: ``("devices", 17, "os", "version")``."""


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in the inventory: path relative to the inventory root, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def printable(text: str) -> str:
    """``text`` as one printable line: line breaks, terminal escapes, bidi and zero-width
    characters written as ``\\n``, ``\\x1b``, ``\\u202e``…, so that no inventory content can
    forge a report line, a CI workflow command or a terminal sequence (``itready.text.shown``).
    """
    from itready.text import shown

    return shown(text)


@dataclass(frozen=True, slots=True)
class InputError:
    """One reason the inventory cannot be trusted."""

    code: str
    message: str
    location: Location

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)


def unchecked_references(count: int) -> str:
    """The line that counts, after the errors, the references into files that could not be
    read: not errors of their own, the unreadable file is their cause."""
    from itready.i18n import plural

    return plural(count, "and {n} reference into files that could not be read",
                  "and {n} references into files that could not be read")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" suffix for near misses, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return _(" (did you mean '{word}'?)").format(word=close[0]) if close else ""
