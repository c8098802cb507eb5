"""Locating records and fields: the text locator agrees with the exact parser's positions.

``TextLocator`` finds records and their fields by scanning the text of a block-style file, which
costs milliseconds where a positioned parse costs seconds; these tests hold it to the exact
parser's ``PositionTree`` on realistic, hand-written and generated files, and check that it does
not trust text that only looks like records.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from conftest import yaml_paths

from itready.loader.locate import PositionTree, TextLocator
from itready.loader.yaml import YamlError, parse, parse_exact

REALISTIC = """\
# Geräte der Verwaltung
devices:
  - id: NB-00017            # asset tag
    kind: laptop
    model: ThinkPad T14 Gen 4
    serial: "PF3ABC12"
    assigned_to: WP-10-0001
    purchased: 2023-04-01
    os:
      name: windows
      version: "11 23H2"    # as the vendor names it
      edition: enterprise
    encrypted: true
    mac: "00:1A:2B:3C:4D:5E"
    waivers:
      - rule: DEV003
        reason: Encryption breaks the label printer driver
        until: 2027-03-31
        approved_by: IT-Sicherheit

      - rule: DEV007
        until: 2026-12-31
  - id: 'MON-0001'
    kind: monitor
    assigned_to: RH

  -   id: NB-00018
      kind: laptop
      os: {name: ubuntu, version: "22.04"}
      waivers: [{rule: DEV001, until: 2027-01-01}]
licences:
  - id: LIC-VPN
    provides: [vpn]
    model: concurrent
    seats: 600
    assigned_to:
      - WP-10-0001
      - WP-10-0002   # Außendienst
      -   WP-10-0003
  - id: LIC-MFA
    provides:
    - mfa
    model: per-user
    seats: 2
    assigned_to:
    - WP-10-0001
    - WP-10-0002
    waivers:
    - rule: LIC004
      until: 2027-01-01
workplaces:
- id: WP-10-0001
  department: "10 Hauptamt"
  site: RH
  work_model: hybrid
- id: WP-10-0002
  department: 10 Hauptamt
  site: RH
  work_model: mobile
  training: 2025-03-14
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_text_locator_agrees_with_position_tree(newline: str) -> None:
    text = REALISTIC.replace("\n", newline)
    data, tree = parse_exact(text)
    paths = yaml_paths(data)
    assert ("devices", 0, "os", "version") in paths
    assert ("devices", 0, "waivers", 1, "until") in paths
    assert ("licences", 0, "assigned_to", 2) in paths
    assert ("licences", 1, "assigned_to", 1) in paths
    assert len(paths) > 70
    fallbacks = []

    def exact() -> PositionTree:
        fallbacks.append(1)
        return parse_exact(text)[1]

    # Every record and field written in block style is found in the text alone ...
    flow = {("devices", 2, "os"), ("devices", 2, "waivers"), ("licences", 0, "provides")}
    block = [p for p in paths if len(p) >= 2 and p[:3] not in flow]
    locator = TextLocator(text, data, exact)
    for path in block:
        assert locator.locate(path) == tree.locate(path), path
    assert not fallbacks, "the text locator fell back to the exact parser on block style"
    # ... and everything else, and absent keys (at their deepest existing ancestor), agree too.
    for path in paths:
        assert locator.locate(path) == tree.locate(path), path
        assert locator.locate((*path, "absent")) == tree.locate((*path, "absent")), path
    # Without the data (a warm run: only the records' ids are known), the same answers.
    for path in paths:
        for probe in (path, (*path, "absent")):
            assert _without_data(text, data).locate(probe) == tree.locate(probe), probe


RULE_LIST = """\
# rules: a document that is one list of records
- id: XTR001
  title: First
  where: {fact: kind, eq: laptop}
  references:
    - A.1
    - B.2
- id: "XTR002"
  title: Second # a comment
  nested:
    - id: not-a-record
- id: XTR003
  title: Third
"""


def test_text_locator_places_the_records_of_a_top_level_list() -> None:
    """Rule files are one list: their records are found in the text as an inventory's are."""
    data, tree = parse_exact(RULE_LIST)
    fallbacks = []

    def exact() -> PositionTree:
        fallbacks.append(1)
        return tree

    locator = TextLocator(RULE_LIST, data, exact)
    block = [(0,), (0, "title"), (0, "references", 1), (1,), (1, "title"), (1, "nested", 0),
             (1, "nested", 0, "id"), (2,), (2, "title"), (2, "absent")]
    for path in block:
        assert locator.locate(path) == tree.locate(path), path
    assert not fallbacks
    for path in yaml_paths(data):  # inside flow collections: the exact parser, and agreement
        assert locator.locate(path) == tree.locate(path), path
    assert fallbacks


def _without_data(text: str, data: Any) -> TextLocator:
    """A locator as a warm run builds it: record ids, and the data only on demand."""
    ids = {kind: [record["id"] for record in records] for kind, records in data.items()
           if isinstance(records, list) and all(isinstance(r, dict) and isinstance(
               r.get("id"), str) for r in records)}
    return TextLocator(text, None, lambda: parse_exact(text)[1], data_factory=lambda: data,
                       ids=ids)


def test_text_locator_does_not_trust_text_that_only_looks_like_records() -> None:
    text = REALISTIC.replace(
        "    kind: monitor\n",
        "    kind: monitor\n    reason: >\n      folded text with\n      - id: NB-00018\n")
    data, tree = parse_exact(text)
    locator = TextLocator(text, data, lambda: parse_exact(text)[1])
    for path in yaml_paths(data):
        assert locator.locate(path) == tree.locate(path), path


def test_fast_parse_locates_like_the_exact_parse() -> None:
    parsed = parse(REALISTIC)
    assert isinstance(parsed.locator, TextLocator)  # the fast route took this file
    _, tree = parse_exact(REALISTIC)
    assert parsed.locator.locate(("devices", 0, "os", "edition")) == (12, 7)
    for path in yaml_paths(parsed.data):
        assert parsed.locator.locate(path) == tree.locate(path), path


def _random_inventory(rng: random.Random) -> str:
    """A block-style inventory file with the irregularities people write."""
    words = ["laptop", "RH", "x", "11 23H2", "'a: b'", "'- id: FAKE'", '"kind: fake"',
             "'# no comment'", "2024-01-01", "true", "WP-1"]
    lines = [rng.choice(["", "# header", "---"])]
    number = 0

    def mapping(indent: int, depth: int) -> list[str]:
        out = []
        keys = rng.sample(["kind", "model", "os", "waivers", "assigned_to", "name", "reason",
                           "x-note"], rng.randint(1, 4))
        for key in keys:
            pad = " " * indent
            choice = rng.random()
            if depth < 3 and choice < 0.2:
                sub = indent + rng.choice([2, 4])
                out.append(f"{pad}{key}:" + rng.choice(["", "  # c"]))
                out += mapping(sub, depth + 1)
            elif depth < 3 and choice < 0.4:
                out.append(f"{pad}{key}:")
                item_indent = indent + rng.choice([0, 2])
                for _ in range(rng.randint(1, 3)):
                    gap = rng.choice([1, 1, 3])
                    if rng.random() < 0.5:
                        out.append(" " * item_indent + "-" + " " * gap + rng.choice(words))
                    else:
                        inner = mapping(item_indent + 1 + gap, depth + 1)
                        out.append(" " * item_indent + "-" + " " * gap + inner[0].lstrip())
                        out += inner[1:]
                    if rng.random() < 0.2:
                        out.append("")
            elif choice < 0.5:
                out.append(f"{pad}{key}: " + rng.choice(["|", ">-"]))
                out += [" " * (indent + 2) + rng.choice(words).strip("'\"") for _ in range(2)]
            elif choice < 0.6:
                out.append(f"{pad}{key}: [{rng.choice(words)}, {rng.choice(words)}]")
            elif choice < 0.7:
                out.append(f"{pad}{key}: {flow(0)}")
            else:
                out.append(f"{pad}{key}{rng.choice([': ', ': ', '  : '])}{rng.choice(words)}"
                           + rng.choice(["", "  # c"]))
        return out

    def flow(depth: int) -> str:
        if depth > 2 or rng.random() < 0.5:
            return rng.choice(["laptop", "RH", "x y", '"q"', "'s'", "2024-01-01", "00:1A:2B",
                               "http://x", "a:b"])
        if rng.random() < 0.3:
            return "[" + ", ".join(flow(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        keys = rng.sample(["kind", "os", "name", "version", "x-y"], rng.randint(0, 3))
        return "{" + ", ".join(f"{quoted(k)}: {flow(depth + 1)}" for k in keys) + "}"

    def quoted(key: str) -> str:
        return rng.choice([key, key, f'"{key}"', f"'{key}'"])

    for kind in rng.sample(["devices", "licences", "workplaces", "sites"], rng.randint(1, 3)):
        lines.append(f"{kind}:")
        indent = rng.choice([0, 2, 4])
        for _ in range(rng.randint(1, 4)):
            gap = rng.choice([1, 1, 3])
            ident = rng.choice([f"R-{number}", f"'R-{number}'", f'"R-{number}"',
                                f"R-{number}  # tag"])
            body = mapping(indent + 1 + gap, 1)
            choice = rng.random()
            if choice < 0.2:  # the whole record in flow on one line
                rest = flow(1)[1:] if rng.random() < 0.7 else "}"
                rest = ", " + rest if rest != "}" and rest != "]" else "}"
                ident = ident.replace("  # tag", "")
                lines.append(" " * indent + "-" + " " * gap + "{" + quoted("id")
                             + rng.choice([": ", " : "]) + ident + rest)
            elif choice < 0.3:  # the id is not the first key
                lines.append(" " * indent + "-" + " " * gap + body[0].lstrip())
                lines.append(" " * (indent + 1 + gap) + f"id: {ident}")
                lines += body[1:]
            else:
                lines.append(" " * indent + "-" + " " * gap + f"{quoted('id')}: {ident}")
                lines += body
            number += 1
            if rng.random() < 0.2:
                lines.append(rng.choice(["", "  # between records"]))
    return "\n".join(lines) + "\n"


def test_text_locator_agrees_on_generated_files() -> None:
    rng = random.Random(20261127)
    compared = 0
    for _ in range(120):
        text = _random_inventory(rng)
        if rng.random() < 0.15:
            text = text.replace("\n", "\r\n")
        try:
            data, tree = parse_exact(text)
        except YamlError:  # a generated key repeated: not what this test is about
            continue
        locator = TextLocator(text, data, lambda text=text: parse_exact(text)[1])
        lazy = _without_data(text, data)
        for path in yaml_paths(data):
            for probe in (path, (*path, "absent")):
                assert locator.locate(probe) == tree.locate(probe), (probe, text)
                assert lazy.locate(probe) == tree.locate(probe), (probe, text)
                compared += 1
    assert compared > 5000


@pytest.mark.parametrize("style", ["flow-records", "quoted-keys", "flow-os", "comments",
                                   "small"])
def test_text_locator_places_every_style_without_the_exact_parser(
        style: str, styled: dict[str, Path]) -> None:
    """Records in flow on one line (``- {id: …}``), quoted keys (``- "id": …``) and flow
    values (``os: {…}``) are found in the text, as block records are."""
    from itready.loader.yaml import decode

    root = styled[style]
    for path in sorted(root.rglob("*.yaml"))[:3]:
        text = decode(path.read_bytes())
        data, tree = parse_exact(text)
        fallbacks: list[int] = []

        def exact(tree: PositionTree = tree, fallbacks: list[int] = fallbacks) -> PositionTree:
            fallbacks.append(1)
            return tree

        locator = TextLocator(text, data, exact)
        lazy = TextLocator(text, None, exact, data_factory=lambda data=data: data,
                           ids=_without_data(text, data)._ids)
        records = [node for node in yaml_paths(data) if len(node) >= 2]
        for node in records:
            for probe in (node, (*node, "absent")):
                assert locator.locate(probe) == tree.locate(probe), probe
                assert lazy.locate(probe) == tree.locate(probe), probe
        assert records and not fallbacks, path
