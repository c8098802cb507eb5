"""Write docs/rules.md from the rule catalogue (itready/rules/checks/*.yaml).

The catalogue is the single source: run this after changing a rule; a test fails when the
committed document is out of date. Usage: python scripts/build_rule_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated_doc import write_or_check

from itready.rules.catalogue import EXAMPLES_AS_OF, Rule, load_catalogue
from itready.rules.conditions import OPERATORS
from itready.rules.facts import FACTS

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def _yaml(value: object) -> str:
    """A parameter default as a rule file writes it."""
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _examples(rule: Rule) -> list[str]:
    """The rule's passing and failing example as YAML blocks (as of EXAMPLES_AS_OF)."""
    examples = rule.examples
    if examples is None:
        return []
    out = ["", f"Examples (as of {EXAMPLES_AS_OF}"
           + (", with this `itready.yaml`" if examples.itready_yaml else "") + "):"]
    if examples.itready_yaml:
        out += ["", "```yaml", examples.itready_yaml.rstrip(), "```"]
    for title, text in (("passes", examples.passing), ("fails", examples.failing)):
        out += ["", f"This {title}:", "", "```yaml", text.rstrip(), "```"]
    return out


def render() -> str:
    catalogue, errors = load_catalogue()
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    out = [
        "# Rule catalogue",
        "",
        "Generated from `checks/*.yaml` by `scripts/build_rule_docs.py`; do not edit by hand.",
        "`itready rules ID` shows the same with the values in force for an inventory.",
        "",
        "| ID | severity | target | title |",
        "| --- | --- | --- | --- |",
    ]
    for rule in catalogue:
        out.append(f"| [{rule.id}](#{rule.id.lower()}) | {rule.severity} | {rule.target} | "
                   f"{rule.title} |")
    for rule in catalogue:
        out += ["", f"## {rule.id}", "", f"**{rule.title}** — severity `{rule.severity}`, "
                f"target `{rule.target}`.", "", rule.rationale, "", f"*Fix:* {rule.remediation}"]
        if rule.parameters:
            out += ["", "Parameters: " + ", ".join(
                f"`{p.name}` (default `{_yaml(p.default)}`)" for p in rule.parameters) + "."]
        if rule.references:
            out += ["", "BSI IT-Grundschutz: " + ", ".join(rule.references) + "."]
        if rule.procurement:
            out += ["", f"Procurement: {rule.procurement}."]
        out += _examples(rule)
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


if __name__ == "__main__":
    sys.exit(write_or_check(TARGET, render()))
