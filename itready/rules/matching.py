"""Condition rules over the records of a run: ``where`` prefixes shared, messages compiled.

A condition rule (``checks/*.yaml`` and an organisation's own rules) names the records it looks
at (``where``) and what must not hold for them (``condition``), in the condition language of
``itready.rules.conditions``. Its message is a template over facts and parameters, compiled once
per rule so that each finding only reads its facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from itready import model
from itready.i18n.labels import labeller
from itready.rules.builtin import Hit
from itready.rules.catalogue import Rule
from itready.rules.conditions import compile_filter
from itready.rules.facts import FACTS, Context, say

_PLACEHOLDER = re.compile(r"\{([\w.]+)\}")


def compile_message(template: str, target: str, ctx: Context, params: dict[str, Any]
                    ) -> Callable[[Any], str]:
    """A rule's message as a function of a record: ``{fact}`` placeholders become getters and
    ``{parameter}`` their value once, so that each finding only reads its facts. Values are
    written for people in the run's language (``facts.say``; ``{kind}``, ``{status}`` and the
    work model by their labels, ``itready.i18n.labels``). An unknown name stays as written."""
    facts = FACTS[target]
    texts: list[str] = []
    getters: list[tuple[int, Callable[[Any], Any]]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        texts.append(template[last:match.start()])
        name = match.group(1)
        if name in facts:
            get = facts[name](ctx)
            label = labeller(name)
            if label is not None:  # an inventory token shown by its label: "Laptop"
                get = _labelled(get, label)
            getters.append((len(texts), get))
            texts.append("")
        else:
            texts.append(say(params[name]) if name in params else match.group(0))
        last = match.end()
    texts.append(template[last:])

    def message(record: Any) -> str:
        parts = texts.copy()
        for index, get in getters:
            parts[index] = say(get(record))
        return "".join(parts)
    return message


def _labelled(get: Callable[[Any], Any], label: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda record: label(get(record))


class ConditionRules:
    """Runs condition rules over one run's records. Rules share their ``where`` or its first
    tests (every computer in use, ... that runs Windows): an ``all`` narrows the records its
    first tests admitted, and each prefix is computed once a run."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._admitted: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[Any]] = {}

    def hits(self, rule: Rule, params: dict[str, Any]) -> list[Hit]:
        """The records the rule finds, with their messages. Raises ``ConditionError``."""
        ctx = self.ctx
        condition = compile_filter(rule.condition, rule.target, ctx, params, ("condition",))
        message = compile_message(rule.message or f"{{id}}: {rule.title}", rule.target, ctx,
                                  params)
        path = tuple(rule.field.split(".")) if rule.field else ()
        if rule.where:
            records = self.admitted(rule.where, rule.target, params, ("where",))
        else:
            records = list(getattr(ctx.inventory, model.KIND_BY_NAME[rule.target].key))
        return [Hit(record, message(record), field=rule.field, path=path)
                for record in condition(records)]

    def admitted(self, where: Any, target: str, params: dict[str, Any],
                 path: tuple[str | int, ...]) -> list[Any]:
        """The records of ``target`` that ``where`` admits."""
        text = repr(where)
        used = tuple(sorted((name, repr(value)) for name, value in params.items() if "$" in text
                            and (f"${name}" in text or f"${{{name}}}" in text)))
        key = (target, text, used)
        if key not in self._admitted:
            parts = where.get("all") if isinstance(where, dict) and len(where) == 1 else None
            if isinstance(parts, list) and len(parts) > 1:
                first = {"all": parts[:-1]} if len(parts) > 2 else parts[0]
                first_path = path if len(parts) > 2 else (*path, "all", 0)
                records = self.admitted(first, target, params, first_path)
                where, path = parts[-1], (*path, "all", len(parts) - 1)
            else:
                records = getattr(self.ctx.inventory, model.KIND_BY_NAME[target].key)
            self._admitted[key] = compile_filter(where, target, self.ctx, params, path)(
                list(records))
        return self._admitted[key]
