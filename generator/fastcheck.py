"""A profile schema compiled to plain Python checks: the valid file passes in microseconds.

Cerberus was ~85 % of reading a tree (6.3 ms a node: it normalises and re-expands the schema
for every sub-document). Most files are valid, and for them a yes is all that is needed; the
Chinese ``file:line: 字段…`` messages come from cerberus's errors. So a file is checked here
first, and only a file that fails (or that this checker is unsure of) goes to cerberus, which
then says what is wrong exactly as before.

The checks are stricter than cerberus, never looser: a value this checker accepts, cerberus
accepts (tests/test_fastcheck.py compares them on every profile and on mutated ones). A
schema using a rule not compiled here gets no checker (``compile_schema`` returns None), so
cerberus judges every file, as before.

A form definition (generator/forms/definitions.py) needs ``anyof`` (a cell is text or a
mapping, a row one of five shapes) and cerberus's normalised document (its ``default`` values):
``normalized`` gives that document for a definition the checks passed, so a cold draft with
the cache off neither imports cerberus nor expands the form schema (~40 ms).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Hashable
from typing import Any

Check = Callable[[Any], bool]
_RULES = {"type", "schema", "required", "min", "max", "allowed", "nullable", "keysrules", "valuesrules",
          "regex", "empty", "minlength", "maxlength", "anyof", "default"}


class _Unsupported(Exception):
    pass


def _type_check(name: str | list) -> Check:
    # exact types only: a subclass cerberus would accept goes to cerberus (it is stricter here)
    if isinstance(name, list):  # cerberus: any one of the types
        if not name:
            raise _Unsupported(name)
        kinds = [_type_check(n) for n in name]
        return lambda v: any(k(v) for k in kinds)
    if name == "string":
        return lambda v: type(v) is str
    if name == "integer":
        return lambda v: type(v) is int
    if name == "boolean":
        return lambda v: type(v) is bool
    if name == "number":
        return lambda v: type(v) in (int, float)
    if name == "date":
        return lambda v: type(v) is dt.date
    if name == "list":
        return lambda v: type(v) is list
    if name == "dict":
        return lambda v: type(v) is dict
    raise _Unsupported(name)


def _field(rules: dict) -> Check:
    """The checks of one field's rules, in one function."""
    if not isinstance(rules, dict) or set(rules) - _RULES:
        raise _Unsupported(rules)
    checks: list[Check] = []
    kind = rules.get("type")
    if kind is not None:
        if not isinstance(kind, str | list):
            raise _Unsupported(kind)
        checks.append(_type_check(kind))
    if rules.get("empty") is False:
        checks.append(lambda v: not (isinstance(v, str | list | dict) and len(v) == 0))
    if "allowed" in rules:
        allowed = frozenset(rules["allowed"])
        checks.append(lambda v: (all(type(x) is str and x in allowed for x in v) if type(v) is list
                                 else type(v) is str and v in allowed))
    if "min" in rules:
        low = rules["min"]
        checks.append(lambda v: type(v) in (int, float) and v >= low)
    if "max" in rules:
        high = rules["max"]
        checks.append(lambda v: type(v) in (int, float) and v <= high)
    if "minlength" in rules:
        shortest = rules["minlength"]
        checks.append(lambda v: isinstance(v, str | list | dict) and len(v) >= shortest)
    if "maxlength" in rules:
        longest = rules["maxlength"]
        checks.append(lambda v: isinstance(v, str | list | dict) and len(v) <= longest)
    if "regex" in rules:
        pattern = re.compile(rules["regex"])
        checks.append(lambda v: type(v) is str and pattern.fullmatch(v) is not None)
    if "schema" in rules:
        sub = rules["schema"]
        if kind == "dict":
            mapping = compile_mapping(sub)
            checks.append(mapping)
        elif kind == "list":
            item = _field(sub)
            checks.append(lambda v: all(item(x) for x in v))
        else:
            raise _Unsupported(rules)
    if "keysrules" in rules or "valuesrules" in rules:
        if kind != "dict":
            raise _Unsupported(rules)
        key = _field(rules.get("keysrules", {}))
        value = _field(rules.get("valuesrules", {}))
        checks.append(lambda v: all(key(k) and value(x) for k, x in v.items()))
    if "anyof" in rules:
        alternatives = rules["anyof"]
        if not isinstance(alternatives, list) or not alternatives:
            raise _Unsupported(rules)
        # cerberus checks each alternative with the field's own type when it names none
        inherited = {"type": kind} if kind is not None else {}
        options = [_field({**inherited, **alt} if isinstance(alt, dict) and "type" not in alt else alt)
                   for alt in alternatives]
        checks.append(lambda v: any(o(v) for o in options))
    # a null value: cerberus's nullable (with anyof, cerberus's own call: it words the error)
    nullable = bool(rules.get("nullable")) and "anyof" not in rules

    def check(v: Any) -> bool:
        if v is None:
            return nullable
        return all(c(v) for c in checks)

    return check


def compile_mapping(schema: dict) -> Check:
    """A document (a dict) against a mapping schema: no unknown field, the required ones there."""
    fields = {name: _field(rules) for name, rules in schema.items()}
    # cerberus fills a missing field's default and then validates it: a default its own rules
    # refuse makes the field as good as required
    required = frozenset(n for n, r in schema.items()
                         if r.get("required") or ("default" in r and not fields[n](r["default"])))

    def check(doc: Any) -> bool:
        if type(doc) is not dict or not required <= doc.keys():
            return False
        for k, v in doc.items():
            f = fields.get(k)
            if f is None or not f(v):
                return False
        return True

    return check


def compile_schema(schema: dict) -> Check | None:
    """A checker that says True only for documents cerberus would accept; None when the
    schema uses a rule it does not know (then cerberus checks everything)."""
    try:
        return compile_mapping(schema)
    except _Unsupported:
        return None


#: schema key → (the schema, its checker); the schema is held so that its id, the default key,
#: cannot be reused by another dict while it is here
_COMPILED: dict[Hashable, tuple[dict, Check | None]] = {}


def fast_valid(data: Any, schema: dict, key: Hashable | None = None) -> bool:
    """True when the compiled checks pass: then cerberus would accept ``data`` too. False
    means "ask cerberus", which also words what is wrong. ``key`` names a schema built afresh
    for each call (a rule's params); a module constant is known by its id."""
    key = ("id", id(schema)) if key is None else key
    if key not in _COMPILED:
        _COMPILED[key] = (schema, compile_schema(schema))
    check = _COMPILED[key][1]
    return check is not None and check(data)


def normalized(doc: dict, schema: dict) -> dict:
    """``doc`` as cerberus's normalisation leaves it (``Validator.document``), for a document
    the compiled checks passed: a missing field, or a null one not nullable, takes a copy of
    its ``default``, through the sub-schemas as cerberus walks them (not into ``anyof``
    alternatives: cerberus checks those without normalising)."""
    out = dict(doc)
    for name, rules in schema.items():
        if "default" in rules and (name not in out or out[name] is None and not rules.get("nullable")):
            out[name] = copy.deepcopy(rules["default"])
    return {k: _normalized_value(v, schema.get(k, {})) for k, v in out.items()}


def _normalized_value(value: Any, rules: dict) -> Any:
    if isinstance(value, dict):
        if "valuesrules" in rules:
            value = {k: _normalized_item(v, rules["valuesrules"]) for k, v in value.items()}
        return normalized(value, rules["schema"]) if "schema" in rules else value
    if isinstance(value, list) and "schema" in rules:
        return [_normalized_item(v, rules["schema"]) for v in value]
    return value


def _normalized_item(value: Any, rules: dict) -> Any:
    """A list item or mapping value: cerberus normalises it as the one field of a sub-document."""
    return normalized({0: value}, {0: rules})[0]
