"""``write_starter``: a new inventory that validates, explains every field and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itready import load, model
from itready.model import KINDS as RECORD_KINDS
from itready.validate import starter as scaffold
from itready.validate.jsonschema import schema_json
from itready.validate.schema import FIELDS, NESTED, POLICY, RULES
from itready.validate.starter import INVENTORY_SCHEMA, SETTINGS_SCHEMA, write_starter

KINDS = {kind.key: (kind.name, FIELDS[kind.name]) for kind in RECORD_KINDS}

KIND_FILES = {top: f"{top}.yaml" for top in KINDS}


def test_starter_validates_without_errors(tmp_path: Path) -> None:
    target = tmp_path / "new" / "inventory"  # parents are created
    written = write_starter(target)
    result = load(target)
    assert result.errors == []
    assert sorted(result.inventory.files) == sorted(KIND_FILES.values())
    assert {p.relative_to(target).as_posix() for p in written} == {
        "itready.yaml", *KIND_FILES.values(), INVENTORY_SCHEMA, SETTINGS_SCHEMA}
    assert all(p.is_file() for p in written)
    assert not [p for p in target.rglob("*.tmp")]  # no temporary file is left behind


def test_every_kind_is_present(tmp_path: Path) -> None:
    write_starter(tmp_path / "inv")
    inventory = load(tmp_path / "inv").inventory
    for top in KINDS:
        records = getattr(inventory, top)
        assert records, f"no {top} record in the starter"
        assert {r.source.path for r in records} == {KIND_FILES[top]}


def test_every_field_is_explained(tmp_path: Path) -> None:
    write_starter(tmp_path / "inv")

    def shows(name: str, text: str) -> bool:  # as a key, written out, commented or in {...}
        return re.search(rf"(?m)^[ #-]*{re.escape(name)}:|[{{,] *{re.escape(name)}:",
                         text) is not None

    texts = {}
    for top, (_kind, fields) in KINDS.items():
        texts[top] = text = (tmp_path / "inv" / KIND_FILES[top]).read_text(encoding="utf-8")
        names = set(fields)
        for spec in fields.values():
            if spec.nested is not None and spec.nested != "waiver":  # waivers: shown once
                names |= set(NESTED[spec.nested])
        for name in names:
            assert shows(name, text), f"{KIND_FILES[top]} does not show '{name}'"
    for name in NESTED["waiver"]:
        assert shows(name, texts["devices"]), f"devices.yaml does not show waiver '{name}'"
    settings = (tmp_path / "inv" / "itready.yaml").read_text(encoding="utf-8")
    for name in (*POLICY, *RULES, "organisation", "readiness", "prices", "lifecycle"):
        assert re.search(rf"(?m)^\s*{name}:", settings), f"itready.yaml does not show '{name}'"


def test_settings_are_the_defaults(tmp_path: Path) -> None:
    write_starter(tmp_path / "inv")
    settings = load(tmp_path / "inv").inventory.settings
    assert settings.policy == model.Policy()
    assert settings.readiness == model.DEFAULT_READINESS
    assert settings.rules == model.RuleSettings()
    assert settings.lifecycle == ()


def test_every_yaml_file_has_a_modeline_to_its_schema(tmp_path: Path) -> None:
    target = tmp_path / "inv"
    write_starter(target)
    for path in target.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name}: {first}"
        schema = (path.parent / match.group(1)).resolve()
        expected = SETTINGS_SCHEMA if path.name == "itready.yaml" else INVENTORY_SCHEMA
        assert schema == (target / expected).resolve()
    assert (target / INVENTORY_SCHEMA).read_text(encoding="utf-8") == schema_json("inventory")


def test_an_empty_directory_is_fine(tmp_path: Path) -> None:
    write_starter(tmp_path)
    assert load(tmp_path).errors == []


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        write_starter(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_refuses_a_directory_with_only_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    with pytest.raises(FileExistsError):
        write_starter(tmp_path)


def test_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "inventory"
    target.write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not a directory"):
        write_starter(target)


def test_a_failure_half_way_leaves_nothing(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = scaffold.write_atomic
    calls = []

    def failing(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(scaffold, "write_atomic", failing)
    target = tmp_path / "inv"
    with pytest.raises(OSError, match="No space"):
        write_starter(target)
    assert not target.exists()


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    scaffold.write_atomic(path, "one: 1\n")
    scaffold.write_atomic(path, "two: 2\n")
    assert path.read_text(encoding="utf-8") == "two: 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_the_german_starter_holds_the_same_records_and_validates(tmp_path: Path) -> None:
    """`itready init --lang de`: German comments, the same records and settings (but
    `language: de` and the example waiver's reason), and it validates too."""
    from itready import i18n
    from itready.loader.yaml import parse

    english, german = scaffold.starter_files("en"), scaffold.starter_files("de")
    assert english.keys() == german.keys()
    for name in scaffold.STARTER_FILES:
        assert german[name] != english[name]
        assert name == "itready.yaml" or "Pflicht" in german[name]
        english_data, german_data = parse(english[name]).data, parse(german[name]).data
        if name == "itready.yaml":
            assert german_data.pop("language") == "de"
        if name == "devices.yaml":
            for data in (english_data, german_data):
                data["devices"][1]["waivers"][0].pop("reason")
        assert german_data == english_data, name
    i18n.set_language("de")
    write_starter(tmp_path / "inv")
    result = load(tmp_path / "inv")
    assert result.errors == []
    assert result.inventory.settings.language == "de"
    assert "Pflicht" in (tmp_path / "inv" / "sites.yaml").read_text(encoding="utf-8")
