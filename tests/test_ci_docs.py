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


def _hook_rev() -> str:
    """The tag the pre-commit hook definition tells users to pin (`rev: v0.1.0`)."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    match = re.search(r"^#\s+rev: (\S+)$", text, re.MULTILINE)
    assert match, "the hook definition names no rev"
    return match.group(1)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_ci_examples_install_itready_from_its_repository_at_the_tag(path: Path) -> None:
    """itready is on no package index: the pipelines install it with pip from git at the
    release tag, the one the pre-commit hook names, and the version that tag stands for."""
    from itready import __version__

    data = read_yaml(path)
    variables = data.get("variables") or data.get("env")
    assert variables["ITREADY"] == f"git+https://github.com/itready/itready@{_hook_rev()}"
    assert _hook_rev() == f"v{__version__}"
    installs = [line for line in shell_lines(data) if "pip install" in line]
    assert installs and all('"$ITREADY"' in line for line in installs)
    assert "itready==" not in path.read_text("utf-8")  # no package index to take it from


def test_ci_docs_say_how_to_install_from_git_a_mirror_or_a_path() -> None:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    assert f'pip install "git+https://github.com/itready/itready@{_hook_rev()}"' in text
    assert "From a mirror" in text and "From a path" in text and "docs_url:" in text


def test_the_tag_the_hooks_name_exists_in_the_repository() -> None:
    """pre-commit checks out `rev`: the tag must be in the repository (skipped in a copy of the
    sources without git history or without any tag: CI clones often fetch branches only)."""
    import subprocess

    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet",
                           f"refs/tags/{_hook_rev()}"], cwd=ROOT, capture_output=True)
    tags = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0 and not tags.stdout.strip():
        pytest.skip("a clone that carries no tags (shallow, or cloned without --tags)")
    assert done.returncode == 0, f"tag {_hook_rev()} is missing: git tag -a {_hook_rev()}"
    hooks = subprocess.run(["git", "show", f"{_hook_rev()}:.pre-commit-hooks.yaml"], cwd=ROOT,
                           capture_output=True, text=True)
    assert "id: itready-validate" in hooks.stdout  # what pre-commit reads at that tag
