"""Nothing from an inventory reaches a person's screen raw (issue 11, item 3).

An inventory whose every free-text field (names, departments, cost centres, models, waiver
reasons, the organisation, a file name, a custom rule's texts) carries terminal sequences, line
breaks, a forged workflow command, bidi overrides and zero-width characters is run through every
format that people read; none of those characters may come out as they are. Machine formats keep
the exact values. IDs with such characters are input errors; IDs that only look alike collide.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import workbooks
from click.testing import CliRunner
from conftest import DATA, assert_error, write_inventory

from itready import load
from itready.cli import main
from itready.formats import FORMATS
from itready.formats.check.markdown import cell
from itready.formats.spreadsheet import csv_text, neutralise
from itready.text import hidden, shown, skeleton

AS_OF = ["--as-of", "2026-11-27"]
#: Everything that must not reach a terminal or a log as it is, in YAML double-quoted escapes.
HOSTILE = ("\\e[8mhidden\\e[0m \\e]8;;http://evil.example/\\alink\\e]8;;\\a \\u202eevil\\u202c "
           "\\u2066iso\\u2069 \\u200b\\u200c\\u200d\\u2060\\ufeff\\u200e\\u200f\\u061c "
           "\\x9b31m \\u2028\\u2029\\x85 \\n::error file=README.md,line=1::forged\\r\\n"
           "0 findings, ready 1/1; as of 2026-11-27")
RAW = json.loads('"' + HOSTILE.replace("\\e", "\\u001b").replace("\\a", "\\u0007")
                 .replace("\\x9b", "\\u009b").replace("\\x85", "\\u0085") + '"')
EVIL_FILE = "evil\x1b[31m\u202e.yaml"

RULES = f"""\
- id: X001
  title: "Laptops {HOSTILE}"
  severity: high
  target: device
  condition: {{fact: ram_gb, lt: 16}}
  message: "{{id}} {HOSTILE} {{model}}"
  rationale: "why {HOSTILE}"
  remediation: "fix {HOSTILE}"
  example: "x: {HOSTILE}"
  examples: {{pass: "a: {HOSTILE}", fail: "b: {HOSTILE}", settings: "c: {HOSTILE}"}}
"""


def hostile_inventory(root: Path) -> Path:
    h = f'"{HOSTILE}"'
    return write_inventory(root, {
        "itready.yaml": f"organisation: {h}\nrules: {{paths: [.rules/x.yaml]}}\n"
                        f"prices: {{laptop: 900, headset: 80}}\n",
        ".rules/x.yaml": RULES,
        "sites.yaml": f"sites:\n  - id: RH\n    name: {h}\n    address: {h}\n"
                      f"    networks:\n      - {{cidr: 10.0.0.0/24, name: {h}}}\n",
        EVIL_FILE: f"""\
workplaces:
  - id: WP-1
    department: {h}
    cost_centre: {h}
    staff: {h}
    site: RH
    work_model: telework
    waivers:
      - {{rule: WP006, until: 2027-01-01, reason: {h}, approved_by: {h}}}
devices:
  - id: NB-1
    kind: laptop
    model: {h}
    serial: {h}
    assigned_to: WP-1
    ram_gb: 8
    os: {{name: windows, version: {h}, edition: enterprise}}
  - id: ST-1
    kind: laptop
    status: stock
    model: {h}
licences:
  - id: L-1
    product: {h}
    vendor: {h}
    provides: [vpn]
    model: per-user
    seats: 5
    cost_per_seat: 10
""",
    })


PEOPLE = [(subject, name) for subject, formats in FORMATS.items()
          for name, fmt in formats.items() if fmt.people and subject not in ("diff",)]


def test_every_people_format_is_covered() -> None:
    names = {f"{subject}:{name}" for subject, name in PEOPLE}
    assert {"check:text", "check:rich", "check:table", "check:markdown", "check:github",
            "check:csv", "gaps:text", "gaps:rich", "gaps:table", "gaps:csv", "procure:table",
            "procure:rich", "procure:csv", "rules:text", "lifecycle:text"} <= names
    for subject in FORMATS:  # and the machine formats are not escaped
        for name in ("json", "sarif", "gitlab", "junit"):
            if name in FORMATS[subject]:
                assert not FORMATS[subject][name].people


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    _visible(result.stderr)
    if "xlsx" in args:  # a workbook: the text of its cells
        return workbooks.text(result.stdout_bytes)
    return result.stdout


def _visible(output: str, allowed: str = "\n") -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in output if hidden(c) and c not in allowed})
    assert not bad, f"raw {bad} in:\n{output[:3000]}"
    assert not any(line.startswith("::error file=README.md") for line in output.splitlines())
    assert "0 findings, ready 1/1; as of" not in output.splitlines()


@pytest.mark.parametrize(("subject", "name"), PEOPLE, ids=[f"{s}-{n}" for s, n in PEOPLE])
def test_people_formats_show_inventory_text_escaped(tmp_path: Path, subject: str,
                                                    name: str) -> None:
    root = hostile_inventory(tmp_path / "inv")
    assert load(root).errors == []
    if subject == "rules":
        args = ["rules", "X001", str(root), "-f", name]
    elif subject == "lifecycle":
        args = ["lifecycle", "-f", name]
    elif subject == "history":
        _commit(root)
        args = ["history", str(root), *AS_OF, "-f", name]
    elif subject == "report":
        args = ["report", str(root), *AS_OF, "--history", "none", "-o", "-"]
    elif subject == "import":
        args = ["import", "--from", "intune", "--into", str(root), "-f", name,
                str(_hostile_export(tmp_path))]
    else:
        args = [subject, str(root), *AS_OF, "-f", name, "--all"] if subject == "check" else \
            [subject, str(root), *AS_OF, "-f", name]
    dialects = ["rfc4180", "excel-de"] if name == "csv" and subject != "check" else [None]
    for dialect in dialects:
        output = _run(args + (["--dialect", dialect] if dialect else []))
        _visible(output.removeprefix("\ufeff"), "\n\r" if name == "csv" else "\n")
        if subject in ("check", "gaps", "procure") and name != "github":
            assert "\\x1b[8mhidden" in output or "\\\\x1b\\[8mhidden" in output \
                or "\\\\x1b" in output, output[:2000]


def _hostile_export(folder: Path) -> Path:
    """An Intune export whose device names and models hold terminal escapes and bidi marks."""
    source = next((DATA / "import" / "intune").glob("DevicesWithInventory_*.csv"))
    lines = source.read_text("utf-8-sig").splitlines()
    header = lines[0].split(",")
    name, model = header.index("Device name"), header.index("Model")
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        cells[name] += "\x1b[8mhidden"
        cells[model] += "\u202eevil"
        rows.append(",".join(cells))
    export = folder / "hostile-export.csv"
    export.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return export


def _commit(root: Path) -> None:
    """The inventory as the one commit of a repository of its own (for the history)."""
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-01T12:00:00", "GIT_COMMITTER_DATE":
           "2026-11-01T12:00:00", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "inventory"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def test_rules_listing_and_stderr_are_escaped(tmp_path: Path) -> None:
    root = hostile_inventory(tmp_path / "inv")
    _visible(_run(["rules", str(root)]))
    (root / "devices.yaml").write_text(f'devices:\n  - id: "D\\e[2J"\n    model: "{HOSTILE}"\n')
    result = CliRunner().invoke(main, ["check", str(root), *AS_OF, "-f", "text"])
    assert result.exit_code == 2
    _visible(result.output)
    result = CliRunner().invoke(main, ["gaps", str(root), *AS_OF])
    assert result.exit_code == 2
    _visible(result.output)


def test_machine_formats_keep_exact_values(tmp_path: Path) -> None:
    root = hostile_inventory(tmp_path / "inv")
    report = json.loads(_run(["check", str(root), *AS_OF, "-f", "json"]))
    assert report["organisation"] == RAW
    assert any(RAW in f["message"] for f in report["findings"])
    assert any(f["location"]["path"] == EVIL_FILE for f in report["findings"])
    departments = [d["name"] for d in report["readiness"]["departments"]]
    assert departments == [RAW]
    sarif = json.loads(_run(["check", str(root), *AS_OF, "-f", "sarif"]))
    run = sarif["runs"][0]
    assert any(RAW in r["message"]["text"] for r in run["results"])
    gitlab = json.loads(_run(["check", str(root), *AS_OF, "-f", "gitlab"]))
    assert any(RAW in e["description"] for e in gitlab)
    gaps = json.loads(_run(["gaps", str(root), *AS_OF, "-f", "json"]))
    assert {g["department"] for g in gaps["gaps"]} == {RAW}
    # JUnit: exact, less what XML 1.0 forbids (ESC, BEL, the C1 CSI stays: XML allows it)
    junit = ET.fromstring(_run(["check", str(root), *AS_OF, "-f", "junit"]).encode())
    messages = [f.get("message") or "" for f in junit.iter("failure")]
    expected = RAW.replace("\x1b", "").replace("\x07", "")
    assert any(expected in m for m in messages)


def test_custom_rules_help_in_sarif_is_escaped_and_has_no_dead_link(tmp_path: Path) -> None:
    root = hostile_inventory(tmp_path / "inv")
    text = RULES.replace("why ", "why #12 !3 @someone $x$ http://evil.example ")
    (root / ".rules" / "x.yaml").write_text(text)
    sarif = json.loads(_run(["check", str(root), *AS_OF, "-f", "sarif"]))
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    custom = rules["X001"]
    assert "helpUri" not in custom
    markdown = custom["help"]["markdown"]
    for raw in ("#12", "!3", "@someone", "$x$", "http://"):
        assert raw not in markdown
    assert not any(hidden(c) for c in markdown.replace("\n", ""))
    assert rules["DEV003"]["helpUri"].endswith("docs/rules.md#dev003")


# --- markdown ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["see #12", "!123 merged", "ping @bob", "pay $5 or $6",
                                  "math $x^2$", "$$x$$", "http://evil.example/a",
                                  "https://evil.example", "www.evil.example", "~label",
                                  "%milestone", "&epic", "GH-12", "mail a@b.de",
                                  "group/project#12", "<b>bold</b>", "[x](http://y)",
                                  "![img](http://y)", "**strong**", "a|b", "`code`"])
def test_markdown_cells_render_no_reference_mention_math_or_link(text: str) -> None:
    value = cell(text)
    import re

    # what GitHub and GitLab would read once markdown escapes are gone: tags split the text
    rendered = re.sub(r"\\(.)", r"\1", value)
    for pattern in (r"(?<![\w<])#\d", r"!\d", r"@\w", r"\$.", r".\$", r"://", r"www\.",
                    r"~\w", r"%\w", r"&(?!(?:amp|lt|gt);)\w", r"GH-\d", r"<(?!/?span>)"):
        for part in re.split(r"</?span>", rendered):
            assert not re.search(pattern, part), (text, value, pattern)
    # and markdown itself: no bracket, emphasis, code or pipe that is not escaped
    assert not re.search(r"(?<!\\)[\[\]*_`|]", value), value


def test_markdown_report_escapes_references(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {
        "itready.yaml": "organisation: 'Stadt @all #1'\n",
        "sites.yaml": "sites:\n  - id: RH\n",
        "w.yaml": "workplaces:\n  - {id: WP-1, department: 'Amt !12 $x$ www.x.de', site: RH,"
                  " work_model: telework}\n"})
    output = _run(["check", str(root), *AS_OF, "-f", "markdown"])
    for raw in ("@all", "#1", "!12", "$x$", "www.x"):
        assert raw not in output


# --- CSV ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (" ;=HYPERLINK(\"http://x\")", " ;'=HYPERLINK(\"http://x\")"),
    ("x,=1+1", "x,'=1+1"),
    ("  =1", "  '=1"),
    ("a; +1", "a; '+1"),
    (",@SUM(A1)", ",'@SUM(A1)"),
    ("=1", "'=1"),
    ("-1", "'-1"),
    ("\t=1", "'\t=1"),
    ("a - b", "a - b"),
    ("10 Hauptamt", "10 Hauptamt"),
])
def test_formula_characters_are_neutralised_after_spaces_and_separators(value: str,
                                                                         expected: str) -> None:
    assert neutralise(value) == expected


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_text_cells_with_either_separator_are_quoted(delimiter: str) -> None:
    line = csv_text([["a,b", "c;d", "plain", "12,50", 3]], delimiter=delimiter)
    cells = {",": '"a,b","c;d",plain,"12,50",3\r\n', ";": '"a,b";"c;d";plain;12,50;3\r\n'}
    assert line == cells[delimiter]


@pytest.mark.parametrize("command", [["check", "-f", "csv"], ["gaps", "-f", "csv"],
                                     ["gaps", "-f", "csv", "--dialect", "excel-de"],
                                     ["procure", "-f", "csv", "--group-by", "cost_centre"],
                                     ["procure", "-f", "csv", "--group-by", "department",
                                      "--dialect", "excel-de"]])
def test_every_csv_writer_neutralises_formulas_behind_separators(tmp_path: Path,
                                                                 command: list[str]) -> None:
    import csv
    import io

    root = write_inventory(tmp_path / "inv", {
        "sites.yaml": "sites:\n  - id: RH\n",
        "w.yaml": "workplaces:\n  - {id: WP-1, department: ' ;=HYPERLINK(\"http://x\")', "
                  "cost_centre: 'x,=1+1', site: RH, work_model: telework}\n"})
    output = _run([command[0], str(root), *AS_OF, *command[1:]]).removeprefix("\ufeff")
    for separator in (",", ";"):  # read as either dialect: no cell starts a formula
        for row in csv.reader(io.StringIO(output), delimiter=separator):
            for value in row:
                assert not value.lstrip(" ,;").startswith(("=", "+", "@")), (separator, row)


# --- IDs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("escape", ["\\n", "\\r", "\\e[31m", "\\u202e", "\\u2066", "\\u200b",
                                    "\\ufeff", "\\u200e", "\\u061c", "\\u2060", "\\x85",
                                    "\\u2028", "\\u00ad", "\\u3164"])
def test_ids_with_hidden_characters_are_input_errors(make_inventory, escape: str) -> None:
    root = make_inventory({"sites.yaml": f'sites:\n  - id: "R{escape}H"\n'})
    error = assert_error(load(root).errors, "E006", "sites.yaml", 2, 5, "does not show as itself")
    assert all(not hidden(c) for c in error.message)


@pytest.mark.parametrize(("first", "second"), [
    ("Sa", "S\\u0430"),  # Cyrillic a
    ("PC-1", "\\u0420\\u0421-1"),  # Cyrillic ER and ES
    ("K\\u00e4mmerei", "Ka\\u0308mmerei"),  # NFC and NFD
    ("S1", "S1 "),
    ("S1", " S1"),
    ("S1", "S1\\u00a0"),
    ("S1", "\\uff33\\uff11"),  # fullwidth
    ("AO-1", "\\u0391\\u039f-1"),  # Greek Alpha, Omicron
])
def test_ids_that_only_look_alike_collide(make_inventory, first: str, second: str) -> None:
    root = make_inventory({"a.yaml": f'sites:\n  - id: "{first}"\n',
                           "b.yaml": f'sites:\n  - id: "{second}"\n'})
    error = assert_error(load(root).errors, "E008", "b.yaml", 2, 5, "looks like")
    assert "a.yaml:2:5" in error.message


@pytest.mark.parametrize(("first", "second"), [
    ("NB-0010", "NB-OO1O"),  # digits are never letters
    ("nb-1", "NB-1"),  # no case folding
    ("S1", "Sl"),
    ("WP-1", "WP-l"),
])
def test_ids_that_differ_visibly_do_not_collide(make_inventory, first: str, second: str
                                                ) -> None:
    root = make_inventory({"a.yaml": f'sites:\n  - id: "{first}"\n',
                           "b.yaml": f'sites:\n  - id: "{second}"\n'})
    assert load(root).errors == []


def test_names_are_compared_in_nfc(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {
        "sites.yaml": "sites:\n  - id: RH\n",
        "w.yaml": "workplaces:\n"
                  "  - {id: WP-1, department: \"K\\u00e4mmerei\", cost_centre: \"K\\u00e4\","
                  " site: RH, work_model: telework}\n"
                  "  - {id: WP-2, department: \"Ka\\u0308mmerei\", cost_centre: \"Ka\\u0308\","
                  " site: RH, work_model: telework}\n"})
    report = json.loads(_run(["check", str(root), *AS_OF, "-f", "json"]))
    assert [d["name"] for d in report["readiness"]["departments"]] == ["K\u00e4mmerei"]
    assert [d["counted"] for d in report["readiness"]["departments"]] == [2]
    scoped = json.loads(_run(["check", str(root), *AS_OF, "-f", "json",
                              "--department", "Ka\u0308mmerei"]))
    assert scoped["readiness"]["overall"]["counted"] == 2
    procure = json.loads(_run(["procure", str(root), *AS_OF, "-f", "json",
                               "--group-by", "cost_centre"]))
    assert {line["group"] for line in procure["lines"]} == {"K\u00e4"}


def test_shown_and_skeleton_basics() -> None:
    assert shown("plain text, Straße ä ß") == "plain text, Straße ä ß"
    assert shown("a\u00a0b\u2009c") == "a\u00a0b\u2009c"  # spaces stay spaces
    assert shown("a\nb\x1b[0m\u202e\u200b") == "a\\nb\\x1b[0m\\u202e\\u200b"
    assert shown("p1\n\np2\r", newlines=True) == "p1\n\np2\\r"
    assert skeleton("NB-0010") != skeleton("NB-OO1O")
    assert skeleton("nb") != skeleton("NB")
