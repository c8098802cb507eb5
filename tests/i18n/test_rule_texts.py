"""Rule texts in both languages: the bundled catalogue carries English and German for every
text, with the same placeholders; an organisation's rule may carry one or both, and where it
lacks a language the other is shown, never an empty text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_inventory
from test_messages import placeholders

from itready import i18n, load
from itready.loader.yaml import parse
from itready.rules.catalogue import TEXTS, bundled_files, load_catalogue, localised

LANGUAGES = ("en", "de")


def _bundled_rules() -> list[dict]:
    return [rule for _name, text in bundled_files() for rule in parse(text).data]


def _texts(rule: dict) -> list[tuple[str, object]]:
    """(where, text as written) of every text a person reads."""
    texts = [(key, rule[key]) for key in TEXTS if key in rule]
    texts += [(f"parameters.{name}.help", spec["help"])
              for name, spec in (rule.get("parameters") or {}).items()
              if isinstance(spec, dict) and "help" in spec]
    return texts


@pytest.mark.parametrize("rule", _bundled_rules(), ids=lambda rule: rule["id"])
def test_every_bundled_text_has_both_languages_with_the_same_placeholders(rule: dict) -> None:
    problems = []
    for where, text in _texts(rule):
        if where == "requirement" and isinstance(text, str):
            continue  # a requirement token (camera, vpn), the same in every language
        if not isinstance(text, dict) or set(text) != set(LANGUAGES):
            problems.append(f"{where}: not {{en: …, de: …}}: {text!r}")
            continue
        if not all(isinstance(t, str) and t.strip() for t in text.values()):
            problems.append(f"{where}: an empty text")
        elif placeholders(text["en"]) != placeholders(text["de"]):
            problems.append(f"{where}: placeholders {placeholders(text['en'])} != "
                            f"{placeholders(text['de'])}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_reads_the_run_s_language() -> None:
    i18n.set_language("de")
    german = load_catalogue()[0].by_id["DEV003"]
    i18n.set_language("en")
    english = load_catalogue()[0].by_id["DEV003"]
    assert german.title == "Mobilgerät ohne Verschlüsselung des Speichers"
    assert english.title == "Mobile device without storage encryption"
    assert german.message == "{kind} {id} ist nicht verschlüsselt{encrypted_note}"


@pytest.mark.parametrize(("value", "language", "expected"), [
    ({"en": "English", "de": "Deutsch"}, "de", "Deutsch"),
    ({"en": "English", "de": "Deutsch"}, "en", "English"),
    ({"en": "English"}, "de", "English"),
    ({"de": "Deutsch"}, "en", "Deutsch"),
    ({"en": "", "de": "Deutsch"}, "en", "Deutsch"),
    ("one text", "de", "one text"),
])
def test_a_text_lacking_a_language_shows_the_other(value: object, language: str,
                                                   expected: str) -> None:
    assert localised(value, language) == expected  # type: ignore[arg-type]


OWN_RULE = """\
- id: X001
  title: {en: Laptop without owner, de: Laptop ohne Verantwortliche}
  severity: low
  target: device
  where: {fact: kind, eq: laptop}
  condition: {fact: serial, present: false}
  message:
    en: "{id} has no serial"
  rationale: {de: "Ohne Seriennummer keine Garantie."}
  remediation: Record the serial.
"""


def _own(tmp_path: Path, rules: str) -> Path:
    return write_inventory(tmp_path / "inv", {
        "itready.yaml": "rules:\n  paths: [rules.yaml]\n",
        "rules.yaml": rules,
        "devices.yaml": "devices:\n  - {id: NB-1, kind: laptop}\n"})


def test_an_own_rule_may_carry_one_language_or_both(tmp_path: Path) -> None:
    root = _own(tmp_path, OWN_RULE)
    i18n.set_language("de")
    result = load(root)
    assert result.errors == []
    assert result.catalogue is not None
    rule = result.catalogue.by_id["X001"]
    assert (rule.title, rule.message, rule.rationale, rule.remediation) == (
        "Laptop ohne Verantwortliche", "{id} has no serial", "Ohne Seriennummer keine Garantie.",
        "Record the serial.")
    i18n.set_language("en")
    rule = load(root).catalogue.by_id["X001"]  # type: ignore[union-attr]
    assert (rule.title, rule.rationale) == ("Laptop without owner",
                                            "Ohne Seriennummer keine Garantie.")


@pytest.mark.parametrize(("change", "expected"), [
    (("title: {en: Laptop without owner, de: Laptop ohne Verantwortliche}",
      "title: {en: Laptop without owner, fr: Portable sans responsable}"),
     "unknown language 'fr'"),
    (('    en: "{id} has no serial"', '    en: "{id} has no serial"\n'
      '    de: "{id} hat keine {seriennummer}"'), "message names '{seriennummer}'"),
    (("remediation: Record the serial.", "remediation: {en: Record the serial., de: ''}"),
     "remediation of a rule"),
])
def test_a_bad_text_of_an_own_rule_is_an_input_error(tmp_path: Path, change: tuple[str, str],
                                                     expected: str) -> None:
    root = _own(tmp_path, OWN_RULE.replace(*change))
    errors = load(root).errors
    assert [e.code for e in errors] == ["E015"], errors
    assert expected in errors[0].message
    assert errors[0].location.path == "rules.yaml"
