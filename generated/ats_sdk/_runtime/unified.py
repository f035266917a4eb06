# Copied by atsgen from templates/runtime/unified.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""The unified candidate's mapping engine: a declared mapping (plain data) applied to a candidate and back.

The mapping is one operation's declaration from `specs/unified/mappings/<vendor>.yaml`, as plain data. Each
entry names one transform from a closed vocabulary (rename, join, wrap, values, constant, unsupported); no
entry runs code written in the declaration. `to_vendor` builds the request in wire names and lists every
canonical field that does not reach the vendor intact; `from_vendor` reads a wire body back (a write's request
body, or a read's response); `response_body` builds the response a read returns, for mocks and tests.
Each transform is one writer and one reader function, in the `_WRITERS` and `_READERS` tables.

The generated `ats_sdk.unified` holds the declarations as data and calls in here: `checked` adds the
vendor validators' verdict to a mapped request, `admit` applies the loss policy before anything is sent,
and `arguments` turns the mapped request into a client call's arguments. The sync and async `send` are
thin drivers of these three, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from .errors import MappingError as MappingError
from .errors import UnifiedRequestRefused, Violation
from .validation import json_equal, json_value

if TYPE_CHECKING:
    from .http import RequestParts

__all__ = [
    "CanonicalCandidate",
    "Loss",
    "LossWarning",
    "MappingError",
    "OnLoss",
    "VendorRequest",
    "admit",
    "checked",
    "from_vendor",
    "request_parts",
    "response_body",
    "response_models",
    "to_vendor",
]

PARTS = ("path", "query", "headers", "body")
_T = TypeVar("_T")
_C = TypeVar("_C")

OnLoss = Literal["refuse", "warn", "allow"]
"""What a unified send does when canonical fields would not reach the vendor intact: refuse (raise
`UnifiedRequestRefused`, send nothing), warn (a `LossWarning` listing every loss, then send), allow (send)."""

Validate = Callable[[str, object, Any], list[Violation]]
"""A generated vendor validators module's `validate(operation_id, payload, part)`."""


class LossWarning(UserWarning):
    """Issued by a unified send under `on_loss="warn"`: the message lists every loss; the call is sent."""


class Loss:
    """A canonical field that does not reach the vendor (or come back) intact: where, what kind, and why.

    `pointer` is the canonical field's JSON pointer; `reason` the declaration's words where it has them.
    Kinds: `unsupported` (the vendor has no such field), `unsupported_value` (nor this value),
    `merged_value` (the vendor value also stands for another, which it reads back as), `unknown_value`
    (a value outside the table), `split` (a join whose split rule cannot give the parts back),
    `incomplete_join` (a part of a join alone), `unknown_field` (not a canonical field), `not_sent` (a
    read sends no fields), `dropped_entries` (a list read back as one value).
    """

    __slots__ = ("kind", "pointer", "reason")

    def __init__(self, pointer: str, kind: str, reason: str) -> None:
        self.pointer: str = pointer
        self.kind: str = kind
        self.reason: str = reason

    def __repr__(self) -> str:
        return f"Loss({self.pointer!r}, {self.kind!r}, {self.reason!r})"

    def __str__(self) -> str:
        return f"{self.pointer} ({self.kind}): {self.reason}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Loss) and (self.pointer, self.kind, self.reason) == (
            other.pointer,
            other.kind,
            other.reason,
        )

    def __hash__(self) -> int:
        return hash((self.pointer, self.kind, self.reason))


class VendorRequest:
    """`to_vendor`'s result: `request` holds one dict per part (path, query, headers, body) in wire names;
    `losses` every canonical field that does not reach the vendor intact; `violations` the vendor
    validators' verdict on `request` (empty until `checked`), each pointer into `request` (`/body/email`).
    """

    __slots__ = ("losses", "request", "violations")

    def __init__(
        self,
        request: dict[str, dict[str, Any]],
        losses: list[Loss],
        violations: Sequence[Violation] = (),
    ) -> None:
        self.request: dict[str, dict[str, Any]] = request
        self.losses: list[Loss] = losses
        self.violations: list[Violation] = list(violations)

    def __repr__(self) -> str:
        return (
            f"VendorRequest(request={self.request!r}, losses={self.losses!r}, "
            f"violations={self.violations!r})"
        )


class CanonicalCandidate(Generic[_C]):
    """`from_vendor`'s result: the canonical `candidate` read from a wire body, and what could not be read."""

    __slots__ = ("candidate", "losses")

    def __init__(self, candidate: _C, losses: list[Loss]) -> None:
        self.candidate: _C = candidate
        self.losses: list[Loss] = losses

    def __repr__(self) -> str:
        return f"CanonicalCandidate(candidate={self.candidate!r}, losses={self.losses!r})"


def to_vendor(
    mapping: Mapping[str, Any], candidate: Mapping[str, Any], *, candidate_id: str | None = None
) -> VendorRequest:
    """The vendor request for `candidate` under one operation's `mapping`, and every loss on the way.

    A read (a mapping with `read_root`) sends only the candidate id: its body targets are the response's.
    """
    request: dict[str, dict[str, Any]] = {part: {} for part in PARTS}
    if "candidate_id" in mapping:
        if candidate_id is None:
            raise MappingError(
                f"this operation needs candidate_id (sent as {mapping['candidate_id']})"
            )
        _put(request, mapping["candidate_id"], candidate_id)
    if _is_read(mapping):
        reason = "this operation reads the candidate; it sends none of its fields"
        return VendorRequest(
            request, [Loss(_pointer(name), "not_sent", reason) for name in sorted(candidate)]
        )
    losses = _write(mapping, candidate, request)
    return VendorRequest(request, losses)


def response_body(mapping: Mapping[str, Any], candidate: Mapping[str, Any]) -> VendorRequest:
    """The success response a read returns for `candidate` (its `request["body"]`, with the candidate
    object at `read_root`): what a mock answers, and what `from_vendor` reads back."""
    parts: dict[str, dict[str, Any]] = {part: {} for part in PARTS}
    losses = _write(mapping, candidate, parts)
    body: dict[str, Any] = parts["body"]
    for token in reversed(_tokens(mapping.get("read_root", ""))):
        body = {token: body}
    return VendorRequest({**parts, "body": body}, losses)


def from_vendor(mapping: Mapping[str, Any], body: Any) -> CanonicalCandidate[dict[str, Any]]:
    """The canonical candidate in a wire `body`: a write's request body, or a read's response body (the
    candidate object found at `read_root`)."""
    for token in _tokens(mapping.get("read_root", "")):
        body = body.get(token) if isinstance(body, dict) else None
    candidate: dict[str, Any] = {}
    losses: list[Loss] = []
    for entry in mapping["map"]:
        target = entry.get("to", "")
        # Only the body comes back; a constant or an unsupported field has nothing to read.
        if target.startswith("body.") and "from" in entry:
            read = _transform(_READERS, entry)
            read(entry, _get(body, target.split(".")[1:]), candidate, losses)
    return CanonicalCandidate(candidate, losses)


def checked(
    operation: str,
    mapping: Mapping[str, Any],
    parts: Sequence[str],
    validate: Validate,
    candidate: Mapping[str, Any],
    *,
    candidate_id: str | None = None,
) -> VendorRequest:
    """`to_vendor`, with the vendor validators' verdict on each request part in `parts` (the parts the
    operation has). Values are taken as JSON first, so a `datetime.date` is checked as the text it is sent as.
    """
    plain = {name: json_value(value) for name, value in candidate.items()}
    mapped = to_vendor(mapping, plain, candidate_id=candidate_id)
    for part in parts:
        mapped.violations.extend(
            Violation(f"/{part}{found.pointer}", found.rule, found.message)
            for found in validate(operation, mapped.request[part], part)
        )
    return mapped


def admit(label: str, mapped: VendorRequest, on_loss: OnLoss) -> None:
    """Apply the loss policy before a send: raise `UnifiedRequestRefused`, listing every loss and violation,
    when there is a violation (under any policy) or a loss under "refuse"; under "warn", warn of every loss. `label` names the call (`talynce.update_candidate`).
    """
    if on_loss not in ("refuse", "warn", "allow"):
        raise ValueError(f"on_loss must be 'refuse', 'warn' or 'allow', not {on_loss!r}")
    # A violation is refused under every policy: the vendor's validator (or the vendor) would reject it.
    if mapped.violations or (on_loss == "refuse" and mapped.losses):
        raise UnifiedRequestRefused(label, mapped.losses, mapped.violations)
    if on_loss == "warn" and mapped.losses:
        import warnings  # here: only a call that loses something under "warn" pays for the import

        listed = "; ".join(str(loss) for loss in mapped.losses)
        # stacklevel 4: the caller of ats_sdk.unified.send, past admit and the generated send.
        warnings.warn(f"{label}: sent with losses: {listed}", LossWarning, stacklevel=4)


def request_parts(mapped: VendorRequest) -> RequestParts:
    """The mapped request as a client call's request: each part's fields by wire name, as the
    generated client methods build it."""
    from .http import RequestParts  # on use: the client runtime is not needed to map

    return RequestParts(**{part: dict(mapped.request[part]) for part in PARTS})


def response_models(vendor_models: Any, parsers: Mapping[str, str]) -> dict[str, type[Any]]:
    """The classes that parse each documented success status, from the generated client's own table
    (`models.<Name>`: a class of the vendor's models module `vendor_models`, or the runtime's
    `EmptyResponse`). The caller imports the models on use: they need pydantic, which importing the
    unified layer must not."""
    from . import models as runtime_models

    out: dict[str, type[Any]] = {}
    for status, name in parsers.items():
        module, _, attribute = name.rpartition(".")
        out[status] = getattr(vendor_models if module == "models" else runtime_models, attribute)
    return out


def _is_read(mapping: Mapping[str, Any]) -> bool:
    return "read_root" in mapping


def _tokens(pointer: str) -> list[str]:
    """A JSON pointer's reference tokens, unescaped (RFC 6901)."""
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _write(
    mapping: Mapping[str, Any], candidate: Mapping[str, Any], parts: dict[str, dict[str, Any]]
) -> list[Loss]:
    losses: list[Loss] = []
    declared: set[str] = set()
    for entry in mapping["map"]:
        declared.update(_sources(entry))
        _transform(_WRITERS, entry)(entry, candidate, parts, losses)
    for name in sorted(set(candidate) - declared):
        losses.append(
            Loss(_pointer(name), "unknown_field", "not a field of the canonical candidate")
        )
    return losses


_MISSING = object()

Writer = Callable[
    [Mapping[str, Any], Mapping[str, Any], dict[str, dict[str, Any]], list[Loss]], None
]
"""Writes one entry's canonical fields into the request parts, adding what is lost."""
Reader = Callable[[Mapping[str, Any], Any, dict[str, Any], list[Loss]], None]
"""Reads one entry's wire value (or `_MISSING`) back into the canonical candidate."""


def _transform(table: Mapping[str, _T], entry: Mapping[str, Any]) -> _T:
    try:
        return table[entry["transform"]]
    except KeyError:
        raise MappingError(
            f"unknown transform {entry.get('transform')!r}; this runtime knows {', '.join(_WRITERS)}"
        ) from None


def _pointer(name: str) -> str:
    return "/" + name.replace("~", "~0").replace("/", "~1")


def _sources(entry: Mapping[str, Any]) -> list[str]:
    value = entry.get("from", [])
    return [value] if isinstance(value, str) else list(value)


def _put(request: dict[str, dict[str, Any]], target: str, value: Any) -> None:
    part, *names = target.split(".")
    here = request[part]
    for name in names[:-1]:
        here = here.setdefault(name, {})
    here[names[-1]] = value


def _get(body: Any, names: list[str]) -> Any:
    for name in names:
        if not isinstance(body, dict) or name not in body:
            return _MISSING
        body = body[name]
    return body


# -- canonical to vendor, one function per transform --------------------------------------------------


def _write_rename(
    entry: Mapping[str, Any], candidate: Mapping[str, Any], request: Any, _: Any
) -> None:
    if entry["from"] in candidate:
        _put(request, entry["to"], candidate[entry["from"]])


def _split(entry: Mapping[str, Any], text: str) -> list[str]:
    separator = entry["separator"]
    if entry["split"] == "last_separator":
        return text.rsplit(separator, 1) if separator in text else ["", text]
    return text.split(separator, 1) if separator in text else [text, ""]


def _write_join(
    entry: Mapping[str, Any], candidate: Mapping[str, Any], request: Any, losses: list[Loss]
) -> None:
    names = _sources(entry)
    present = [name for name in names if name in candidate]
    if not present:
        return
    if len(present) < len(names):
        reason = f"{entry['to']} is written from {' and '.join(names)} together; send them all"
        losses.extend(Loss(_pointer(name), "incomplete_join", reason) for name in present)
        return
    parts = [str(candidate[name]) for name in names]
    joined = entry["separator"].join(parts)
    _put(request, entry["to"], joined)
    # Split back by the declared rule: what does not come back the same is reported, never silently changed.
    if len(names) != 2 or _split(entry, joined) != parts:
        reason = (
            f"{entry['to']} is split at the {entry['split'].replace('_', ' ')} {entry['separator']!r}, "
            "so these values do not come back as sent"
        )
        losses.extend(Loss(_pointer(name), "split", reason) for name in names)


def _write_wrap(
    entry: Mapping[str, Any], candidate: Mapping[str, Any], request: Any, _: Any
) -> None:
    if entry["from"] in candidate:
        item = dict(entry.get("with", {}))
        item[entry["item"]] = candidate[entry["from"]]
        _put(request, entry["to"], [item])


def _write_values(
    entry: Mapping[str, Any], candidate: Mapping[str, Any], request: Any, losses: list[Loss]
) -> None:
    name = entry["from"]
    if name not in candidate:
        return
    value, table = candidate[name], entry["values"]
    unsupported = entry.get("unsupported_values", {})
    if isinstance(value, str) and value in unsupported:
        losses.append(Loss(_pointer(name), "unsupported_value", unsupported[value]))
    elif isinstance(value, str) and value in table:
        _put(request, entry["to"], table[value])
        first = _reverse(table, table[value])
        if first != value:
            reason = (
                f"{entry['to']} {table[value]!r} also stands for {first!r}, which it reads back as"
            )
            losses.append(Loss(_pointer(name), "merged_value", reason))
    else:
        losses.append(Loss(_pointer(name), "unknown_value", f"{value!r} is not in the value table"))


def _reverse(table: Mapping[str, Any], vendor_value: Any) -> str | None:
    """The first canonical value the table maps to `vendor_value` (compared as JSON: true is not 1)."""
    return next((key for key, value in table.items() if json_equal(value, vendor_value)), None)


def _write_constant(entry: Mapping[str, Any], _: Any, request: Any, __: Any) -> None:
    _put(request, entry["to"], entry["value"])


def _write_unsupported(
    entry: Mapping[str, Any], candidate: Mapping[str, Any], _: Any, losses: list[Loss]
) -> None:
    if entry["from"] in candidate:
        losses.append(Loss(_pointer(entry["from"]), "unsupported", entry["reason"]))


_WRITERS: dict[str, Writer] = {
    "rename": _write_rename,
    "join": _write_join,
    "wrap": _write_wrap,
    "values": _write_values,
    "constant": _write_constant,
    "unsupported": _write_unsupported,
}


# -- vendor to canonical -----------------------------------------------------------------------------


def _read_rename(entry: Mapping[str, Any], value: Any, candidate: dict[str, Any], _: Any) -> None:
    if value is not _MISSING and value is not None:
        candidate[entry["from"]] = value


def _read_join(entry: Mapping[str, Any], value: Any, candidate: dict[str, Any], _: Any) -> None:
    if isinstance(value, str):
        candidate.update(zip(_sources(entry), _split(entry, value), strict=False))


def _read_wrap(
    entry: Mapping[str, Any], value: Any, candidate: dict[str, Any], losses: list[Loss]
) -> None:
    if not isinstance(value, list):
        return
    items = [item for item in value if isinstance(item, dict) and entry["item"] in item]
    # The item the mapping writes (its `with` values, e.g. the primary one) first, else the first there is.
    wanted = entry.get("with", {})
    chosen = [
        item for item in items if all(json_equal(item.get(k), v) for k, v in wanted.items())
    ] or items
    if not chosen:
        return
    candidate[entry["from"]] = chosen[0][entry["item"]]
    if len(items) > 1:
        reason = (
            f"{entry['to']} holds {len(items)} entries; one canonical value keeps only one of them"
        )
        losses.append(Loss(_pointer(entry["from"]), "dropped_entries", reason))


def _read_values(
    entry: Mapping[str, Any], value: Any, candidate: dict[str, Any], losses: list[Loss]
) -> None:
    if value is _MISSING or value is None:
        return
    canonical = _reverse(entry["values"], value)
    if canonical is None:
        reason = f"the vendor value {value!r} has no canonical value"
        losses.append(Loss(_pointer(entry["from"]), "unknown_value", reason))
    else:
        candidate[entry["from"]] = canonical


_READERS: dict[str, Reader] = {
    "constant": lambda *_: None,
    "unsupported": lambda *_: None,
    "rename": _read_rename,
    "join": _read_join,
    "wrap": _read_wrap,
    "values": _read_values,
}
