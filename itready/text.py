"""Text from an inventory: how people are shown it, and which IDs only look alike.

An inventory arrives through merge requests from many hands, and everything in it may end up on
a terminal, in a CI log, in a merge-request comment or a spreadsheet. ``shown`` is the one
definition of how such text is made safe to read: every character that is not visible as itself
is written as its Python escape (``\\n``, ``\\x1b``, ``\\u202e``), so that no record can forge a
report line or a CI workflow command, hide text behind terminal sequences, or reorder what a
reader sees. Which characters (``hidden``):

* control characters (C0, DEL, C1: line breaks, tabs, ESC, CSI), and U+2028/U+2029;
* format characters (Unicode category Cf): bidi embeddings, overrides and isolates
  (U+202A-202E, U+2066-2069), marks (U+200E/F, U+061C), zero-width characters (U+200B-200D,
  U+2060, U+FEFF), the soft hyphen, tag characters;
* other characters that render as nothing (Default_Ignorable_Code_Point outside Cf: Hangul
  fillers, the combining grapheme joiner, variation selectors), surrogates, private-use and
  unassigned code points.

Spaces of every width stay spaces. Formats apply ``shown`` to every string of what they render
through one view (``itready.formats.people``); IDs with such characters are an input error
(``id_problem``), and IDs that differ only in how they look (``skeleton``) collide.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters that render as nothing but are not in category Cf (Default_Ignorable_Code_Point).
_IGNORABLE = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef"
)
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_IGNORABLE_RE = re.compile(f"[{_IGNORABLE}]")
_SPACE = "Zs"


def hidden(char: str) -> bool:
    """Whether ``char`` is not visible as itself (see the module's list)."""
    if char.isprintable():
        return _IGNORABLE_RE.match(char) is not None
    return unicodedata.category(char) != _SPACE


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii") if hidden(char) else char


def shown(text: str, newlines: bool = False) -> str:
    """``text`` with every hidden character written as its escape (``\\n``, ``\\x1b``,
    ``\\u202e``); ``newlines=True`` keeps line feeds (for paragraphs a format indents and
    wraps itself). Cheap for the common case: plain text is returned as it is."""
    if text.isascii():
        if text.isprintable() or (newlines and text.replace("\n", "").isprintable()):
            return text
    elif text.isprintable() and _IGNORABLE_RE.search(text) is None:
        return text
    if newlines:
        return "\n".join("".join(map(_escape, line)) for line in text.split("\n"))
    return "".join(map(_escape, text))


# --- IDs ---------------------------------------------------------------------------------------


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an ID (a character that does not show as itself), or None."""
    if text.isascii() and text.isprintable():
        return None
    for char in text:
        if hidden(char) and unicodedata.category(char) not in ("Co", "Cn"):
            from itready.i18n import _

            return _("contains {character}, which does not show as itself; IDs must read as "
                     "they are").format(character=describe(char))
    return None


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character by its code point and name."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB",
                "\x1b": "ESCAPE"}.get(char, "control character")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def spelled(text: str) -> str:
    """An ID for a message about look-alikes: ASCII as it is, every other character by its
    code point and name, so that the difference shows (``S`` ``U+0430 CYRILLIC SMALL LETTER
    A``)."""
    if text.isascii():
        return repr(text)
    return "'" + "".join(c if c.isascii() else f"<{describe(c)}>" for c in text) + "'"


#: Letters of other scripts that look like Latin letters (from Unicode's confusables.txt),
#: mapped to the Latin letter. Case stays as it is, and no letter is mapped to a digit or a
#: digit to a letter: serial-based IDs such as NB-0010 and NB-OO1O stay different.
_LOOK_ALIKE = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
    "Ӏ": "I", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a", "ι": "i", "ν": "v",
    "ρ": "p", "υ": "u", "γ": "y", "ϲ": "c", "ϳ": "j", "Ϲ": "C", "Ϳ": "J",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "զ": "q", "Տ": "S", "Օ": "O", "Ս": "U",
    # Cherokee
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭰ": "D", "Ꭼ": "E", "Ꮐ": "G", "Ꮋ": "H", "Ꭻ": "J",
    "Ꮶ": "K", "Ꮮ": "L", "Ꮇ": "M", "Ꮲ": "P", "Ꮪ": "S", "Ꭲ": "T", "Ꮩ": "V", "Ꮃ": "W",
    "Ꮓ": "Z",
}
_LOOK_ALIKE_TABLE = str.maketrans(_LOOK_ALIKE)


def skeleton(text: str) -> str:
    """What an ID looks like: NFKC, without surrounding spaces and without characters that
    render as nothing, with letters of other scripts that look like Latin ones as those.

    Two IDs with the same skeleton collide (cli.md, Decisions of 2026-12-04). No case folding,
    no digits for letters. For ASCII this is only ``strip``.
    """
    if text.isascii():
        return text.strip()
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if not hidden(c)).strip()
    return text.translate(_LOOK_ALIKE_TABLE)


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C, so that a name typed with a composed ``ä`` and one
    with ``a`` and a combining diaeresis are one name."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)
