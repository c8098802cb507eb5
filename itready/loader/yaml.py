"""Parse one YAML file into plain data, by one set of YAML 1.2 rules, fast, with exact positions.

Two routes give the same result (``tests/test_yamlload_differential.py`` proves it):

* the **fast route**: rapidyaml parses the text in C++ and emits JSON, which ``json.loads`` reads.
  It is about 20x faster than any other loader (docs/performance.md) but keeps no positions and
  resolves a few scalars differently from the YAML 1.2 core schema. A cheap scan of the text
  therefore sends every file that uses such a feature (anchors, aliases, tags, directives,
  several documents, ``~``/``True``/``0x..`` style scalars) to the exact route, and so does any
  doubt (a duplicate key, output that is not JSON).
* the **exact route**: ruamel.yaml's pure-Python event parser, and our own small composer over its
  events. It resolves scalars by the YAML 1.2 core schema, rejects non-standard tags (nothing is
  ever constructed from a tag), bounds nesting depth and alias expansion, reports duplicate keys,
  and records the position of every node. It is used when rapidyaml is not installed, too.

Both routes keep mapping keys as their source text and dates as strings: the validator decides
what a date is, so that ``2026-02-30`` becomes a located error, not a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from itready.i18n import N_, _
from itready.i18n.formatting import number
from itready.loader.locate import Locator, PositionTree, TextLocator

try:  # rapidyaml is optional: platforms without its wheels fall back to the exact route.
    import ryml as _ryml
except ImportError:  # pragma: no cover - exercised by the tests that disable the fast route
    _ryml = None

MAX_DEPTH = 100
"""Deepest nesting of collections accepted; inventories need 5."""

MAX_ALIAS_EXPANSION = 100_000
"""Most nodes that aliases and merge keys may add to a file, beyond the nodes it spells out."""

MAX_EXACT_CHARACTERS = 4 * 1024 * 1024
"""Largest file the exact route parses when the fast route is installed: it reads about
0.3 MB/s, so a big file of pasted export data must be an error, not a ten-minute wait."""

FAST_AVAILABLE = _ryml is not None


class YamlError(Exception):
    """A file that is not acceptable YAML; line and column are 1-based."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


@dataclass(slots=True)
class Parsed:
    """The plain data of one file and the means to locate any node in it."""

    data: Any
    locator: Locator


def decode(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is accepted); anything else is an E002 error at the bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        # The column counts characters, as every other column does; the line up to the bad
        # byte is valid UTF-8, and a BOM is no character of the text.
        before = raw[line_start:exc.start].decode("utf-8").removeprefix("\ufeff" * (line == 1))
        column = len(before) + 1
        raise YamlError(
            "E002",
            _("byte 0x{byte:02x} at offset {offset} is not UTF-8; save the file as UTF-8").format(
                byte=raw[exc.start], offset=exc.start),
            line,
            column,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse(text: str, *, fast: bool = True, guard: bool = True,
          emitted: str | None = None) -> Parsed:
    """Parse one decoded file; ``fast=False`` forces the exact route. ``guard=False`` takes the
    fast route without asking ``needs_exact_route``: only for the bundled rule files, which
    tests/test_catalogue.py proves both routes read alike. ``emitted`` is ``fast_json(text)``
    when the caller has it already."""
    if fast and FAST_AVAILABLE:
        read = emitted if emitted is not None else (
            _emit(text) if not guard or not needs_exact_route(text) else _DECLINED)
        data = _loads(read) if isinstance(read, str) else read
        if data is not _DECLINED:
            return Parsed(data, TextLocator(text, data, lambda: parse_exact(text)[1]))
        if len(text) > MAX_EXACT_CHARACTERS:
            line, column, reason = exact_route_reason(text)
            raise YamlError(
                "E012", _("{reason}; that takes the slow exact parser, which reads no file over "
                          "{limit} MiB (this one has {size} MiB): write it plainly there, or "
                          "split the file").format(
                    reason=reason, limit=MAX_EXACT_CHARACTERS >> 20,
                    size=number(len(text) / (1 << 20), 1)), line, column)
    data, positions = parse_exact(text)
    return Parsed(data, positions)


def fast_json(text: str) -> str | None:
    """rapidyaml's JSON of ``text`` when the fast route reads it (for a reader that decodes
    JSON itself, ``itready.validate.typed``); None when ``parse`` must decide (the exact route,
    an empty document, rapidyaml declining)."""
    if not FAST_AVAILABLE or needs_exact_route(text):
        return None
    emitted = _emit(text)
    return emitted if isinstance(emitted, str) else None


# --- fast route ------------------------------------------------------------------------------

_DECLINED = object()

# Text that the fast route would read differently from the exact route, or may. False positives
# only cost speed: the file takes the exact route. tests/test_yamlload_differential.py proves the
# guard on the yaml-test-suite and on generated documents; every case it found is listed here.
#
# * YAML features the JSON route cannot carry: anchors, aliases, tags (also the bare ``! 12``),
#   directives, complex keys and scalars starting with ``?``, merge keys, a second document.
#   Their indicators (and those of block scalars) count only where a node may start: at a
#   line's start after indentation and ``- ``, ``? ``, ``: ``, or after a colon, a flow
#   indicator or a quote; inside a scalar (``IT & Organisation``, ``FRITZ!Box``,
#   ``> 100 Mbit``) they start nothing. A block scalar at a line's start (the document itself)
#   always takes the exact route: rapidyaml reads a ``#`` line in it as a comment.
# * scalars that YAML 1.2 resolves but rapidyaml's JSON leaves as strings or changes: ``~``,
#   ``Null``, ``True``, ``FALSE``, ``0x1F``, ``0o17``, ``+1``, ``.NaN`` and ``.inf`` (even as a
#   quoted key), also before a CR of a CRLF line end.
# * what rapidyaml accepts although it is not YAML: control characters, the reserved ``@`` and
#   backtick, ``%``, ``]`` or ``}`` starting a scalar, junk after a block scalar header, ``#``
#   inside a one-line flow collection.
# * what ruamel.yaml reads differently from the YAML spec, or rejects although it is valid: tabs,
#   a CR without LF, NEL/LS/PS characters, surrogate escapes, flow mappings over several lines,
#   empty flow keys and values (``[: v]``, ``{k:,}``, also with the colon on the next line),
#   adjacent ``["k":v]``, block scalars whose first lines hold only white space, ``...`` at the
#   start.
#
# The text is searched as ``"\n" + text + "\n"``, so that line starts and ends are plain
# newlines, and every branch starts with one character of the leading class and looks back at
# it: Python's regex engine then skips all other characters quickly. No branch scans further
# than the next bracket, line end or 200 characters, so that the search stays linear in the size
# of the text, whatever it holds (tests/test_yamlload.py times hostile lines).
_EXACT_ONLY = re.compile(
    r"""
    [&*@`?\t!\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\r\[{,:\n<\\.'"|>~NTF0]
    (?:
      (?<=\n)(?:---)?[ ]*
        (?:[|>]|(?:[-?:][ ]+)*
           (?:[\]}&*@`?!]|[|>](?!(?:[-+][1-9]?|[1-9][-+]?)?(?:[ ]+\#|[ ]*\r?\n))))
    | (?<=[\[{,:'"])[ ]*(?:-[ ]+)*
        (?:[&*@`?!]|[|>](?!(?:[-+][1-9]?|[1-9][-+]?)?(?:[ ]+\#|[ ]*\r?\n)))
    | (?<=[\]}][&*@`?!|>])
    | (?<=[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]) | (?<=\r)(?!\n)
    | (?<=[\[{,:])[ ]*%
    | (?<=:)(?:[ ]+[\]}]|[,\]}])
    | (?<=\n)%
    | (?<=<)<\s*:
    | (?<=\\)(?:u|U0000)[dD][89a-fA-F] | (?<=\.)(?:nan|NaN|NAN|inf|Inf|INF)
    | (?<=[\[{])[^\n\[{]*[ ]\#
    | (?<={)[^{}\n]*\n
    | (?<=[\[{,])[ \r\n]*: | (?<=['"]):[^\s,\]}]
    | (?<=[|>])[-+0-9]{0,2}(?:[ ]+\#[^\n]{0,200})?[ ]*\r?\n(?:[ ]*\r?\n)*[ ]+\r?\n
    | (?<=[|>])[-+0-9]{0,2}[ ]+\#[^\n]{201}
    | (?<=.\n)---\s | (?<=\n)\.\.\.\s
    | (?: (?<=[\s\[{,:]~) | (?<=[\s\[{,:]N)(?:ull|ULL) | (?<=[\s\[{,:]T)(?:rue|RUE)
        | (?<=[\s\[{,:]F)(?:alse|ALSE) | (?<=[\s\[{,:]0)(?:x[0-9a-fA-F]+|o[0-7]+)
      )[ \t]*(?:\r?\n|\#|,|\]|\})
    )
    """,
    re.VERBOSE | re.DOTALL,
)

# Without a final line break, a block scalar or a last line of spaces ends differently.
_UNTERMINATED = re.compile(r"[|>]|\n[ ]*\Z")


# Python's regex engine tries every branch of _EXACT_ONLY at every newline, colon and dot, which
# costs ~70 ms per MB. Each branch needs one of the following: a rare character (found at
# memchr speed), a control character (_has_control) or a match of one of the _TRIGGERS (short
# expressions with a literal first character); only a file that holds one of them is searched
# with _EXACT_ONLY (tests/loader/test_yaml.py checks each branch's trigger).
# Indicators are no rare characters: ``IT & Organisation`` or ``Akku > 80 %`` in a name or a
# comment never match _EXACT_ONLY, and a text full of them would pay the whole search.
_RARE_CHARACTERS = "\t"


def _at_node_start(indicator: str) -> str:
    """A trigger for an indicator where a node may start: right after a line break, a flow
    indicator, a colon, a quote or a dash, or after a space that follows one of them, another
    space or a complex key's ``?`` (inside a scalar, ``word &`` or ``2027? *``, it starts
    nothing)."""
    c = re.escape(indicator)
    return (rf"{c}(?:(?<=[\n\[\]{{}},:'\"-]{c})|(?<=[\n\[\]{{}},:'\"-] {c}|  {c})"
            rf"|(?<=[\n \[{{,:-]\? {c}))")


_BLOCK_SCALAR = (r"{c}[-+0-9]{{0,2}}(?:[ ]+\#[^\n]{{0,200}})?[ ]*\r?\n(?:[ ]*\r?\n)*[ ]+\r?\n",
                 r"{c}[-+0-9]{{0,2}}[ ]+\#[^\n]{{201}}")
#: (characters that must all be in the text, triggers): a trigger runs only when its first
#: character is in the text (``c in text`` is a memchr; a regular expression takes ten times
#: as long to find none). Each has a literal first character and looks back from it.
_TRIGGERS = tuple((needed, tuple(re.compile(p) for p in patterns)) for needed, patterns in (
    ("", ("\n---", "\n\\.\\.\\.")),  # a document marker (also at the start of the text)
    ('"', ("\":[^\\s,\\]}]",)),  # a quoted key with its value right after the colon
    ("'", ("':[^\\s,\\]}]",)),
    ("N", ("N(?:ull|ULL)",)),  # scalars YAML 1.2 resolves and rapidyaml's JSON does not
    ("T", ("T(?:rue|RUE)",)),
    ("F", ("F(?:alse|ALSE)",)),
    ("0", ("0[xo]",)),
    (".", (r"\.(?:nan|NaN|NAN|inf|Inf|INF)",)),
    # a closing bracket that starts a line or follows a colon and spaces (an empty value),
    # and a comma right after a colon: before it stands a line break, space, colon or dash
    ("]", (r"\](?<=[\n :-]\])",)),
    ("}", (r"\}(?<=[\n :-]\})",)),
    # ... and an empty flow key after a comma, also on the next line
    (",", (r",(?<=[ :],)", r",[ \r\n]*:")),
    ("[", (r"\[[ \r\n]*:",)),
    ("{", (r"\{[^{}\n]*\n", r"\{[ \r\n]*:")),  # a flow mapping over lines; an empty flow key
    ("[#", (r"\[[^\n\[{]*[ ]#",)),  # a comment in a one-line flow collection
    ("{#", (r"\{[^\n\[{]*[ ]#",)),
    # anchors, aliases, tags, reserved indicators, complex keys, block scalars: at a node start
    *((c, (_at_node_start(c),)) for c in "&*!@`?"),
    *((c, (_at_node_start(c), *(p.format(c=re.escape(c)) for p in _BLOCK_SCALAR)))
      for c in "|>"),
    ("%", (r"%(?:(?<=[\n\[{,:]%)|(?<=[\[{,:] %|  %))",)),  # a directive, a % starting a value
    ("~", (r"~(?<=[\s\[{,:]~)[ \t]*(?:\r?\n|\#|,|\]|\})",)),  # ~ as null
    ("<", (r"<<\s*:",)),  # a merge key
    ("\\", (r"\\(?:u|U0000)[dD][89a-fA-F]",)),  # a surrogate escape
    ("\r", (r"\r(?!\n)",)),  # a CR without LF
))
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: Bytes that are not ASCII control characters (tab, line feed and carriage return are
#: allowed here: _RARE_CHARACTERS and the line structure take care of them).
_NOT_CONTROL = bytes(b for b in range(128) if b in (9, 10, 13) or 0x20 <= b < 0x7f)


def _has_control(text: str) -> bool:
    """Whether ``text`` holds a control character YAML forbids, or one that rapidyaml and
    ruamel.yaml read differently; ASCII text is checked as bytes, ten times faster."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _NOT_CONTROL))
    return _CONTROL.search(text) is not None


# A line over 1024 characters may hold an implicit key longer than YAML allows (7.4.2), which
# rapidyaml accepts and ruamel.yaml rejects. Anchored at a line start, so the search is linear.
_LONG_LINE = re.compile(r"\n[^\n]{1025}")


# A long line that is a short plain key and one complete scalar holds no implicit key over 1024
# characters: ``notes: "…5 MiB…"`` is read alike by both routes. What else it holds (escapes,
# quotes, colons) the other checks see as in any line.
_SHORT_KEY = re.compile(r"[ ]*(?:-[ ]+)*[A-Za-z0-9_][A-Za-z0-9_.\-]{0,200}:[ ]+")
_DOUBLE_QUOTED = re.compile(r'"[^"\\]*"[ ]*(?:[ ]\#[^\n]*)?')
_DOUBLE_QUOTED_ESCAPES = re.compile(r'"(?:[^"\\]|\\.)*"[ ]*(?:[ ]\#[^\n]*)?')
_SINGLE_QUOTED = re.compile(r"'(?:[^']|'')*'[ ]*(?:[ ]\#[^\n]*)?")
_PLAIN_START = frozenset("#&*!|>%@`{}[],?:-~\"'")


def _long_line_holds_no_key(line: str) -> bool:
    """Whether a line over 1024 characters is a short key and one scalar (see above)."""
    line = line.removesuffix("\r")
    key = _SHORT_KEY.match(line)
    if key is None:
        return False
    value = line[key.end():]
    if value.startswith('"'):
        return bool(_DOUBLE_QUOTED.fullmatch(value) or _DOUBLE_QUOTED_ESCAPES.fullmatch(value))
    if value.startswith("'"):
        return _SINGLE_QUOTED.fullmatch(value) is not None
    return bool(value) and value[0] not in _PLAIN_START and ": " not in value \
        and " #" not in value and "\t" not in value and not value.rstrip().endswith(":")


def _long_lines(framed: str) -> Iterator[int]:
    """The offset of the line break before each line over 1024 characters: what
    ``_LONG_LINE.finditer`` finds, jumping from line break to line break with ``str.rfind``
    (1 ms per 9 MB; the expression tries a 1,025-character match at every line)."""
    position, end = 0, len(framed)  # framed[0] is a line break, and so is its last character
    while position + 1025 < end:
        nearest = framed.rfind("\n", position + 1, position + 1026)
        if nearest < 0:
            yield position
            nearest = framed.find("\n", position + 1026)
        position = nearest


def _long_line(framed: str) -> int | None:
    """The first line over 1024 characters that may hold a key longer than YAML allows."""
    for start in _long_lines(framed):
        end = framed.find("\n", start + 1)
        if not _long_line_holds_no_key(framed[start + 1:end]):
            return start
    return None


def needs_exact_route(text: str) -> bool:
    """True when the fast route might read ``text`` differently from the exact route."""
    if not text.endswith("\n") and _UNTERMINATED.search(text) is not None:
        return True
    framed = f"\n{text}\n"
    if _long_line(framed) is not None:
        return True
    return _triggered(text, framed) and _EXACT_ONLY.search(framed) is not None


def _triggered(text: str, framed: str) -> bool:
    """Whether any branch of _EXACT_ONLY can match: each needs a rare character, a control
    character or a trigger (tests/loader/test_yaml.py checks that none is missing)."""
    if any(c in text for c in _RARE_CHARACTERS) or _has_control(text):
        return True
    for needed, triggers in _TRIGGERS:
        if all(c in text for c in needed) and any(t.search(framed) for t in triggers):
            return True
    return False


_WHY = (  # the character that made the exact route necessary -> what the file uses there
    ("&*", N_("an anchor or alias")), ("!", N_("a tag")), ("%", N_("a directive")),
    ("\t", N_("a tab")),
    ("[{,:", N_("a flow collection or key that the fast parser may read differently")),
    ("\n.-", N_("a second document or a document marker")), ("?", N_("a complex key")),
    ("|>", N_("a block scalar header the fast parser may read differently")),
    ("~NTF0", N_("a scalar such as ~, Null, True, FALSE or 0x1F")),
    ("@`", N_("a reserved indicator (@ or `) starting a scalar")),
    ("\\", N_("a surrogate escape")),
    ("'\"", N_("a quoted key or scalar the fast parser may read differently")),
)


def exact_route_reason(text: str) -> tuple[int, int, str]:
    """(line, column, what) of the first thing in ``text`` that only the exact route reads,
    for an error message; the file's start when the fast parser declined it as a whole."""
    def place(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    if not text.endswith("\n") and _UNTERMINATED.search(text) is not None:
        line = place(len(text))[0]
        return line, 1, _("the file ends without a line break after a block scalar or blanks")
    framed = f"\n{text}\n"
    long_line = _long_line(framed)
    if long_line is not None:
        line = place(long_line)[0]
        end = framed.find("\n", long_line + 1)
        return (line, 1, _("line {line} is {length} characters long and not one short key "
                           "with one value, so it may hold a key longer than the 1024 "
                           "characters YAML allows (break the line)").format(
                    line=line, length=number(end - long_line - 1)))
    match = _EXACT_ONLY.search(framed)
    if match is None:
        return 1, 1, _("the fast parser cannot read it (a YAML syntax error or a duplicate "
                       "key)")
    start = match.start()
    if framed[match.end() - 1] in "&*@`?!|>]}":  # the indicator a node starts with
        start = match.end() - 1
    offset = max(start - 1, 0)
    line, column = place(offset)
    char = framed[start]
    if _CONTROL.match(char) or ("\x00" <= char < " " and char not in "\t\n"):
        return line, column, _("it holds a control character ({character}) at line "
                               "{line}").format(character=repr(char), line=line)
    for chars, what in _WHY:
        if char in chars:
            return line, column, _("it uses {what} at line {line}").format(what=_(what),
                                                                          line=line)
    return line, column, _("it uses YAML the fast parser may read differently at line "
                           "{line}").format(line=line)


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKey
    return mapping


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its parse errors to file descriptor 2; keep reports clean."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):
        yield
        return
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def _parse_fast(text: str) -> Any:
    """rapidyaml → JSON → Python; ``_DECLINED`` whenever the exact route must decide."""
    emitted = _emit(text)
    return _loads(emitted) if isinstance(emitted, str) else emitted


def _emit(text: str) -> Any:
    """rapidyaml's JSON of ``text``: a str, None for a document without data, or
    ``_DECLINED`` whenever the exact route must decide."""
    assert _ryml is not None
    try:
        with _quiet_stderr():
            tree = _ryml.parse_in_arena(text.encode("utf-8"))
            root = tree.root_id()
            if tree.is_stream(root):
                if tree.num_children(root) != 1:
                    return _DECLINED if tree.num_children(root) else None
                root = tree.first_child(root)
            if not (tree.has_children(root) or tree.has_val(root)):
                if tree.is_map(root) or tree.is_seq(root):  # an empty {} or [] at the root
                    return "{}" if tree.is_map(root) else "[]"
                return None
            return _ryml.emit_json(tree, root)
    except Exception:  # rapidyaml's own exception types differ between releases
        return _DECLINED


def _loads(emitted: str) -> Any:
    """Python data of rapidyaml's JSON; ``_DECLINED`` for a duplicate key or broken JSON."""
    try:
        return json.loads(emitted, object_pairs_hook=_no_duplicates)
    except (_DuplicateKey, ValueError, RuntimeError):
        return _DECLINED


# --- exact route -----------------------------------------------------------------------------

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


def resolve_plain(value: str) -> Any:
    """A plain scalar by the YAML 1.2 core schema, except that a number with leading zeros
    (``0123``) stays text: cost centres and staff numbers keep their zeros."""
    if _NULL.fullmatch(value):
        return None
    if _TRUE.fullmatch(value):
        return True
    if _FALSE.fullmatch(value):
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _OCT.fullmatch(value):
        return int(value[2:], 8)
    if _HEX.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT.fullmatch(value):
        if re.match(r"[-+]?0[0-9]", value):
            return value
        return float(value)
    if _INF.fullmatch(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.fullmatch(value):
        return float("nan")
    return value


def _tagged_scalar(tag: str, value: str, mark: Any) -> Any:
    if tag in ("tag:yaml.org,2002:str", "!"):
        return value
    resolved = resolve_plain(value)
    expected = {
        "tag:yaml.org,2002:int": int,
        "tag:yaml.org,2002:float": float,
        "tag:yaml.org,2002:bool": bool,
        "tag:yaml.org,2002:null": type(None),
    }[tag]
    if expected is float and type(resolved) is int:
        return float(resolved)
    if type(resolved) is not expected:
        raise _error("E005", _("'{value}' is not a valid {type}").format(
            value=value, type=tag.rsplit(":", 1)[1]), mark)
    return resolved


def _error(code: str, message: str, mark: Any) -> YamlError:
    return YamlError(code, message, mark.line + 1, mark.column + 1)


def parse_exact(text: str) -> tuple[Any, PositionTree]:
    """Parse with ruamel.yaml's event parser and our composer; exact positions of every node."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="safe", pure=True)
    try:
        return _compose(yaml.parse(text))
    except YamlError:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(_parser_words(p) for p in (exc.context, exc.problem) if p) \
            or _("invalid YAML")
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        tab = _tab_in_indentation(text, line)
        if tab:
            raise YamlError("E001", _("YAML syntax error: a tab in the indentation; indent "
                                      "with spaces, not tabs"), line, tab) from None
        raise YamlError("E001", _("YAML syntax error: {problem}").format(problem=problem),
                        line, column) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlError(
            "E001", _("character {character} is not allowed in YAML").format(
                character=repr(exc.character)), line, column
        ) from None
    except YAMLError as exc:
        raise YamlError("E001", _("YAML syntax error: {problem}").format(
            problem=exc)) from None
    except AssertionError as exc:  # ruamel.yaml asserts on %YAML versions other than 1.1, 1.2
        raise YamlError("E014", _("unsupported YAML: {problem}").format(problem=exc)) from None
    except RecursionError:
        raise YamlError("E012", _("nesting deeper than {depth} levels").format(
            depth=MAX_DEPTH)) from None


#: What ruamel.yaml says about a syntax error, in its words (English msgids); the ones of the
#: form "expected X, but found Y" are matched by ``_EXPECTED``.
_PARSER_WORDS = frozenset((
    N_("while scanning a simple key"), N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"), N_("while scanning a block scalar"),
    N_("while scanning a directive"), N_("while scanning a tag"),
    N_("while scanning for the next token"), N_("while scanning an anchor"),
    N_("while scanning an alias"), N_("while parsing a block mapping"),
    N_("while parsing a block collection"), N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"), N_("while parsing a node"), N_("while parsing a tag"),
    N_("while composing a mapping"), N_("could not find expected ':'"),
    N_("mapping values are not allowed here"), N_("sequence entries are not allowed here"),
    N_("found unexpected end of stream"), N_("found unexpected document separator"),
    N_("found unexpected ':'"), N_("found duplicate key"),
    N_("expected a single document in the stream"), N_("but found another document"),
))
_EXPECTED = re.compile(r"expected (.+?),? but (?:found|got) (.+)", re.DOTALL)


def _parser_words(text: str) -> str:
    """The parser's words in the run's language where the catalogue has them; else as said."""
    match = _EXPECTED.fullmatch(text)
    if match is not None:
        return _("expected {expected}, but found {found}").format(
            expected=match.group(1).replace(" or ", _(" or ")), found=match.group(2))
    return _(text) if text in _PARSER_WORDS else text


def _tab_in_indentation(text: str, line: int) -> int:
    """The column of a tab in the indentation of ``line`` (1-based), or 0. YAML forbids tabs
    there, and the parser's own words ("found character '\\t' that cannot start any token")
    do not say so."""
    start = 0
    for _line in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return 0
    end = text.find("\n", start)
    content = text[start:] if end < 0 else text[start:end]
    indentation = content[:len(content) - len(content.lstrip(" \t"))]
    return indentation.index("\t") + 1 if "\t" in indentation else 0


def _compose(events: Iterator[Any]) -> tuple[Any, PositionTree]:
    """Build plain data and a position tree from parser events, iteratively (no recursion)."""
    from ruamel.yaml import events as ev

    composer = _Composer()
    for event in events:
        if isinstance(event, ev.DocumentStartEvent):
            composer.document(event.start_mark)
        elif isinstance(event, ev.AliasEvent):
            composer.alias(event.anchor, event.start_mark)
        elif isinstance(event, ev.ScalarEvent):
            composer.scalar(event, _checked_tag(event))
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            composer.start(event, isinstance(event, ev.MappingStartEvent), _checked_tag(event))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            composer.end()
    return composer.result, composer.result_pos


def _checked_tag(event: Any) -> str | None:
    """The event's explicit tag, if it is one of the YAML 1.2 core tags; E014 otherwise."""
    tag = _tag(event)
    if tag is not None and tag not in _STANDARD_TAGS:
        raise _error("E014", _("tag {tag} is not supported; remove it").format(tag=tag),
                     event.start_mark)
    return tag


class _Open:
    """A collection being composed: its data, positions, anchor and what is pending."""

    __slots__ = ("anchor", "container", "key", "key_pos", "merges", "pos", "size", "start")

    def __init__(self, container: Any, pos: PositionTree, anchor: str | None, start: Any):
        self.container, self.pos, self.anchor, self.start = container, pos, anchor, start
        self.key: Any = _NO_KEY  # a mapping's key waiting for its value
        self.key_pos: PositionTree | None = None
        self.size = 1  # nodes, aliases expanded, for the alias expansion bound
        self.merges: list[tuple[Any, Any]] = []  # values of merge keys (<<), applied at the end


class _Composer:
    """Plain data and positions from parser events; anchors, aliases and merges bounded."""

    def __init__(self) -> None:
        self.anchors: dict[str, tuple[Any, PositionTree, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Open] = []
        self.result: Any = None
        self.result_pos = PositionTree(1, 1, None)
        self.documents = 0
        self.expanded = 0

    def document(self, mark: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _error("E014", _("a file holds one YAML document; move this one to its own "
                                   "file"), mark)

    def alias(self, anchor: str, mark: Any) -> None:
        if anchor in self.open_anchors:
            raise _error("E012", _("alias *{anchor} refers to itself").format(anchor=anchor),
                         mark)
        if anchor not in self.anchors:
            raise _error("E001", _("alias *{anchor} has no anchor &{anchor}").format(
                anchor=anchor), mark)
        value, pos, size = self.anchors[anchor]
        self._expand(size, mark, N_("aliases"))
        self._add(value, PositionTree(mark.line + 1, mark.column + 1, pos.children), size, mark,
                  None)

    def scalar(self, event: Any, tag: str | None) -> None:
        mark = event.start_mark
        if tag is not None:
            value = _tagged_scalar(tag, event.value, mark)
        elif event.style:  # quoted or block scalar
            value = event.value
        else:
            value = resolve_plain(event.value)
        pos = PositionTree(mark.line + 1, mark.column + 1, plain=not event.style)
        if event.anchor:
            self.anchors[event.anchor] = (value, pos, 1)
        self._add(value, pos, 1, mark, event.value)

    def start(self, event: Any, is_map: bool, tag: str | None) -> None:
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            raise _error("E012", _("nesting deeper than {depth} levels").format(
                depth=MAX_DEPTH), mark)
        if tag == ("tag:yaml.org,2002:seq" if is_map else "tag:yaml.org,2002:map"):
            raise _error("E005", _("tag {tag} does not fit this collection").format(tag=tag),
                         mark)
        pos = PositionTree(mark.line + 1, mark.column + 1, {} if is_map else [])
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Open({} if is_map else [], pos, event.anchor, mark))

    def end(self) -> None:
        node = self.stack.pop()
        if node.merges:
            added = _apply_merges(node.container, node.pos, node.merges)
            node.size += added
            self._expand(node.size, node.start, N_("merge keys"))
        if node.anchor:
            self.open_anchors.discard(node.anchor)
            self.anchors[node.anchor] = (node.container, node.pos, node.size)
        self._add(node.container, node.pos, node.size, node.start, None)

    def _expand(self, size: int, mark: Any, what: str) -> None:
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise _error("E012", _("{what} expand to more than {limit} nodes").format(
                what=_(what), limit=MAX_ALIAS_EXPANSION), mark)

    def _add(self, value: Any, pos: PositionTree, size: int, mark: Any, key_text: str | None
             ) -> None:
        """Put a finished node where it belongs: the result, a list, a key, or a value."""
        if not self.stack:
            self.result, self.result_pos = value, pos
            return
        top = self.stack[-1]
        top.size += size
        container = top.container
        if isinstance(container, list):
            container.append(value)
            top.pos.children.append(pos)
            return
        if top.key is _NO_KEY:  # this node is a key
            if isinstance(value, (dict, list)):
                raise _error("E003", _("a mapping key must be a plain value, not a collection"),
                             mark)
            top.key = key_text if key_text is not None else value
            top.key_pos = pos
            return
        key, key_pos = top.key, top.key_pos
        assert key_pos is not None
        top.key = _NO_KEY
        if key == "<<" and key_pos.plain:
            top.merges.append((value, mark))
            return
        if key in container:
            raise YamlError("E011", _("key '{key}' appears twice in this mapping").format(
                key=key), key_pos.line,
                            key_pos.column)
        container[key] = value
        top.pos.children[key] = PositionTree(key_pos.line, key_pos.column, pos.children)


def _apply_merges(container: dict, pos: PositionTree, merges: list[tuple[Any, Any]]) -> int:
    """YAML merge keys (``<<: *defaults``): explicit keys win, earlier merges win."""
    added = 0
    for value, mark in merges:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise _error("E003", _("a merge key (<<) takes a mapping or a list of them"),
                             mark)
            for key, item in source.items():
                if key not in container:
                    container[key] = item
                    pos.children[key] = PositionTree(mark.line + 1, mark.column + 1)
                    added += 1
    return added


_NO_KEY = object()


def _tag(event: Any) -> str | None:
    """The explicit tag of an event as a full tag string, or None when it has none."""
    tag = getattr(event, "tag", None)
    value = getattr(tag, "value", tag)  # ruamel >= 0.18 wraps tags in a Tag object
    return None if value is None else str(value)
