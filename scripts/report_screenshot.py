#!/usr/bin/env python3
"""Write the README's screenshots of the management report (docs/report*.png).

    make e2e                     # once: installs Chromium and the e2e extras
    .venv/bin/python scripts/report_screenshot.py [FOLDER]   # default: docs

Builds the demonstration repository (scripts/demo_history.py) in a temporary directory, writes
``itready report DEMO --as-of 2026-11-27 --lang de`` and photographs the page in headless
Chromium, 1280 px wide: its top (key figures and readiness per department) as report.png, and
the start of its history (readiness and findings over the year) as report-history.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import browser  # noqa: E402  (the e2e tests' harness)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "docs"
    reason = browser.missing()
    if reason:
        print(f"cannot take the screenshot: {reason}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        demo, html = Path(tmp) / "musterstadt-history", Path(tmp) / "bericht.html"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_history.py"), str(demo)],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "itready", "report", str(demo), "--as-of",
                        "2026-11-27", "--lang", "de", "-o", str(html)], check=True)
        browser.screenshot(html, folder / "report.png", height=1180)
        browser.screenshot(html, folder / "report-history.png", height=820,
                           start="#h-history")
    print(f"wrote {folder / 'report.png'} and {folder / 'report-history.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
