"""The condition language: a filter admits exactly the records its predicate admits.

``compile_filter`` is the fast way rules run (map and compress over C getters, ``all`` narrowed
step by step); ``compile_condition`` is the plain definition. They must agree on every record.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT

from itready import load
from itready.model import KIND_BY_NAME
from itready.rules.catalogue import load_catalogue
from itready.rules.conditions import ConditionError, compile_condition, compile_filter
from itready.rules.facts import Context

AS_OF = date(2026, 11, 27)

EXPRESSIONS = [
    {"fact": "status", "eq": "in-use"},
    {"fact": "status", "ne": "in-use"},
    {"fact": "encrypted", "eq": True},
    {"fact": "encrypted", "ne": True},  # absent counts as not compliant
    {"fact": "tpm", "eq": None},
    {"fact": "kind", "in": ["laptop", "tablet"]},
    {"fact": "kind", "not_in": ["laptop", "tablet"]},
    {"fact": "ram_gb", "lt": 16},
    {"fact": "ram_gb", "ge": 16},
    {"fact": "ram_gb", "gt": "16"},  # text against numbers: no record passes, no error
    {"fact": "model", "le": "M"},
    {"fact": "os_eol", "after": "today+1y"},
    {"fact": "os_eol", "le": "2027-01-01"},
    {"fact": "purchased", "before": "today-5y"},
    {"fact": "model", "matches": "^Think"},
    {"fact": "assigned_to", "present": False},
    {"fact": "assigned_to", "present": True},
    {"fact": "tpm", "present": True},
    {"all": [{"fact": "computer", "eq": True}, {"fact": "status", "eq": "in-use"},
             {"fact": "os.name", "eq": "windows"}]},
    {"any": [{"fact": "tpm", "ne": "2.0"}, {"fact": "secure_boot", "ne": True}]},
    {"not": {"fact": "mobile", "eq": True}},
    {"all": [{"fact": "mobile", "eq": True},
             {"any": [{"fact": "mdm", "ne": True}, {"fact": "encrypted", "eq": False}]}]},
]


@pytest.fixture(scope="module")
def context() -> Context:
    result = load(ROOT / "inventories" / "musterstadt", cache=None)
    assert not result.errors
    return Context(result.inventory, AS_OF)


def admitted(expr: dict, target: str, ctx: Context, params: dict) -> tuple[list, list]:
    records = list(getattr(ctx.inventory, KIND_BY_NAME[target].key))
    test = compile_condition(expr, target, ctx, params)
    by_predicate = [r for r in records if test(r)]
    return compile_filter(expr, target, ctx, params)(records), by_predicate


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=lambda e: str(e)[:60])
def test_filter_agrees_with_predicate(expr: dict, context: Context) -> None:
    fast, plain = admitted(expr, "device", context, {})
    assert [r.id for r in fast] == [r.id for r in plain]


def test_every_bundled_where_and_condition_agree(context: Context) -> None:
    catalogue, _ = load_catalogue()
    compared = 0
    for rule in catalogue:
        params = rule.params(context.policy)
        for expr in (rule.where, rule.condition):
            if expr:
                fast, plain = admitted(expr, rule.target, context, params)
                assert [r.id for r in fast] == [r.id for r in plain], rule.id
                compared += 1
    assert compared >= 20


def test_some_expressions_admit_some_records_and_not_all(context: Context) -> None:
    """The comparison above means something only if the filters split the records."""
    total = len(context.inventory.devices)
    sizes = {len(admitted(e, "device", context, {})[0]) for e in EXPRESSIONS}
    assert any(0 < size < total for size in sizes) and len(sizes) > 5


@pytest.mark.parametrize(("expr", "path"), [
    ({"all": [{"fact": "status", "eq": "in-use"}, {"fact": "colour", "eq": "red"}]},
     ("all", 1, "fact")),
    ({"all": []}, ("all",)),
    ({"fact": "kind", "in": "laptop"}, ("in",)),
])
def test_filter_reports_errors_where_the_predicate_does(expr: dict, path: tuple,
                                                        context: Context) -> None:
    for compile_ in (compile_condition, compile_filter):
        with pytest.raises(ConditionError) as raised:
            compile_(expr, "device", context, {})
        assert raised.value.path == path

