"""Parameter locations: each one described once, for every stage that handles a request's parameters.

A parameter is a field of a request outside its body: it goes in the URL path, the query string, a header
(or, one day, a cookie). What each stage reads from a location:

- lowering (`lower/operations.py`): `spec_key` (the spec's key under `request:`), `always_required`,
  `closed` (other keys are refused), `noun` (messages), `unsupported` (a lint error where a spec uses it);
- the IR and the validators (`ir.Part`, `emit/validators.py`): `part`, the request part whose validator
  checks the location's parameters, `plural` (the validator's docstring) and `http_header`;
- the SDK's spec module and runtime (`emit/spec_module.py`, `atsgen_runtime.spec.Location`): `name`, which
  the client reads to send a parameter: a path parameter percent-encoded inside its own path segment, a
  query parameter in the query string, a header as a header;
- OpenAPI (`emit/openapi.py`): `name` is also the parameter's `in`; `always_required`;
- the diff (`diff/`): `part`, `always_required` (a path parameter's required flag is not news).

The body is not a location: it is one object with its own content type (`ir.BODY`). The spec schema
(`generator/spec_schema.json`) lists the same spec keys under `request`, and the runtime's `Location` the
same names (plus the body); tests hold them equal. Adding a location: one entry in `LOCATIONS`, its key in
the spec schema's `request`, and, once supported, its part in `ir.Request` and how the runtime sends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.kinds import UnknownMember

if TYPE_CHECKING:
    from generator.ir import Part


@dataclass(frozen=True)
class Location:
    """One parameter location, with everything a stage needs from it."""

    name: str
    """The runtime's `ParamSpec.location`, and OpenAPI's `in`."""
    spec_key: str
    """The key under a spec's `request:` that declares these parameters."""
    noun: str
    """One such parameter, in messages: "the path parameter 'id'"."""
    plural: str
    """The whole part, in the validators' docstrings: "Check the path parameters of ..."."""
    part: Part | None = None
    """The request part (`ir.Part`) holding these parameters; None for a location not supported yet."""
    always_required: bool = False
    """The parameters are exactly the holes of the URL template: each is required (a path with a hole in
    it is another URL), and the part holds nothing the template does not say."""
    closed: bool = True
    """A key the spec does not declare is refused (a client sends headers the spec never lists)."""
    http_header: bool = False
    """The parameters travel as HTTP header fields: the validators compare names case-insensitively and
    check that each value is what a header can carry."""
    unsupported: str | None = None
    """Why a spec may not use this location yet, and what to do instead (the lint error)."""

    def __post_init__(self) -> None:
        # A supported location has a request part to live in; one that is not says why.
        if (self.part is None) == (self.unsupported is None):
            raise ValueError(f"location {self.name!r}: a part, or why it is not supported yet")


LOCATIONS: tuple[Location, ...] = (
    Location(
        "path",
        "path_params",
        "path parameter",
        "path parameters",
        part="path",
        always_required=True,
    ),
    Location("query", "query", "query parameter", "query parameters", part="query"),
    Location(
        "header", "headers", "header", "headers", part="headers", closed=False, http_header=True
    ),
    Location(
        "cookie",
        "cookies",
        "cookie",
        "cookies",
        unsupported="cookie parameters are not supported yet (the SDK cannot send them); declare "
        "the Cookie header under `headers` instead",
    ),
)
"""Every location, in the order requests are described (and parameters listed)."""

SUPPORTED: tuple[Location, ...] = tuple(loc for loc in LOCATIONS if loc.unsupported is None)


def named(name: str) -> Location:
    """The location called `name` (the runtime's and OpenAPI's word); one the registry lacks is an error."""
    for location in LOCATIONS:
        if location.name == name:
            return location
    raise UnknownMember("parameter location", name)


def of_part(part: Part) -> Location:
    """The location whose parameters make up the request part `part`."""
    for location in SUPPORTED:
        if location.part == part:
            return location
    raise UnknownMember("parameter part", part)


def parts() -> tuple[Part, ...]:
    """The request parts that hold parameters, in order."""
    return tuple(loc.part for loc in SUPPORTED if loc.part is not None)


def spec_nouns() -> Mapping[str, str]:
    """The noun of each supported location, by its spec key."""
    return {loc.spec_key: loc.noun for loc in SUPPORTED}
