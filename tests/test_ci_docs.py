"""The CI examples and the pre-commit hook definition: valid YAML, and commands itready accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
from ruamel.yaml import YAML

from itready.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "docs" / "ci" / "github-actions.yml", ROOT / "docs" / "ci" / "gitlab-ci.yml"]


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def shell_lines(node: Any) -> list[str]:
    """Every shell command in a GitHub workflow (``run``) or GitLab job (``script`` etc.)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                found += value.splitlines()
            elif key in ("script", "before_script", "after_script") and isinstance(value, list):
                found += [line for item in value for line in str(item).splitlines()]
            else:
                found += shell_lines(value)
    elif isinstance(node, list):
        for item in node:
            found += shell_lines(item)
    return [line.strip() for line in found if line.strip()]


def itready_commands(path: Path) -> list[list[str]]:
    commands = []
    for line in shell_lines(read_yaml(path)):
        line = re.sub(r"\$\{\{[^}]*\}\}", "X", line)  # GitHub expressions
        line = re.sub(r"\$\{?\w+\}?", "X", line)  # shell and CI variables
        words = shlex.split(line)
        if words and words[0] == "itready":
            commands.append(words[1:])
    return commands


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_ci_example_parses_and_uses_itready(path: Path) -> None:
    data = read_yaml(path)
    assert isinstance(data, dict)
    names = {words[0] for words in itready_commands(path)}
    assert {"validate", "check", "diff"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_itready_command_in_the_examples_is_accepted(path: Path) -> None:
    ctx = click.Context(main)
    for words in itready_commands(path):
        command = main.get_command(ctx, words[0])
        assert command is not None, words
        try:
            command.make_context(words[0], list(words[1:]))
        except click.UsageError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{path.name}: itready {' '.join(words)}: {exc.format_message()}")


def test_github_example_uploads_sarif_and_fetches_history() -> None:
    data = read_yaml(EXAMPLES[0])
    steps = data["jobs"]["itready"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any(str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")
               for s in steps)
    assert data["jobs"]["itready"]["permissions"]["security-events"] == "write"


def test_gitlab_example_publishes_code_quality_and_junit() -> None:
    data = read_yaml(EXAMPLES[1])
    reports = data["itready-check"]["artifacts"]["reports"]
    assert reports == {"codequality": "gl-code-quality-report.json",
                       "junit": "itready-junit.xml"}
    script = " ".join(data["itready-check"]["script"])
    assert "--report gitlab=gl-code-quality-report.json" in script
    assert "--report junit=itready-junit.xml" in script


def test_pre_commit_hook_definition() -> None:
    hooks = read_yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert hook["id"] == "itready-validate"
    assert hook["entry"] == "itready validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("inventory/devices.yaml") and files.search("a/b.yml")
    assert not files.search("notes.md") and not files.search("x.yaml.bak")
