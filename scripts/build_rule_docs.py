"""Write docs/rules.md (English) and docs/rules.de.md (German) from the rule catalogue
(itready/rules/checks/*.yaml, which carries both languages).

The catalogue is the single source: run this after changing a rule; a test fails when a
committed document is out of date. Usage: python scripts/build_rule_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated_doc import write_or_check

from itready import i18n
from itready.findings import severity_labels
from itready.i18n.formatting import day
from itready.i18n.labels import record_kinds
from itready.rules.catalogue import EXAMPLES_AS_OF, Rule, load_catalogue
from itready.rules.conditions import OPERATORS
from itready.rules.facts import FACTS

DOCS = Path(__file__).resolve().parent.parent / "docs"
TARGETS = {"en": DOCS / "rules.md", "de": DOCS / "rules.de.md"}

#: The page's own words, by language.
WORDS = {
    "en": {
        "title": "# Rule catalogue",
        "intro": "Generated from `checks/*.yaml` by `scripts/build_rule_docs.py`; do not edit "
                 "by hand. `itready rules ID` shows the same with the values in force for an "
                 "inventory. Auf Deutsch: [rules.de.md](rules.de.md).",
        "columns": "| ID | severity | target | title |",
        "head": "**{title}** — severity `{severity}`, target `{target}`.",
        "fix": "*Fix:* {text}", "parameters": "Parameters: ", "default": "default",
        "bsi": "BSI IT-Grundschutz: ", "procurement": "Procurement: {text}.",
        "examples": "Examples (as of {date}", "with": ", with this `itready.yaml`",
        "passes": "This passes:", "fails": "This fails:",
    },
    "de": {
        "title": "# Regelkatalog",
        "intro": "Erzeugt aus `checks/*.yaml` von `scripts/build_rule_docs.py`; nicht von Hand "
                 "ändern. `itready rules ID --lang de` zeigt dasselbe mit den Werten, die für "
                 "ein Inventar gelten. In English: [rules.md](rules.md), dort auch die "
                 "vollständige Beschreibung eigener Regeln.",
        "columns": "| ID | Schweregrad | Ziel | Titel |",
        "head": "**{title}** — Schweregrad `{severity}` ({label}), Ziel `{target}` "
                "({target_label}).",
        "fix": "*Abhilfe:* {text}", "parameters": "Parameter: ", "default": "Standard",
        "bsi": "BSI IT-Grundschutz: ", "procurement": "Beschaffung: {text}.",
        "examples": "Beispiele (Stichtag {date}", "with": ", mit dieser `itready.yaml`",
        "passes": "Das ist erfüllt:", "fails": "Das ist verletzt:",
    },
}


def _yaml(value: object) -> str:
    """A parameter default as a rule file writes it."""
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _examples(rule: Rule, words: dict[str, str]) -> list[str]:
    """The rule's passing and failing example as YAML blocks (as of EXAMPLES_AS_OF)."""
    examples = rule.examples
    if examples is None:
        return []
    out = ["", words["examples"].format(date=day(EXAMPLES_AS_OF))
           + (words["with"] if examples.itready_yaml else "") + "):"]
    if examples.itready_yaml:
        out += ["", "```yaml", examples.itready_yaml.rstrip(), "```"]
    for title, text in ((words["passes"], examples.passing), (words["fails"], examples.failing)):
        out += ["", title, "", "```yaml", text.rstrip(), "```"]
    return out


def render(language: str) -> str:
    """The page in ``language``: the catalogue read in it, the page's words in it."""
    i18n.set_language(language)
    catalogue, errors = load_catalogue()
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    words, labels, targets = WORDS[language], severity_labels(), record_kinds()
    out = [words["title"], "", words["intro"], "", words["columns"], "| --- | --- | --- | --- |"]
    for rule in catalogue:
        severity = rule.severity if language == "en" else labels[rule.severity]
        target = rule.target if language == "en" else targets[rule.target]
        out.append(f"| [{rule.id}](#{rule.id.lower()}) | {severity} | {target} | {rule.title} |")
    for rule in catalogue:
        out += ["", f"## {rule.id}", "", words["head"].format(
                    title=rule.title, severity=rule.severity, label=labels[rule.severity],
                    target=rule.target, target_label=targets[rule.target]),
                "", rule.rationale, "", words["fix"].format(text=rule.remediation)]
        if rule.parameters:
            out += ["", words["parameters"] + ", ".join(
                f"`{p.name}` ({words['default']} `{_yaml(p.default)}`"
                + (f": {p.help}" if language == "de" and p.help else "") + ")"
                for p in rule.parameters) + "."]
        if rule.references:
            out += ["", words["bsi"] + ", ".join(rule.references) + "."]
        if rule.procurement:
            out += ["", words["procurement"].format(text=rule.procurement)]
        out += _examples(rule, words)
    if language == "de":
        return "\n".join(out + OWN_RULES_DE) + "\n"
    out += ["", "## Writing your own rules", "",
            "Add rule files in the same form and list them in `itready.yaml` under "
            "`rules: {paths: [rules/local.yaml]}`. A custom rule has `id` (capitals and three "
            "digits, not a bundled ID), `title`, `severity`, `target` (device, workplace, "
            "licence, site or vpn), `rationale`, `remediation`, optionally `parameters`, "
            "`field` (where the finding points), `message` (`{fact}` placeholders) and "
            "`examples` (`pass` and `fail`: YAML texts that `itready rules ID` shows; "
            "`settings`: the itready.yaml they need), and a "
            "`condition` — the finding holds where `where` and `condition` are true:", "",
            "```yaml",
            "- id: X001",
            "  title: Laptops of model ThinkPad X13 need 16 GB",
            "  severity: low",
            "  target: device",
            "  field: ram_gb",
            "  where: {all: [{fact: kind, eq: laptop}, {fact: model, matches: '^ThinkPad X13'}]}",
            "  condition: {fact: ram_gb, lt: 16}",
            "  message: \"{id} has {ram_gb} GB\"",
            "  rationale: The specialist application needs 16 GB.",
            "  remediation: Upgrade the memory.",
            "```", "",
            "Every text people read (`title`, `rationale`, `remediation`, `procurement`, "
            "`message`, a parameter's `help`) is one text or a mapping by language, "
            "`title: {en: …, de: …}`; the run shows the text in its language (`--lang`, "
            "`language:` in itready.yaml, the environment), and where a text lacks that "
            "language, the other one. A German `message` names the same facts as the English "
            "one.", "",
            "Operators: `all`, `any`, `not`, and fact tests with one of "
            + ", ".join(f"`{op}`" for op in OPERATORS)
            + ". Dates: `2026-03-31`, `today`, `today+180d`, `today-5y`; parameters as `$name` "
            "or `${name}`. A date before today reads as an age: `{fact: purchased, before: "
            "today-5y}` holds for a device older than 5 years, that is from the day after it "
            "turns 5 (bought 2023-02-28: from 2028-02-29; bought on 29 February, it turns 5 "
            "on 28 February in a year without one); the same for months. An absent fact "
            "fails every test except `ne`, `not_in` and `present: false`.", "",
            "`matches` searches the fact with a regular expression in "
            "[RE2 syntax](https://github.com/google/re2/wiki/Syntax), run by RE2 (the "
            "`google-re2` package, a dependency of itready): the search takes time linear in "
            "the text whatever the pattern, so that no rule file can stall a run, and a rule "
            "file is valid or invalid alike on every machine. RE2 has no backreferences "
            "(`\\1`) and no look-around (`(?=…)`, `(?<!…)`): such a pattern is an error "
            "E015 at the pattern. `\\d`, `\\w` and `\\b` are ASCII; use `\\pL` for any "
            "letter. The fact is tested as YAML writes it: `true`/`false`, dates as "
            "`2026-03-31`, lists comma-separated; `^` and `$` anchor the whole value.", "",
            "Facts by target:", ""]
    for target, facts in FACTS.items():
        out.append(f"- **{target}**: " + ", ".join(f"`{name}`" for name in facts))
    return "\n".join(out) + "\n"


#: The German page's section on an organisation's own rules (the English page has the full
#: reference of the condition language).
OWN_RULES_DE = [
    "", "## Eigene Regeln", "",
    "Eigene Regeldateien haben dieselbe Form und werden in der `itready.yaml` unter "
    "`rules: {paths: [rules/local.yaml]}` genannt. Jeder Text, den Menschen lesen (`title`, "
    "`rationale`, `remediation`, `procurement`, `message`, die `help` eines Parameters), ist "
    "entweder ein Text oder eine Zuordnung nach Sprache; fehlt einer Sprache ein Text, "
    "erscheint der der anderen:", "",
    "```yaml",
    "- id: X001",
    "  title:",
    "    en: Laptops of model ThinkPad X13 need 16 GB",
    "    de: Laptops des Modells ThinkPad X13 brauchen 16 GB",
    "  severity: low",
    "  target: device",
    "  field: ram_gb",
    "  where: {all: [{fact: kind, eq: laptop}, {fact: model, matches: '^ThinkPad X13'}]}",
    "  condition: {fact: ram_gb, lt: 16}",
    "  message: {en: \"{id} has {ram_gb} GB\", de: \"{id} hat {ram_gb} GB\"}",
    "  rationale: Das Fachverfahren braucht 16 GB.",
    "  remediation: Den Arbeitsspeicher aufrüsten.",
    "```", "",
    "Die Bedingungssprache, die Merkmale (`fact`) und die Operatoren beschreibt "
    "[rules.md](rules.md#writing-your-own-rules).",
]


if __name__ == "__main__":
    status = 0
    for language, target in TARGETS.items():
        status |= write_or_check(target, render(language))
    sys.exit(status)
