"""The bundled rule files take the fast YAML route without its guard: prove that is safe.

``catalogue._read_rules`` parses the bundled files with ``guard=False`` (the guard would send
four of six to the slow exact parser for harmless backticks and flow mappings). That holds only
while the fast route reads every bundled file exactly as the exact route does, and every rule's
line and column agree.
"""

from __future__ import annotations

import pytest

from itready.loader.yaml import FAST_AVAILABLE, parse, parse_exact
from itready.rules.catalogue import bundled_files, load_catalogue

BUNDLED = dict(bundled_files())

pytestmark = pytest.mark.skipif(not FAST_AVAILABLE, reason="rapidyaml is not installed")


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_fast_route_reads_each_bundled_file_as_the_exact_route(name: str) -> None:
    assert parse(BUNDLED[name], guard=False).data == parse_exact(BUNDLED[name])[0]


def test_every_bundled_rule_is_placed_where_the_exact_parser_puts_it() -> None:
    catalogue, errors = load_catalogue()
    assert not errors
    trees = {name: parse_exact(text)[1] for name, text in BUNDLED.items()}
    seen = {name: 0 for name in BUNDLED}
    for rule in catalogue:
        index = seen[rule.source]
        seen[rule.source] += 1
        assert (rule.line, rule.column) == trees[rule.source].locate((index,)), rule.id
    assert sum(seen.values()) == len(catalogue.rules) >= 38
