"""The people file (``--people``): which workplace each person works at, for this run only.

Sources assign devices and licences to people (a UPN, an account name, a staff number); the
inventory names no people. A CSV of ``person,workplace`` turns them into workplace ids while the
import runs. It is never written anywhere, and refused when it lies inside the inventory, where
it would be committed with it.
"""

from __future__ import annotations

import os
from pathlib import Path

from itready.i18n import _
from itready.importer.errors import BadInput
from itready.importer.evaluate import People
from itready.importer.read import Sheet, read_source


def load_people(path: Path, inventory: Path, encoding: str | None = None) -> People:
    """The people file at ``path``; ``BadInput`` if it lies inside ``inventory`` or has no
    person and workplace columns."""
    real, root = Path(os.path.realpath(path)), Path(os.path.realpath(inventory))
    if real.is_relative_to(root):
        raise BadInput(_("the people file lies inside the inventory, where it would be "
                         "committed with it; keep it outside (it names people)"), str(path))
    sheets = read_source(path, encoding=encoding)
    if len(sheets) != 1 or sheets[0].headers is None:
        raise BadInput(_("the people file is a CSV or XLSX sheet with the columns person and "
                         "workplace"), str(path))
    return People(_pairs(sheets[0], str(path)))


def _pairs(sheet: Sheet, where: str) -> dict[str, set[str]]:
    assert sheet.headers is not None
    columns = [h.casefold() for h in sheet.headers]
    if "person" not in columns or "workplace" not in columns:
        raise BadInput(_("needs the columns person and workplace; found {columns}").format(
            columns=", ".join(sheet.headers) or _("none")), where)
    person, workplace = columns.index("person"), columns.index("workplace")
    pairs: dict[str, set[str]] = {}
    for number, cells in enumerate(sheet.rows, start=1):
        who = str(cells[person]).strip() if person < len(cells) else ""
        where_to = str(cells[workplace]).strip() if workplace < len(cells) else ""
        if not who or not where_to:
            raise BadInput(_("row {row} lacks a person or a workplace").format(row=number),
                           where)
        pairs.setdefault(who.casefold(), set()).add(where_to)
    return pairs
