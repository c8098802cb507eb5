"""The cached verdict of `itready validate`: reused only while every input is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from itready.cli import main

SETTINGS = "rules: {paths: [.rules/local.yaml]}\n"
RULES = """- id: LOC001
  title: Laptops need 16 GB
  severity: low
  target: device
  condition: {fact: ram_gb, lt: 16}
  rationale: r
  remediation: m
"""
RECORDS = "sites:\n  - id: RH\n"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(root)])
    return result.exit_code, result.output


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    return _write(tmp_path / "inv", {"itready.yaml": SETTINGS, ".rules/local.yaml": RULES,
                                     "sites.yaml": RECORDS})


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Counts the full loads that validate performs."""
    calls: list[Path] = []
    import itready.cli.commands.validate as command

    real = command.load_inventory

    def counting(path: Path, no_cache: bool, **options):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, no_cache, **options)

    monkeypatch.setattr(command, "load_inventory", counting)
    return calls


def test_unchanged_inventory_is_answered_from_the_cache(inventory: Path, loads: list) -> None:
    first = _validate(inventory)
    second = _validate(inventory)
    assert first == second == (0, "valid: 1 file: 1 site, 0 VPN gateways, 0 workplaces, "
                                  "0 devices, 0 licences\n")
    assert len(loads) == 1


@pytest.mark.parametrize("change", ["sites.yaml", "itready.yaml", ".rules/local.yaml",
                                    "new.yaml"])
def test_any_changed_input_is_validated_again(inventory: Path, loads: list, change: str) -> None:
    assert _validate(inventory)[0] == 0
    path = inventory / change
    path.write_text((path.read_text() if path.exists() else "") + "\nbroken: [\n")
    code, output = _validate(inventory)
    assert code == 2 and "E001" in output
    assert len(loads) == 2
    assert _validate(inventory) == (code, output)  # the new verdict is cached in its turn
    assert len(loads) == 2


def test_no_cache_always_validates(inventory: Path, loads: list) -> None:
    CliRunner().invoke(main, ["validate", str(inventory), "--no-cache"])
    CliRunner().invoke(main, ["validate", str(inventory), "--no-cache"])
    assert len(loads) == 2
