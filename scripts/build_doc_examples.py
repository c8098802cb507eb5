"""Keep the example output in README.md and docs/*.md true: run each documented command and
write what it printed below it.

A marker names the command; the fenced block right after it is its output, headed by the
command as typed at a prompt:

    <!-- output: itready procure inventories/musterstadt --as-of 2026-11-27 -f table -->
    ```text
    $ itready procure inventories/musterstadt --as-of 2026-11-27 -f table
    ...
    ```

Each command runs from the repository root in a process of its own, as at a shell but not at
a terminal (no colour, no progress bar; the widths of files and pipes), with a cache of its own;
standard error is shown with standard output, as a terminal shows both. ``| head -n N`` and
``| tail -n N`` at the end keep part of the output. The shell is not involved.

Usage: python scripts/build_doc_examples.py [--check]
(--check writes nothing; it exits 1 and names every example that is out of date.)
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLE = re.compile(r"^<!-- output: (?P<command>.+?) -->\n```text\n(?P<output>.*?)^```$",
                     re.MULTILINE | re.DOTALL)
PART = re.compile(r"\s*\|\s*(?P<which>head|tail) -n (?P<count>\d+)\s*$")


def run(command: str, cache: str) -> str:
    """What ``command`` prints, headed by ``$ command``."""
    line, part = command, PART.search(command)
    if part:
        line = command[:part.start()]
    words = shlex.split(line)
    if words[:1] != ["itready"]:
        raise SystemExit(f"not an itready command: {command}")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI", "COLUMNS")}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # English unless --lang says
        env.pop(name, None)
    env.update(ITREADY_CACHE_DIR=cache, NO_COLOR="1", PYTHONUNBUFFERED="1")
    done = subprocess.run([sys.executable, "-m", "itready", *words[1:]], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          encoding="utf-8", check=False)
    lines = done.stdout.splitlines()
    if part:
        count = int(part["count"])
        lines = lines[:count] if part["which"] == "head" else lines[-count:]
    return "\n".join([f"$ {command}", *(line.rstrip() for line in lines)]) + "\n"


def rewrite(text: str, cache: str) -> str:
    """``text`` with the output of every marked command brought up to date."""
    def fresh(match: re.Match[str]) -> str:
        command = match["command"]
        return f"<!-- output: {command} -->\n```text\n{run(command, cache)}```"

    return EXAMPLE.sub(fresh, text)


def main() -> int:
    stale = []
    with tempfile.TemporaryDirectory(prefix="itready-doc-examples-") as cache:
        for document in DOCUMENTS:
            text = document.read_text(encoding="utf-8")
            new = rewrite(text, cache)
            if new == text:
                continue
            stale.append(document.relative_to(ROOT).as_posix())
            if "--check" not in sys.argv:
                document.write_text(new, encoding="utf-8")
    if stale and "--check" in sys.argv:
        print("out of date (run python scripts/build_doc_examples.py): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
