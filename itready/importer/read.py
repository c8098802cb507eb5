"""Read export files into rows: CSV, XLSX, JSON and the ZIP an Intune export downloads as.

Exports are hostile input like inventory files: each is read only if it is a regular file of at
most ``MAX_FILE_BYTES`` (a ZIP's members too, counted as they are unpacked), never executed,
and every error names the file. What a file holds is decided here only as far as its format
goes (encoding, delimiter, sheet, JSON document); which rows an input takes from a JSON document
is the mapping's business (``itready.importer.mapping``).

CSV: UTF-8 with or without BOM and UTF-16 with BOM are read as such, any other encoding only
when named (``--encoding cp1252``); the delimiter (``,``, ``;`` or tab) is the one the header
line uses most; quoted fields may hold line breaks. XLSX: the first sheet or the one named;
text cells keep their leading zeros, dates stay dates, merged cells are reported, never guessed.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from itready.i18n import _, os_reason
from itready.importer.errors import BadInput
from itready.loader.files import MAX_FILE_BYTES, read_capped, size_limit


@dataclass(slots=True)
class Sheet:
    """One file's content: a table (``headers`` and rows of cells) or a JSON document."""

    name: str  # the file name as the report shows it ("export.zip/devices.csv")
    headers: list[str] | None = None
    rows: list[list[Any]] = field(default_factory=list)
    document: Any = None  # JSON
    #: cells the file does not say for sure (merged cells): (row, column, why)
    notes: list[tuple[int, str, str]] = field(default_factory=list)


def read_source(path: Path, *, encoding: str | None = None, sheet: str | None = None,
                preamble: re.Pattern[str] | None = None) -> list[Sheet]:
    """The sheets of one export file (a ZIP gives one per CSV or JSON member)."""
    raw = read_bounded(path)
    return _sheets(path.name, raw, encoding, sheet, preamble)


def _sheets(name: str, raw: bytes, encoding: str | None, sheet: str | None,
            preamble: re.Pattern[str] | None) -> list[Sheet]:
    lower = name.lower()
    if lower.endswith(".zip") or (raw[:4] == b"PK\x03\x04" and not lower.endswith(".xlsx")):
        return _zip(name, raw, encoding, preamble)
    if lower.endswith((".xlsx", ".xlsm")):
        return [_xlsx(name, raw, sheet)]
    if lower.endswith(".json") or raw.lstrip()[:1] in (b"{", b"["):
        return [_json(name, raw)]
    return [_csv(name, raw, encoding, preamble)]


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``; ``BadInput`` otherwise."""
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise BadInput(_("not a regular file (a pipe, socket, device or folder); not read"),
                           where)
        with os.fdopen(fd, "rb") as handle:
            raw = read_capped(handle, info.st_size)
    except OSError as exc:
        raise BadInput(_("cannot read: {why}").format(why=os_reason(exc)), where) from None
    if len(raw) > MAX_FILE_BYTES:
        raise BadInput(_("file is larger than {limit}; split the export").format(
            limit=size_limit()), where)
    return raw


# --- CSV ---------------------------------------------------------------------------------------

def decode_text(raw: bytes, encoding: str | None, where: str) -> str:
    """Text of a CSV: a BOM decides, else UTF-8, else the encoding the user named."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace") if encoding is None else \
            raw.decode(encoding, "replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(_("starts like UTF-16 but is not; save it as UTF-8"), where) from None
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except LookupError:
            raise BadInput(_("unknown encoding '{encoding}'").format(encoding=encoding),
                           where) from None
        except UnicodeDecodeError as exc:
            raise BadInput(_("byte 0x{byte:02x} at offset {offset} is not {encoding}").format(
                byte=raw[exc.start], offset=exc.start, encoding=encoding), where) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(_("byte 0x{byte:02x} at offset {offset} is not UTF-8; if the file is "
                         "Windows-1252 (Excel, Windows PowerShell 5.1), give --encoding cp1252")
                       .format(byte=raw[exc.start], offset=exc.start), where) from None


def _delimiter(line: str) -> str:
    """``,``, ``;`` or tab: the one the header line uses most outside quotes."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(name: str, raw: bytes, encoding: str | None,
         preamble: re.Pattern[str] | None) -> Sheet:
    text = decode_text(raw, encoding, name)
    if "\x00" in text:
        raise BadInput(_("holds NUL characters: not a text export (is it a spreadsheet? save "
                         "it as .xlsx or CSV)"), name)
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or (preamble is not None
                                    and preamble.search(lines[skipped]))):
        skipped += 1
    if skipped == len(lines):
        raise BadInput(_("has no header line"), name)
    body = "".join(lines[skipped:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=_delimiter(lines[skipped]),
                        strict=False)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise BadInput(_("is not CSV: {why}").format(why=exc), name) from None
    headers = [h.strip() for h in rows[0]]
    return Sheet(name, headers, [r for r in rows[1:] if any(c.strip() for c in r)])


# --- XLSX --------------------------------------------------------------------------------------

def _xlsx(name: str, raw: bytes, wanted: str | None) -> Sheet:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - installed with itready
        raise BadInput(_("reading XLSX needs python-calamine; install itready with its "
                         "dependencies"), name) from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = book.sheet_names
        if wanted is not None and wanted not in names:
            raise BadInput(_("has no sheet '{sheet}'; it has {sheets}").format(
                sheet=wanted, sheets=", ".join(names)), name)
        sheet = book.get_sheet_by_name(wanted or names[0])
        cells = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except BadInput:
        raise
    except Exception as exc:  # calamine's errors: a damaged or encrypted workbook
        raise BadInput(_("cannot read the workbook: {why}").format(why=exc), name) from None
    table = [[_cell(c) for c in row] for row in cells]
    while table and not any(str(c).strip() for c in table[0]):
        table.pop(0)
    if not table:
        raise BadInput(_("the sheet is empty"), name)
    headers = [str(h).strip() for h in table[0]]
    result = Sheet(f"{name}/{sheet.name}", headers, [r for r in table[1:]
                                                     if any(str(c).strip() for c in r)])
    offset = len(cells) - len(table)  # leading empty rows dropped: rows count after the header
    for (row0, col0), (row1, col1) in merged:
        area = f"{_column(col0)}{row0 + 1}:{_column(col1)}{row1 + 1}"
        for row in range(row0, row1 + 1):
            result.notes.append((row - offset, _column(col0), _(
                "cells {area} are merged: only the first holds a value, the others are read as "
                "empty (never guessed); unmerge them in the sheet").format(area=area)))
    return result


def _cell(value: Any) -> Any:
    """A cell as the mapping reads it: text as text (leading zeros kept), whole numbers without
    ``.0``, dates as dates, times of day and empty cells as text."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value if value.time() != time() else value.date()
    if isinstance(value, (date, bool, str)):
        return value
    return "" if value is None else str(value)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- JSON and ZIP ------------------------------------------------------------------------------

def _json(name: str, raw: bytes) -> Sheet:
    try:
        document = json.loads(decode_text(raw, None, name))
    except (ValueError, RecursionError) as exc:
        raise BadInput(_("is not JSON: {why}").format(why=exc), name) from None
    return Sheet(name, document=document)


def _zip(name: str, raw: bytes, encoding: str | None,
         preamble: re.Pattern[str] | None) -> list[Sheet]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [m for m in archive.infolist() if not m.is_dir()
                   and m.filename.lower().endswith((".csv", ".json"))]
        if not members:
            raise BadInput(_("the ZIP holds no CSV or JSON file"), name)
        sheets = []
        budget = MAX_FILE_BYTES
        for member in members:
            with archive.open(member) as handle:
                data = handle.read(budget + 1)
            budget -= len(data)
            if budget < 0:
                raise BadInput(_("unpacks to more than {limit}; split the export").format(
                    limit=size_limit()), name)
            inner = f"{name}/{member.filename}"
            sheets += _sheets(inner, data, encoding, None, preamble)
        return sheets
    except BadInput:
        raise
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        raise BadInput(_("is not a readable ZIP: {why}").format(why=exc), name) from None
