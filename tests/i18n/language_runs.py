"""Every command a person runs, and a detector of English sentences in what they print.

Shared by the pseudo-localised run (``test_pseudo.py``) and the German run
(``test_german_run.py``) of every command on the example inventory. The detector looks for English
function words and the words itready's messages are made of, after taking out what is data or
syntax in every language: paths, IDs, rule IDs and error codes, option names, metavars, YAML that
users type, quoted values, the tokens that problem matchers parse (``path:line:col: high
DEV003``) and the inventory's own texts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT

MUSTERSTADT = ROOT / "inventories" / "musterstadt"
AS_OF = ["--as-of", "2026-11-27"]
COMMAND_NAMES = ("check", "validate", "gaps", "procure", "diff", "rules", "lifecycle", "init",
                 "schema", "history", "report", "import")
IMPORTS = DATA / "import"

#: An inventory with input errors of many kinds, so that their messages are run too.
BROKEN = {
    "itready.yaml": "organisation: Stadt Fehlerhausen\npolicy:\n  min_ram_gb: viele\n"
                    "rules:\n  disable: [DEV099]\nlanguage: de\nunknown_setting: 1\n",
    "sites.yaml": "sites:\n  - {id: RH, name: Rathaus, shared_desks: -1}\n  - {id: RH}\n",
    "workplaces.yaml": "workplaces:\n"
                       "  - {id: W1, department: A, site: XX, work_model: homeoffice}\n"
                       "  - {id: W2, department: A, site: RH, work_model: hybrid, colour: red}\n",
    "devices.yaml": "devices:\n  - {id: NB-1, kind: notebook, assigned_to: W1}\n"
                    "  - {id: NB-2, kind: laptop, purchased: 2026-02-30, encrypted: yes}\n"
                    "  - {id: NB-3, kind: laptop, os: {name: windows, version: '11 23H2'}}\n"
                    "  - {id: NB-4, kind: headset, os: {name: ubuntu, version: '24.04'}}\n",
    "licences.yaml": "licences:\n  - {id: L1, provides: [vpn], model: per-user, "
                     "assigned_to: [W1, W1]}\n",
    "broken.yaml": "devices:\n  - id: X\n    kind: [laptop\n",
    "tabs.yaml": "sites:\n\t- id: T\n",
}


def commands(tmp: Path) -> list[list[str]]:
    """Every command with its formats and the usual mistakes, as a user runs them."""
    m, a = str(MUSTERSTADT), AS_OF
    runs = [["check", m, *a, "-f", name] for name in
            ("text", "rich", "table", "markdown", "github")]
    runs += [["check", m, *a, "-f", "rich", "--all"], ["validate", m]]
    runs += [["gaps", m, *a, "-f", name] for name in ("text", "rich", "table")]
    runs += [["gaps", m, *a, "-f", "table", "--department", "Sozialamt"]]
    runs += [["procure", m, *a, "-f", name] for name in ("table", "rich")]
    runs += [["procure", m, *a, "-f", "table", "--group-by", "cost_centre", "--site", "RH"]]
    runs += [["rules"], ["rules", m], ["rules", "NET"], ["rules", "DEV006"],
             ["rules", "WP001"], ["rules", "LIC004", m]]
    runs += [["lifecycle", *a], ["lifecycle", m, *a], ["lifecycle", "--within", "400", *a]]
    runs += [["diff", m, "--base", "HEAD", *a, "-f", name] for name in ("text", "markdown")]
    runs += [["init", str(tmp / "new")], ["--help"], ["--version"]]
    runs += [[name, "--help"] for name in COMMAND_NAMES]
    broken = str(tmp / "broken")
    runs += [["validate", broken], ["check", broken, "-f", "rich"], ["gaps", broken]]
    runs += [["check", m, "--fail-on", "sometimes"], ["chek"], ["check", "--nope"],
             ["check", m, *a, "--select", "net"], ["check", m, *a, "--department", "Nirgendamt"],
             ["check", m, *a, "--site", "a"], ["rules", "XYZ999"],
             ["lifecycle", "--os", "windoze"], ["check", m, "--as-of", "morgen"],
             ["check", m, *a, "--baseline", str(tmp / "missing.baseline")],
             ["check", m, *a, "--write-baseline", str(tmp / "b.baseline")],
             ["check", m, *a, "-f", "text", "--baseline", str(tmp / "b.baseline")],
             ["check", m, *a, "--report", "sarif"], ["check", str(tmp)]]
    return runs + _history_and_report(tmp) + _imports(tmp)


def _history_and_report(tmp: Path) -> list[list[str]]:
    """The history and the management report of the demonstration repository (a year of
    monthly commits of the example), and their usual mistakes."""
    demo, a = str(tmp / "demo"), AS_OF
    runs = [["history", demo, *a, "-f", name] for name in ("text", "rich")]
    runs += [["history", demo, *a, "-f", "rich", "--department", "50 Sozialamt", "--every", "week",
              "--since", "2026-10-01"],
             ["history", demo, *a, "--since", "2027-01-01"],
             ["history", demo, *a, "--department", "Nirgendamt"],
             ["history", demo, "--since", "morgen"], ["history", str(tmp / "broken")]]
    runs += [["report", demo, *a, "-o", "-"],
             ["report", demo, *a, "-o", "-", "--department", "Kämmerei", "--history", "8w"],
             ["report", str(MUSTERSTADT), *a, "-o", "-", "--history", "none"],
             ["report", demo, *a, "--history", "ewig"], ["report", str(tmp / "broken"), "-o", "-"]]
    return runs


def _imports(tmp: Path) -> list[list[str]]:
    """Imports into a copy of the import tests' inventory: a dry run with its trouble, and the
    usual mistakes."""
    into, people = ["--into", str(tmp / "import")], str(IMPORTS / "people.csv")
    intune = str(IMPORTS / "intune" / "DevicesWithInventory_2026-12-01.zip")
    return [["import", "--from", "intune", intune, *into, "--people", people, "--show-people"],
            ["import", "--from", "snipeit", str(IMPORTS / "snipeit" / "hardware.json"), *into,
             "--people", people],
            ["import", "--from", "netbox", str(IMPORTS / "netbox" / "netbox_prefixes.csv"),
             *into],
            ["import", "--from", "idoit", str(IMPORTS / "idoit" / "clients.csv"),
             str(IMPORTS / "idoit" / "arbeitsplaetze.csv"), *into],
            ["import", "--from", "intnue", intune, *into], ["import", intune, *into],
            ["import", "--from", "intune", *into],
            ["import", "--from", "csv", people, *into],
            ["import", "--from", "intune", people, *into],
            ["import", "--from", "intune", intune, "--into", str(tmp / "broken")]]


#: Data and syntax: taken out before looking for English (in this order: HTML markup, then the
#: YAML of a rule's examples, while lines are whole).
_DATA = [
    re.compile(r"<style>.*?</style>", re.S),  # the report's HTML: its styles and its markup
    re.compile(r"<[^<>]*>"),
    re.compile(r"^\s+(?:- )?(?:[a-z_][\w.-]*:(?: .*)?|\{.*\})$", re.M),  # a rule's examples
    re.compile(r"^(?:[-+]\s*(?:- )?[a-z_][\w.-]*:(?: .*)?|@@ [-+\d, ]+ @@|"
               r"(?:---|\+\+\+) [ab]/\S+)$", re.M),  # the YAML of an import's diff
    re.compile(r"https?://\S+"),
    re.compile(r"\[(?:default|Standard): [^\]\n]*\]"),  # an option's default: what users type
    re.compile(r"\(git: .*\)$", re.M),  # git's own words, quoted
    re.compile(r"`[^`]*`"),  # commands and YAML a user types (also wrapped over lines)
    re.compile(r"'[^'\n]*'|\"[^\"\n]*\""),  # quoted values
    re.compile(r"^\s*[-\w./]+:\d+:\d+: (?:error|critical|high|medium|low|info)\b", re.M),
    re.compile(r"^::(?:error|warning|notice)\b", re.M),  # GitHub workflow commands
    re.compile(r"[^\s:]*/[^\s:]*"),  # paths
    re.compile(r"\b[\w-]*\d[\w.-]*"),  # IDs, codes, numbers, versions
    re.compile(r"--?[a-z][\w-]*"),  # options
    re.compile(r"\b[A-Z][A-Z_]{2,}\b(?:\.\.\.)?"),  # metavars, constants: PATH, FILE, EUR
    re.compile(r"\[[a-z0-9|_.-]+\]"),  # choices: [auto|text|json]
    re.compile(r"\b[\w.-]+\.(?:yaml|yml|json|md|sarif|xml|baseline)\b"),
    re.compile(r"\b(?:itready|policy|rules|lifecycle|exclude|organisation|language|readiness|"
               r"prices|shared_desks|max_sessions|assigned_to|cost_per_seat|home_router_ranges|"
               r"training|until|mdm|encrypted|vpn_client|secure_boot|kind|status|id|site|"
               r"work_model|department|devices|workplaces|sites|licences|vpn|disable|severity|"
               r"target|message|condition|where|fact|title|options|paths)\b(?=[.:])"),
]
#: Words of the inventory and of the tokens users type, the same in every language.
_TOKENS = re.compile(
    r"\b(?:auto|text|json|rich|table|csv|sarif|junit|gitlab|github|markdown|rfc4180|"
    r"excel-de|none|office|hybrid|mobile|telework|laptop|desktop|tablet|smartphone|"
    r"monitor|dock|headset|webcam|mfa-token|desk-phone|in-use|stock|repair|retired|"
    r"per-user|per-device|concurrent|site|e-file|softphone|vpn|mfa|camera|training|"
    r"mobile-device|windows|ubuntu|macos|ios|ipados|android|debian|chromeos|enterprise|"
    r"education|pro|home|ltsc|critical|high|medium|low|info|never|true|false|yes|no|on|off|"
    r"null|today|endoflife\.date|inventory|settings|department|cost_centre|itready|"
    r"Remote Support|Secure Boot|Mobile Device Management|Desk-Sharing|Split-Tunneling|"
    r"Stadtverwaltung Musterstadt|Stadt Fehlerhausen|notebook|homeoffice|windoze|sometimes|"
    r"morgen|chek|nope|Nirgendamt|net|NET|sections?|not recorded|Parameter|Status)\b", re.I)
#: Names that are data in their place: the kinds of records (``sites, vpn, workplaces, …``),
#: command names in help and usage, a rule's parameter names in its table, the kind a message
#: names (``Datensatz der Art workplace``), a setting (``die Einstellung rules``), the columns an
#: import found in an export or missed there (``gefundene Spalten: person, workplace``).
_NAMES = [
    re.compile(r"sites, vpn, workplaces, devices, licences"),
    re.compile(r"^\s{2}(?:check|validate|gaps|procure|diff|rules|lifecycle|init|schema)\s",
               re.M),
    re.compile(r"(?:itready|main) (?:check|validate|gaps|procure|diff|rules|lifecycle|init|"
               r"schema)\b"),
    re.compile(r"^\s{2}[a-z_]+\s{2,}", re.M),  # the first column of a parameter table
    re.compile(r"(?:[Aa]rt|Geräteart|Einstellung|Abschnitt|Eintrag(?: in)?) [a-z_-]+"),
    re.compile(r"(?:Pflichtspalte(?: für \S+)? fehlt|gefundene Spalten): [^;\n]*"),
]

#: English words: function words and the words itready's messages are made of, in lower case
#: (German writes its nouns with a capital: "Support", "Desk-Sharing" are German too), and the
#: capitalised words that start English sentences and headings.
ENGLISH = re.compile(
    r"\b(?:the|of|and|or|is|are|has|have|not|with|for|this|that|to|by|from|which|will|"
    r"be|its|their|than|when|only|every|each|into|cannot|must|should|would|there|these|were|"
    r"usage|commands?|show|exit|found|findings?|errors?|warning|note|ready|workplaces?|"
    r"devices?|licences?|rules?|total|gaps?|seats?|nothing|unknown|missing|invalid|"
    r"expected|records?|waived|readiness|share|counted|supported|ended|buy|assign|renew|"
    r"replace|replacement|without|all|more|named|given|got|expects|check date|as of|support|"
    r"network|address|days?|months?|years?|The|Usage|Options|Commands|Show|Error|Warning|"
    r"Note|Findings?|Readiness|Total|Nothing|Every|No|Input|Rule|Severity|Site|Department|"
    r"Workplaces?|Procurement|Gaps|Savings|Covered|Shared|Remediation|Rationale|References|"
    r"Parameters?|Condition|Passing|Failing|Release|Devices|Status|Compared|Added|Resolved)\b")


def english(text: str) -> list[str]:
    """The English words left in ``text`` once data and syntax are taken out, with context."""
    for pattern in (*_NAMES, *_DATA):
        text = pattern.sub(" ", text)
    text = _TOKENS.sub(" ", text)
    found = []
    for match in ENGLISH.finditer(text):
        start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
        found.append(f"{match.group()!r} in …{' '.join(text[start:end].split())}…")
    return found


def places(tmp: Path) -> None:
    """What the commands run on, below ``tmp``: a broken inventory, the demonstration
    repository of the history, a copy of the import tests' inventory."""
    root = tmp / "broken"
    root.mkdir(parents=True, exist_ok=True)
    for name, content in BROKEN.items():
        (root / name).write_text(content, encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_history.py"), str(tmp / "demo")],
                   check=True, capture_output=True)
    shutil.copytree(IMPORTS / "inventory", tmp / "import")
