"""The fast route reads exactly what the exact route reads.

For every input below: where ``needs_exact_route`` lets the fast route try and rapidyaml produces
data (it declines with ``_DECLINED`` whenever it has doubts), that data must equal what the exact
route (ruamel.yaml's event parser and our composer) produces, with equal types all the way down.
If the exact route rejects the input, the fast route must not have accepted it either.

Inputs: every valid case of the yaml-test-suite, every other file of ``tests/data`` (the invalid
yaml-test-suite cases, PyYAML's loader-error inputs, the hostile files), every YAML file of the
shipped example inventories, and seeded generated documents (tokens, structured documents,
inventory-like documents) that exercise the guard where the corpus is thin.

A difference is fixed in the guard (``yamlload._EXACT_ONLY``), which sends such text to the exact
route. What remains acceptable would be listed in ``EXPECTED_DIFFERENCES``; nothing is.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, ROOT, same

pytest.importorskip("ryml")

from itready.loader import yaml as yamlload
from itready.loader.yaml import YamlError, decode, needs_exact_route, parse_exact

SUITE = DATA / "yaml-test-suite"

#: case -> (reason, which result itready takes). Every entry is a difference between the routes
#: that was judged acceptable. Empty: every difference found so far was closed in the guard:
#:
#: * yaml-test-suite 4ABK, 652Z, HM87-01, CFD4, 4MUZ-*, 5MUD, 9SA2, K3WX, NJ66, VJP3-01: flow
#:   keys and values ruamel.yaml reads against the spec or rejects (``{a:,}``, ``[?x]``,
#:   ``[: v]``, a flow mapping over several lines);
#: * 4QFQ, DWX9, R4YG, T26H, JEF9-02, L24T-01: block scalars with leading white-space lines or
#:   without a final line break;
#: * DK95-*, HS5T, K54U, NB6Z, UV7Q: tabs as separation; S4JQ: the bare ``!`` tag;
#: * folded scalars (4Q9F, 5BVJ, 6VJK, 7T8X, 93WF, 96L6, B3HG, ...): ruamel.yaml's round-trip
#:   parser marked folds with BEL characters; the exact route now uses the safe parser;
#: * generated documents: CRLF before ``True``/``~``, ``.NaN`` as a quoted key, control
#:   characters, NEL/LS/PS, a CR without LF, surrogate escapes, reserved indicators, junk after
#:   a block scalar header, ``#`` in a one-line flow collection, ``["k":v]``, ``...`` first.
EXPECTED_DIFFERENCES: dict[str, tuple[str, str]] = {}


def compare(text: str) -> str:
    """'guarded', 'declined' or 'compared'; raises AssertionError on a difference."""
    if needs_exact_route(text):
        return "guarded"
    fast = yamlload._parse_fast(text)
    if fast is yamlload._DECLINED:
        return "declined"
    try:
        exact = parse_exact(text)[0]
    except YamlError as error:
        raise AssertionError(f"the fast route accepts what the exact route rejects "
                             f"({error.code} {error.line}:{error.column} {error.message}):\n"
                             f"{text!r}\nfast: {fast!r}") from None
    assert same(fast, exact), f"routes differ on:\n{text!r}\nfast:  {fast!r}\nexact: {exact!r}"
    return "compared"


def check_case(name: str, text: str) -> str:
    if name in EXPECTED_DIFFERENCES:
        pytest.skip(f"expected difference: {EXPECTED_DIFFERENCES[name][0]}")
    return compare(text)


# --- corpora ---------------------------------------------------------------------------------

VALID = (SUITE / "_valid.txt").read_text().split()
INVALID = (SUITE / "_errors.txt").read_text().split()


def _data_files() -> list[Path]:
    files = [p for p in (DATA / "pyyaml-loader-errors").iterdir() if not p.name.startswith("_")]
    files += list((DATA / "hostile-yaml").glob("*.yaml"))
    return sorted(files)


def _inventory_files() -> list[Path]:
    inventories = ROOT / "inventories"
    if not inventories.is_dir():
        return []
    return sorted(p for p in inventories.rglob("*") if p.suffix in (".yaml", ".yml"))


def _decoded(path: Path) -> str | None:
    try:
        return decode(path.read_bytes())
    except YamlError:
        return None


@pytest.mark.parametrize("name", VALID)
def test_valid_yaml_test_suite_case(name: str) -> None:
    check_case(name, _decoded(SUITE / f"{name}.yaml") or "")


@pytest.mark.parametrize("name", INVALID)
def test_invalid_yaml_test_suite_case(name: str) -> None:
    check_case(name, _decoded(SUITE / f"{name}.yaml") or "")


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.name)
def test_other_test_data(path: Path) -> None:
    text = _decoded(path)
    if text is None:
        pytest.skip("not UTF-8: E002 before either route")
    check_case(path.name, text)


@pytest.mark.parametrize("path", _inventory_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_inventory_file(path: Path) -> None:
    text = decode(path.read_bytes())
    parse_exact(text)  # shipped inventories are valid YAML
    check_case(str(path), text)


def test_yaml_test_suite_mostly_takes_the_fast_route() -> None:
    """The guard is no blanket: most valid cases still reach the comparison."""
    outcomes = [compare(decode((SUITE / f"{name}.yaml").read_bytes())) for name in VALID]
    assert len(VALID) == 308
    assert outcomes.count("compared") >= 90, outcomes.count("compared")  # 103 today


# --- generated documents ---------------------------------------------------------------------

TOKENS = [
    "a", "b", "1", "0", "-1", "1.5", "x y", "\n", "\n  ", "\n    ", "  ", ": ", ":", "- ", "-",
    "[", "]", "{", "}", ", ", ",", "#c", "'q'", '"d"', '"\\n"', "|", "|-", ">", "> ", "?", "!",
    "&a ", "*a", "%", "@", "`", "...", "---", "null", "true", "1e3", "0o7", "0x1", ".5", "~",
    "=", "<<: ", "\t", "\\", " #x", "'", '"', "\r\n", "\r", "é", "2024-01-01", "00:1A", "a:b",
    "http://x", "-- ", "--- ", "-x", "+1", "1_0", "0b1", ".inf", "+.5", "1.", "1e", "01", "-0",
    "0.0", "\x07", "\u2028", "True", "NULL", '"\\ud800"', "a!", "!a", "x!y", ":!",
]

SCALARS = [
    "a", "x y", "1", "0", "-1", "+1", "1.5", "1e3", "1E3", ".5", "1.", ".inf", "-.Inf", ".NaN",
    "0x1F", "0o17", "0b1", "0123", "1_000", "true", "True", "TRUE", "false", "yes", "no", "on",
    "off", "null", "Null", "~", "", "2024-01-01", "2024-01-01T10:00:00Z", "10:20",
    "00:1A:2B:3C:4D:5E", "10.0.0.0/8", "fe80::1", "::", "a: b", "a #b", "a#b", "#x", "- x",
    "-x", "? x", "?x", "@x", "`x", "%x", "!x", "&x", "*x", "|", "|-", ">", "> x", "[x]", "{x}",
    "x]", "x}", "[", "]", "'", '"', "\\", "\\n", "é", "€", "\u2028", "\x85", "a  b", " a",
    "a ", "...", "---", "--- x", "=", "<<", "-", "--", "-.5", "+.5", "1e+3", "1e-3", "0.0",
    "-0", "+0", "00", "09", "0x", "0o", "x\ty",
]
PLAIN = [
    "a", "b c", "WP-10-0001", "10 Hauptamt", "1", "23", "0", "4.5", "true", "false", "null",
    "2024-03-01", "10.20.0.0/22", '"11 23H2"', "laptop", "x-y", "a.b", "a/b", "München", "a:b",
    "http://x/y", "a - b", "a, b", "(a)", "a=b", "50%", "x?", "a;b", "C#", "'q'", '"d"', "",
    "FRITZ!Box 7590", "Achtung!", "a!b!", "IT & Organisation", "Bandbreite > 100", "a | b", "2 * 4",
]


def _token_documents(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 10)))


def _structured_documents(seed: int, count: int, tricky: float) -> Iterator[str]:
    """Block and flow documents; ``tricky`` is the share of scalars from the tricky list."""
    rng = random.Random(seed)

    def scalar() -> str:
        text = rng.choice(SCALARS) if rng.random() < tricky else rng.choice(PLAIN)
        style = rng.random()
        if style < 0.6:
            return text
        if style < 0.8:
            return "'" + text.replace("'", "''") + "'"
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def node(depth: int, indent: int) -> str:
        kind = rng.random()
        if depth > 3 or kind < 0.4:
            return " " + scalar()
        if kind < 0.55:
            return " [" + ", ".join(scalar() for _ in range(rng.randint(0, 3))) + "]"
        if kind < 0.65:
            return " {" + ", ".join(f"{scalar()}: {scalar()}"
                                    for _ in range(rng.randint(0, 3))) + "}"
        if kind < 0.82:
            out = ""
            for _ in range(rng.randint(1, 3)):
                out += "\n" + " " * indent + f"{scalar()}:" + node(depth + 1, indent + 2)
                if rng.random() < 0.1:
                    out += " # c"
            return out
        if kind < 0.92:
            return "".join("\n" + " " * indent + "-" + node(depth + 1, indent + 2)
                           for _ in range(rng.randint(1, 3)))
        header = rng.choice(["|", "|-", "|+", ">", ">-", ">+", "|2"])
        return " " + header + "".join("\n" + " " * (indent + rng.choice([0, 0, 1]))
                                      + rng.choice(SCALARS) for _ in range(rng.randint(0, 3)))

    for _ in range(count):
        text = "".join(f"{scalar()}:" + node(0, 2) + "\n" for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.2:
            text = text.replace("\n", "\r\n")
        elif rng.random() < 0.05:
            text = text.replace("\n", "\r")
        if rng.random() < 0.1:
            text = text.rstrip("\n")
        if rng.random() < 0.1:
            text = "-" + node(0, 2) + "\n"
        yield text


def _run(documents: Iterator[str]) -> dict[str, int]:
    counts = {"guarded": 0, "declined": 0, "compared": 0}
    for text in documents:
        counts[compare(text)] += 1
    return counts


def test_generated_token_soup() -> None:
    counts = _run(_token_documents(seed=1, count=3000))
    assert counts["compared"] > 500, counts


def test_generated_structured_documents() -> None:
    counts = _run(_structured_documents(seed=2, count=1500, tricky=1.0))
    assert counts["compared"] > 200, counts


def test_generated_inventory_like_documents() -> None:
    counts = _run(_structured_documents(seed=3, count=2000, tricky=0.15))
    assert counts["compared"] > 1000, counts


#: Indicators inside and at the start of scalars (``&*!@`?|>`` start an anchor, alias, tag,
#: reserved scalar, complex key or block scalar only where a node starts: ``IT & Organisation``
#: and ``FRITZ!Box`` are words), flow collections over lines (an empty key on the line after
#: ``[``, which rapidyaml read as ``[{}]`` while the exact route rejects it), and a block scalar
#: as the document (rapidyaml took a ``#`` line in it for a comment).
INDICATOR_TOKENS = ["a", "b c", "!", "x!", "!x", "b!c", "&", "*", "@", "`", "?", "|", ">", "& ",
                    " &", " *", " |", " >", "x>", "|x", "|-", ">+", "2", " ", ": ", ":", "\n",
                    "\n  ", "\n    ", "- ", "[", "]", "{", "}", ", ", ",", "#c", " #", '"q"',
                    "'q'", "1", "\r\n"]


def test_generated_indicator_and_flow_soup() -> None:
    rng = random.Random(4)
    counts = _run("".join(rng.choice(INDICATOR_TOKENS) for _ in range(rng.randint(1, 12)))
                  for _ in range(8000))
    assert counts["compared"] > 400, counts


@pytest.mark.parametrize("text", [
    "model: FRITZ!Box 7590\n", "note: Achtung! a\n", "a: b  # FRITZ!Box\n", "[a!b, c!]\n",
    "{a!: b!c}\n", "name: IT & Organisation\n", "note: Bandbreite > 100 Mbit | 2 * 4\n",
    "a: x @ y ? z `w\n", "a: b |\n  c\n", "{a: b &c}\n"])
def test_an_indicator_inside_a_scalar_takes_the_fast_route(text: str) -> None:
    assert compare(text) == "compared"


@pytest.mark.parametrize("text", [
    "a: !x b\n", "- ! 12\n", '{"a":!x b}\n', "a: [x,!y]\n", "a: &x b\n", "- - &a b\n",
    "a: *x\n", "a: @x\n", "? a\n: b\n", "a: | x\n", "a: b\n  &c\n", "[\n  :\n",
    "[a,\r\n :]\r\n", "{\n: x}\n", " |\n\n#c\n"])
def test_node_properties_and_odd_flow_take_the_exact_route(text: str) -> None:
    assert compare(text) == "guarded"


#: One-line flow mappings, whole records in flow and quoted keys: the fast route reads them
#: (the guard lets them through since the braces have their own triggers), and reads them alike.
FAST_FLOW = [
    "os: {name: windows, version: \"11 24H2\", edition: enterprise}\n",
    "devices:\n  - {id: NB-1, kind: laptop, os: {name: ubuntu, version: \"24.04\"}}\n"
    "  - {id: 'NB-2', kind: laptop, waivers: [{rule: DEV001, until: 2027-01-01}]}\n",
    "a: {b: {c: {d: 1}}, e: [1, {f: 2}]}\nb: {}\nc: {  }\n",
    '"devices":\n  - "id": "NB-1"\n    "os": {"name": "ubuntu", "version": "24.04"}\n',
    "a: {\"k\": v, 'l': w}\n",
]


@pytest.mark.parametrize("text", FAST_FLOW)
def test_flow_mappings_on_one_line_are_read_alike(text: str) -> None:
    assert compare(text) == "compared"


def _flow_documents(seed: int, count: int) -> Iterator[str]:
    """Inventory-like files with one-line flow mappings and quoted keys, as people write them."""
    rng = random.Random(seed)

    def key() -> str:
        name = rng.choice(["id", "kind", "os", "name", "a", "x-y", "k k"])
        return rng.choice([name, f'"{name}"', f"'{name}'"])

    def flow(depth: int) -> str:
        items = []
        for _ in range(rng.randint(0, 3)):
            value = flow(depth + 1) if depth < 2 and rng.random() < 0.3 else rng.choice(PLAIN)
            items.append(f"{key()}: {value}" if value else key() + ":")
        return "{" + ", ".join(items) + "}"

    for _ in range(count):
        lines = [f"{key()}:"]
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.5:
                lines.append(f"  - {flow(0)}")
            else:
                lines.append(f"  - {key()}: {rng.choice(PLAIN) or 'x'}")
                lines.append(f"    {key()}: {flow(1)}")
        yield "\n".join(lines) + "\n"


def test_generated_flow_documents() -> None:
    counts = _run(_flow_documents(seed=4, count=2000))
    assert counts["compared"] > 500, counts


@pytest.mark.parametrize("depth", [1, 30, 64, 65, 66, yamlload.MAX_DEPTH,
                                   yamlload.MAX_DEPTH + 1, 300])
def test_nesting_depths(depth: int) -> None:
    """The fast route has no depth limit of its own: rapidyaml must decline before ours."""
    for text in ("[" * depth + "]" * depth + "\n",
                 "".join("  " * level + "k:\n" for level in range(depth)),
                 "".join(" " * (2 * level) + "-\n" for level in range(depth)) + "x\n"):
        compare(text)
