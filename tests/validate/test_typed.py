"""Typed decoding (``itready.validate.typed``) reads exactly what the validator reads.

For every file below, whenever ``validate_json`` answers (instead of leaving the file to the
validator), its answer is the validator's on the same text, down to the repr of every value:
records, ids, references, and no problems. Whatever it leaves to the validator gets the
validator's errors, so the errors are the same by construction; the load-level tests check
that too, on whole inventories with planted errors.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import DATA, ROOT

pytest.importorskip("ryml")

from itready.loader import inventory as inventory_module
from itready.loader.discover import discover
from itready.loader.inventory import load
from itready.loader.yaml import YamlError, decode, fast_json, parse
from itready.validate import typed
from itready.validate.records import validate_file
from itready.validate.typed import validate_json


def route(path: str, text: str) -> str:
    """'typed' (and equal to the validator), 'validator' or 'exact'."""
    emitted = fast_json(text)
    if emitted is None:
        return "exact"
    result = validate_json(path, emitted)
    if result is None:
        return "validator"
    expected = validate_file(path, parse(text).data)
    assert repr(result) == repr(expected), f"typed decoding differs on:\n{text}"
    assert not expected.problems
    return "typed"


def test_other_spaces_are_what_python_calls_white_space() -> None:
    spaces = {c for c in map(chr, range(0x110000)) if c.isspace()} - set(" \t\r\n")
    assert set(typed.OTHER_SPACES) == spaces


def test_the_structs_follow_the_format_table() -> None:
    """Fields, required ones, choices and bounds come from schema.FIELDS: a laptop's struct
    has every field that applies to laptops, a monitor's none of the computer fields."""
    from itready.validate.schema import FIELDS

    laptop = next(t for t in typed._RECORDS["devices"].__args__ if t.kind == "laptop")
    monitor = next(t for t in typed._RECORDS["devices"].__args__ if t.kind == "monitor")
    assert set(laptop.__struct_fields__) == set(FIELDS["device"]) - {"kind"}
    assert "os" not in monitor.__struct_fields__ and monitor.os is None
    assert set(typed._RECORDS["workplaces"].__struct_fields__) == set(FIELDS["workplace"])


# --- every style, every shipped inventory --------------------------------------------------------

def _files(root: Path) -> list[tuple[str, str]]:
    return [(relative, decode((root / relative).read_bytes()))
            for relative in discover(root, []) if relative != "itready.yaml"]


def test_every_style_takes_the_typed_route_and_reads_alike(styled: dict[str, Path]) -> None:
    for style, root in styled.items():
        routes = {route(relative, text) for relative, text in _files(root)}
        assert routes == ({"exact", "typed"} if style == "anchors" else {"typed"}), style


def test_every_style_holds_the_same_records(styled: dict[str, Path]) -> None:
    from conftest import bench_module

    styles = bench_module("styles")
    for style, root in styled.items():
        assert styles.same_records(styled["base"], root), style


@pytest.mark.parametrize("root", [ROOT / "inventories" / "musterstadt",
                                  DATA / "ci-inventory"], ids=lambda p: p.name)
def test_shipped_inventories_read_alike(root: Path) -> None:
    for relative, text in _files(root):
        route(relative, text)


# --- planted errors ----------------------------------------------------------------------------

VALUES = [
    '""', '"   "', "' '", '"\\t"', '"\u3000"', '"\u00a0x"', "", "null", "~", "12", "0012", "-1",
    "6", "2.0", "1e3", "true", "false", "yes", "2026-02-30", "2026-2-1", "2026-02-28",
    '"2026-02-28"', "[a, b]", "[]", "{a: 1}", "{}", "99999999999999999999", "lapptop",
    "Windows", "WINDOWS", "ubuntu", "pro", "enterprise", "site", "per-device", '"a\\":b"',
    '" leading"', "x #c", "00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e",
    "001A2B3C4D5E", "00:1a:2b", "10.0.0.1", "10.0.0.01", "300.1.1.1", "::1", "fe80::1",
    "10.0.0.0/8", "10.0.0.1/8", "2001:db8::/32", "24.00", '"24.00"', "-5", ".inf",
    "WP-10-00001", "S001", "NB-000001", '"11 24H2"', '"2.0"', "1.2", "none", "in-use",
    "retired", "hybrid", "office", "shared", "assigned", "12.5", '"NB\u200b1"', "Kämmerei",
    '"Ka\u0308mmerei"', "NB-\u0410", '"PC-\\u202e1"',
]
KEYS = ["id", "kind", "model", "serial", "status", "assigned_to", "purchased", "os", "name",
        "version", "edition", "encrypted", "ip", "mac", "tpm", "ram_gb", "camera", "site",
        "work_model", "mobile_days", "desk", "training", "x-note", "x-", "colour", "waivers",
        "rule", "until", "seats", "cost_per_seat", "provides", "expires", "cidr", "pools",
        "shared_desks", "networks", "department", "staff", "Kind", "ID", "hostname",
        "cost_centre"]
_PAIR = re.compile(r"(?<=[\s{,])([\"']?[A-Za-z_][\w-]*[\"']?): ([^,{}\[\]\n#]*)")
_SWAPS = [("kind: laptop", "kind: headset"), ("kind: headset", "kind: laptop"),
          ("edition: enterprise", "edition: pro"), ("name: windows", "name: ubuntu"),
          ("name: ubuntu", "name: windows"), ("model: concurrent", "model: site"),
          ("model: per-user", "model: per-device"), ("work_model: hybrid", "work_model: office"),
          (", edition: enterprise", ""), ("\n      edition: enterprise", ""),
          ("assigned_to: [", "assigned_to: [WP-1, WP-1, ")]


def mutate(text: str, rng: random.Random) -> str:
    """One planted mistake: a value or key replaced, a line doubled or dropped, a pair
    inserted, kinds reordered or a top-level key added, a cross-field rule broken."""
    pairs = list(_PAIR.finditer(text))
    lines = text.split("\n")
    choice = rng.randrange(9)
    if choice <= 2 and pairs:
        m = rng.choice(pairs)
        return text[:m.start(2)] + rng.choice(VALUES) + text[m.end(2):]
    if choice == 3 and pairs:
        m = rng.choice(pairs)
        return text[:m.start(1)] + rng.choice(KEYS) + text[m.end(1):]
    if choice == 4:
        n = rng.randrange(len(lines))
        return "\n".join([*lines[:n], lines[n], *lines[n:]])
    if choice == 5:
        n = rng.randrange(len(lines))
        return "\n".join(lines[:n] + lines[n + 1:])
    if choice == 6 and pairs:
        m = rng.choice(pairs)
        key, value = rng.choice(KEYS), rng.choice(VALUES)
        if text.rfind("{", 0, m.start()) > text.rfind("\n", 0, m.start()):
            return text[:m.start(1)] + f"{key}: {value}, " + text[m.start(1):]
        start = text.rfind("\n", 0, m.start()) + 1
        indent = re.match(r"[ -]*", text[start:]).group(0).replace("-", " ")  # type: ignore
        return text[:start] + f"{indent}{key}: {value}\n" + text[start:]
    if choice == 7:
        tops = [i for i, line in enumerate(lines) if re.match(r"[\w\"'-]+:", line)]
        if len(tops) >= 2 and rng.random() < 0.5:
            return "\n".join([*lines[tops[1]:], "", *lines[:tops[1]]])
        extra = rng.choice(["x-notes: hello", "x-list: [1, 2]", "policy: {}", "device:",
                            "devices:", "workplaces: []", "vpn: null", "sites: {}"])
        return text.rstrip("\n") + "\n" + extra + "\n"
    old, new = rng.choice(_SWAPS)
    places = [m.start() for m in re.finditer(re.escape(old), text)]
    if not places:
        return text
    at = rng.choice(places)
    return text[:at] + new + text[at + len(old):]


def _sources(styled: dict[str, Path]) -> list[tuple[str, str]]:
    sources = _files(ROOT / "inventories" / "musterstadt") + _files(DATA / "ci-inventory")
    for style in ("small", "flow-os-small", "flow-records", "comments", "quoted",
                  "quoted-keys"):
        for relative, text in _files(styled[style])[:6]:
            sources.append((f"{style}/{relative}", text[:8000].rsplit("\n  - ", 1)[0] + "\n"))
    return sources


def test_planted_errors_read_alike(styled: dict[str, Path]) -> None:
    """2,500 files with 1-3 planted mistakes each: wherever typed decoding answers, it
    answers what the validator answers; the rest is the validator's (or the exact route's)."""
    rng = random.Random(11)
    sources = _sources(styled)
    routes: dict[str, int] = {}
    for _ in range(2500):
        path, text = rng.choice(sources)
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        try:
            taken = route(path, text)
        except YamlError:
            taken = "error"  # the validator never sees it; typed decoding did not answer
        routes[taken] = routes.get(taken, 0) + 1
    assert routes.get("typed", 0) > 200 and routes.get("validator", 0) > 800, routes


LICENCE = ("licences:\n  - id: L1\n    provides: [vpn]\n    model: concurrent\n    seats: 3\n"
           "    cost_per_seat: {}\n")
DEVICE = "devices:\n  - id: D1\n    kind: desktop\n    {}: {}\n"


def test_amounts_addresses_and_spaces_read_alike() -> None:
    rng = random.Random(5)
    for amount in ["24.00", "24", "0", "-0", "0.1", "1e2", "1E-7", "123456789.123456789",
                   "1e400", "-1e400", "0.30000000000000004", "9007199254740993", "5e-324",
                   ".5", "5.", "+3", "-2", '"24.00"', '"1e3"', '" 24"', "1_000"]:
        route("a.yaml", LICENCE.format(amount))
    for _ in range(300):
        route("a.yaml", LICENCE.format(f"{rng.choice(['', '-'])}{rng.randint(0, 10 ** 12)}."
                                       f"{rng.randint(0, 10 ** 9)}e{rng.randint(-330, 330)}"))
        route("a.yaml", LICENCE.format(repr(rng.random() * 10 ** rng.randint(-5, 20))))
        octets = [rng.choice([str(rng.randint(0, 255)), str(rng.randint(0, 300)),
                              "0" + str(rng.randint(0, 99))]) for _ in range(rng.choice([3, 4, 4]))]
        route("a.yaml", DEVICE.format("ip", ".".join(octets)))
        pairs = ["".join(rng.choice("0123456789abcdefABCDEFg") for _ in range(2))
                 for _ in range(rng.choice([5, 6, 6, 7]))]
        route("a.yaml", DEVICE.format("mac", '"' + rng.choice([":", "-", ""]).join(pairs) + '"'))
    for space in [" ", "\t", *typed.OTHER_SPACES]:
        escaped = space.encode("unicode_escape").decode() if ord(space) < 0x100 \
            else f"\\u{ord(space):04x}"
        for value in (f'"{escaped}"', f'"{escaped}{escaped}"', f'"x{escaped}"', f'"{escaped}x"'):
            assert route("a.yaml", DEVICE.format("serial", value)) != "typed" or "x" in value
            route("a.yaml", "devices:\n  - id: D1\n    kind: laptop\n"
                            f'    os: {{name: {value}, version: "1"}}\n')
            route("a.yaml", f"licences:\n  - id: L1\n    provides: [vpn, {value}]\n"
                            "    model: site\n")


@pytest.mark.parametrize("text", [
    "devices:\n  - id: D1\n    kind: desktop\n    kind: laptop\n",
    "devices:\n  - id: D1\n    kind: laptop\n    os: {name: ubuntu, version: \"1\", "
    "version: \"2\"}\n",
    "devices:\n  - id: D1\n    kind: laptop\n    waivers:\n      - {rule: X, until: 2026-01-01, "
    "rule: Y}\n",
    "devices:\n  - id: D1\n    kind: desktop\ndevices:\n  - id: D2\n    kind: desktop\n",
    "devices:\n  - id: D1\n    serial: \"a: b\"\n    kind: desktop\n    serial: c\n",
])
def test_duplicate_keys_at_every_depth_are_left_to_the_validator(text: str) -> None:
    emitted = fast_json(text)
    assert emitted is not None and validate_json("a.yaml", emitted) is None


# --- whole inventories: the same errors, the same records ---------------------------------------

def _load_both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    typed_result = load(root)
    with monkeypatch.context() as patch:
        patch.setattr(inventory_module, "fast_json", lambda text: None)
        validator_result = load(root)
    return typed_result, validator_result


@pytest.mark.parametrize("style", ["small", "flow-os-small", "flow-records", "comments",
                                   "quoted", "quoted-keys"])
def test_planted_inventories_give_the_same_errors(style: str, styled: dict[str, Path],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(style)
    root = tmp_path / style
    import shutil

    shutil.copytree(styled[style], root)
    files = sorted(p for p in root.rglob("*.yaml") if p.name != "itready.yaml")
    for path in rng.sample(files, min(len(files), 8)):
        text = path.read_text()
        for _ in range(rng.randint(1, 4)):
            text = mutate(text, rng)
        path.write_text(text)
    fast, validator = _load_both(root, monkeypatch)
    assert fast.errors, "nothing planted"  # type: ignore[attr-defined]
    assert fast.errors == validator.errors  # type: ignore[attr-defined]
    assert fast.inventory == validator.inventory  # type: ignore[attr-defined]
