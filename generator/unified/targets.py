"""Check one operation's mapping against the vendor's lowered spec and the canonical model.

Every canonical field is declared exactly once (mapped, or unsupported with a reason); every target field
exists in that part of the operation (path, query, headers, body; for a call without a body, the success
response at `read_root`) and its type agrees with the transform; a value table covers every canonical value;
a canonical limit wider than the vendor's is a warning that says what the vendor will reject.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.diagnostics import SpecPath
from generator.lower.checks import json_type_matches
from generator.lower.report import Reporter, suggest_or_list
from generator.unified.model import Entry, OperationMapping


def check_operation(
    report: Reporter,
    vendor: ir.Vendor,
    operation: ir.Operation,
    model: ir.Schema,
    data: Mapping[str, Any],
    path: SpecPath,
) -> OperationMapping | None:
    """The operation's checked mapping, or None when it has errors (all of them reported)."""
    errors_before = len(report.diag.errors)
    canonical = {prop.wire_name: prop for prop in model.properties}
    parts = _parts(report, operation, data, path)
    _check_candidate_id(report, operation, parts, data, path)
    declared: dict[str, SpecPath] = {}
    entries = tuple(
        _entry(report, canonical, parts, declared, entry, path + ("map", index))
        for index, entry in enumerate(data["map"])
    )
    for name in canonical:
        if name not in declared:
            report.error(
                path + ("map",),
                f"the canonical field {name!r} is not declared for {vendor.id}.{operation.id}: map it, or "
                "declare it `transform: unsupported` with a reason",
                at_key=True,
            )
    if len(report.diag.errors) > errors_before:
        return None
    return OperationMapping(vendor.id, operation.id, entries, dict(data), report.loc(path))


def _check_candidate_id(
    report: Reporter,
    operation: ir.Operation,
    parts: Mapping[str, ir.Schema] | None,
    data: Mapping[str, Any],
    path: SpecPath,
) -> None:
    """The id goes where a string fits; a path parameter is always required, so one must receive it."""
    target = data.get("candidate_id")
    if target is not None and parts is not None:
        found = _resolve(report, parts, target, path + ("candidate_id",))
        if found is not None and not _takes(found.schema, "string"):
            report.error(path + ("candidate_id",), f"{target} does not take a string id")
    filled = {target} | {entry.get("to") for entry in data["map"]}
    for param in operation.request.path.properties:
        if f"path.{param.wire_name}" not in filled:
            report.error(
                path,
                f"the path parameter {param.wire_name!r} of {operation.path} is not filled: declare "
                f"`candidate_id: path.{param.wire_name}`",
                at_key=True,
            )


def _entry(
    report: Reporter,
    canonical: Mapping[str, ir.Field],
    parts: Mapping[str, ir.Schema] | None,
    declared: dict[str, SpecPath],
    entry: Mapping[str, Any],
    path: SpecPath,
) -> Entry:
    sources = _sources(entry)
    _check_arity(report, entry, sources, path)
    for name in sources:
        _declare_once(report, canonical, declared, name, path)
    target_field = None
    # Without the operation's parts (a misdeclared read) the targets cannot be checked: that is reported.
    if "to" in entry and parts is not None:
        target_field = _resolve(report, parts, entry["to"], path + ("to",))
    if target_field is not None and all(name in canonical for name in sources):
        schemas = [canonical[name].schema for name in sources]
        _check_types(report, entry, schemas, target_field, path)
    return Entry(entry["transform"], sources, entry.get("to"), target_field, report.loc(path))


def _sources(entry: Mapping[str, Any]) -> tuple[str, ...]:
    value = entry.get("from", ())
    return (value,) if isinstance(value, str) else tuple(value)


def _check_arity(
    report: Reporter, entry: Mapping[str, Any], sources: tuple[str, ...], path: SpecPath
) -> None:
    """A join reads exactly two canonical fields (its split rule gives back two); the rest read one."""
    wanted = 2 if entry["transform"] == "join" else 1
    if "from" in entry and len(sources) != wanted:
        words = "two canonical fields, split back at one separator" if wanted == 2 else "one field"
        report.error(
            path + ("from",), f"a {entry['transform']} reads {words}; this one names {len(sources)}"
        )


def _declare_once(
    report: Reporter,
    canonical: Mapping[str, ir.Field],
    declared: dict[str, SpecPath],
    name: str,
    entry_path: SpecPath,
) -> None:
    if name not in canonical:
        report.error(
            entry_path + ("from",),
            f"unknown canonical field {name!r}"
            + suggest_or_list(name, canonical, "canonical fields"),
        )
    elif name in declared:
        report.error(
            entry_path + ("from",),
            f"the canonical field {name!r} is already declared at map[{declared[name][-1]}]; "
            "declare each field once",
        )
    else:
        declared[name] = entry_path


def _parts(
    report: Reporter, operation: ir.Operation, data: Mapping[str, Any], path: SpecPath
) -> dict[str, ir.Schema] | None:
    """The operation's parts by name, which targets name; None after reporting why they cannot be known.

    A read (a call without a request body) declares `read_root`: its body part is the success response's
    candidate object there.
    """
    request = operation.request
    parts = {"path": request.path, "query": request.query, "headers": request.headers}
    read_root = data.get("read_root")
    if read_root is not None and request.body is not None:
        report.error(
            path + ("read_root",),
            f"read_root is for a read; {operation.id} sends a request body, which its body targets name",
            at_key=True,
        )
        return None
    if request.body is not None:
        return {**parts, "body": request.body.schema}
    if read_root is None:
        if any(str(entry.get("to", "")).startswith("body.") for entry in data["map"]):
            report.error(
                path,
                f"{operation.id} sends no request body: a read declares `read_root`, the JSON pointer to "
                "the candidate in its success response, which its body targets then name",
                at_key=True,
            )
            return None
        return parts
    found = _at_pointer(_success_body(operation), read_root)
    if found is None:
        report.error(
            path + ("read_root",),
            f"the success response of {operation.id} has no object at {read_root!r}",
        )
        return None
    return {**parts, "body": found}


def _at_pointer(schema: ir.Schema | None, pointer: str) -> ir.Schema | None:
    for token in pointer.split("/")[1:]:
        found = _property(schema, token.replace("~1", "/").replace("~0", "~")) if schema else None
        schema = found.schema if found is not None else None
    return schema


def _success_body(operation: ir.Operation) -> ir.Schema | None:
    for response in sorted(operation.responses, key=lambda r: r.status):
        if response.status.startswith("2") and response.body is not None:
            return response.body
    return None


def _property(schema: ir.Schema, name: str) -> ir.Field | None:
    return next((prop for prop in schema.properties if prop.wire_name == name), None)


def _resolve(
    report: Reporter, parts: Mapping[str, ir.Schema], target: str, path: SpecPath
) -> ir.Field | None:
    """The vendor field a target names (`body.application.job_id`), or None after reporting why not."""
    part, *names = target.split(".")
    schema = parts.get(part)
    if schema is None:
        report.error(path, f"the operation has no {part} part (it has: {', '.join(sorted(parts))})")
        return None
    found: ir.Field | None = None
    for depth, name in enumerate(names):
        found = _property(schema, name)
        if found is None:
            where = ".".join([part, *names[:depth]])
            options = [prop.wire_name for prop in schema.properties]
            report.error(
                path, f"{where} has no field {name!r}" + suggest_or_list(name, options, "fields")
            )
            return None
        schema = found.schema
    return found


def _takes(schema: ir.Schema, json_type: str) -> bool:
    types = schema.types or ir.JSON_TYPES
    return json_type in types or (json_type == "integer" and "number" in types)


def _check_types(
    report: Reporter,
    entry: Mapping[str, Any],
    sources: list[ir.Schema],
    target: ir.Field,
    path: SpecPath,
) -> None:
    transform = entry["transform"]
    # How warnings name the canonical side: `canonical note`, `canonical first_name + " " + last_name`.
    label = "canonical " + f" + {entry.get('separator', '')!r} + ".join(_sources(entry))
    if transform == "rename":
        _check_value_type(report, sources[0], target.schema, entry["to"], path, label)
    elif transform == "join":
        if not all(_takes(schema, "string") for schema in [*sources, target.schema]):
            report.error(path + ("to",), "a join reads and writes strings only")
            return
        joined = _joined(sources, entry["separator"])
        _check_limits(report, joined, target.schema, entry["to"], path, label)
    elif transform == "wrap":
        _check_wrap(report, entry, sources[0], target.schema, path, label)
    elif transform == "values":
        _check_values(report, entry, sources[0], target.schema, path)
    elif transform == "constant" and not _accepts(target.schema, entry["value"]):
        report.error(path + ("value",), f"{entry['to']} does not accept {entry['value']!r}")


def _joined(sources: list[ir.Schema], separator: str) -> ir.Schema:
    """The string a join writes: as long as its parts and the separators between them, at most."""
    limits = [schema.max_length for schema in sources]
    if any(limit is None for limit in limits):
        return ir.Schema(types=("string",))
    total = sum(limit for limit in limits if limit is not None) + len(separator) * (len(limits) - 1)
    return ir.Schema(types=("string",), max_length=total)


def _check_value_type(
    report: Reporter, source: ir.Schema, target: ir.Schema, name: str, path: SpecPath, label: str
) -> None:
    source_types = [t for t in source.types if t != "null"]
    missing = [t for t in source_types if not _takes(target, t)]
    if missing:
        report.error(
            path + ("to",),
            f"type mismatch: the canonical field is {'/'.join(source_types)}, {name} takes "
            f"{'/'.join(target.types)}",
        )
        return
    if source.items is not None and target.items is not None:
        _check_value_type(report, source.items, target.items, name + "[]", path, label + "[]")
    _check_limits(report, source, target, name, path, label)


def _check_limits(
    report: Reporter, source: ir.Schema, target: ir.Schema, name: str, path: SpecPath, label: str
) -> None:
    """Warn where the canonical model allows what the vendor field rejects."""
    pairs = (
        ("max_length", "characters", "longer values"),
        ("max_items", "items", "longer lists"),
    )
    for attribute, unit, rejected in pairs:
        wide, narrow = getattr(source, attribute), getattr(target, attribute)
        if narrow is not None and (wide is None or wide > narrow):
            allowed = "no limit" if wide is None else f"up to {wide:,} {unit}"
            report.warning(
                path + ("to",),
                f"{label} allows {allowed}; {name} takes at most {narrow:,} {unit}: "
                f"{rejected} will be rejected",
            )
    if target.format is not None and target.format != source.format:
        report.warning(
            path + ("to",),
            f"{name} takes only format {target.format!r}; canonical values that are not "
            f"{target.format} will be rejected",
        )


def _check_wrap(
    report: Reporter,
    entry: Mapping[str, Any],
    source: ir.Schema,
    target: ir.Schema,
    path: SpecPath,
    label: str,
) -> None:
    items = target.items
    if not _takes(target, "array") or items is None or not items.properties:
        report.error(
            path + ("to",), f"{entry['to']} must be a list of objects to wrap a value into"
        )
        return
    item = _property(items, entry["item"])
    if item is None:
        options = [prop.wire_name for prop in items.properties]
        report.error(
            path + ("item",),
            f"the list items have no field {entry['item']!r}"
            + suggest_or_list(entry["item"], options, "fields"),
        )
        return
    _check_value_type(report, source, item.schema, f"{entry['to']}[].{entry['item']}", path, label)
    for key, value in entry.get("with", {}).items():
        extra = _property(items, key)
        if extra is None or not _accepts(extra.schema, value):
            report.error(path + ("with", key), f"the list items do not take {key}: {value!r}")


def _check_values(
    report: Reporter, entry: Mapping[str, Any], source: ir.Schema, target: ir.Schema, path: SpecPath
) -> None:
    canonical = [member.value for member in source.enum or ()]
    mapped, unsupported = entry["values"], entry.get("unsupported_values", {})
    for table, values in (("values", mapped), ("unsupported_values", unsupported)):
        for key in values:
            if key not in canonical:
                report.error(
                    path + (table, key),
                    f"{key!r} is not a canonical value"
                    + suggest_or_list(key, [str(c) for c in canonical], "canonical values"),
                    at_key=True,
                )
            elif table == "unsupported_values" and key in mapped:
                report.error(
                    path + (table, key), f"{key!r} is both mapped and unsupported", at_key=True
                )
    missing = [
        str(value) for value in canonical if value not in mapped and value not in unsupported
    ]
    if missing:
        report.error(
            path + ("values",),
            f"the value table is incomplete: map {', '.join(missing)} to a vendor value, or list each "
            "under `unsupported_values` with a reason",
            at_key=True,
        )
    for key, value in mapped.items():
        if not _accepts(target, value):
            report.error(path + ("values", key), f"{entry['to']} does not accept {value!r}")


def _accepts(schema: ir.Schema, value: Any) -> bool:
    """Whether the vendor field takes `value`: its type, and its enum where it has one."""
    types = schema.types or ir.JSON_TYPES
    if not any(json_type_matches(value, t) for t in types):
        return False
    return schema.enum is None or any(member.value == value for member in schema.enum)
