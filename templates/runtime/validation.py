"""What the generated request validators share: the violation value, format checks, JSON equality.

Standard library only, so validating a payload needs nothing installed but the SDK itself.
"""

from __future__ import annotations

import binascii
from math import isfinite

# The violation value and the exception that carries them are errors, and live with the others.
from .errors import ValidationFailed as ValidationFailed
from .errors import Violation as Violation

# Imported for type checkers only: `typing`, `re` and `functools` would cost a bare interpreter more than
# the whole validator module does (mypy treats a module's own TYPE_CHECKING = False like typing's).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    import re
    import uuid
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any, Final, Literal

    Part = Literal["body", "query", "path", "headers"]
    """Which part of a request a payload is."""
    Check = Callable[[Any, str, list["Violation"]], None]

__all__ = [
    "FORMAT_CHECKS",
    "FormatValues",
    "INTEGER_DIGITS",
    "LARGEST_INTEGER",
    "LazyPattern",
    "MAX_DEPTH",
    "MISSING",
    "ValidationFailed",
    "Violation",
    "canonical_header_names",
    "check_any_of",
    "check_header_values",
    "check_json",
    "check_key",
    "check_members",
    "describe_type",
    "dispatch",
    "escape_pointer_token",
    "pointer_get",
    "first_duplicate",
    "has_lone_surrogate",
    "is_base64",
    "is_date",
    "is_date_time",
    "is_email",
    "is_multiple_of",
    "is_number",
    "is_uri",
    "is_uuid",
    "json_equal",
    "json_key",
    "json_value",
    "lone_surrogate",
    "out_of_range",
    "repeated_item",
    "too_few_items",
    "too_long",
    "too_many_entries",
    "too_many_items",
    "too_short",
    "unknown_field_message",
    "wrong_type",
]


def json_value(value: object, depth: int = 0) -> Any:
    """A request value as JSON holds it: every `datetime.date`, `datetime.datetime` and `uuid.UUID` in it
    (at any depth the validators read) as the text of its format (ISO 8601 / RFC 3339, the UUID's
    hyphenated form); everything else as it is. The one place such objects become text: the client
    applies it to every part of a request before validating it, so the format checks read the text that
    is sent (a naive datetime has no offset, and fails the date-time check, as RFC 3339 requires).
    """
    import datetime
    import uuid

    if isinstance(value, (datetime.date, uuid.UUID)):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if depth >= MAX_DEPTH:
        return value  # the validators report the depth
    if isinstance(value, dict):
        return {key: json_value(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [json_value(item, depth + 1) for item in value]
    if isinstance(value, tuple):
        return tuple(json_value(item, depth + 1) for item in value)
    return value


class FormatValues:
    """A response's date, date-time and UUID text, parsed on demand (ResponseModel has these).

    A field keeps the vendor's text, so a malformed value never fails a response; each method gives the
    parsed value when the text passes the format's check, and None when the field (an attribute, or an
    extra field) is absent, null, not text, or not in the format.
    """

    __slots__ = ()

    def date_value(self, field: str) -> datetime.date | None:
        """The field as a date, when its text is a date (YYYY-MM-DD)."""
        import datetime

        text = self._format_text(field)
        return datetime.date.fromisoformat(text) if text is not None and is_date(text) else None

    def datetime_value(self, field: str) -> datetime.datetime | None:
        """The field as a timezone-aware datetime, when its text is an RFC 3339 date-time."""
        import datetime

        text = self._format_text(field)
        if text is None or not is_date_time(text):
            return None
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:  # a leap second (23:59:60) is RFC 3339 but not a Python datetime
            return None

    def uuid_value(self, field: str) -> uuid.UUID | None:
        """The field as a UUID, when its text is one."""
        import uuid

        text = self._format_text(field)
        return uuid.UUID(text) if text is not None and is_uuid(text) else None

    def _format_text(self, field: str) -> str | None:
        value = getattr(self, field, None)
        extra = getattr(self, "model_extra", None)
        if value is None and isinstance(extra, dict):
            value = extra.get(field)
        return value if isinstance(value, str) else None


class _Missing:
    """The value of a key that is absent (distinct from a key whose value is null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def pointer_get(document: Any, pointer: str | None) -> Any:
    """The value at a JSON pointer ("" is the whole document); None where there is none."""
    if pointer is None:
        return None
    current = document
    for token in pointer.split("/")[1:] if pointer else ():
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict):
            current = current.get(token)
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return None
    return current


def escape_pointer_token(key: object) -> str:
    """A key as one JSON pointer token (RFC 6901): `~` becomes `~0`, `/` becomes `~1`.

    A key that is not a string (a dict may have `1`, `None` or a tuple as keys) is shown as Python writes it:
    the violation about it needs a pointer too. A lone surrogate is written as its escape (`\\ud800`), so
    the pointer can be printed and sent as UTF-8.
    """
    text = key if isinstance(key, str) else _show(key)
    if not text.isascii() and has_lone_surrogate(text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("~", "~0").replace("/", "~1")


def _show(value: object, limit: int = 60) -> str:
    """`repr(value)`, clipped; never raises, so a message about a hostile value can always be written.

    repr itself can fail: an int of more than 4300 digits, or an object whose own `__repr__` raises.
    """
    try:
        text = repr(value)
    except Exception:  # whatever the value's own code raises: describe it by its type instead
        text = f"<{_clip(type(value).__name__, 40)} object>"
    return _clip(text, limit)


# -- formats (asserted, not only annotated) ----------------------------------------------------------------

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PATTERNS: Final = {
    "date": r"([0-9]{4})-([0-9]{2})-([0-9]{2})",
    "date-time": r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))",
    "uuid": r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
    "uri": r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]*",
    "bad_percent": r"%(?![0-9A-Fa-f]{2})",
    "dot_string": rf"{_ATOM}(?:\.{_ATOM})*",
    "quoted_string": r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"',
    "hostname": rf"{_LABEL}(?:\.{_LABEL})*",
}


class LazyPattern:
    """A spec's regular expression, compiled on first use: compiling at import would slow every import."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            import re

            self._compiled = re.compile(self.source)
        return self._compiled.search(text)


_COMPILED: dict[str, re.Pattern[str]] = {}


def _pattern(name: str) -> re.Pattern[str]:
    """Compiled on first use: most payloads never need most formats, and compiling costs import time."""
    compiled = _COMPILED.get(name)
    if compiled is None:
        import re

        compiled = _COMPILED[name] = re.compile(_PATTERNS[name])
    return compiled


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (29 if month == 2 and leap else _DAYS_IN_MONTH[month - 1])


def is_date(value: str) -> bool:
    """RFC 3339 full-date: YYYY-MM-DD, a real calendar day."""
    match = _pattern("date").fullmatch(value)
    return match is not None and _valid_date(int(match[1]), int(match[2]), int(match[3]))


def is_date_time(value: str) -> bool:
    """RFC 3339 date-time, with an offset; a leap second only at 23:59:60 UTC."""
    match = _pattern("date-time").fullmatch(value)
    if match is None or not _valid_date(int(match[1]), int(match[2]), int(match[3])):
        return False
    hour, minute, second = int(match[4]), int(match[5]), int(match[6])
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset_minutes = 0
    if match[7] is not None:
        offset_hour, offset_minute = int(match[8]), int(match[9])
        if offset_hour > 23 or offset_minute > 59:
            return False
        offset_minutes = (offset_hour * 60 + offset_minute) * (1 if match[7] == "+" else -1)
    if second == 60:
        utc_minutes = (hour * 60 + minute - offset_minutes) % (24 * 60)
        return utc_minutes == 23 * 60 + 59
    return True


def is_email(value: str) -> bool:
    """An RFC 5321 mailbox: dot-string or quoted local part, @, a host name or an address literal."""
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        return False
    if not (_pattern("dot_string").fullmatch(local) or _pattern("quoted_string").fullmatch(local)):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        import ipaddress  # only for address literals: rare, and slow to import

        try:
            if literal[:5].lower() == "ipv6:":
                ipaddress.IPv6Address(literal[5:])
            else:
                ipaddress.IPv4Address(literal)
        except ValueError:
            return False
        return True
    return len(domain) <= 253 and _pattern("hostname").fullmatch(domain) is not None


def is_uuid(value: str) -> bool:
    """RFC 9562 text form: 8-4-4-4-12 hexadecimal digits, any version."""
    return _pattern("uuid").fullmatch(value) is not None


def is_uri(value: str) -> bool:
    """An absolute RFC 3986 URI: a scheme, then no spaces or characters URIs never hold unescaped."""
    return (
        _pattern("uri").fullmatch(value) is not None
        and _pattern("bad_percent").search(value) is None
    )


def is_base64(value: str) -> bool:
    """Standard base64 (RFC 4648 section 4) with padding, without line breaks.

    Decoded by binascii in strict mode rather than matched by a regular expression: ten times faster on a
    multi-megabyte file, and the same verdict on every string.
    """
    if len(value) % 4:
        return False
    try:
        binascii.a2b_base64(value, strict_mode=True)
    except (binascii.Error, ValueError):  # ValueError: characters outside ASCII
        return False
    return True


FORMAT_CHECKS: Final = {
    "date": is_date,
    "date-time": is_date_time,
    "email": is_email,
    "uuid": is_uuid,
    "uri": is_uri,
    "base64": is_base64,
}


# -- numbers and JSON equality -----------------------------------------------------------------------------


def is_multiple_of(value: int | float, divisor: int | float) -> bool:
    if isinstance(value, int) and isinstance(divisor, int):
        return value % divisor == 0
    try:
        quotient = value / divisor
        return quotient == int(quotient)
    except (OverflowError, ValueError):  # inf or nan: not a multiple of anything
        return False


def json_key(value: Any, depth: int = 0) -> Any:
    """A hashable key under which JSON-equal values are equal: 1 == 1.0, but true != 1 and "1" != 1.

    Deeper than MAX_DEPTH levels (so also in a list that contains itself) a value is keyed by its identity,
    equal only to itself: such a value is reported as nested too deeply anyway, and the recursion stays
    bounded.
    """
    if value is None or isinstance(value, bool):
        return (0, value)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    if depth < MAX_DEPTH:
        if isinstance(value, list):
            return (3, tuple(json_key(item, depth + 1) for item in value))
        if isinstance(value, dict):
            return (4, frozenset((key, json_key(item, depth + 1)) for key, item in value.items()))
    return (5, id(value))


def json_equal(left: Any, right: Any) -> bool:
    """JSON equality, as JSON Schema defines it for `enum` and `const`: numbers by value (1 == 1.0), true and
    false apart from numbers (true != 1), strings by code point, arrays item by item, objects key by key.

    The one definition: the generated validators, and the generator (rule conditions, enum members, the
    examples it makes), use it or `json_key`, under which exactly the JSON-equal values are equal.
    """
    return bool(json_key(left) == json_key(right))


def first_duplicate(items: Sequence[Any]) -> tuple[int, int] | None:
    """The indices (first, repeat) of the first item equal (as JSON) to an earlier one, or None."""
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        key = json_key(item)
        if key in seen:
            return seen[key], index
        seen[key] = index
    return None


# -- free-form values: anything JSON, and nothing else ------------------------------------------------------

MAX_DEPTH: Final = 100
"""How deeply a free-form value may nest. Parsers refuse deeper documents (Ruby's JSON at 100 levels), and
Python's own encoder fails at about 1000 (RecursionError): the limit keeps a payload the validators pass
encodable, and the walk over it bounded."""


def has_lone_surrogate(value: str) -> bool:
    """Whether a string holds a surrogate code point (U+D800 to U+DFFF), which UTF-8 cannot encode.

    Python strings can hold them (`"\\ud800"`, or decoded with `surrogateescape`); sending one fails in the
    encoder. Generated code calls this only for non-ASCII strings (`str.isascii()` is a flag lookup).
    """
    return _surrogate_at(value) is not None


def _surrogate_at(value: str) -> int | None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def lone_surrogate(value: str) -> str:
    index = _surrogate_at(value) or 0
    return (
        f"must be Unicode text: character {index + 1} is a lone surrogate (U+{ord(value[index]):04X}), "
        "which cannot be encoded as UTF-8"
    )


def check_key(key: object, path: str, errors: list[Violation]) -> None:
    """An object's key must be a string JSON can carry; `path` points at the key's entry."""
    if not isinstance(key, str):
        errors.append(
            Violation(path, "key", f"keys must be strings (got {describe_type(key)} {_show(key)})")
        )
    elif not key.isascii() and has_lone_surrogate(key):
        errors.append(Violation(path, "key", "the key " + lone_surrogate(key)))


def check_members(
    value: dict[Any, Any], known: frozenset[str] | tuple[()], path: str, errors: list[Violation]
) -> None:
    """The entries of an open object other than its known fields: any JSON, with string keys."""
    for key, item in value.items():
        if key in known or (type(key) is str and key.isascii() and _plain(item)):
            continue
        member = path + "/" + escape_pointer_token(key)
        check_key(key, member, errors)
        _check_json(item, member, errors, {id(value)}, 1)


def _plain(item: object) -> bool:
    """A value JSON surely carries, told by its exact type: most values of a free-form object are."""
    if type(item) is str:
        return item.isascii()
    if type(item) is int:
        return -LARGEST_INTEGER <= item <= LARGEST_INTEGER
    return item is None or type(item) is bool


def dispatch(
    entry_points: Mapping[tuple[str, str], Callable[[object], list[Violation]]],
    operations: Sequence[str],
    operation_id: str,
    payload: object,
    part: str,
) -> list[Violation]:
    """Run the validator of one part of one operation's request (a generated module's `validate`).

    An operation the module does not have, or a part its request does not have, is a ValueError that
    names it: a caller's mistake, not a violation of the payload.
    """
    check = entry_points.get((operation_id, part))
    if check is None:
        if operation_id not in operations:
            raise ValueError(f"unknown operation {operation_id!r}; known: {', '.join(operations)}")
        raise ValueError(f"{operation_id} has no request {part}")
    return check(payload)


def canonical_header_names(
    value: dict[Any, Any], declared: tuple[str, ...], path: str, errors: list[Violation]
) -> dict[Any, Any]:
    """The headers, each name a declared one matches spelled as the spec declares it.

    Header names are case-insensitive (RFC 9110, section 5.1): `on-behalf-of` is the spec's
    `On-Behalf-Of`. A name given twice in different cases is reported, and its first value checked.
    """
    spelled = {name.lower(): name for name in declared}
    headers: dict[Any, Any] = {}
    for key, item in value.items():
        name = spelled.get(key.lower(), key) if isinstance(key, str) else key
        if name in headers:
            errors.append(
                Violation(
                    path + "/" + escape_pointer_token(key),
                    "duplicate",
                    f"the header {name} is given twice (header names are not case-sensitive)",
                )
            )
            continue
        headers[name] = item
    return headers


def check_header_values(value: dict[Any, Any], path: str, errors: list[Violation]) -> None:
    """Header values that are strings must be printable ASCII.

    httpx encodes header values as ASCII (anything else raises UnicodeEncodeError in the client), and a
    line break or other control character would end the header or split it in two.
    """
    for name, item in value.items():
        if isinstance(item, str) and not (item.isascii() and item.isprintable()):
            if has_lone_surrogate(item):
                continue  # reported by the value's own check, as not Unicode text
            bad = next(char for char in item if not (char.isascii() and char.isprintable()))
            errors.append(
                Violation(
                    path + "/" + escape_pointer_token(name),
                    "header",
                    f"must be printable ASCII text: an HTTP header value cannot carry {bad!r}",
                )
            )


def check_json(value: object, path: str, errors: list[Violation]) -> None:
    """Report every part of a value that JSON cannot carry: where a schema leaves the value free-form.

    A value that passes goes through `json.dumps(..., allow_nan=False)` and UTF-8 encoding, as the clients
    send it. Not JSON: other types (sets, tuples, bytes, objects), NaN and the infinities, integers of more
    than INTEGER_DIGITS digits, lone surrogates in strings or keys, keys that are not strings, a container
    that holds itself, and nesting deeper than MAX_DEPTH.
    """
    _check_json(value, path, errors, set(), 0)


def _check_json(
    value: object, path: str, errors: list[Violation], holding: set[int], depth: int
) -> None:
    """`holding`: the ids of the containers `value` is inside, to tell a cycle from a shared value."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        if not value.isascii() and has_lone_surrogate(value):
            errors.append(Violation(path, "unicode", lone_surrogate(value)))
        return
    if not isinstance(value, (list, dict)):
        if not is_number(value):
            errors.append(Violation(path, "type", wrong_type(value, "a JSON value")))
        return
    if id(value) in holding:
        errors.append(Violation(path, "cycle", "contains itself, so it cannot be written as JSON"))
        return
    if depth >= MAX_DEPTH:
        errors.append(Violation(path, "depth", f"nests more than {MAX_DEPTH} levels deep"))
        return
    holding.add(id(value))
    if isinstance(value, list):
        for index, item in enumerate(value):
            if not _plain(item):
                _check_json(item, f"{path}/{index}", errors, holding, depth + 1)
    else:
        for key, item in value.items():
            if type(key) is str and key.isascii() and _plain(item):
                continue
            member = path + "/" + escape_pointer_token(key)
            check_key(key, member, errors)
            _check_json(item, member, errors, holding, depth + 1)
    holding.discard(id(value))


# -- unions ------------------------------------------------------------------------------------------------


def check_any_of(
    value: Any, path: str, errors: list[Violation], branches: Sequence[Check], expected: str
) -> None:
    """Accept `value` when any branch accepts it; otherwise report the closest branch's violations.

    The closest branch is one whose type matched (its violations are about the value's content), with the
    fewest violations; when no branch's type matched, one `type` violation lists the forms accepted.
    """
    failures: list[list[Violation]] = []
    for branch in branches:
        found: list[Violation] = []
        branch(value, path, found)
        if not found:
            return
        failures.append(found)
    content = [f for f in failures if not any(v.pointer == path and v.rule == "type" for v in f)]
    if content:
        closest: list[Violation] = min(content, key=len)
        errors.extend(closest)
    else:
        errors.append(Violation(path, "type", f"{expected} (got {describe_type(value)})"))


# -- messages ----------------------------------------------------------------------------------------------


INTEGER_DIGITS: Final = 4300
LARGEST_INTEGER: Final = 10**INTEGER_DIGITS - 1
"""The largest int Python writes as text by default (`sys.int_info.default_max_str_digits` digits): past it,
`json.dumps` raises ValueError, so the client could not send it. Validators reject a longer int like NaN."""


def is_number(value: Any) -> bool:
    """A JSON number: an int (not a bool) of at most INTEGER_DIGITS digits, or a finite float.

    NaN and the infinities are Python floats but not JSON numbers: `json.dumps` writes them as bare `NaN` and
    `Infinity`, which no JSON parser, and so no vendor, accepts.
    """
    if isinstance(value, float):
        return isfinite(value)
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and -LARGEST_INTEGER <= value <= LARGEST_INTEGER
    )


_NOT_JSON_NUMBERS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def describe_type(value: Any) -> str:
    """The JSON type of a value, as a message says it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        if not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
            return f"an integer of more than {INTEGER_DIGITS} digits, which JSON cannot carry"
        return "an integer"
    if isinstance(value, float):
        return (
            "a number"
            if isfinite(value)
            else f"{_NOT_JSON_NUMBERS[str(value)]}, which JSON cannot carry"
        )
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a Python {_clip(type(value).__name__, 40)}, which JSON cannot carry"


def wrong_type(value: Any, expected: str) -> str:
    return f"must be {expected} (got {describe_type(value)})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def too_short(value: str, limit: int) -> str:
    if limit == 1:
        return "must not be empty"
    return f"must be at least {_plural(limit, 'character')} long (got {len(value)})"


def too_long(value: str, limit: int) -> str:
    return f"must be at most {_plural(limit, 'character')} long (got {len(value)})"


def too_few_items(items: Sequence[Any], limit: int) -> str:
    return f"must have at least {_plural(limit, 'item')} (got {len(items)})"


def too_many_items(items: Sequence[Any], limit: int) -> str:
    return f"must have at most {_plural(limit, 'item')} (got {len(items)})"


def out_of_range(value: float, words: str, bound: float) -> str:
    # Clipped: a JSON number may have thousands of digits.
    return f"must be {words} {bound!r} (got {_show(value)})"


def too_many_entries(value: str, separator: str, limit: int) -> str:
    return f"must list at most {_plural(limit, 'entry').replace('entrys', 'entries')} (got {value.count(separator) + 1})"


def repeated_item(first: int, repeat: int) -> str:
    return f"items must be unique (item {repeat} repeats item {first})"


def _fold(name: str) -> str:
    """A name with case and separators folded away: `firstName`, `first_name` and `First-Name` agree."""
    return name.lower().replace("_", "").replace("-", "")


def _one_deletion_away(text: str) -> tuple[str, ...]:
    return (text, *(text[:i] + text[i + 1 :] for i in range(len(text))))


_INDEXES: dict[frozenset[str], dict[str, str]] = {}


def _suggestion_index(known: frozenset[str]) -> dict[str, str]:
    """Each known name's folded form and its one-deletion variants, mapped back to the name.

    Two names within one edit (a letter added, dropped, changed or two swapped) share a variant, so a
    misspelt key finds its field with a few dictionary lookups instead of a fuzzy search over every name:
    validating an invalid payload stays fast.
    """
    index = _INDEXES.get(known)
    if index is not None:
        return index
    built: dict[str, str] = {}
    for name in sorted(known):
        for variant in _one_deletion_away(_fold(name)):
            built.setdefault(variant, name)
    # Sets passed by callers, not the generated constants: keep it bounded.
    if len(_INDEXES) >= 256:
        _INDEXES.clear()
    # Published only once complete: another thread reads the cache without a lock, and a half-built index
    # would cost its message the hint. Two threads may both build one; they build the same.
    _INDEXES[known] = built
    return built


def unknown_field_message(key: object, known: Iterable[str]) -> str:
    """ "'frist_name' is not a field here; did you mean 'first_name'?" (the hint when one name is close)."""
    if not isinstance(key, str):
        return f"{_show(key)} is not a field here: keys are strings (got {describe_type(key)})"
    hint = ""
    if len(key) <= 64:
        index = _suggestion_index(known if isinstance(known, frozenset) else frozenset(known))
        match = next((index[v] for v in _one_deletion_away(_fold(key)) if v in index), None)
        if match is not None and match != key:
            hint = f"; did you mean {match!r}?"
    return f"{_clip(key)!r} is not a field here{hint}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
