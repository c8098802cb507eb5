"""Properties of the CLI on a valid inventory broken at random (hypothesis, derandomized).

The inventory of ``tests/data/ci-inventory`` is mutated: fields deleted, duplicated and
retyped, references swapped, random bytes inserted, files truncated, deleted or emptied,
records duplicated. Whatever comes out, ``itready check`` and ``itready validate``:

* exit 0, 1 or 2 (``validate``: 0 or 2), and 2 exactly when they list input errors;
* never print a traceback;
* locate every error in a file of the inventory, at a line within that file;
* list the same errors as each other (``check`` also vets waivers against the rules).
"""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import DATA, write_inventory
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from itready.cli import main

SOURCE = DATA / "ci-inventory"
BASE: dict[str, bytes] = {p.relative_to(SOURCE).as_posix(): p.read_bytes()
                          for p in sorted(SOURCE.rglob("*.yaml"))}
FILES = sorted(BASE)
IDS = sorted({m.decode() for raw in BASE.values()
              for m in re.findall(rb"^\s*- id: (\S+)$", raw, re.MULTILINE)})

ERROR_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): error (?P<code>E\d{3})\b")
LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
FIELD = re.compile(rb"^[ ]*(?:- )?[\w-]+:(.*)$", re.MULTILINE)
REFERENCE = re.compile(rb"^[ ]*(?:- )?(?:site|assigned_to|rule|department):(.*)$", re.MULTILINE)
RECORD = re.compile(rb"^[ ]*- id:", re.MULTILINE)

#: Values that a field may be retyped to: other types, bad values, YAML oddities.
VALUES = [b"[1, 2]", b"{a: b}", b"[]", b"{}", b"42", b"-1", b"3.5", b"1e400", b"true", b"no",
          b"null", b"~", b"''", b'"x"', b"2026-02-30", b"2026-13-01", b"0x1F", b"0o17", b".nan",
          b"-.inf", b"&a x", b"*a", b"*nowhere", b"!!str 1", b"!!int x", b"!custom x", b"|",
          b">-", b"- x", b"? x", b"10.20.0.0/33", b"fd00::/129", b"WP-10-0001", b"RH",
          b'"\\u0000"', b"'", b'"', b"[", b"{", b"<<: *a", b"x: y", b"# only a comment",
          b"\t1", b"0123", b"+12", b"1_000"]


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


def _replace_value(raw: bytes, pattern: re.Pattern[bytes], pick: int, value: bytes) -> bytes:
    matches = list(pattern.finditer(raw))
    if not matches:
        return raw
    match = matches[pick % len(matches)]
    return raw[:match.start(1)] + b" " + value + raw[match.end(1):]


def _duplicate_record(raw: bytes, pick: int) -> bytes:
    starts = [m.start() for m in RECORD.finditer(raw)]
    if not starts:
        return raw
    number = pick % len(starts)
    start = starts[number]
    end = starts[number + 1] if number + 1 < len(starts) else len(raw)
    record = raw[start:end]
    if not record.endswith(b"\n"):
        record += b"\n"
    return raw[:end] + (b"" if raw[:end].endswith(b"\n") else b"\n") + record + raw[end:]


def mutate(files: dict[str, bytes], mutation: tuple) -> None:
    """Apply one mutation to ``files`` (relative path -> content) in place."""
    kind, name, pick, payload = mutation
    if name not in files:
        return
    raw = files[name]
    lines = _lines(raw)
    at = pick % len(lines)
    if kind == "delete_line":
        raw = b"".join(lines[:at] + lines[at + 1:])
    elif kind == "duplicate_line":
        raw = b"".join([*lines[:at + 1], lines[at], *lines[at + 1:]])
    elif kind == "swap_lines":
        other = payload % len(lines)
        lines[at], lines[other] = lines[other], lines[at]
        raw = b"".join(lines)
    elif kind == "retype":
        raw = _replace_value(raw, FIELD, pick, payload)
    elif kind == "swap_reference":
        raw = _replace_value(raw, REFERENCE, pick, payload)
    elif kind == "insert_bytes":
        offset = pick % (len(raw) + 1)
        raw = raw[:offset] + payload + raw[offset:]
    elif kind == "truncate":
        raw = raw[:pick % (len(raw) + 1)]
    elif kind == "duplicate_record":
        raw = _duplicate_record(raw, pick)
    elif kind == "delete_file":
        del files[name]
        return
    files[name] = raw


def _op(kind: str, payload: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[tuple]:
    return st.tuples(st.just(kind), st.sampled_from(FILES), st.integers(0, 10_000),
                     st.none() if payload is None else payload)


_text_value = st.text(max_size=12).map(lambda s: ('"' + s.replace("\\", "\\\\")
                                                  .replace('"', '\\"') + '"').encode())
MUTATION = st.one_of(
    _op("delete_line"), _op("duplicate_line"), _op("swap_lines", st.integers(0, 10_000)),
    _op("retype", st.sampled_from(VALUES) | _text_value | st.binary(max_size=6)),
    _op("swap_reference", st.sampled_from([i.encode() for i in IDS]
                                          + [b"NOPE", b"wp-10-0001", b"", b"[RH, RZ]"])),
    _op("insert_bytes", st.binary(min_size=1, max_size=8)),
    _op("truncate"), _op("duplicate_record"), _op("delete_file"),
)


def lines_of(raw: bytes) -> int:
    return len(LINE_BREAK.findall(raw.decode("utf-8", "replace"))) + 1


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{args[0]} raised {result.exception!r}"
    assert "Traceback" not in result.output, result.output
    return result


def located_errors(result: Any, root: Path, files: dict[str, bytes]) -> set[tuple]:
    """The errors a command listed, each checked to point into a file of the inventory."""
    found = set()
    prefix = f"{root}/"
    for match in filter(None, map(ERROR_LINE.match, result.output.splitlines())):
        path = match["path"]
        assert path.startswith(prefix), match.group(0)
        relative = path.removeprefix(prefix)
        assert relative in files, f"{match.group(0)}: no such file in the inventory"
        line, column = int(match["line"]), int(match["column"])
        assert 1 <= line <= lines_of(files[relative]), \
            f"{match.group(0)}: {relative} has {lines_of(files[relative])} lines"
        assert column >= 1, match.group(0)
        found.add((match["code"], relative, line, column))
    return found


@settings(derandomize=True, max_examples=150, deadline=timedelta(seconds=10),
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_broken_inventory_keeps_the_cli_contract(mutations: list[tuple]) -> None:
    files = dict(BASE)
    for mutation in mutations:
        mutate(files, mutation)
    with tempfile.TemporaryDirectory(prefix="itready-prop-") as tmp:
        root = write_inventory(Path(tmp) / "inv", files)
        checked = run("check", str(root), "--as-of", "2026-11-27", "-f", "text", "--all")
        validated = run("validate", str(root))
        assert checked.exit_code in (0, 1, 2)
        assert validated.exit_code in (0, 2)
        check_errors = located_errors(checked, root, files)
        validate_errors = located_errors(validated, root, files)
        assert (checked.exit_code == 2) == bool(check_errors), checked.output
        assert (validated.exit_code == 2) == bool(validate_errors), validated.output
        assert validate_errors == check_errors, checked.output  # one verdict on the input
        event(f"check exits {checked.exit_code}")
        for code in sorted({error[0] for error in check_errors}):
            event(f"error {code}")


def test_the_unbroken_inventory_is_valid() -> None:
    """The mutations start from a valid inventory with findings (exit 1 at --fail-on high)."""
    with tempfile.TemporaryDirectory(prefix="itready-prop-") as tmp:
        root = write_inventory(Path(tmp) / "inv", dict(BASE))
        assert run("validate", str(root)).exit_code == 0
        assert run("check", str(root), "--as-of", "2026-11-27").exit_code == 1
    assert len(IDS) >= 10


def test_mutations_do_what_they_say() -> None:
    files = {"a.yaml": b"sites:\n  - id: A\n    name: x\n  - id: B\n    site: A\n"}
    mutate(files, ("duplicate_record", "a.yaml", 0, None))
    assert files["a.yaml"].count(b"- id: A") == 2
    mutate(files, ("swap_reference", "a.yaml", 0, b"NOPE"))
    assert b"site: NOPE" in files["a.yaml"]
    mutate(files, ("retype", "a.yaml", 0, b"[1]"))
    assert files["a.yaml"].startswith(b"sites: [1]\n")
    mutate(files, ("truncate", "a.yaml", 5, None))
    assert files["a.yaml"] == b"sites"
    mutate(files, ("delete_file", "a.yaml", 0, None))
    assert files == {}
