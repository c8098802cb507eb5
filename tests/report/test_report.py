"""`itready report`: one self-contained, accessible HTML page whose figures are those of `check`,
`procure` and `history` on the same inventory (the browser tests are in tests/e2e)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_inventory
from pagereader import Page, read

from itready.cli import main
from itready.i18n.formatting import day, money, share

EXAMPLE = ROOT / "inventories" / "musterstadt"
AS_OF = "2026-11-27"
NBSP = "\u00a0"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def write_report(inventory: Path, out: Path, *args: str) -> str:
    done = run("report", str(inventory), "--as-of", AS_OF, "-o", str(out), *args)
    assert done.exit_code == 0, done.output
    return out.read_text("utf-8")


def as_json(*args: str) -> Any:
    done = run(*args)
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration repository of scripts/demo_history.py: a year of monthly commits."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    target = tmp_path_factory.mktemp("demo") / "repo"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_history.py"), str(target)],
                   check=True, capture_output=True)
    return target


@pytest.fixture(scope="module")
def page(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Page]:
    out = tmp_path_factory.mktemp("report") / "bericht.html"
    done = CliRunner().invoke(main, ["report", str(demo), "--as-of", AS_OF, "-o", str(out),
                                     "--no-cache"])
    assert done.exit_code == 0, done.output
    html = out.read_text("utf-8")
    return html, read(html)


def cells(value: str) -> str:
    return value.replace(NBSP, " ")


# --- the page ------------------------------------------------------------------------------


def test_one_self_contained_page(page: tuple[str, Page]) -> None:
    html, _found = page
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "<img" not in html.lower() and "@import" not in html
    assert {ref[0] for ref in re.findall(r"url\(([^)]*)\)", html)} == {"#"}  # patterns in SVG
    external = set(re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html))
    assert external == set(), external
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}
    assert '<meta charset="utf-8">' in html and "@page { size: A4" in html


def test_language_title_and_headings_in_order(page: tuple[str, Page]) -> None:
    _html, found = page
    assert found.lang == "en"
    assert found.title == f"IT readiness of Stadtverwaltung Musterstadt – {AS_OF}"
    levels = [level for level, _ in found.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert [text for level, text in found.headings if level == 2] == [
        "At a glance", "Readiness", "What blocks readiness most",
        "What it costs: the purchase list", "How readiness developed",
        "Licences expiring or over-assigned", "Operating systems leaving support",
        "Waivers ending within 90 days", "Space: shared desks and their docks"]


def test_the_german_report_speaks_german_items_included(demo: Path, tmp_path: Path) -> None:
    """Texts, dates and the purchase lines' devices by their German words ("Desktop-PC", not
    the inventory's token ``desktop``)."""
    found = read(write_report(demo, tmp_path / "bericht.html", "--lang", "de"))
    assert found.lang == "de"
    assert found.title == "IT-Einsatzbereitschaft: Stadtverwaltung Musterstadt – 27.11.2026"
    assert [text for level, text in found.headings if level == 2][:3] == [
        "Auf einen Blick", "Einsatzbereitschaft",
        "Was die Einsatzbereitschaft am meisten verhindert"]
    items = {row[1] for row in found.tables["t-purchase-lines"].body}
    assert {"Desktop-PC", "Laptop", "Dockingstation", "Monitor"} <= items
    assert not items & {"desktop", "laptop", "dock", "monitor"}


def test_every_table_has_a_caption_and_scoped_headers(page: tuple[str, Page]) -> None:
    _html, found = page
    assert found.tables_without_id == 0
    for name, table in found.tables.items():
        assert table.caption, name
        assert table.head and table.body, name
        assert all(scope in ("col", "row") for _tag, scope in table.header_cells), name


def test_every_chart_is_an_image_with_a_name_and_its_numbers_in_a_table(
        page: tuple[str, Page]) -> None:
    html, found = page
    charts = [attrs for tag, attrs in found.tags if tag == "svg"]
    assert len(charts) == 7  # departments, sites, blockers, purchases, three of the history
    for attrs in charts:
        assert attrs["role"] == "img"
        title, desc = (attrs["aria-labelledby"] or "").split()
        assert {title, desc} <= found.ids
    for uid, table in (("c-departments", "t-departments"), ("c-sites", "t-sites"),
                       ("c-blockers", "t-blockers"), ("c-purchases", "t-purchases-departments"),
                       ("c-history", "t-history")):
        assert html.index(f'id="{uid}"') < html.index(f'id="{table}"')
        section = html[html.rfind("<section", 0, html.index(f'id="{uid}"')):]
        assert section.index(f'id="{table}"') < section.index("</section>"), uid


def test_colours_meet_contrast() -> None:
    from itready.report import charts

    def luminance(colour: str) -> float:
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(colour: str) -> float:
        return 1.05 / (luminance(colour) + 0.05)

    for colour in (charts.BAR, charts.GRID, *charts.SEVERITY_COLOURS.values()):
        assert contrast(colour) >= 3.0, colour  # WCAG 1.4.11, graphics
    for colour in (charts.INK, charts.MUTED):
        assert contrast(colour) >= 4.5, colour  # WCAG 1.4.3, text


def test_the_same_inventory_and_date_give_the_same_bytes(demo: Path, tmp_path: Path) -> None:
    first = write_report(demo, tmp_path / "a.html")
    assert write_report(demo, tmp_path / "b.html") == first


# --- the figures are those of check, procure and history -----------------------------------


def test_readiness_and_findings_equal_check(page: tuple[str, Page], demo: Path) -> None:
    _html, found = page
    check = as_json("check", str(demo), "--as-of", AS_OF, "-f", "json", "--fail-on", "never")
    readiness = check["readiness"]
    for key, groups, name in (("t-departments", readiness["departments"], "name"),
                              ("t-sites", readiness["sites"], "id")):
        rows = found.tables[key].body
        assert [(r[1], r[2], cells(r[3])) for r in rows] == [
            (str(g["ready"]), str(g["counted"]), share(g["share"])) for g in groups]
        assert [r[0].split()[0] if key == "t-sites" else r[0] for r in rows] == [
            g[name] for g in groups]
        overall = readiness["overall"]
        assert found.tables[key].foot[0][1:] == [str(overall["ready"]), str(overall["counted"]),
                                                 cells(share(overall["share"])).replace(
                                                     NBSP, " ")]
    counts = check["summary"]["by_severity"]
    assert found.tables["t-severity"].body[0] == [
        *(str(counts[s]) for s in ("critical", "high", "medium", "low", "info")),
        str(sum(counts.values()))]


def test_purchase_totals_equal_procure(page: tuple[str, Page], demo: Path) -> None:
    _html, found = page
    for key, group_by in (("t-purchases-departments", "department"),
                          ("t-purchases-cost-centres", "cost_centre")):
        procure = as_json("procure", str(demo), "--as-of", AS_OF, "-f", "json", "--group-by",
                          group_by)
        totals: dict[str, float] = {}
        for line in procure["lines"]:
            totals[line["group"]] = totals.get(line["group"], 0) + (line["total"] or 0)
        table = found.tables[key]
        assert [cells(r[2]) for r in table.body] == [money(t) for t in totals.values()]
        assert cells(table.foot[0][2]) == money(procure["total"])
    lines = as_json("procure", str(demo), "--as-of", AS_OF, "-f", "json")["lines"]
    body = found.tables["t-purchase-lines"].body
    assert [(r[2], cells(r[4])) for r in body] == [
        (str(line["quantity"]), money(line["total"])) for line in lines]


def test_history_equals_history_json(page: tuple[str, Page], demo: Path) -> None:
    _html, found = page
    points = as_json("history", str(demo), "--as-of", AS_OF, "-f", "json")["points"]
    assert len(points) == 13
    rows = found.tables["t-history"].body
    assert [r[0] for r in rows] == [day(__import__("datetime").date.fromisoformat(p["date"]))
                                    for p in points]
    for row, point in zip(rows, points, strict=True):
        overall = point["readiness"]["overall"]
        assert row[1] == point["revision"]
        assert row[2] == f"{overall['ready']}/{overall['counted']}"
        assert cells(row[3]) == share(overall["share"])
        assert row[4:9] == [str(point["findings"][s])
                            for s in ("critical", "high", "medium", "low", "info")]
        assert cells(row[9]) == money(point["purchase_total"])


def test_a_department_report_equals_check_of_the_department(demo: Path, tmp_path: Path) -> None:
    department = "20 Kämmerei"
    found = read(write_report(demo, tmp_path / "d.html", "--department", department))
    check = as_json("check", str(demo), "--as-of", AS_OF, "-f", "json", "--fail-on", "never",
                    "--department", department)
    assert [r[0] for r in found.tables["t-departments"].body] == [department]
    assert [(r[1], r[2]) for r in found.tables["t-sites"].body] == [
        (str(s["ready"]), str(s["counted"])) for s in check["readiness"]["sites"]]
    counts = check["summary"]["by_severity"]
    assert found.tables["t-severity"].body[0][:5] == [
        str(counts[s]) for s in ("critical", "high", "medium", "low", "info")]
    procure = as_json("procure", str(demo), "--as-of", AS_OF, "-f", "json")
    total = sum(line["total"] or 0 for line in procure["lines"] if line["group"] == department)
    assert total > 0
    assert cells(found.tables["t-purchases-departments"].foot[0][2]) == money(total)
    assert {r[0] for r in found.tables["t-purchase-lines"].body} == {department}
    history = as_json("history", str(demo), "--as-of", AS_OF, "-f", "json", "--department",
                      department)["points"]
    assert [r[2] for r in found.tables["t-history"].body] == [
        f"{p['readiness']['overall']['ready']}/{p['readiness']['overall']['counted']}"
        for p in history]
    assert found.headings[0] == (1, f"IT readiness of {department}, Stadtverwaltung "
                                    "Musterstadt")


# --- bad input -----------------------------------------------------------------------------


def test_outside_git_the_report_says_so_and_shows_no_history(tmp_path: Path) -> None:
    inventory = tmp_path / "inv"
    shutil.copytree(EXAMPLE, inventory)
    html = write_report(inventory, tmp_path / "r.html")
    found = read(html)
    assert "t-history" not in found.tables and 'id="c-history"' not in html
    assert re.search(r"No history: \S+ is not in a git repository", html)


@needs_git
def test_a_shallow_clone_shows_what_it_has_and_how_to_deepen(demo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "3", demo.as_uri(), str(clone)],
                   check=True, capture_output=True)
    html = write_report(clone, tmp_path / "r.html")
    assert "shallow clone" in html and "git fetch --unshallow" in html
    assert len(read(html).tables["t-history"].body) == 3  # Sep, Oct, the check date


def test_history_none_leaves_the_history_out(demo: Path, tmp_path: Path) -> None:
    found = read(write_report(demo, tmp_path / "r.html", "--history", "none"))
    assert "t-history" not in found.tables


def test_bad_history_span_and_unknown_department_are_usage_errors(demo: Path) -> None:
    done = run("report", str(demo), "-o", "-", "--history", "12x")
    assert done.exit_code == 2 and "12m" in done.output
    done = run("report", str(demo), "-o", "-", "--department", "Nirgendamt")
    assert done.exit_code == 2 and "50 Sozialamt" in done.output  # the candidates listed


def test_the_report_never_overwrites_the_inventory(demo: Path) -> None:
    settings = (demo / "itready.yaml").read_bytes()
    done = run("report", str(demo), "--history", "none", "-o", str(demo / "itready.yaml"))
    assert done.exit_code == 2 and (demo / "itready.yaml").read_bytes() == settings


def test_o_dash_writes_the_page_to_a_terminal_too(demo: Path) -> None:
    """-o - asks for standard output, also on a terminal (only a missing -o is refused)."""
    import os
    import pty
    import threading

    leader, follower = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # the terminal's reader: a full pty would stop the writer
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        for args, code in ((["-o", "-"], 0), ([], 2)):
            done = subprocess.run([sys.executable, "-m", "itready", "report", str(demo),
                                   "--history", "none", "--as-of", AS_OF, *args],
                                  stdout=follower, stderr=subprocess.PIPE, check=False,
                                  timeout=120)
            assert done.returncode == code, done.stderr
    finally:
        os.close(follower)
        reader.join(timeout=5)
        os.close(leader)
    assert b"<!DOCTYPE html>" in bytes(shown)


def test_an_invalid_inventory_is_listed_not_reported(tmp_path: Path) -> None:
    inventory = write_inventory(tmp_path / "inv", {"devices.yaml": "devices:\n  - id: [x\n"})
    done = run("report", str(inventory), "-o", str(tmp_path / "r.html"))
    assert done.exit_code == 2 and "E001" in done.output
    assert not (tmp_path / "r.html").exists()


def test_inventory_strings_are_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>\u202eevil'
    inventory = write_inventory(tmp_path / "inv", {
        "itready.yaml": 'organisation: "Stadt <b>X</b>"\n',
        "sites.yaml": "sites:\n  - id: S1\n    name: Rathaus\n",
        "workplaces.yaml": ("workplaces:\n  - id: W1\n"
                            f'    department: "{hostile}"\n'
                            "    site: S1\n    work_model: hybrid\n    mobile_days: 2\n"
                            "    desk: assigned\n"),
    })
    html = write_report(inventory, tmp_path / "r.html", "--history", "none")
    assert "<script>" not in html and "<b>X</b>" not in html and "\u202e" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\u202eevil" in html
    assert "Stadt &lt;b&gt;X&lt;/b&gt;" in html


def test_help_does_not_import_jinja() -> None:
    code = ("import sys\nfrom itready.cli import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\nprint('jinja2' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().endswith("False")


@needs_git
def test_a_repository_without_commits_has_no_history(tmp_path: Path) -> None:
    inventory = tmp_path / "repo"
    shutil.copytree(EXAMPLE, inventory)
    subprocess.run(["git", "init", "-q"], cwd=inventory, check=True)
    html = write_report(inventory, tmp_path / "r.html")
    assert "No history: the repository has no commits yet." in html
    done = run("history", str(inventory))
    assert done.exit_code == 2 and "no commits yet" in done.output


def test_dash_writes_the_page_to_standard_output() -> None:
    done = run("report", str(EXAMPLE), "--as-of", AS_OF, "--history", "none", "-o", "-")
    assert done.exit_code == 0 and done.stdout.startswith("<!DOCTYPE html>")
    assert not Path("-").exists()
