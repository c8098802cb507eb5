"""The condition language of YAML rules, compiled to closures: data in, no code run.

A condition is a mapping with one operator:

* ``all: [c, ...]``, ``any: [c, ...]``, ``not: c``
* a test of one fact: ``{fact: NAME, OP: VALUE}`` with OP one of ``eq``, ``ne``, ``in``,
  ``not_in``, ``lt``, ``le``, ``gt``, ``ge``, ``matches`` (a regular expression), ``present``
  (true/false), ``before``/``after`` (dates; ``today``, ``today+180d``, ``today-5y``).
  ``matches`` takes RE2 syntax (``google-re2``, a required dependency): a search that runs in
  time linear in the text, whatever the pattern, so that a rule file from a merge request
  cannot stall a CI run; a pattern RE2 cannot compile (backreferences, look-around) is an
  input error. It tests the fact as YAML writes it: ``true``/``false``, ISO dates.
  ``lt``, ``le``, ``gt`` and ``ge`` compare dates too when the value is such a date.

A date in the past relative to today reads as an age (``itready.rules.dates``):
``{fact: purchased, before: today-5y}`` holds when the device turned 5 years old before today,
i.e. is older than 5 years; ``after: today-5y`` when it turns 5 after today. A purchase on
2023-02-28 turns 5 on 2028-02-28, a purchase on 29 February on 28 February in a year without one.

A value may name a rule parameter as ``$name`` (``{fact: ram_gb, lt: $min_gb}``; in dates:
``today+${days}d``). A fact that is absent (``None``) fails every comparison except ``ne``,
``not_in`` and ``present: false``: an unrecorded value never passes as compliant.
Compilation checks every name, so a typo in a rule file is an input error, not a silent pass.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from itready.i18n import _
from itready.rules.dates import earliest_start, latest_start, shift
from itready.rules.facts import FACTS, Context, spell

Predicate = Callable[[Any], bool]
Filter = Callable[[list[Any]], list[Any]]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "before": operator.lt,
    "after": operator.gt,
}
OPERATORS = (*_COMPARE, "in", "not_in", "matches", "present")
_RELATIVE = re.compile(r"today(?:([+-])(\d+)([dmy]))?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARAM = re.compile(r"\$\{(\w+)\}|\$(\w+)")


class ConditionError(Exception):
    """A condition that cannot be compiled; ``path`` says where inside the condition."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()):
        super().__init__(message)
        self.message = message
        self.path = path


def compile_condition(expr: Any, target: str, ctx: Context, params: Mapping[str, Any],
                      path: tuple[str | int, ...] = ()) -> Predicate:
    """A predicate over records of kind ``target``."""
    if not isinstance(expr, dict) or not expr:
        raise ConditionError(_("a condition is a mapping such as {example}").format(
            example="{fact: kind, eq: laptop}"), path)
    if "fact" not in expr:
        if len(expr) != 1:
            raise ConditionError(_("use one of all, any, not or fact per condition"), path)
        (op, arg), = expr.items()
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise ConditionError(_("'{operator}' takes a list of conditions").format(
                    operator=op), (*path, op))
            parts = [compile_condition(e, target, ctx, params, (*path, op, i))
                     for i, e in enumerate(arg)]
            # Chained closures: no generator per record, short-circuit as written.
            return functools.reduce(_both if op == "all" else _either, parts)
        if op == "not":
            inner = compile_condition(arg, target, ctx, params, (*path, op))
            return lambda record: not inner(record)
        raise ConditionError(_("unknown operator '{operator}'; use all, any, not or "
                               "fact").format(operator=op), (*path, op))
    return _predicate(*_fact_test(expr, target, ctx, params, path))


def _predicate(get: Callable[[Any], Any], op: str, value: Any) -> Predicate:
    if op == "present":
        wanted = bool(value)
        return lambda record: (get(record) is not None) is wanted
    if op == "in":
        return lambda record: get(record) in value
    if op == "not_in":
        return lambda record: get(record) not in value
    if op == "matches":  # the value as the inventory writes it: true, not True
        search = value.search
        return lambda record: (v := get(record)) is not None and search(
            v if type(v) is str else spell(v)) is not None
    if op == "ne":
        return lambda record: get(record) != value
    if op == "eq":
        return lambda record: get(record) == value if value is not None else False
    compare = _COMPARE[op]

    def test(record: Any) -> bool:
        actual = get(record)
        if actual is None:
            return False
        try:
            return bool(compare(actual, value))
        except TypeError:
            return False
    return test


def compile_filter(expr: Any, target: str, ctx: Context, params: Mapping[str, Any],
                   path: tuple[str | int, ...] = ()) -> Filter:
    """The records of a list that a condition admits, in order.

    The same answer as testing each record with ``compile_condition``, faster where rules
    spend their time: an ``all`` narrows step by step, and the tests that filters use most
    (``eq``, ``ne``, ``in``) run as ``map`` and ``compress`` over the getters, with C-level
    comparisons instead of a Python call per record.
    """
    if isinstance(expr, dict) and len(expr) == 1 and isinstance(expr.get("all"), list) \
            and expr["all"]:
        steps = [compile_filter(e, target, ctx, params, (*path, "all", i))
                 for i, e in enumerate(expr["all"])]

        def narrowed(records: list[Any]) -> list[Any]:
            for step in steps:
                records = step(records)
            return records
        return narrowed
    if not (isinstance(expr, dict) and "fact" in expr):
        test = compile_condition(expr, target, ctx, params, path)
        return lambda records: [record for record in records if test(record)]
    get, op, value = _fact_test(expr, target, ctx, params, path)
    keep: Callable[[Any], Any] | None = None
    if op == "eq" and value is not None:
        keep = functools.partial(operator.eq, value)
    elif op == "ne":
        keep = functools.partial(operator.ne, value)
    elif op == "in":
        keep = value.__contains__
    if keep is None:
        test = _predicate(get, op, value)
        return lambda records: [record for record in records if test(record)]
    return lambda records: list(itertools.compress(records, map(keep, map(get, records))))


def _fact_test(expr: dict[str, Any], target: str, ctx: Context, params: Mapping[str, Any],
               path: tuple[str | int, ...]) -> tuple[Callable[[Any], Any], str, Any]:
    """(getter, operator, value) of a fact test, checked: ``in`` and ``not_in`` values as a
    frozenset, ``matches`` as a compiled pattern, dates resolved."""
    facts = FACTS[target]
    name = expr["fact"]
    if name not in facts:
        from itready.errors import did_you_mean

        raise ConditionError(_("unknown fact '{fact}' of a {target}").format(
            fact=name, target=target) + did_you_mean(str(name), facts), (*path, "fact"))
    ops = [k for k in expr if k != "fact"]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        raise ConditionError(_("a fact test takes exactly one of {operators}").format(
            operators=", ".join(OPERATORS)), path)
    op = ops[0]
    get = facts[name](ctx)
    value = _value(expr[op], params, ctx.as_of, (*path, op))
    if op in ("in", "not_in"):
        if not isinstance(value, list):
            raise ConditionError(_("'{operator}' takes a list").format(operator=op),
                                 (*path, op))
        value = frozenset(value)
    elif op == "matches":
        value = compile_pattern(value, (*path, op))
    elif op in ("before", "after") or (op in ("lt", "le", "gt", "ge") and _is_date(value)):
        value = _date(value, ctx.as_of, (*path, op), op)
    return get, op, value


_YAML_BOOL = {True: "true", False: "false"}
#: Most memory RE2 may use for one pattern; a pattern that needs more is refused, not slow.
PATTERN_MEMORY = 8 << 20


def compile_pattern(pattern: Any, path: tuple[str | int, ...] = ()) -> Any:
    """A ``matches`` pattern compiled by RE2 (linear-time search), or a ConditionError that
    says why RE2 refuses it."""
    import re2

    if isinstance(pattern, bool):
        pattern = _YAML_BOOL[pattern]
    options = re2.Options()
    options.log_errors = False  # RE2 would print to standard error; the error says it all
    options.max_mem = PATTERN_MEMORY
    try:
        return re2.compile(str(pattern), options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ConditionError(_(
            "invalid regular expression {pattern}: {reason} (matches takes RE2 syntax: no "
            "backreferences, no look-around)").format(pattern=repr(str(pattern)),
                                                      reason=reason), path) from None


def _both(first: Predicate, second: Predicate) -> Predicate:
    return lambda record: first(record) and second(record)


def _either(first: Predicate, second: Predicate) -> Predicate:
    return lambda record: first(record) or second(record)


def _value(raw: Any, params: Mapping[str, Any], as_of: date, path: tuple) -> Any:
    if isinstance(raw, list):
        return [_value(v, params, as_of, path) for v in raw]
    if not isinstance(raw, str) or "$" not in raw:
        return raw
    whole = _PARAM.fullmatch(raw)
    if whole:
        name = whole.group(1) or whole.group(2)
        if name not in params:
            raise ConditionError(_("unknown parameter ${name}").format(name=name), path)
        return params[name]

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name not in params:
            raise ConditionError(_("unknown parameter ${name}").format(name=name), path)
        return str(params[name])
    return _PARAM.sub(substitute, raw)


def _is_date(value: Any) -> bool:
    """A value that names a date: an ordering test against it compares dates, not text."""
    if isinstance(value, date):
        return True
    if not isinstance(value, str):
        return False
    text = value.replace(" ", "")
    return bool(_RELATIVE.fullmatch(text) or _ISO_DATE.fullmatch(text))


def _date(value: Any, as_of: date, path: tuple, op: str) -> date:
    """The date to compare with. ``today-N<unit>`` is an age: for ``before``, ``lt`` and ``ge``
    the earliest date not yet N old before today, for the others the latest date N old by
    today, so that ``date OP value`` answers "turned N old OP today"."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _RELATIVE.fullmatch(value.replace(" ", ""))
        if match:
            if not match.group(1):
                return as_of
            amount, unit = int(match.group(2)), match.group(3)
            if match.group(1) == "+":
                return shift(as_of, amount, unit)
            if op in ("before", "lt", "ge"):
                return earliest_start(as_of, amount, unit)
            return latest_start(as_of, amount, unit)
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConditionError(_("'{value}' is not a date (2026-03-31, today, today+180d, "
                           "today-5y)").format(value=value), path)
