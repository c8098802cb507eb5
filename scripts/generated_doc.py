"""Write a generated document, or with --check say whether the committed one is current."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, text: str) -> int:
    """Exit status: 0 when written or current, 1 when --check finds it out of date."""
    if "--check" in sys.argv:
        return 0 if target.read_text(encoding="utf-8") == text else 1
    target.write_text(text, encoding="utf-8")
    return 0
