"""What each source last wrote into the inventory, so that a hand edit is told from an import.

Kept in the inventory itself, in the hidden folder ``.itready-import/`` at its root (the loader
skips hidden folders), one JSON file per source (``intune.json``): it travels with the inventory
in its git repository, so that the next monthly run on any machine, or in CI, knows what the
last one wrote, and a merge request shows it beside the records it explains. One file per
source keeps two sources' imports from touching the same file.

It holds record ids, field names and the values written (inventory values: host names,
serials, workplace ids), never a person's name, UPN or e-mail address: those never reach a
field. Written in a stable form (sorted keys, one record a line), only when it changes, so that
an import of the same export again changes no byte.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from itready.i18n import _
from itready.importer.errors import BadInput

FOLDER = ".itready-import"
SCHEMA_VERSION = 1


def path_of(root: Path, source: str) -> Path:
    return root / FOLDER / f"{source}.json"


def plain(value: Any) -> Any:
    """A value as the state file keeps it: dates as ISO text, tuples as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class State:
    """Record key -> field -> the value a source last wrote."""

    def __init__(self, source: str, written: dict[str, dict[str, Any]] | None = None):
        self.source = source
        self.written: dict[str, dict[str, Any]] = written or {}

    def last(self, record: str, field: str) -> Any:
        return self.written.get(record, {}).get(field)

    def has(self, record: str, field: str) -> bool:
        return field in self.written.get(record, {})

    def remember(self, record: str, field: str, value: Any) -> None:
        self.written.setdefault(record, {})[field] = plain(value)

    def entry(self, record: str) -> dict[str, Any] | None:
        """A copy of what is remembered of one record (None: nothing)."""
        found = self.written.get(record)
        return dict(found) if found is not None else None

    def restore(self, record: str, entry: dict[str, Any] | None) -> None:
        """Put back what ``entry`` returned, when a planned change was not made."""
        if entry is None:
            self.written.pop(record, None)
        else:
            self.written[record] = entry

    def text(self) -> str:
        lines = ["{", f'"schema_version": {SCHEMA_VERSION},',
                 f'"source": {json.dumps(self.source)},', '"written": {']
        keys = sorted(self.written)
        for number, key in enumerate(keys):
            fields = json.dumps(self.written[key], sort_keys=True, ensure_ascii=False)
            comma = "," if number + 1 < len(keys) else ""
            lines.append(f"{json.dumps(key, ensure_ascii=False)}: {fields}{comma}")
        lines += ["}", "}"]
        return "\n".join(lines) + "\n"


def load(root: Path, source: str) -> State:
    """The state of ``source`` (empty before its first import)."""
    path = path_of(root, source)
    if not path.is_file():
        return State(source)
    from itready.importer.read import read_bounded

    where = f"{FOLDER}/{source}.json"
    try:
        data = json.loads(read_bounded(path).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BadInput(_("the import's memory is damaged; restore it from git (it says what "
                         "the last import wrote)"), where) from None
    written = data.get("written") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION \
            or not isinstance(written, dict) or not all(
            isinstance(v, dict) for v in written.values()):
        raise BadInput(_("the import's memory has an unknown form; restore it from git"), where)
    return State(source, written)


def others(root: Path, source: str) -> dict[str, State]:
    """The states of every other source that has imported into this inventory."""
    folder = root / FOLDER
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob("*.json")):
        if path.stem != source and not path.name.startswith("."):
            found[path.stem] = load(root, path.stem)
    return found
