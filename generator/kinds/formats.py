"""String and integer formats: each one described once, for every stage that handles `format:`.

A format refines one JSON type. A string format is asserted at run time by a check function of the SDK
runtime (`templates/runtime/validation.py`, shipped as `ats_sdk._runtime.validation`), named here by
`check`; an integer format stands for a range, which lowering folds into `minimum` and `maximum`. What each
stage reads from a member:

- lowering (`lower/`): `json_type` (the type the format applies to), `integer_range`, `carries_file`
  (`max_bytes` applies);
- validators (`emit/validators.py`): `check`, `words` (the default message), `ascii_only`;
- JSON Schema (`emit/json_schema.py`) and its reader (`schema_import.py`): `json_schema`, `json_pattern`;
- examples (`emit/examples.py`), Python types (`emit/pytypes.py`): `example`, `python_type` and
  `python_module` (a date, date-time or UUID argument also takes the `datetime` or `uuid` object, which
  the runtime's `json_value` sends as the format's text);
- docs and diff (`phrasing.py`, `diff/`): `integer_range`, so bounds that only restate a format are not news.

The spec schema (`generator/spec_schema.json`) lists the same names, for editors; a test holds the two equal.
Adding a format: one entry in `FORMATS`, its check in the runtime (a string format), its name in the spec
schema's `format` enum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from generator.kinds import UnknownMember

FormatType = Literal["string", "integer"]


@dataclass(frozen=True)
class Format:
    """One format, with everything a stage needs from it."""

    name: str
    json_type: FormatType
    words: str
    """What a valid value is, as the default message says it: "must be <words>"."""
    json_schema: tuple[tuple[str, str], ...]
    """Its JSON Schema keywords: the `format` annotation, or `contentEncoding` where JSON Schema has one."""
    example: str | int
    python_type: str
    """The type of an argument in this format, as a client method's annotation writes it."""
    python_module: str | None = None
    """The module `python_type` names (imported for type checkers by the client module), if any."""
    python_object: str | None = None
    """The class (`module.Name`) a value in this format may be instead of its text, if any."""
    check: str | None = None
    """The runtime function asserting a string format (None for an integer format: its range does)."""
    json_pattern: str | None = None
    """A pattern the exported JSON Schema adds, for a format JSON Schema only annotates (`contentEncoding`)."""
    ascii_only: bool = False
    """The check passes ASCII text only, so it already rejects a lone surrogate."""
    integer_range: tuple[int, int] | None = None
    carries_file: bool = False
    """A file sent as text: `max_bytes` limits its decoded size."""

    def __post_init__(self) -> None:
        # What makes a format more than a word: a string format is checked, an integer one bounded.
        if (self.check is None) == (self.json_type == "string"):
            raise ValueError(f"format {self.name!r}: a string format needs a check, only it")
        if (self.integer_range is None) == (self.json_type == "integer"):
            raise ValueError(f"format {self.name!r}: an integer format needs a range, only it")

    @property
    def annotated(self) -> bool:
        """Whether JSON Schema names it with the `format` keyword (so a JSON Schema reader may assert it)."""
        return any(keyword == "format" for keyword, _ in self.json_schema)


def _string(
    name: str,
    words: str,
    example: str,
    check: str,
    *,
    ascii_only: bool,
    json_schema: tuple[tuple[str, str], ...] | None = None,
    json_pattern: str | None = None,
    carries_file: bool = False,
    python_object: str | None = None,
) -> Format:
    """`python_object`: the class (`module.Name`) an argument may be instead of its text."""
    return Format(
        name=name,
        json_type="string",
        words=words,
        json_schema=json_schema if json_schema is not None else (("format", name),),
        example=example,
        python_type=f"str | {python_object}" if python_object else "str",
        python_module=python_object.split(".")[0] if python_object else None,
        python_object=python_object,
        check=check,
        json_pattern=json_pattern,
        ascii_only=ascii_only,
        carries_file=carries_file,
    )


def _integer(name: str, bits: int) -> Format:
    return Format(
        name=name,
        json_type="integer",
        words=f"a {bits}-bit integer",
        json_schema=(("format", name),),
        example=1,
        python_type="int",
        integer_range=(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1),
    )


# Standard base64 (RFC 4648 section 4) with padding: what "Binary/Base64 String" fields carry.
BASE64_PATTERN = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"

_ALL = (
    _string(
        "date",
        "a date (YYYY-MM-DD)",
        "2024-01-15",
        "is_date",
        ascii_only=True,
        python_object="datetime.date",
    ),
    _string(
        "date-time",
        "a date-time (RFC 3339, such as 2024-01-15T14:30:00Z)",
        "2024-01-15T14:30:00Z",
        "is_date_time",
        ascii_only=True,
        python_object="datetime.datetime",
    ),
    _string("email", "an email address", "jane.doe@example.com", "is_email", ascii_only=True),
    _string(
        "uuid",
        "a UUID",
        "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b",
        "is_uuid",
        ascii_only=True,
        python_object="uuid.UUID",
    ),
    # An IRI's non-ASCII text passes is_uri, so a lone surrogate must still be looked for.
    _string("uri", "an absolute URI", "https://example.com/resource", "is_uri", ascii_only=False),
    _string(
        "base64",
        "base64-encoded data",
        "SGVsbG8sIHdvcmxkIQ==",
        "is_base64",
        ascii_only=True,
        carries_file=True,
        json_schema=(("contentEncoding", "base64"),),
        json_pattern=BASE64_PATTERN,
    ),
    _integer("int32", 32),
    _integer("int64", 64),
)

FORMATS: Mapping[str, Format] = {member.name: member for member in _ALL}
"""Every format, by name, in the order the spec guide lists them."""


def get(name: str) -> Format:
    """The format called `name`; a name the registry lacks is a bug upstream, never skipped."""
    member = FORMATS.get(name)
    if member is None:
        raise UnknownMember("format", name)
    return member


def integer_range(name: str | None) -> tuple[int, int] | None:
    """The range an integer format stands for; None for no format or a string format."""
    return None if name is None else get(name).integer_range


def file_formats() -> tuple[str, ...]:
    """The formats `max_bytes` applies to."""
    return tuple(member.name for member in _ALL if member.carries_file)
