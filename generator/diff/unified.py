"""Compare two versions of the unified declarations: what a change does to callers of `ats_sdk.unified`.

Mappings pair by vendor and operation, entries by the canonical field they read (a join covers two), value
tables by canonical value. For a caller who sends the same candidate before and after:

- breaking: a field or value that reached the vendor is now lost (a removed mapping, a field or value moved
  to unsupported, an operation's mapping removed), or now reaches it differently (another transform,
  target, separator, split rule, wrap item, constant or vendor value), or a canonical field is gone;
- compatible: what was lost now arrives (an added mapping, operation or value), a canonical field is added;
- documentation: only a reason changed.

Changes are `diff.changes.Change` values, located `unified.<field>` (or `unified` for an operation).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from generator.diff.changes import Change, Classification
from generator.unified.load import MAPPINGS_DIR, MODEL_FILE, load_files
from generator.unified.model import Unified

if TYPE_CHECKING:
    from generator.diff.sources import SpecFile
    from generator.load import Loaded

BREAKING, COMPATIBLE, DOCUMENTATION = (
    Classification.BREAKING,
    Classification.COMPATIBLE,
    Classification.DOCUMENTATION,
)
LOCATION = "unified"
MODEL_VENDOR = "unified"
"""The group a change of the canonical model itself is reported under (it concerns every vendor)."""
_SHAPE_KEYS = ("to", "separator", "split", "item", "with", "value")
"""The keys of an entry that decide what is sent (besides its transform and value table)."""


def load_side(files: Sequence[SpecFile], loaded: Loaded) -> Unified | None:
    """One side's declarations, checked against its loaded vendors (errors join its diagnostics); None
    when the side has no canonical model."""
    model = [f for f in files if f.name.endswith(f"unified/{MODEL_FILE}")]
    if not model:
        return None
    mappings = [(f.name, f.data) for f in files if f"unified/{MAPPINGS_DIR}/" in f.name]
    return load_files(
        (model[0].name, model[0].data),
        mappings,
        loaded.vendors,
        loaded.diagnostics,
        loaded.sources,
    )


def compare(before: Unified | None, after: Unified | None) -> list[Change]:
    changes = _model(before, after)
    before_ops = _operations(before)
    after_ops = _operations(after)
    for key in sorted(set(before_ops) | set(after_ops)):
        vendor, operation = key
        old, new = before_ops.get(key), after_ops.get(key)
        if old is None:
            changes.append(
                _change(
                    vendor,
                    operation,
                    LOCATION,
                    "unified_operation_added",
                    None,
                    operation,
                    COMPATIBLE,
                    f"ats_sdk.unified now maps {vendor}.{operation}",
                )
            )
        elif new is None:
            changes.append(
                _change(
                    vendor,
                    operation,
                    LOCATION,
                    "unified_operation_removed",
                    operation,
                    None,
                    BREAKING,
                    f"ats_sdk.unified calls of {vendor}.{operation} now fail",
                )
            )
        else:
            changes.extend(_operation(vendor, operation, old, new))
    return changes


def _operations(unified: Unified | None) -> dict[tuple[str, str], Mapping[str, Any]]:
    if unified is None:
        return {}
    return {(m.vendor, m.operation): m.data for m in unified.mappings}


def _model(before: Unified | None, after: Unified | None) -> list[Change]:
    names_before = _field_names(before)
    names_after = _field_names(after)
    changes = []
    for name in sorted(names_before - names_after):
        changes.append(
            _change(
                MODEL_VENDOR,
                None,
                f"{LOCATION}.{name}",
                "canonical_field_removed",
                name,
                None,
                BREAKING,
                "Candidate no longer has this field",
            )
        )
    for name in sorted(names_after - names_before):
        changes.append(
            _change(
                MODEL_VENDOR,
                None,
                f"{LOCATION}.{name}",
                "canonical_field_added",
                None,
                name,
                COMPATIBLE,
                "Candidate has a new optional field",
            )
        )
    return changes


def _field_names(unified: Unified | None) -> set[str]:
    if unified is None or unified.model is None:
        return set()
    return {prop.wire_name for prop in unified.model.properties}


def _entries(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Each canonical field's entry (a join's entry under each of its fields); constants by target."""
    found: dict[str, Mapping[str, Any]] = {}
    for entry in data["map"]:
        sources = entry.get("from", [])
        for name in [sources] if isinstance(sources, str) else sources:
            found[name] = entry
        if "from" not in entry:
            found[f"({entry['to']})"] = entry
    return found


def _operation(
    vendor: str, operation: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[Change]:
    changes = []
    if before.get("candidate_id") != after.get("candidate_id"):
        changes.append(
            _change(
                vendor,
                operation,
                f"{LOCATION}.candidate_id",
                "unified_candidate_id",
                before.get("candidate_id"),
                after.get("candidate_id"),
                BREAKING,
                "the candidate id is now sent elsewhere",
            )
        )
    old, new = _entries(before), _entries(after)
    for name in sorted(set(old) | set(new)):
        where = f"{LOCATION}.{name}"
        changes.extend(_entry(vendor, operation, where, old.get(name), new.get(name)))
    return changes


def _mapped(entry: Mapping[str, Any] | None) -> bool:
    return entry is not None and entry["transform"] != "unsupported"


def _words(entry: Mapping[str, Any] | None) -> str | None:
    if entry is None:
        return None
    if entry["transform"] == "unsupported":
        return f"unsupported: {entry['reason']}"
    return f"{entry['transform']} to {entry['to']}"


def _entry(
    vendor: str,
    operation: str,
    where: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> list[Change]:
    def change(
        kind: str, old: str | None, new: str | None, cls: Classification, why: str
    ) -> Change:
        return _change(vendor, operation, where, kind, old, new, cls, why)

    if _mapped(before) and not _mapped(after):
        return [
            change(
                "unified_mapping_removed",
                _words(before),
                _words(after),
                BREAKING,
                "to_vendor now reports this field lost, and send refuses it by default",
            )
        ]
    if not _mapped(before) and _mapped(after):
        return [
            change(
                "unified_mapping_added",
                _words(before),
                _words(after),
                COMPATIBLE,
                "this field now reaches the vendor instead of being reported lost",
            )
        ]
    if before is None or after is None:  # neither side maps it, and one does not declare it
        return []
    if not _mapped(before):
        if before.get("reason") != after.get("reason"):
            return [
                change(
                    "unified_reason",
                    before.get("reason"),
                    after.get("reason"),
                    DOCUMENTATION,
                    "the reason a loss reports",
                )
            ]
        return []
    if before["transform"] != after["transform"]:
        return [
            change(
                "unified_transform",
                _words(before),
                _words(after),
                BREAKING,
                "the same candidate is now sent (and read back) differently",
            )
        ]
    changes = [
        change(
            f"unified_{key}",
            _json(before.get(key)),
            _json(after.get(key)),
            BREAKING,
            "the same candidate is now sent (and read back) differently",
        )
        for key in _SHAPE_KEYS
        if before.get(key) != after.get(key)
    ]
    if before["transform"] == "values":
        changes.extend(_values(change, before, after))
    return changes


Report = Callable[[str, str | None, str | None, Classification, str], Change]


def _values(change: Report, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    old, new = before["values"], after["values"]
    old_lost, new_lost = before.get("unsupported_values", {}), after.get("unsupported_values", {})
    changes = []
    for value in sorted(set(old) | set(new) | set(old_lost) | set(new_lost)):
        label = json.dumps(value)
        if value in old and value not in new:
            reason = new_lost.get(value)
            changes.append(
                change(
                    "unified_value_unsupported",
                    f"{label}: {_json(old[value])}",
                    f"{label}: {reason}" if reason else None,
                    BREAKING,
                    f"candidates with {label} are now reported lost",
                )
            )
        elif value not in old and value in new:
            changes.append(
                change(
                    "unified_value_added",
                    f"{label}: {old_lost.get(value)}" if value in old_lost else None,
                    f"{label}: {_json(new[value])}",
                    COMPATIBLE,
                    f"candidates with {label} now reach the vendor",
                )
            )
        elif value in old and old[value] != new[value]:
            changes.append(
                change(
                    "unified_value_changed",
                    f"{label}: {_json(old[value])}",
                    f"{label}: {_json(new[value])}",
                    BREAKING,
                    f"{label} is now sent as another vendor value",
                )
            )
        elif value in old_lost and value in new_lost and old_lost[value] != new_lost[value]:
            changes.append(
                change(
                    "unified_reason",
                    old_lost[value],
                    new_lost[value],
                    DOCUMENTATION,
                    "the reason a loss reports",
                )
            )
    return changes


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _change(
    vendor: str,
    operation: str | None,
    location: str,
    kind: str,
    before: str | None,
    after: str | None,
    classification: Classification,
    reason: str,
) -> Change:
    return Change(
        vendor=vendor,
        operation=operation,
        location=location,
        kind=kind,
        before=before,
        after=after,
        classification=classification,
        reason=reason,
    )
