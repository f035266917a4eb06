"""Operations: one API call each, with its request, responses, pagination and route.

`Operations` lowers an operation's source document and auth schemes, its request (path parameters against the
URL path, query, headers, body, and the one namespace of client-method arguments they share), its responses
(bodies or error envelopes, with their examples) and its pagination (parameters and pointers that must exist).
`check_routes` then makes sure no two operations answer the same method and path. The shapes inside a request or
response are lowered by `Shapes`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator import ir, naming
from generator.diagnostics import SpecPath
from generator.kinds import formats, locations
from generator.kinds import pagination as pagination_kinds
from generator.lower import checks
from generator.lower.report import Reporter, suggest, suggest_or_list
from generator.lower.shapes import Shapes

_PATH_PARAM = re.compile(r"\{([^{}]*)\}")
_DEFAULT_RETRY_SAFE = frozenset({"GET", "PUT", "DELETE"})
# The request parts whose fields become keyword arguments of one client method, with how messages name them:
# the parameter locations (by spec key), then the body.
_ARGUMENT_NOUNS = {**locations.spec_nouns(), "body": "body field"}


class Operations:
    """Lowers the operations of a spec whose auth schemes and error envelopes are already lowered."""

    def __init__(
        self,
        shapes: Shapes,
        auth: tuple[ir.AuthScheme, ...],
        envelopes: tuple[ir.ErrorEnvelope, ...],
    ) -> None:
        self.shapes = shapes
        self.cite = shapes.cite
        self.report = shapes.report
        self.auth = auth
        self.envelopes = envelopes

    def operation(self, oid: str, op: Mapping[str, Any], path: SpecPath) -> ir.Operation:
        source = self._source(op["source"], path + ("source",))
        scheme_ids = [scheme.id for scheme in self.auth]
        op_auth = op.get("auth", scheme_ids)
        for index, scheme in enumerate(op_auth):
            if scheme not in scheme_ids:
                hint = suggest_or_list(scheme, scheme_ids, "schemes under `auth`")
                self.report.error(path + ("auth", index), f"unknown auth scheme {scheme!r}{hint}")
        request = self._request(op.get("request", {}), path + ("request",), op["path"])
        responses = tuple(
            self._response(status, r, path + ("responses", status))
            for status, r in op["responses"].items()
        )
        if not any(r.is_success for r in responses):
            self.report.error(
                path + ("responses",), "no success response (2XX); document what the call returns"
            )
        pagination = None
        if "pagination" in op:
            pagination = self._pagination(
                op["pagination"], path + ("pagination",), request, responses
            )
        return ir.Operation(
            id=oid,
            python_name=naming.snake_case(oid),
            summary=op["summary"],
            description=op.get("description"),
            source=source,
            method=op["method"],
            path=op["path"],
            auth=tuple(op_auth),
            retry_safe=op.get("retry_safe", op["method"] in _DEFAULT_RETRY_SAFE),
            request=request,
            responses=responses,
            pagination=pagination,
            deprecated=op.get("deprecated", False),
            provenance=self.cite.provenance(op, path),
            notes=self.cite.notes(op.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )

    def _source(self, source_id: str, path: SpecPath) -> ir.Source:
        """The vendor document the operation is taken from: a listed source with a `file` or a `url`.

        A research note (neither) cannot be an operation's source: a reviewer must be able to open the
        page the operation was copied from, as a saved copy or at its address.
        """
        source = self.cite.sources.get(source_id)
        if source is None:
            self.cite.source_ref(source_id, path)
            return ir.Source(id=source_id, title=source_id)
        if source.file is None and source.url is None:
            self.report.error(
                path,
                f"the source {source_id!r} has neither a `file` nor a `url`; an operation's source is"
                " a vendor document: give its saved copy (`file`) or its address (`url`)",
            )
        return source

    # -- request --------------------------------------------------------------------------------------

    def _request(self, r: Mapping[str, Any], path: SpecPath, url_path: str) -> ir.Request:
        self._check_path_params(r.get("path_params", {}), path, url_path)
        parts = {
            location.part: self._parameters(location, r, path)
            for location in locations.LOCATIONS
            if self._supported(location, r, path) and location.part is not None
        }
        body = self._body(r["body"], path + ("body",)) if "body" in r else None
        self._check_argument_names(path, parts["path"], parts["query"], parts["headers"], body)
        return ir.Request(
            path=parts["path"], query=parts["query"], headers=parts["headers"], body=body
        )

    def _supported(
        self, location: locations.Location, r: Mapping[str, Any], path: SpecPath
    ) -> bool:
        """Whether the location is supported; a spec that uses one that is not gets the reason."""
        if location.unsupported is None:
            return True
        if location.spec_key in r:
            self.report.error(path + (location.spec_key,), location.unsupported, at_key=True)
        return False

    def _parameters(
        self, location: locations.Location, r: Mapping[str, Any], path: SpecPath
    ) -> ir.Schema:
        """The object of the parameters declared at one location (an empty one when none are)."""
        return self.shapes.fields_object(
            r.get(location.spec_key, {}),
            path + (location.spec_key,),
            "request",
            closed=location.closed,
            force_required=location.always_required,
        )

    def _check_path_params(
        self, declared: Mapping[str, Any], path: SpecPath, url_path: str
    ) -> None:
        """Each {name} in the URL path is declared under path_params, and each declared one is used."""
        in_path = _PATH_PARAM.findall(url_path)
        for name in in_path:
            if not naming.is_python_identifier(name) and not name:
                self.report.error(
                    path[:-1] + ("path",),
                    "an empty {} in the path; name the parameter",
                    at_text="{}",
                )
            elif name not in declared:
                self.report.error(
                    path[:-1] + ("path",),
                    f"the path parameter {{{name}}} is not declared; add it under request.path_params"
                    f"{suggest(name, declared)}",
                    at_text=f"{{{name}}}",
                )
        for name in declared:
            if name not in in_path:
                self.report.error(
                    path + ("path_params", name),
                    f"the path parameter {name!r} does not appear in the path {url_path!r}; add {{{name}}} or remove it",
                    at_key=True,
                )
            if declared[name].get("required") is False:
                self.report.error(
                    path + ("path_params", name, "required"),
                    "a path parameter is always required; remove `required: false`",
                )

    def _body(self, b: Mapping[str, Any], path: SpecPath) -> ir.Body:
        body = ir.Body(
            content_type=b.get("content_type", "application/json"),
            required=b.get("required", True),
            schema=self.shapes.object(b, path, "request"),
            example=b.get("example"),
            has_example="example" in b,
        )
        if body.has_example:
            checks.check_example(self.report, body.schema, body.example, path + ("example",))
        return body

    def _check_argument_names(self, path: SpecPath, *parts: ir.Schema | ir.Body | None) -> None:
        """A client method takes path, query, header and body fields as keyword arguments: one namespace."""
        seen: dict[str, tuple[str, str]] = {}  # Python name -> (part, wire name) that took it first
        for part, key in zip(parts, _ARGUMENT_NOUNS, strict=True):
            schema = part.schema if isinstance(part, ir.Body) else part
            if schema is None:
                continue
            # Read-only fields are not arguments: the vendor sets them.
            for prop in schema.sendable_properties:
                first = seen.setdefault(prop.python_name, (key, prop.wire_name))
                if first[0] == key:
                    continue  # the same part: the shapes reported any collision already
                fpath = path + (
                    (key, "fields", prop.wire_name) if key == "body" else (key, prop.wire_name)
                )
                self.report.error(
                    fpath,
                    f"the {_ARGUMENT_NOUNS[key]} {prop.wire_name!r} and the {_ARGUMENT_NOUNS[first[0]]} "
                    f"{first[1]!r} both become the argument {prop.python_name!r} of the client method; "
                    "set `python_name` on one of them",
                    at_key=True,
                )

    # -- responses and pagination ---------------------------------------------------------------------

    def _response(self, status: str, r: Mapping[str, Any], path: SpecPath) -> ir.Response:
        envelope = r.get("envelope")
        if envelope is not None:
            self._check_envelope(envelope, status, "body" in r, path + ("envelope",))
        body = self.shapes.shape(r["body"], path + ("body",), "response") if "body" in r else None
        if body is not None:
            self._check_hidden_fields(body, path + ("body",))
        if body is not None and "example" in r:
            checks.check_example(self.report, body, r["example"], path + ("example",))
        return ir.Response(
            status=status,
            description=r.get("description"),
            content_type=r.get(
                "content_type", "application/json" if body is not None or envelope else None
            ),
            body=body,
            envelope=envelope,
            errors=tuple(
                ir.DocumentedError(
                    code=e.get("code"),
                    message=e.get("message"),
                    description=e.get("description"),
                    confidence=ir.Confidence(e.get("confidence", "documented")),
                )
                for e in r.get("errors", [])
            ),
            headers=self._headers(r.get("headers", {}), path + ("headers",)),
            example=r.get("example"),
            has_example="example" in r,
            provenance=self.cite.provenance(r, path),
            notes=self.cite.notes(r.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )

    def _check_hidden_fields(self, body: ir.Schema, path: SpecPath) -> None:
        """A response field named like an attribute the SDK gives every model (`response_headers`, ...)
        is hidden behind it: the field's value is only in `model_dump()`. Said, so the author knows.
        """
        taken = naming.response_model_attributes()
        for pointer in checks.pointers(body, depth=8):
            name = pointer.rsplit("/", 1)[-1]
            if name in taken:
                self.report.warning(
                    path,
                    f"the response field {pointer!r} has the name of the SDK's `{name}` attribute of "
                    f"every response model, which hides it: callers read it as `model_dump()[{name!r}]`",
                )

    def _headers(
        self, declared: Mapping[str, Any], path: SpecPath
    ) -> tuple[ir.ResponseHeader, ...]:
        """The headers one status carries; two names that differ only in case are one header (RFC 9110)."""
        seen: dict[str, str] = {}  # lower-case name -> the name as first written
        headers = []
        for name, h in declared.items():
            hpath = path + (name,)
            first = seen.setdefault(name.lower(), name)
            if first != name:
                self.report.error(
                    hpath,
                    f"the header {name!r} is already declared as {first!r} (header names are "
                    "case-insensitive); declare it once",
                    at_key=True,
                )
                continue
            headers.append(self._header(name, h, hpath))
        return tuple(headers)

    def _header(self, name: str, h: Mapping[str, Any], path: SpecPath) -> ir.ResponseHeader:
        header_type, header_format = h["type"], h.get("format")
        if header_format is not None and (header_type, formats.get(header_format).json_type) != (
            "string",
            "string",
        ):
            # The runtime reads a header's format with the string check it names; an integer format's
            # range has no such check, and a header's number needs none.
            self.report.error(
                path + ("format",),
                f"a header's format refines its text (type: string); {header_format!r} cannot refine "
                f"this {header_type} header",
            )
            header_format = None
        example = h.get("example", _header_example(header_type, header_format))
        if "example" in h:
            schema = ir.Schema(types=(header_type,), format=header_format)
            checks.check_example(self.report, schema, example, path + ("example",))
            # Printable ASCII: what every HTTP stack sends as is (the mock's server encodes headers as
            # Latin-1, and a control character would end the header early).
            if not all(0x20 <= ord(char) < 0x7F for char in str(example)):
                self.report.error(
                    path + ("example",),
                    "a header value holds printable ASCII only: no control character, no non-ASCII "
                    "letter",
                )
        return ir.ResponseHeader(
            name=name,
            type=header_type,
            format=header_format,
            description=h.get("description"),
            required=h.get("required", False),
            example=example,
            provenance=self.cite.provenance(h, path),
            notes=self.cite.notes(h.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )

    def _check_envelope(self, envelope: str, status: str, has_body: bool, path: SpecPath) -> None:
        """An error response may name a declared envelope instead of giving a body."""
        names = [e.id for e in self.envelopes]
        if envelope not in names:
            hint = suggest_or_list(envelope, names, "envelopes under `error_envelopes`")
            self.report.error(path, f"unknown error envelope {envelope!r}{hint}")
        if has_body:
            self.report.error(path, "give either `body` or `envelope`, not both", at_key=True)
        if status.startswith("2"):
            self.report.error(
                path, "a success response has a body, not an error envelope", at_key=True
            )

    def _pagination(
        self,
        p: Mapping[str, Any],
        path: SpecPath,
        request: ir.Request,
        responses: tuple[ir.Response, ...],
    ) -> ir.Pagination:
        """The operation's pagination, as its style (the registry's) reads it: the style's keys only,
        its query parameters declared (integers where it counts with them), its pointers in the body.
        """
        kind = pagination_kinds.of(p["style"])  # the spec schema's enum is the registry's
        for key in sorted(set(p) - kind.keys):
            self.report.error(
                path + (key,),
                f"`{key}` does not apply to pagination style {kind.name!r} (it takes "
                f"{', '.join(sorted(kind.keys))})",
                at_key=True,
            )
        params: list[tuple[str, str]] = []
        for role in kind.params:
            name = p.get(role.key, role.default)
            if name is None:
                continue
            params.append((role.key, name))
            self._page_param(request, role, name, role.key in p, path)
        bodies = [r.body for r in responses if r.is_success and r.body is not None]
        self._page_pointer(p, "items", bodies, path)
        pointers: list[tuple[str, str]] = []
        for role in kind.pointers:
            if role.key in p:
                pointers.append((role.key, p[role.key]))
                self._page_pointer(p, role.key, bodies, path)
            elif role.required:
                self.report.error(
                    path,
                    f"pagination style {kind.name!r} needs `{role.key}`: where the {role.words} is "
                    "in the success body",
                    at_key=True,
                )
        return ir.Pagination(
            kind.name,
            p["items"],
            tuple(params),
            tuple(pointers),
            p.get(pagination_kinds.FIRST_PAGE, 1),
        )

    def _page_param(
        self,
        request: ir.Request,
        role: pagination_kinds.Role,
        name: str,
        named: bool,
        path: SpecPath,
    ) -> None:
        """A query parameter pagination reads must be declared, and an integer when it is counted."""
        where = path + (role.key,)
        prop = request.query.field(name)
        if prop is None:
            self.report.error(where, _missing_page_param(request, role.key, name, named))
        elif role.integer and set(prop.schema.types) - {"null"} != {"integer"}:
            self.report.error(
                where,
                f"pagination counts with the {role.words} in {name!r}, so it must be declared "
                f"`type: integer` under request.query",
            )

    def _page_pointer(
        self, p: Mapping[str, Any], key: str, bodies: list[ir.Schema], path: SpecPath
    ) -> None:
        if not any(checks.pointer_resolves(body, p[key]) for body in bodies):
            pointers = [pointer for body in bodies for pointer in checks.pointers(body)]
            hint = suggest_or_list(p[key], pointers, "pointers into the success body")
            self.report.error(
                path + (key,),
                f"{p[key]!r} does not name a field of the success response body{hint}",
            )


# The example of a header of each type when the document gives none (a string format has its own).
_HEADER_EXAMPLES: dict[str, str | int | float | bool] = {
    "string": "example",
    "integer": 60,
    "number": 1.5,
    "boolean": True,
}


def _header_example(header_type: str, header_format: str | None) -> str | int | float | bool:
    if header_format is not None:
        return formats.get(header_format).example
    return _HEADER_EXAMPLES[header_type]


def _missing_page_param(request: ir.Request, key: str, name: str, named: bool) -> str:
    """Why the query parameter pagination reads the `key` from is missing; `named`: the spec named it."""
    query_names = [prop.wire_name for prop in request.query.properties]
    listing = f"its query parameters: {', '.join(query_names)}" if query_names else "it has none"
    if named:
        return (
            f"{name!r} is not a query parameter of this operation ({listing}); declare it under "
            "request.query, or name the one that holds the " + key
        )
    return (
        f"pagination reads the {key} from the query parameter {name!r} unless told otherwise, but this "
        f"operation has no such parameter ({listing}); set `{key}:` to the one it uses, or declare "
        f"{name!r} under request.query"
    )


def check_routes(report: Reporter, operations: tuple[ir.Operation, ...]) -> None:
    """One route (method and path, whatever its parameters are called), one operation."""
    seen: dict[tuple[str, str], str] = {}
    for op in operations:
        route = (op.method, _PATH_PARAM.sub("{}", op.path))
        if route in seen:
            report.error(
                ("operations", op.id, "path"),
                f"{op.method} {op.path} is already the route of operation {seen[route]!r}; one route, one operation",
            )
        seen.setdefault(route, op.id)


def check_method_names(report: Reporter, operations: tuple[ir.Operation, ...]) -> None:
    """Every client method an operation adds must have a name of its own: none the runtime client
    classes define, none another operation's methods took first."""
    owners: dict[str, tuple[str, str]] = {}  # method name -> (operation id, what the method is)
    for op in operations:
        for method, what in _client_methods(op):
            first = owners.setdefault(method, (op.id, what))
            taken = naming.method_collision(method)
            if taken is None and first[0] != op.id:
                taken = f"{first[1]} of operation {first[0]!r}"
            if taken is not None:
                report.error(
                    ("operations", op.id),
                    f"the operation id {op.id!r} gives the client the method {method}, which is "
                    f"already {taken}; choose another id",
                    at_key=True,
                )


def _client_methods(op: ir.Operation) -> list[tuple[str, str]]:
    """The client methods an operation becomes (`vendor/client.py.jinja`), each with what it is."""
    methods = [(op.python_name, "the method")]
    if op.pagination is not None:
        methods.append((naming.iterator_name(op.python_name), "the page-by-page iterator"))
    return methods
