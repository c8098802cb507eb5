"""A German run of every command on the example inventory holds no English sentence outside IDs,
paths and data; machine formats in German keep their keys, codes and structure and still
validate; the language comes from --lang, itready.yaml, the environment, in that order."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, write_inventory
from language_runs import AS_OF, MUSTERSTADT, commands, english, places

from itready.cli import main

pytestmark = pytest.mark.skipif(not (MUSTERSTADT / "itready.yaml").is_file(),
                                reason="inventories/musterstadt is missing")


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("german")
    places(tmp)
    return tmp


def test_the_detector_finds_english_and_passes_german_and_data() -> None:
    english_lines = _check("text", "en").splitlines()
    assert all(english(line) for line in english_lines[-3:])
    assert english("Usage: itready check [OPTIONS]") and english("3 findings (1 high)")
    assert not english("inventories/x.yaml:3:5: high DEV003 NB-1: Laptop NB-1 ist nicht "
                       "verschlüsselt (nicht erfasst)")
    assert not english("  - {id: NB-1, kind: laptop, encrypted: false}")


@pytest.mark.parametrize("number", range(len(commands(Path("/x")))))
def test_a_german_run_holds_no_english(number: int, place: Path) -> None:
    args = commands(place)[number]
    result = run(*args, "--lang", "de") if args[0] != "--version" else run("--lang", "de",
                                                                          *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    found = english(result.output)
    assert not found, f"itready {' '.join(args)} --lang de:\n" + "\n".join(found) + \
        "\n---\n" + result.output[:3000]


# --- machine formats: the same keys, codes and structure; German messages ----------------------

def _shape(value: Any) -> Any:
    """Keys and structure, without the texts."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _check(fmt: str, language: str) -> str:
    result = run("check", str(MUSTERSTADT), *AS_OF, "-f", fmt, "--lang", language)
    assert result.exit_code == 1, result.output
    return result.stdout


def _texts(value: Any, keys: tuple[str, ...]) -> list[str]:
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (
            [item] if key in keys and isinstance(item, str) else _texts(item, keys))]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item, keys)]
    return []


@pytest.mark.parametrize(("fmt", "keys"), [
    ("json", ("message",)),
    ("sarif", ("text", "markdown")),
    ("gitlab", ("description",)),
])
def test_json_formats_keep_keys_and_codes_and_speak_german(fmt: str, keys: tuple[str, ...]
                                                           ) -> None:
    german, english_doc = json.loads(_check(fmt, "de")), json.loads(_check(fmt, "en"))
    assert _shape(german) == _shape(english_doc)
    codes = ("rule", "ruleId", "check_name", "fingerprint", "severity", "level", "id")
    assert _texts(german, codes) == _texts(english_doc, codes)
    messages = _texts(german, keys)
    assert messages and messages != _texts(english_doc, keys)
    found = [word for message in messages for word in english(message)]
    assert not found, found[:10]


def test_sarif_in_german_still_validates() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(json.loads(_check("sarif", "de")), schema)


def test_junit_in_german_keeps_its_structure() -> None:
    german, english_doc = (ET.fromstring(_check("junit", language).encode())
                           for language in ("de", "en"))
    assert [(e.tag, sorted(e.attrib)) for e in german.iter()] == \
        [(e.tag, sorted(e.attrib)) for e in english_doc.iter()]
    assert german.attrib == english_doc.attrib  # tests, failures, errors, skipped
    failures = [e.get("message", "") for e in german.iter("failure")]
    assert "Laptop NB-03641 ist nicht verschlüsselt" not in failures  # waived: skipped
    assert any("ist nicht verschlüsselt" in m for m in failures)
    assert not [w for m in failures for w in english(m)]


def test_csv_keeps_its_english_columns_and_translates_messages() -> None:
    german = _check("csv", "de").splitlines()
    assert german[0] == _check("csv", "en").splitlines()[0]
    assert german[0].startswith("path,line,column,severity,rule,")
    assert any("ist nicht verschlüsselt" in line for line in german)


def test_text_keeps_the_tokens_problem_matchers_parse() -> None:
    lines = _check("text", "de").splitlines()
    assert any(line.endswith(": laptop NB-03641 is not encrypted (waived)")
               for line in _check("text", "en").splitlines())
    assert "inventories/musterstadt/departments/20-kaemmerei.yaml:507:5: high DEV003 "\
           "NB-03641: Laptop NB-03641 ist nicht verschlüsselt (per Ausnahme akzeptiert)" in \
           [line.replace(str(MUSTERSTADT), "inventories/musterstadt") for line in lines]


# --- choosing the language -------------------------------------------------------------------

def _first_line(*args: str, env: dict[str, str] | None = None) -> str:
    return run(*args, env=env).output.splitlines()[0]


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "Usage:"), ({"LANG": "de_DE.UTF-8"}, "Aufruf:"), ({"LC_ALL": "de_AT.UTF-8"}, "Aufruf:"),
    ({"LANGUAGE": "de:en", "LANG": "en_GB.UTF-8"}, "Aufruf:"),
    ({"LANGUAGE": "en:de", "LANG": "de_DE.UTF-8"}, "Usage:"),
    ({"LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"}, "Usage:"),
])
def test_help_follows_the_environment_as_gettext_reads_it(env: dict[str, str],
                                                          expected: str) -> None:
    assert _first_line("check", "--help", env=env).startswith(expected)


def test_lang_goes_before_the_environment() -> None:
    assert _first_line("--lang", "en", "--help", env={"LANG": "de_DE.UTF-8"}).startswith("Usage")
    assert _first_line("rules", "--help", "--lang=de").startswith("Aufruf:")
    assert "Ungültiger Wert" in run("check", "--lang", "de", "--fail-on", "x").output


def test_itready_yaml_goes_before_the_environment_and_after_lang(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {
        "itready.yaml": "language: de\n",
        "sites.yaml": "sites:\n  - {id: RH, shared_desks: 1}\n"})
    assert run("validate", str(root)).output == \
        "gültig: 1 Datei: 1 Standort, 0 VPN-Gateways, 0 Arbeitsplätze, 0 Geräte, 0 Lizenzen\n"
    assert run("validate", str(root), "--lang", "en").output.startswith("valid: 1 file:")
    english_root = write_inventory(tmp_path / "en", {
        "itready.yaml": "language: en\n", "sites.yaml": "sites:\n  - {id: RH}\n"})
    assert run("validate", str(english_root), env={"LANGUAGE": "de"}).output.startswith(
        "valid:")


def test_a_german_run_never_shows_cached_english_messages(tmp_path: Path) -> None:
    """The cache keeps validated files with their messages: keyed by language, a German run
    after an English one (and the cached validate verdict) speaks German."""
    root = write_inventory(tmp_path / "inv", {
        "devices.yaml": "devices:\n  - {id: NB-1, kind: laptop, encrypted: yes}\n"})
    english_run = run("validate", str(root)).output
    assert "expects true or false" in english_run
    for _ in range(2):  # the second German run reads the cache the first one wrote
        german = run("validate", str(root), "--lang", "de").output
        assert "erwartet true oder false, ist aber 'yes'" in german
        assert "expects" not in german
        check = run("check", str(root), "-f", "text", "--lang", "de").output
        assert "erwartet true oder false" in check and "expects" not in check
    assert run("validate", str(root)).output == english_run
