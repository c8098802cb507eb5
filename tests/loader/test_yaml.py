"""YAML parsing: one set of YAML 1.2 rules, hostile input bounded, every error located.

Every behaviour is checked on both routes: ``fast=True`` (rapidyaml where the guard lets it, else
the exact route) and ``fast=False`` (ruamel.yaml's event parser and our composer).
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import BOTH, DATA, same

from itready.loader import yaml as yamlload
from itready.loader.yaml import YamlError, decode, needs_exact_route, parse, parse_exact

HOSTILE = DATA / "hostile-yaml"


def load_text(text: str, fast: bool) -> Any:
    return parse(text, fast=fast).data


def yaml_error(text: str, fast: bool) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse(text, fast=fast)
    return info.value


def where(error: YamlError) -> tuple[str, int, int]:
    return error.code, error.line, error.column


# --- scalars ---------------------------------------------------------------------------------

SCALARS = [
    # YAML 1.2: the YAML 1.1 booleans are text
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"),
    ("Yes", "Yes"), ("NO", "NO"),
    ("true", True), ("True", True), ("TRUE", True),
    ("false", False), ("False", False), ("FALSE", False),
    ("tRUE", "tRUE"),
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
    ("nULL", "nULL"),
    # integers; leading zeros stay text (cost centres, staff numbers)
    ("0", 0), ("17", 17), ("-3", -3), ("+5", 5), ("0123", "0123"), ("007", "007"),
    ("0x1F", 31), ("0o17", 15), ("0b101", "0b101"), ("1_000", "1_000"),
    ("123456789012345678901234567890", 123456789012345678901234567890),
    # floats
    ("1.5", 1.5), ("10.10", 10.1), ("1.20", 1.2), ("1e3", 1000.0), ("-0.5", -0.5),
    (".5", 0.5), ("1.", 1.0), (".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf),
    ("007.5", "007.5"),
    # dates, times and sexagesimals stay strings: the validator decides what a date is
    ("2026-03-31", "2026-03-31"), ("2024-02-30", "2024-02-30"),
    ("2026-03-31T10:00:00Z", "2026-03-31T10:00:00Z"), ("22:22", "22:22"),
    ("00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"), ("11 23H2", "11 23H2"),
    ("10.20.0.0/22", "10.20.0.0/22"), ("22H2", "22H2"),
    # quoted scalars are always text
    ('"true"', "true"), ("'123'", "123"), ("'~'", "~"), ('"0x1F"', "0x1F"), ("''", ""),
    ('".NaN"', ".NaN"),
]


@BOTH
@pytest.mark.parametrize(("written", "expected"), SCALARS, ids=[s for s, _ in SCALARS])
def test_scalar_resolution_yaml_1_2(written: str, expected: Any, fast: bool) -> None:
    for text in (f"value: {written}\n", f"- {written}\n", f"[{written or '~'}]\n"):
        data = load_text(text, fast)
        value = data["value"] if isinstance(data, dict) else data[0]
        if written == "" and text.startswith("["):
            expected = None
        assert same(value, expected), f"{text!r} gave {value!r}"


@BOTH
def test_nan(fast: bool) -> None:
    assert math.isnan(load_text("a: .nan\n", fast)["a"])
    assert math.isnan(load_text("a: .NaN\n", fast)["a"])


@BOTH
def test_scalars_in_crlf_files_resolve_alike(fast: bool) -> None:
    """A CR before the LF must not turn ``True`` or ``~`` into text on the fast route."""
    text = "a: True\r\nb: ~\r\nc: 0x1F\r\nd: yes\r\ne: 1\r\n"
    assert same(load_text(text, fast), {"a": True, "b": None, "c": 31, "d": "yes", "e": 1})


@BOTH
def test_mapping_keys_keep_their_source_text(fast: bool) -> None:
    data = load_text("1: a\ntrue: b\nnull: c\n2026-01-01: d\n1.50: e\n", fast)
    assert list(data) == ["1", "true", "null", "2026-01-01", "1.50"]
    assert load_text("~: x\n", fast) == {"~": "x"}


@BOTH
def test_implicit_typing_pitfalls(fast: bool) -> None:
    text = (HOSTILE / "implicit_typing_pitfalls.yaml").read_text(encoding="utf-8")
    assert same(load_text(text, fast), {
        "country": "NO", "vpn_enabled": "yes", "wifi": "off", "macos_version": 10.1,
        "windows_build": "22H2", "serial": "0123", "asset_tag": 31, "port_map": "22:22",
        "purchase_date": "2023-11-05", "mac": "00:1A:2B:3C:4D:5E", "null_owner": None,
        "empty_owner": None, "version_float": 1.2, "exp": 1000.0, "inf": math.inf,
    })


@BOTH
def test_invalid_date_is_a_string_not_a_crash(fast: bool) -> None:
    text = (HOSTILE / "invalid_date.yaml").read_text(encoding="utf-8")
    assert load_text(text, fast) == {"device": {"hostname": "pc-001",
                                                "purchase_date": "2024-02-30"}}


@BOTH
def test_block_and_quoted_scalars(fast: bool) -> None:
    text = ('a: |\n  one\n  two\nb: >\n  one\n  two\n\n  three\nc: >-\n  x\n'
            'd: "tab\\there \\u00e9"\ne: \'it\'\'s\'\n')
    assert load_text(text, fast) == {"a": "one\ntwo\n", "b": "one two\nthree\n", "c": "x",
                                     "d": "tab\there é", "e": "it's"}


# --- duplicate keys --------------------------------------------------------------------------

DUPLICATES = [
    ("a: 1\na: 2\n", 2, 1),
    ("x:\n  b: 1\n  c: 2\n  b: 3\n", 4, 3),
    ("{a: 1, a: 2}\n", 1, 8),
    ("- id: 1\n  kind: x\n  id: 1\n", 3, 3),
    ('"a": 1\na: 2\n', 2, 1),
    ("1: x\n'1': y\n", 2, 1),
    ("devices:\n  - id: NB-1\n    os:\n      name: a\n      name: b\n", 5, 7),
]


@BOTH
@pytest.mark.parametrize(("text", "line", "column"), DUPLICATES)
def test_duplicate_key_is_e011_at_the_second_key(text: str, line: int, column: int,
                                                  fast: bool) -> None:
    error = yaml_error(text, fast)
    assert where(error) == ("E011", line, column)
    assert "twice" in error.message


@BOTH
def test_duplicate_keys_file(fast: bool) -> None:
    text = (HOSTILE / "duplicate_keys.yaml").read_text(encoding="utf-8")
    error = yaml_error(text, fast)
    assert where(error) == ("E011", 3, 3)
    assert "'hostname'" in error.message


# --- tags ------------------------------------------------------------------------------------

@BOTH
@pytest.mark.parametrize(("text", "line", "column"), [
    ("a: !custom x\n", 1, 4),
    ("a: !!binary aGk=\n", 1, 4),
    ("a: !!timestamp 2026-01-01\n", 1, 4),
    ("- !!set {a: null}\n", 1, 3),
    ("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", 3, 4),
    ("a: !<tag:example.com:x> 1\n", 1, 4),
    ("a: !!python/name:os.system\n", 1, 4),
])
def test_non_standard_tags_are_e014(text: str, line: int, column: int, fast: bool) -> None:
    assert where(yaml_error(text, fast)) == ("E014", line, column)


@BOTH
def test_python_tag_is_rejected_and_never_executed(fast: bool, tmp_path: Path) -> None:
    text = (HOSTILE / "python_tag_apply.yaml").read_text(encoding="utf-8")
    assert where(yaml_error(text, fast)) == ("E014", 1, 4)

    marker = tmp_path / "executed"
    code = f"open({str(marker)!r}, 'w').close()"
    for tag in ("python/object/apply:builtins.exec", "python/object/new:builtins.exec"):
        error = yaml_error(f'x: !!{tag} ["{code}"]\n', fast)
        assert error.code == "E014"
    assert not marker.exists()


@BOTH
def test_standard_tags_are_accepted(fast: bool) -> None:
    text = ('a: !!str 1\nb: !!int "12"\nc: !!float 1\nd: !!bool true\ne: !!null ~\n'
            'f: ! 12\ng: !!map {x: 1}\nh: !!seq [1]\n')
    assert same(load_text(text, fast), {"a": "1", "b": 12, "c": 1.0, "d": True, "e": None,
                                        "f": "12", "g": {"x": 1}, "h": [1]})


@BOTH
def test_standard_tag_on_a_wrong_value_is_e005(fast: bool) -> None:
    assert where(yaml_error("a: !!int x\n", fast)) == ("E005", 1, 4)
    assert where(yaml_error("a: !!bool yes\n", fast)) == ("E005", 1, 4)
    assert where(yaml_error("a: !!seq {x: 1}\n", fast)) == ("E005", 1, 4)


# --- aliases, merge keys, limits -------------------------------------------------------------

@BOTH
def test_aliases_expand(fast: bool) -> None:
    data = load_text("a: &x [1, 2]\nb: *x\nc: &s text\nd: *s\n", fast)
    assert data == {"a": [1, 2], "b": [1, 2], "c": "text", "d": "text"}


@BOTH
def test_billion_laughs_is_e012_fast(fast: bool) -> None:
    text = (HOSTILE / "billion_laughs_9x9.yaml").read_text(encoding="utf-8")
    started = time.perf_counter()
    error = yaml_error(text, fast)
    assert time.perf_counter() - started < 1.0
    assert error.code == "E012"
    assert (error.line, error.column) == (6, 8)


@BOTH
def test_merge_key_bomb_is_e012_fast(fast: bool) -> None:
    text = (HOSTILE / "merge_key_bomb_16.yaml").read_text(encoding="utf-8")
    started = time.perf_counter()
    assert yaml_error(text, fast).code == "E012"
    assert time.perf_counter() - started < 1.0


@BOTH
def test_alias_expansion_is_bounded(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlload, "MAX_ALIAS_EXPANSION", 10)
    assert load_text("a: &x [1, 2, 3]\nb: [*x, *x]\n", fast)["b"] == [[1, 2, 3]] * 2
    assert where(yaml_error("a: &x [1, 2, 3]\nb: [*x, *x, *x]\n", fast)) == ("E012", 2, 13)


@BOTH
def test_recursive_alias_is_e012(fast: bool) -> None:
    text = (HOSTILE / "recursive_alias.yaml").read_text(encoding="utf-8")
    error = yaml_error(text, fast)
    assert where(error) == ("E012", 3, 5)
    assert "itself" in error.message


@BOTH
def test_undefined_alias_is_e001(fast: bool) -> None:
    assert where(yaml_error("a: 1\nb: *nowhere\n", fast)) == ("E001", 2, 4)


@BOTH
@pytest.mark.parametrize("name", ["deep_block_seq_1100.yaml", "deep_flow_seq_5000.yaml"])
def test_deep_nesting_is_e012_not_recursion_error(name: str, fast: bool) -> None:
    text = (HOSTILE / name).read_text(encoding="utf-8")
    started = time.perf_counter()
    error = yaml_error(text, fast)  # a RecursionError would fail here: it is no YamlError
    assert time.perf_counter() - started < 2.0
    assert error.code == "E012"
    assert "nesting" in error.message


@BOTH
def test_nesting_limit_is_exact(fast: bool) -> None:
    depth = yamlload.MAX_DEPTH
    assert parse("[" * depth + "]" * depth + "\n", fast=fast).data is not None
    error = yaml_error("[" * (depth + 1) + "]" * (depth + 1) + "\n", fast)
    assert where(error) == ("E012", 1, depth + 1)
    nested = "".join("  " * level + "k:\n" for level in range(depth + 1))
    assert yaml_error(nested, fast).code == "E012"


@BOTH
def test_deep_nesting_needs_no_deep_stack(fast: bool) -> None:
    """The composer is iterative: a low recursion limit does not break a deep, legal file."""
    depth = yamlload.MAX_DEPTH
    text = "[" * depth + "]" * depth + "\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        data = parse(text, fast=fast).data
    finally:
        sys.setrecursionlimit(limit)
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


@BOTH
def test_merge_keys(fast: bool) -> None:
    text = ("base: &b {x: 1, y: 2}\n"
            "item:\n  <<: *b\n  y: 3\n"
            "more: &m {y: 9, z: 9}\n"
            "both:\n  <<: [*b, *m]\n")
    data = load_text(text, fast)
    assert data["item"] == {"x": 1, "y": 3}  # explicit keys win
    assert data["both"] == {"x": 1, "y": 2, "z": 9}  # earlier merges win
    _, positions = parse_exact(text)
    assert positions.locate(("item", "x")) == (3, 7)  # a merged key: at the merged mapping
    assert positions.locate(("item", "y")) == (4, 3)


@BOTH
def test_merge_of_a_non_mapping_is_e003(fast: bool) -> None:
    assert where(yaml_error("a: &a [1]\nb:\n  <<: *a\n", fast)) == ("E003", 3, 7)


@BOTH
def test_collection_as_key_is_e003(fast: bool) -> None:
    assert where(yaml_error("? [a, b]\n: c\n", fast)) == ("E003", 1, 3)


# --- documents, empty files ------------------------------------------------------------------

@BOTH
@pytest.mark.parametrize(("text", "line"), [
    ("--- a\n--- b\n", 2),
    ("a: 1\n---\nb: 2\n", 2),
    ("a: 1\n...\n---\nb: 1\n", 3),
    ("sites: []\n---\n", 2),
])
def test_several_documents_are_e014(text: str, line: int, fast: bool) -> None:
    error = yaml_error(text, fast)
    assert where(error) == ("E014", line, 1)
    assert "one YAML document" in error.message


@BOTH
def test_one_explicit_document_is_fine(fast: bool) -> None:
    assert load_text("---\na: 1\n...\n", fast) == {"a": 1}
    assert load_text("%YAML 1.2\n---\na: 1\n", fast) == {"a": 1}


@BOTH
@pytest.mark.parametrize("text", ["", "\n\n", "# only\n# comments\n", "---\n", "   \n",
                                  "# comment without newline"])
def test_empty_and_comment_only_files_hold_no_data(text: str, fast: bool) -> None:
    assert parse(text, fast=fast).data is None


@BOTH
def test_empty_collections(fast: bool) -> None:
    assert load_text("{}\n", fast) == {}
    assert load_text("[]\n", fast) == []
    assert load_text("sites: []\nvpn: {}\n", fast) == {"sites": [], "vpn": {}}


# --- encoding --------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "line", "column", "offset"), [
    (b"a: 1\nb: caf\xe9\n", 2, 7, 11),
    ("n\u00e4me: ".encode() + b"\xff\n", 1, 7, 7),  # columns count characters, not bytes
    (b"\xef\xbb\xbfa: \xff\n", 1, 4, 6),  # a BOM is no column
    (b"a: 1\n\xc3", 2, 1, 5),  # truncated sequence at the end
    (b"\xff\xfea\x00:\x00", 1, 1, 0),  # UTF-16
])
def test_non_utf8_is_e002_with_line_column_and_offset(raw: bytes, line: int, column: int,
                                                      offset: int) -> None:
    with pytest.raises(YamlError) as info:
        decode(raw)
    assert where(info.value) == ("E002", line, column)
    assert f"offset {offset}" in info.value.message


def test_bom_is_accepted() -> None:
    text = decode(b"\xef\xbb\xbfsites:\n  - id: RH\n")
    assert text == "sites:\n  - id: RH\n"
    assert parse(text).data == {"sites": [{"id": "RH"}]}
    assert decode("a: Straße\n".encode()) == "a: Straße\n"


@pytest.mark.parametrize("name", ["invalid-utf8-byte.loader-error",
                                  "invalid-utf8-byte.stream-error", "odd-utf16.stream-error"])
def test_pyyaml_encoding_cases_are_e002(name: str) -> None:
    with pytest.raises(YamlError) as info:
        decode((DATA / "pyyaml-loader-errors" / name).read_bytes())
    assert info.value.code == "E002"


@BOTH
@pytest.mark.parametrize(("text", "column"), [
    ("a: b\x07c\n", 5), ("a: 'b\x00'\n", 6), ("# x\x1b\na: 1\n", 4), ("a: \ufffe\n", 4),
])
def test_control_characters_are_e001(text: str, column: int, fast: bool) -> None:
    assert where(yaml_error(text, fast)) == ("E001", 1, column)


# --- syntax errors ---------------------------------------------------------------------------

SYNTAX_ERRORS = [
    ("a: [1, 2\n", 2, 1),
    ("a: 'x\n", 2, 1),
    ("a: b: c\n", 1, 5),
    ("a:\n  - 1\n - 2\n", 3, 2),
    ("- a\n  b\n c: 1\n", 3, 3),
    ('key: "\\q"\n', 1, 8),
    ("[a, b]]\n", 1, 7),
    ("a:\n\tb: 1\n", 2, 1),
    ("sites:\n  - id: RH\n   name: x\n", 3, 4),
    ("a: @x\n", 1, 4),
    ("a: `x\n", 1, 4),
    ("a: |1x\n  y\n", 1, 6),
]


@BOTH
@pytest.mark.parametrize(("text", "line", "column"), SYNTAX_ERRORS)
def test_syntax_errors_are_e001_with_position(text: str, line: int, column: int,
                                              fast: bool) -> None:
    error = yaml_error(text, fast)
    assert where(error) == ("E001", line, column)
    assert error.message


def test_unsupported_yaml_version_is_an_error_not_a_crash() -> None:
    """ruamel.yaml asserts on ``%YAML 1.3``; that must end as a YamlError."""
    text = (DATA / "yaml-test-suite" / "BEC7.yaml").read_text(encoding="utf-8")
    for fast in (True, False):
        assert yaml_error(text, fast).code == "E014"


ERROR_CORPORA = sorted(
    [DATA / "yaml-test-suite" / f"{name}.yaml"
     for name in (DATA / "yaml-test-suite" / "_errors.txt").read_text().split()]
    + [path for path in (DATA / "pyyaml-loader-errors").iterdir()
       if not path.name.startswith("_")]
    + sorted(HOSTILE.glob("*.yaml")),
)


@pytest.mark.parametrize("path", ERROR_CORPORA, ids=[p.name for p in ERROR_CORPORA])
def test_bad_input_never_crashes_and_both_routes_agree(path: Path) -> None:
    """Invalid YAML ends in a located YamlError (never another exception); where ruamel.yaml
    accepts what the YAML spec forbids, both routes accept it alike."""
    outcomes = []
    for fast in (True, False):
        try:
            outcomes.append(("data", repr(parse(decode(path.read_bytes()), fast=fast).data)))
        except YamlError as error:
            assert error.code in {f"E{n:03d}" for n in range(1, 15)}
            assert error.line >= 1 and error.column >= 1
            outcomes.append(("error", where(error)))
    assert outcomes[0] == outcomes[1]


# --- the guard stays linear ------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["[", "{", "| #", "> #", "|", "<<", ",", "\n", "\n ", "'",
                                  ":", "- -", "[ #", "{a: ", "~", ">2\n", ".", "\\", "-1 "])
def test_guard_is_linear_on_hostile_lines(unit: str) -> None:
    text = unit * (200_000 // len(unit))
    started = time.perf_counter()
    needs_exact_route(text)
    assert time.perf_counter() - started < 0.5


# --- positions -------------------------------------------------------------------------------

# --- the guard's prefilter ---------------------------------------------------------------------

def _corpus() -> list[str]:
    texts = []
    for path in sorted(DATA.rglob("*")):
        if path.is_file() and path.suffix not in (".json", ".txt", ".md"):
            try:
                texts.append(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
            except UnicodeDecodeError:
                continue
    return texts


def _full_guard(text: str) -> bool:
    framed = f"\n{text}\n"
    unterminated = not text.endswith("\n") and yamlload._UNTERMINATED.search(text)
    long_line = yamlload._long_line(framed) is not None
    return bool(unterminated or long_line) or yamlload._EXACT_ONLY.search(framed) is not None


#: Tokens without a rare character: a text of them reaches the full expression only through a
#: trigger, so a missing trigger shows (the splices above nearly always hold a rare character
#: and let a missing ``{:`` or ``":`` trigger pass unnoticed).
GUARD_TOKENS = ["a", "b", "N", "ull", "ULL", "T", "rue", "F", "alse", "0", "x", "o", "1F", "7",
                ".", "nan", "inf", "-", "---", "...", " ", "  ", "\n", ":", ",", "[", "]", "{",
                "}", "#", "'", '"', "k", "v"]


def test_prefilter_never_hides_a_branch_of_the_guard() -> None:
    """needs_exact_route() answers exactly what the full guard expression answers: the cheap
    triggers it checks first are necessary for every branch."""
    rng = random.Random(7)
    texts = _corpus()
    pieces = [t[i:i + 40] for t in texts for i in range(0, len(t), 40)]
    texts += ["".join(rng.choice(pieces) for _ in range(5)) for _ in range(3000)]
    braces = [*FLOW_CASES, "{", "}", "{a: b}", ", ", ": ", "\n", " #", "{:", "- ", "\n}", '"k":']
    texts += ["".join(rng.choice(pieces if rng.random() < .5 else braces) for _ in range(8))
              for _ in range(3000)]
    # control characters, in ASCII text (checked as bytes) and in text beyond ASCII
    for control in ("\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x85", "\x9f", "\u2028",
                    "\ufffe"):
        texts += [f"a: b{control}c\n", f"a: Kämmerei{control}\n"]
    for text in texts:
        assert needs_exact_route(text) == _full_guard(text), repr(text[:200])


def test_prefilter_on_texts_without_rare_characters() -> None:
    """200,000 short texts whose only way to the full expression is a trigger."""
    rng = random.Random(7)
    for _ in range(200_000):
        text = "".join(rng.choice(GUARD_TOKENS) for _ in range(rng.randint(1, 14)))
        assert needs_exact_route(text) == _full_guard(text), repr(text)


#: Indicators in and before scalars, with what can stand before a node: their triggers must
#: fire wherever _EXACT_ONLY matches (``&`` or ``%`` inside a scalar need no full search).
INDICATOR_TOKENS = [*GUARD_TOKENS, "&", "*", "!", "@", "`", "?", "|", ">", "%", "~", "<", "<<",
                    "\\", "\\u", "d8", "\r", "\r\n", "- ", "? ", "x &", "  ", "a b", "|-", ">2",
                    " #c", "\n  "]


def test_prefilter_on_texts_with_indicators() -> None:
    """200,000 short texts with the indicators that are no rare characters any more."""
    rng = random.Random(8)
    for _ in range(200_000):
        text = "".join(rng.choice(INDICATOR_TOKENS) for _ in range(rng.randint(1, 14)))
        assert needs_exact_route(text) == _full_guard(text), repr(text)


def test_indicators_inside_scalars_need_no_full_search() -> None:
    """A text whose indicators all stand inside scalars or comments triggers nothing (after
    a comma or a dash and a space they would: that may be a flow separator or an entry)."""
    text = ("name: IT & Organisation  # Achtung! Akku > 80 %; *bitte* prüfen | Dock @ Lager?\n"
            "model: FRITZ!Box 7590  # Tausch 2027? *Akku* | 5 < 7\n") * 100
    framed = f"\n{text}\n"
    assert not yamlload._triggered(text, framed)


def test_long_lines_are_found_as_the_expression_finds_them() -> None:
    rng = random.Random(11)
    for _ in range(5000):
        text = "\n".join("x" * rng.choice((0, 1, 500, 1023, 1024, 1025, 1026, 2100))
                         for _ in range(rng.randint(1, 6))) + rng.choice(("", "\n"))
        framed = f"\n{text}\n"
        expected = [m.start() for m in yamlload._LONG_LINE.finditer(framed)]
        assert list(yamlload._long_lines(framed)) == expected


#: Flow mappings: one-line ones take the fast route; what ruamel.yaml or rapidyaml read
#: differently (over lines, a comment inside, an empty key or value) the exact one.
FLOW_CASES = {
    "os: {name: windows, version: \"11 24H2\", edition: enterprise}\n": False,
    "devices:\n  - {id: NB-1, kind: laptop, os: {name: ubuntu, version: \"24.04\"}}\n": False,
    "a: {b: {c: {d: 1}}, e: [1, {f: 2}]}\n": False,
    "a: {}\nb: {  }\n": False,
    '"id": "WP-1"\n"site": \'S1\'\n': False,
    "a: {\"k\": v}\n": False,
    "a: {b: 1}  # a comment after a flow mapping still takes the exact route\n": True,
    "a: {b: 1,\n  c: 2}\n": True,
    "a: {b: 1,\n": True,
    "a: {b: 1, # c\n  d: 2}\n": True,
    "a: {b: 1 # c }\n": True,
    "a: {: v}\n": True,
    "a: { : v}\n": True,
    "a: {k:,}\n": True,
    "a: {k: }\n": True,
    "a: {b: 1\n}\n": True,
    "- {a: 1,\n- }\n": True,
    "---}\n": True,
    "a: {\"k\":v}\n": True,
    "a: {'k':v}\n": True,
    "a: {b: Null}\n": True,
    "a: {b: ~}\n": True,
    "a: {b: 0x1F}\n": True,
    "a: {b: &x 1, c: *x}\n": True,
    "a: {b: !!str 1}\n": True,
    "a: {? b : c}\n": True,
    "a: |\n  {b: 1,\n  c}\n": True,
    "a: \"{b: 1,\"\nc: 2\n": True,
}


@pytest.mark.parametrize("text", FLOW_CASES)
def test_flow_mappings_take_the_route_they_need(text: str) -> None:
    assert needs_exact_route(text) is FLOW_CASES[text]
    assert needs_exact_route(text) == _full_guard(text)


@pytest.mark.skipif(not yamlload.FAST_AVAILABLE, reason="the limit applies beside rapidyaml")
def test_big_file_for_the_slow_parser_is_an_error_within_milliseconds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlload, "MAX_EXACT_CHARACTERS", 1 << 20)
    text = "x: &anchor 1\n" * 100_000  # anchors need the exact parser; 1.3 MB
    started = time.perf_counter()
    with pytest.raises(YamlError) as raised:
        parse(text)
    assert raised.value.code == "E012"
    assert time.perf_counter() - started < 1
    with pytest.raises(YamlError) as small:  # a small file is parsed: here, a duplicate key
        parse(text[:1000])
    assert small.value.code == "E011"


def test_prefilter_on_every_style_of_inventory(styled: dict[str, Path]) -> None:
    """The guard's answer on generated inventories in every YAML style (bench/styles.py):
    only the files with anchors take the exact route."""
    for style, root in styled.items():
        for path in sorted(root.rglob("*.yaml")):
            text = decode(path.read_bytes())
            assert needs_exact_route(text) == _full_guard(text), path
            assert needs_exact_route(text) == (style == "anchors" and "&os" in text), path
