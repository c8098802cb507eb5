"""Mapping files: how the rows of a source become records (the presets are mapping files).

A mapping file is YAML (docs/import.md is its reference): the source's ``inputs`` (which files,
where their rows are), lookup ``tables``, and ``mappings``, one per kind of record written.
``load`` reads one into the typed structures below and checks everything it can before a row
is read: unknown keys and fields get a "did you mean", every error names the file, line and
column. Presets are mapping files shipped in ``itready/importer/presets/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from itready.errors import did_you_mean
from itready.i18n import _
from itready.importer import convert as conversions
from itready.importer.errors import BadInput
from itready.model import KIND_BY_KEY
from itready.validate.schema import FIELDS, NETWORK, OS

FORMAT = "itready-mapping/1"
PRESETS = ("intune", "ad", "m365", "glpi", "snipeit", "idoit", "netbox", "csv")

NOTHING: Any = object()
"""No ``const``/``default`` given (``None`` is a value: "no value here")."""

NETWORKS = "sites.networks"
KINDS = (*KIND_BY_KEY, NETWORKS)


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on a value of the row: ``in``, ``not_in``, ``matches`` (glob), ``empty``,
    ``present``; compared as text, case-insensitively."""

    source: Expr
    test: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Test:
    """A test on an element of a JSON list (``select:``): its member ``key``."""

    key: str
    test: str  # in | not_in | matches | present
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Join:
    """Values of lookup rows that name this row (licences <- users): the rows of ``input``
    whose ``where`` holds this row's ``equals``; each gives its ``take``."""

    input: str
    where: str
    equals: str
    take: str
    skip_if: Condition | None = None


@dataclass(frozen=True, slots=True)
class Expr:
    """Where one value comes from and what is done to it (docs/import.md, "Fields")."""

    where: str  # file:line:col, for messages
    aliases: tuple[str, ...] = ()  # from: columns (any case) or JSON paths
    field: str | None = None  # another field or var of the row
    const: Any = NOTHING
    template: str | None = None
    any_of: tuple[Expr, ...] = ()
    join: Join | None = None
    select: tuple[tuple[Test, ...], ...] | None = None  # alternatives of tests (JSON lists)
    value: str | None = None  # member of each selected element
    order: tuple[str, tuple[str, ...]] | None = None
    reduce: str | None = None  # all | any | first | sorted-unique
    split: str | None = None
    converts: tuple[tuple[str, conversions.Convert], ...] = ()
    map: dict[str, Any] | None = None  # keys folded
    glob: bool = False  # map keys are glob patterns
    table: str | None = None
    take: str | None = None
    default: Any = NOTHING
    required: bool = False
    when: Condition | None = None
    people: bool = False  # via: people


@dataclass(frozen=True, slots=True)
class Table:
    """A lookup table: ``exact`` (any case), ``glob`` patterns, or ``dn-suffix`` (the longest
    matching end of an LDAP distinguished name)."""

    name: str
    match: str
    rows: tuple[tuple[str, Any], ...]

    def find(self, value: str) -> tuple[bool, Any]:
        """(found, value) for ``value``."""
        folded = value.casefold()
        if self.match == "dn-suffix":
            best = None
            for key, found in self.rows:
                suffix = re.sub(r"\s*,\s*", ",", key.casefold())
                text = re.sub(r"\s*,\s*", ",", folded)
                if (text == suffix or text.endswith("," + suffix)) and (
                        best is None or len(suffix) > len(best[0])):
                    best = (suffix, found)
            return (True, best[1]) if best else (False, None)
        for key, found in self.rows:
            if key.casefold() == folded if self.match == "exact" else _glob(key).fullmatch(
                    folded):
                return True, found
        return False, None


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob pattern (``*`` any text) as a regular expression, any case."""
    return re.compile(".*".join(re.escape(part) for part in pattern.casefold().split("*")),
                      re.DOTALL)


@dataclass(frozen=True, slots=True)
class Input:
    """One shape of file the source exports."""

    name: str
    format: str  # csv (CSV, XLSX or a ZIP of CSV) | json
    detect: tuple[str, ...]  # csv: fields whose column must be there; json: keys of a row
    rows: str = "."  # json: the dotted path of the rows list ("." the document is one row)
    preamble: re.Pattern[str] | None = None
    multi_value: str | None = None
    personal: frozenset[str] = frozenset()  # columns or paths, folded
    html_unescape: bool = False
    lookup: bool = False  # role: lookup (read for joins only)


@dataclass(frozen=True, slots=True)
class Mapping:
    """How rows become records of one kind."""

    name: str
    inputs: tuple[str, ...]
    kind: str  # an inventory kind key, or sites.networks
    target: tuple[str, ...]  # templates of the file new records go to
    create: bool
    skips: tuple[tuple[Condition, str], ...]
    key: tuple[str, ...]
    ids: tuple[str, ...]  # templates of new records' ids
    vars: dict[str, Expr]
    fields: dict[str, Expr]
    defaults: dict[str, Any]
    owns: frozenset[str]
    newest: Expr | None = None
    parent: Expr | None = None  # sites.networks: the site's id
    where: str = ""


@dataclass(frozen=True, slots=True)
class Preset:
    """A mapping file: a preset or the user's own."""

    name: str
    inputs: dict[str, Input]
    tables: dict[str, Table]
    mappings: tuple[Mapping, ...]


# --- loading -----------------------------------------------------------------------------------

def preset_text(name: str) -> str:
    """The text of a bundled preset."""
    if name not in PRESETS:
        raise BadInput(_("unknown preset '{name}'{hint}; the presets are {names}").format(
            name=name, hint=did_you_mean(name, PRESETS), names=", ".join(PRESETS)))
    folder = resources.files("itready.importer").joinpath("presets")
    return folder.joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def load_preset(name: str) -> Preset:
    """A bundled preset."""
    return parse_mapping(preset_text(name), f"{name}.yaml (preset)")


def load_file(path: Path) -> Preset:
    """A mapping file the user gives with ``--mapping``."""
    from itready.importer.read import read_bounded

    raw = read_bounded(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(_("is not UTF-8 text"), str(path)) from None
    return parse_mapping(text, str(path))


def parse_mapping(text: str, path: str) -> Preset:
    """A mapping file's text, checked; ``BadInput`` with file, line and column."""
    from itready.loader.yaml import YamlError, parse

    try:
        parsed = parse(text)
    except YamlError as exc:
        raise BadInput(exc.message, f"{path}:{exc.line}:{exc.column}") from None
    return _Builder(path, parsed.data, parsed.locator.locate).preset()


TOP_KEYS = ("format", "name", "about", "inputs", "tables", "mappings")
INPUT_KEYS = ("format", "detect", "rows", "preamble", "multi_value", "personal",
              "html_unescape", "role")
TABLE_KEYS = ("match", "rows")
MAPPING_KEYS = ("name", "input", "kind", "parent", "target", "create", "skip", "key", "id",
                "vars", "fields", "defaults", "owns", "newest")
EXPR_KEYS = ("from", "field", "const", "template", "any_of", "join", "select", "value", "order",
             "reduce", "split", "convert", "map", "match", "table", "take", "default",
             "required", "when", "via")
CONDITION_TESTS = ("in", "not_in", "matches", "empty", "present")
JOIN_KEYS = ("input", "where", "equals", "take", "skip_if")
REDUCE = ("all", "any", "first", "sorted-unique")


def target_fields(kind: str) -> tuple[str, ...]:
    """The fields a mapping of ``kind`` may write: os parts as ``os.name`` and so on."""
    if kind == NETWORKS:
        return tuple(NETWORK)
    names = [f for f in FIELDS[KIND_BY_KEY[kind].name] if f != "waivers"]
    if "os" in names:
        names.remove("os")
        names += [f"os.{part}" for part in OS]
    return tuple(names)


class _Builder:
    """Reads the parsed mapping file into typed structures, checking as it goes."""

    def __init__(self, path: str, data: Any, locate: Callable[[tuple], tuple[int, int]]):
        self.path, self.data, self._locate = path, data, locate
        self.tables: dict[str, Table] = {}
        self.inputs: dict[str, Input] = {}

    def at(self, node: tuple) -> str:
        line, column = self._locate(node)
        return f"{self.path}:{line}:{column}"

    def fail(self, message: str, node: tuple) -> BadInput:
        return BadInput(message, self.at(node))

    def mapping_of(self, value: Any, node: tuple, keys: tuple[str, ...], what: str
                   ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(_("{what} must be a mapping").format(what=what), node)
        for key in value:
            if key not in keys:
                raise self.fail(_("unknown key '{key}' in {what}{hint}").format(
                    key=key, what=what, hint=did_you_mean(str(key), keys)), (*node, key))
        return value

    def strings(self, value: Any, node: tuple, what: str) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(i, str) and i for i in items):
            raise self.fail(_("{what} must be a text or a list of texts").format(what=what),
                            node)
        return tuple(items)

    # -- top level ---------------------------------------------------------------------------

    def preset(self) -> Preset:
        top = self.mapping_of(self.data, (), TOP_KEYS, _("a mapping file"))
        if top.get("format") != FORMAT:
            raise self.fail(_("a mapping file starts with 'format: {format}'").format(
                format=FORMAT), ("format",))
        name = top.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
            raise self.fail(_("'name' must be a short lower-case name like intune (it names "
                              "the source in reports and in itready.yaml import.owners)"),
                            ("name",))
        for key, value in (top.get("tables") or {}).items():
            self.tables[key] = self.table(key, value, ("tables", key))
        for key, value in (top.get("inputs") or {}).items():
            self.inputs[key] = self.input(key, value, ("inputs", key))
        mappings = top.get("mappings") or []
        if not isinstance(mappings, list):
            raise self.fail(_("'mappings' must be a list"), ("mappings",))
        built = tuple(self.mapping(m, ("mappings", i)) for i, m in enumerate(mappings))
        return Preset(name, self.inputs, self.tables, built)

    def table(self, name: str, value: Any, node: tuple) -> Table:
        spec = self.mapping_of(value, node, TABLE_KEYS, _("a table"))
        match = spec.get("match", "exact")
        if match not in ("exact", "glob", "dn-suffix"):
            raise self.fail(_("match is exact, glob or dn-suffix"), (*node, "match"))
        rows = []
        for index, row in enumerate(spec.get("rows") or []):
            if not isinstance(row, list) or len(row) != 2 or not isinstance(row[0], str):
                raise self.fail(_("a table row is [key, value]"), (*node, "rows", index))
            rows.append((row[0], row[1]))
        return Table(name, match, tuple(rows))

    def input(self, name: str, value: Any, node: tuple) -> Input:
        spec = self.mapping_of(value, node, INPUT_KEYS, _("an input"))
        fmt = spec.get("format")
        if fmt not in ("csv", "json"):
            raise self.fail(_("format is csv (CSV, XLSX or a ZIP of them) or json"),
                            (*node, "format"))
        preamble = spec.get("preamble")
        try:
            pattern = re.compile(preamble) if isinstance(preamble, str) else None
        except re.error as exc:
            raise self.fail(str(exc), (*node, "preamble")) from None
        if spec.get("role") not in (None, "lookup"):
            raise self.fail(_("role is lookup or absent"), (*node, "role"))
        detect = self.strings(spec.get("detect"), (*node, "detect"), "detect")
        personal = spec.get("personal") or []
        return Input(name, fmt, detect, str(spec.get("rows", ".")), pattern,
                     spec.get("multi_value"), frozenset(str(p).casefold() for p in personal),
                     bool(spec.get("html_unescape")), spec.get("role") == "lookup")

    # -- mappings ----------------------------------------------------------------------------

    def mapping(self, value: Any, node: tuple) -> Mapping:
        spec = self.mapping_of(value, node, MAPPING_KEYS, _("a mapping"))
        kind = spec.get("kind")
        if kind not in KINDS:
            raise self.fail(_("kind must be one of {kinds}{hint}").format(
                kinds=", ".join(KINDS), hint=did_you_mean(str(kind), KINDS)), (*node, "kind"))
        inputs = self.strings(spec.get("input"), (*node, "input"), "input")
        for name in inputs:
            if name not in self.inputs:
                raise self.fail(_("no input '{name}'{hint}").format(
                    name=name, hint=did_you_mean(name, self.inputs)), (*node, "input"))
        known = target_fields(kind)
        fields = {}
        for name, expr in (spec.get("fields") or {}).items():
            self.known_field(name, known, (*node, "fields", name))
            fields[name] = self.expr(expr, (*node, "fields", name))
        variables = {name: self.expr(expr, (*node, "vars", name))
                     for name, expr in (spec.get("vars") or {}).items()}
        defaults = dict(spec.get("defaults") or {})
        for name in defaults:
            self.known_field(name, known, (*node, "defaults", name))
        owns = set()
        for index, name in enumerate(spec.get("owns") or []):
            if name == "os" and "os.name" in known:
                owns |= {"os.name", "os.version", "os.edition"}
                continue
            self.known_field(name, known, (*node, "owns", index))
            owns.add(name)
        key = self.strings(spec.get("key", ["id"]), (*node, "key"), "key")
        for index, name in enumerate(key):
            self.known_field(name, (*known, "id") if kind == NETWORKS else known,
                             (*node, "key", index))
        skips = tuple(self.skip(s, (*node, "skip", i))
                      for i, s in enumerate(spec.get("skip") or []))
        parent = spec.get("parent")
        if (kind == NETWORKS) != (parent is not None):
            raise self.fail(_("a mapping of sites.networks (and only such) needs 'parent': "
                              "where the site id comes from"), node)
        newest = spec.get("newest")
        return Mapping(
            name=str(spec.get("name") or kind), inputs=inputs, kind=kind,
            target=self.strings(spec.get("target", f"{kind.split('.')[0]}-import.yaml"),
                                (*node, "target"), "target"),
            create=bool(spec.get("create", True)), skips=skips, key=key,
            ids=self.strings(spec["id"], (*node, "id"), "id") if "id" in spec else (),
            vars=variables, fields=fields, defaults=defaults, owns=frozenset(owns),
            newest=self.expr(newest, (*node, "newest")) if newest is not None else None,
            parent=self.expr(parent, (*node, "parent")) if parent is not None else None,
            where=self.at(node))

    def known_field(self, name: Any, known: tuple[str, ...], node: tuple) -> None:
        if name not in known:
            raise self.fail(_("unknown field '{name}'{hint}; this kind has {fields}").format(
                name=name, hint=did_you_mean(str(name), known), fields=", ".join(known)), node)

    def skip(self, value: Any, node: tuple) -> tuple[Condition, str]:
        spec = self.mapping_of(value, node, ("if", "reason"), _("a skip rule"))
        if not isinstance(spec.get("reason"), str):
            raise self.fail(_("a skip rule needs a 'reason'"), node)
        return self.condition(spec.get("if"), (*node, "if")), spec["reason"]

    def condition(self, value: Any, node: tuple) -> Condition:
        spec = self.mapping_of(value, node, ("from", "field", *CONDITION_TESTS),
                               _("a condition"))
        tests = [t for t in CONDITION_TESTS if t in spec]
        if len(tests) != 1 or ("from" in spec) == ("field" in spec):
            raise self.fail(_("a condition has 'from' or 'field' and one of {tests}").format(
                tests=", ".join(CONDITION_TESTS)), node)
        source = self.expr({k: spec[k] for k in ("from", "field") if k in spec}, node)
        test = tests[0]
        values = spec[test]
        listed = values if isinstance(values, list) else [values]
        return Condition(source, test, tuple(conversions.text(v).casefold() for v in listed)
                         if test in ("in", "not_in", "matches") else ())

    def expr(self, value: Any, node: tuple) -> Expr:
        if not isinstance(value, dict):
            raise self.fail(_("a field is a mapping like {from: [Column]}"), node)
        spec = self.mapping_of(value, node, EXPR_KEYS, _("a field"))
        sources = [k for k in ("from", "field", "const", "template", "any_of", "join")
                   if k in spec]
        if len(sources) != 1:
            raise self.fail(_("a field takes its value from one of from, field, const, "
                              "template, any_of or join"), node)
        try:
            converts = tuple(conversions.build(spec["convert"])) if "convert" in spec else ()
        except ValueError as exc:
            raise self.fail(str(exc), (*node, "convert")) from None
        table: Any = spec.get("table")
        take = spec.get("take")
        if isinstance(table, dict):
            table, take = table.get("name"), table.get("take")
        if table is not None and table not in self.tables:
            raise self.fail(_("no table '{name}'{hint}").format(
                name=table, hint=did_you_mean(str(table), self.tables)), (*node, "table"))
        if spec.get("reduce") not in (None, *REDUCE):
            raise self.fail(_("reduce is one of {names}").format(names=", ".join(REDUCE)),
                            (*node, "reduce"))
        if spec.get("via") not in (None, "people"):
            raise self.fail(_("via is people (the --people file)"), (*node, "via"))
        mapped = spec.get("map")
        if mapped is not None and not isinstance(mapped, dict):
            raise self.fail(_("map is a mapping of value to value"), (*node, "map"))
        return Expr(
            where=self.at(node),
            aliases=self.strings(spec["from"], (*node, "from"), "from") if "from" in spec
            else (),
            field=spec.get("field"), const=spec.get("const", NOTHING),
            template=spec.get("template"),
            any_of=tuple(self.expr(e, (*node, "any_of", i))
                         for i, e in enumerate(spec.get("any_of") or [])),
            join=self.join(spec["join"], (*node, "join")) if "join" in spec else None,
            select=self.select(spec["select"], (*node, "select")) if "select" in spec
            else None,
            value=spec.get("value"), order=self.order(spec.get("order"), (*node, "order")),
            reduce=spec.get("reduce"), split=spec.get("split"), converts=converts,
            map={conversions.text(k).casefold(): v for k, v in mapped.items()}
            if mapped is not None else None,
            glob=spec.get("match") == "glob", table=table, take=take,
            default=spec.get("default", NOTHING), required=bool(spec.get("required")),
            when=self.condition(spec["when"], (*node, "when")) if "when" in spec else None,
            people=spec.get("via") == "people")

    def join(self, value: Any, node: tuple) -> Join:
        spec = self.mapping_of(value, node, JOIN_KEYS, _("a join"))
        missing = [k for k in ("input", "where", "equals", "take") if k not in spec]
        if missing:
            raise self.fail(_("a join needs {keys}").format(keys=", ".join(missing)), node)
        if spec["input"] not in self.inputs:
            raise self.fail(_("no input '{name}'").format(name=spec["input"]),
                            (*node, "input"))
        skip_if = spec.get("skip_if")
        return Join(spec["input"], spec["where"], spec["equals"], spec["take"],
                    self.condition(skip_if, (*node, "skip_if")) if skip_if else None)

    def select(self, value: Any, node: tuple) -> tuple[tuple[Test, ...], ...]:
        alternatives = value["any"] if isinstance(value, dict) and set(value) == {"any"} \
            else [value]
        return tuple(self.tests(a, node) for a in alternatives)

    def tests(self, value: Any, node: tuple) -> tuple[Test, ...]:
        if not isinstance(value, dict):
            raise self.fail(_("select is a mapping of member to wanted values"), node)
        tests = []
        for key, wanted in value.items():
            if wanted == "present":
                tests.append(Test(key, "present"))
            elif isinstance(wanted, dict) and len(wanted) == 1 and \
                    next(iter(wanted)) in ("in", "not_in", "matches"):
                test, listed = next(iter(wanted.items()))
                listed = listed if isinstance(listed, list) else [listed]
                tests.append(Test(key, test, tuple(conversions.text(v).casefold()
                                                   for v in listed)))
            else:
                listed = wanted if isinstance(wanted, list) else [wanted]
                tests.append(Test(key, "in", tuple(conversions.text(v).casefold()
                                                   for v in listed)))
        return tuple(tests)

    def order(self, value: Any, node: tuple) -> tuple[str, tuple[str, ...]] | None:
        if value is None:
            return None
        if not isinstance(value, dict) or len(value) != 1:
            raise self.fail(_("order is {member: [values in order]}"), node)
        key, listed = next(iter(value.items()))
        return key, tuple(conversions.text(v).casefold() for v in listed)
