"""Bodies for the mock server (`ats_sdk.mock`): stored items, success bodies built on the spec's examples, and
error bodies in the vendor's envelope.

Standard library only. Nothing here does I/O; `ats_sdk.mock` calls it under its lock.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from .spec import EnvelopeSpec, OperationSpec, ResponseSpec, VendorSpec
from .validation import Violation

__all__ = [
    "CREATED_KEYS",
    "UPDATED_KEYS",
    "Record",
    "Store",
    "documented_error",
    "error_body",
    "example_id",
    "get_pointer",
    "overlay",
    "render_item",
    "resource_pointer",
    "set_pointer",
    "status_code_name",
    "status_message",
    "violation_message",
]

CREATED_KEYS = ("created_at", "createdAt")
"""Keys of a response item that get the stored item's creation time."""
UPDATED_KEYS = ("updated_at", "updatedAt", "modified_at", "modifiedAt")
"""Keys of a response item that get the stored item's last-write time."""


# -- JSON pointers -----------------------------------------------------------------------------------------


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def get_pointer(document: Any, pointer: str) -> Any:
    """The value at an RFC 6901 pointer, or None when any step is missing."""
    value = document
    for token in _tokens(pointer):
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def set_pointer(document: Any, pointer: str, new: Any) -> Any:
    """Set the value at a pointer, creating objects (or a list, for a numeric token) on the way.

    Returns the document (a new one when the pointer is "" or the document was not a container).
    """
    tokens = _tokens(pointer)
    if not tokens:
        return new
    root = document if isinstance(document, (dict, list)) else {}
    target: Any = root
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        empty: Any = [] if not last and tokens[position + 1].isdigit() else {}
        if isinstance(target, list):
            index = int(token) if token.isdigit() else len(target)
            while len(target) <= index:
                target.append({})
            key: Any = index
        else:
            key = token
        if last:
            target[key] = new
        else:
            if not isinstance(
                target[key] if isinstance(target, list) else target.get(key), (dict, list)
            ):
                target[key] = empty
            target = target[key]
    return root


# -- overlaying stored fields onto an example --------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "other"


def _merge(example: Any, value: Any) -> Any:
    """`value` in place of `example`, when it has the same JSON shape; otherwise the example."""
    if value is None or example is None:
        return copy.deepcopy(value)
    if _kind(example) != _kind(value):
        return example
    if isinstance(example, dict):
        if not example:
            return copy.deepcopy(value)
        # A different object shape (e.g. a reference vs a summary).
        if not set(example) & set(value):
            return example
        merged = dict(example)
        for key, item in value.items():
            merged[key] = _merge(example[key], item) if key in example else copy.deepcopy(item)
        return merged
    return copy.deepcopy(value)


def overlay(template: dict[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Put each field into a copy of `template`, where the template has a place for it.

    A field lands on the template's key of the same name when the value has the same JSON shape (a null
    always lands: it clears). When the template's value is a wrapper object holding a key of the field's
    own name (Spott's `{"viewType": "candidateGender", "gender": "male"}` for `gender`), the field lands
    inside it. A field the template has no key for lands in the first wrapper object holding that key
    (Spott's `firstName` in `name`); otherwise it is left out: the response shows what the vendor
    documents, the store keeps everything.
    """
    result = copy.deepcopy(template)
    for key, value in fields.items():
        if key in result:
            current = result[key]
            if (
                isinstance(current, dict)
                and key in current
                and not (isinstance(value, dict) and set(value) >= set(current) - {key})
            ):
                current[key] = _merge(current[key], value)
            else:
                result[key] = _merge(current, value)
            continue
        for wrapper in result.values():
            if isinstance(wrapper, dict) and key in wrapper:
                wrapper[key] = _merge(wrapper[key], value)
                break
    return result


def resource_pointer(example: Any, field_names: Iterable[str]) -> str:
    """Where in a success example the resource is: the object sharing the most keys with `field_names`.

    Candidates are the root and objects nested under object keys (not inside arrays), three levels deep;
    an `id` key counts as a shared key. Ties go to the shallower object; with nothing shared, the root.
    Talynce `{"data": {...}}` gives "/data", Paradox `{"success": ..., "candidate": {...}}` "/candidate".
    """
    names = set(field_names) | {"id"}
    best, best_score = "", -1
    queue: list[tuple[str, Any, int]] = [("", example, 0)]
    while queue:
        pointer, value, depth = queue.pop(0)
        if not isinstance(value, dict):
            continue
        score = len(names & set(value))
        if score > best_score:
            best, best_score = pointer, score
        if depth < 3:
            for key, item in value.items():
                escaped = key.replace("~", "~0").replace("/", "~1")
                queue.append((f"{pointer}/{escaped}", item, depth + 1))
    return best if best_score > 0 else ""


# -- the store ---------------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Record:
    """One stored item: its id, the fields clients sent (wire names), and when it was created and written."""

    id: str | int
    fields: dict[str, Any]
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.fields}


class Store:
    """Items by collection (the path before the id, e.g. "candidates"), then by id, in insertion order.

    Not thread-safe by itself: `MockServer` holds its lock around every use.
    """

    def __init__(self) -> None:
        self._collections: dict[str, dict[str, Record]] = {}
        self._counter = 0

    def new_id(self, like: Any = None) -> str | int:
        """A fresh id shaped like an example id: an integer for an integer, otherwise a UUID."""
        self._counter += 1
        if isinstance(like, int) and not isinstance(like, bool):
            return 1000 + self._counter
        return str(uuid.uuid4())

    def add(
        self, collection: str, fields: Mapping[str, Any], id: str | int | None = None
    ) -> Record:
        """Store an item (a new id when none is given; an existing id is replaced)."""
        record = Record(
            id=id if id is not None else self.new_id(), fields=copy.deepcopy(dict(fields))
        )
        self._collections.setdefault(collection, {})[str(record.id)] = record
        return record

    def get(self, collection: str, id: str | int) -> Record | None:
        return self._collections.get(collection, {}).get(str(id))

    def update(self, record: Record, fields: Mapping[str, Any]) -> Record:
        """Merge fields into an item (a partial update: a key sent as null is kept, as null)."""
        record.fields.update(copy.deepcopy(dict(fields)))
        record.updated_at = _now()
        return record

    def remove(self, collection: str, id: str | int) -> Record | None:
        return self._collections.get(collection, {}).pop(str(id), None)

    def items(self, collection: str) -> list[Record]:
        return list(self._collections.get(collection, {}).values())

    def find(self, collection: str, key: str, value: Any) -> Record | None:
        """The first item whose field `key` equals `value` (strings compared without case)."""
        folded = value.casefold() if isinstance(value, str) else value
        for record in self.items(collection):
            stored = record.fields.get(key)
            if (stored.casefold() if isinstance(stored, str) else stored) == folded:
                return record
        return None

    def clear(self) -> None:
        self._collections.clear()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every collection as a list of `{"id": ..., **fields}`, for assertions and `GET /__mock__/store`."""
        return {
            name: [r.to_dict() for r in items.values()] for name, items in self._collections.items()
        }

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._collections))


def render_item(template: Any, record: Record, id_key: str | None = None) -> Any:
    """A response item: `template` (from the spec's example) with the record's id, fields and times on it."""
    if not isinstance(template, dict):
        return record.to_dict()
    item = overlay(template, record.fields)
    key = id_key if id_key and id_key in item else "id"
    if key in item:
        example_id = item[key]
        record_id: Any = record.id
        if isinstance(example_id, int) and isinstance(record_id, str) and record_id.isdigit():
            record_id = int(record_id)
        elif isinstance(example_id, str):
            record_id = str(record_id)
        item[key] = record_id
    for keys, stamp in ((CREATED_KEYS, record.created_at), (UPDATED_KEYS, record.updated_at)):
        for name in keys:
            if isinstance(item.get(name), str):
                item[name] = stamp
    return item


def example_id(example: Any, pointer: str) -> Any:
    """The example's id at the resource pointer (used to shape new ids), or None."""
    resource = get_pointer(example, pointer)
    return resource.get("id") if isinstance(resource, dict) else None


# -- error bodies ------------------------------------------------------------------------------------------

# Key names (lower case) of an item's string fields that say which part of a violation they hold.
_POINTER_KEYS = (
    "pointer",
    "field",
    "path",
    "param",
    "parameter",
    "property",
    "attribute",
    "source",
)
_MESSAGE_KEYS = ("message", "detail", "description", "reason", "msg", "title")
# Only "rule": fields named "type" or "kind" often hold an enum the violation's rule would break.
_RULE_KEYS = ("rule",)

_CODE_NAMES = {
    400: "validation_error",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def status_code_name(status: int) -> str:
    """A machine-readable code for a status, for envelopes whose codes are strings ("not_found")."""
    if status in _CODE_NAMES:
        return _CODE_NAMES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return f"http_{status}"


def status_message(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def violation_message(violation: Violation, documented: Sequence[str] = ()) -> str:
    """A violation as an error message: the vendor's own words verbatim, else `field: message`."""
    if violation.message in documented:
        return violation.message
    field_name = violation.pointer.lstrip("/")
    return f"{field_name}: {violation.message}" if field_name else violation.message


def _envelope_for(
    vendor: VendorSpec, op: OperationSpec | None, status: int
) -> tuple[EnvelopeSpec | None, ResponseSpec | None]:
    """The envelope a status is answered in: its documented response's, else the operation's first enveloped
    error response's, else the vendor's first envelope; None when the vendor documents none."""
    response = op.response_for(status) if op is not None else None
    if response is not None and response.envelope:
        return vendor.envelope(response.envelope), response
    if op is not None:
        for other in op.responses:
            if other.envelope and not other.status.startswith("2"):
                return vendor.envelope(other.envelope), response
    return (vendor.envelopes[0] if vendor.envelopes else None), response


def documented_error(
    vendor: VendorSpec, op: OperationSpec | None, status: int
) -> tuple[Any, str | None]:
    """The first documented (code, message) for an exact status (e.g. Talynce 403 talent_pool_reveal_required)."""
    for response in op.responses if op is not None else ():
        if response.status == str(status):
            for error in response.errors:
                return error.code, error.message
    return None, None


def error_body(
    vendor: VendorSpec,
    op: OperationSpec | None,
    status: int,
    message: str,
    *,
    code: Any = None,
    violations: Sequence[Violation] = (),
) -> Any:
    """An error body as the vendor sends it: the envelope's example, with the message (and code) filled in.

    The code is `code` when given; else the documented code for this message, or the first documented
    code of the status's response; else the status itself for numeric codes (Paradox) or a name such as
    "not_found" for string codes (Talynce). Where the envelope has a `details` pointer, validation errors
    list every violation there, in the kind of value the envelope declares there (see `_details`); an
    array of objects no pointer names lists them too, and a message inside an array's first item
    (Paradox) makes that array list them. A vendor without any documented envelope (Spott) gets a body marked as
    the mock's own.
    """
    envelope, response = _envelope_for(vendor, op, status)
    listed = [{"pointer": v.pointer, "rule": v.rule, "message": v.message} for v in violations]
    if code is None and response is not None:
        matching = [e.code for e in response.errors if e.message == message and e.code is not None]
        any_code = [e.code for e in response.errors if e.code is not None]
        if matching or any_code:
            code = (matching or any_code)[0]
    if envelope is None:
        return {
            "error": {
                "status": status,
                "code": code or status_code_name(status),
                "message": message,
                "violations": listed,
            },
            "mock": f"atsgen mock: {vendor.name} documents no error body; this envelope is the mock's own",
        }
    body = copy.deepcopy(envelope.example) if envelope.example is not None else {}
    body = set_pointer(body, envelope.message, message)
    if envelope.code:
        example_code = get_pointer(envelope.example, envelope.code)
        if code is None:
            numeric = isinstance(example_code, int) and not isinstance(example_code, bool)
            code = status if numeric else status_code_name(status)
        body = set_pointer(body, envelope.code, code)
    if envelope.details:
        example_details = get_pointer(envelope.example, envelope.details)
        body = set_pointer(body, envelope.details, _details(example_details, violations, listed))
    _list_violations(body, envelope, violations)
    _fill_other_lists(body, envelope, violations or [Violation("", "error", message)])
    return body


def _violation_value(key: str, violation: Violation | None) -> str | None:
    """What a string field named `key` holds for a violation (None: a field no violation part fits).

    A field named `pointer` gets the JSON pointer, other location fields the field's name (`/email` ->
    `email`); without a violation, location fields are emptied rather than left with invented text.
    """
    lowered = key.lower()
    if lowered in _POINTER_KEYS:
        if violation is None:
            return ""
        return violation.pointer if lowered == "pointer" else violation.pointer.lstrip("/")
    if violation is None:
        return None
    if lowered in _MESSAGE_KEYS:
        return violation.message
    return violation.rule if lowered in _RULE_KEYS else None


def _violation_item(template: Any, violation: Violation | None, keep: frozenset[str]) -> Any:
    """One violation in the shape of the envelope's example item.

    The example was made from the envelope's declared field types, so the item keeps its keys and types:
    only string fields named for a part of a violation change (never the keys in `keep`); a string item
    is the violation's message.
    """
    if isinstance(template, str):
        return violation_message(violation) if violation is not None else template
    if not isinstance(template, dict):
        return copy.deepcopy(template)
    item = copy.deepcopy(template)
    for key, current in template.items():
        value = _violation_value(key, violation) if key not in keep else None
        if isinstance(current, str) and value is not None:
            item[key] = value
    return item


def _details(example: Any, violations: Sequence[Violation], listed: list[dict[str, Any]]) -> Any:
    """The value at the envelope's details pointer, of the kind the envelope declares there.

    An array gets one item per violation, shaped like its example item (none when there are none); a
    free-form object (an empty example) gets `{"violations": [...]}`, or `{}`; a string the violations'
    messages; anything else (an object with declared fields, a number) keeps its example value.
    """
    if isinstance(example, list):
        template = example[0] if example else None
        if template is None:
            return []
        return [_violation_item(template, v, frozenset()) for v in violations]
    if isinstance(example, dict) and not example:
        return {"violations": listed} if listed else {}
    if isinstance(example, str) and violations:
        return "; ".join(violation_message(v) for v in violations)
    return copy.deepcopy(example)


def _list_violations(body: Any, envelope: EnvelopeSpec, violations: Sequence[Violation]) -> None:
    """Where the message is inside an array's first item (Paradox `/errors/0/message`), the array
    lists every violation, one item each, and the first item's location fields name the first one's.
    """
    parent, _, message_key = envelope.message.rpartition("/")
    array_pointer, _, index = parent.rpartition("/")
    items = get_pointer(body, array_pointer) if index == "0" else None
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        return
    code_key = envelope.code.rpartition("/")[2] if envelope.code else None
    keep = frozenset(k for k in (message_key, code_key) if k is not None)
    first = items[0]
    items[:] = [_violation_item(first, violations[0] if violations else None, keep)]
    for violation in violations[1:]:
        item = _violation_item(first, violation, keep - {message_key})
        if isinstance(item, dict) and isinstance(first.get(message_key), str):
            item[message_key] = violation_message(violation)
        items.append(item)


def _fill_other_lists(body: Any, envelope: EnvelopeSpec, violations: Sequence[Violation]) -> None:
    """Arrays of objects in the envelope that no pointer names (a `problems` list beside the message)
    list the violations, one item each shaped like the example's, rather than the example's made-up
    item; an error without violations is listed as one, with its message."""
    named = [p for p in (envelope.message, envelope.code, envelope.details) if p]
    pending: list[tuple[str, Any]] = [("", body)]
    while pending:
        pointer, value = pending.pop()
        if not isinstance(value, dict):
            continue
        for key, item in value.items():
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if any(p == here or p.startswith(here + "/") for p in named):
                pending.append((here, item))
            elif isinstance(item, list) and item and isinstance(item[0], dict):
                value[key] = [_violation_item(item[0], v, frozenset()) for v in violations]
