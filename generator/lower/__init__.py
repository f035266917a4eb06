"""Lower a schema-valid spec document to the intermediate form, checking what the spec schema cannot.

The spec schema (`spec_schema.json`) has already checked keys and value types. This stage checks meaning:
limits that contradict each other, defaults outside their own enum or limits, keywords that do not apply to a
field's type, rules naming fields that do not exist, path parameters missing from the path, references to
undefined sources, envelopes, definitions or auth schemes, and names that collide once made Python
identifiers. Every problem becomes a diagnostic at the spec line it concerns; lowering carries on, so one run
reports them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator import ir, naming
from generator.diagnostics import Diagnostics, SpecPath
from generator.lower import checks, vendor
from generator.lower.report import Reporter, suggest, suggest_or_list
from generator.lower.shapes import Shapes
from generator.yamlpos import Document

_PATH_PARAM = re.compile(r"\{([^{}]*)\}")
_DEFAULT_RETRY_SAFE = frozenset({"GET", "PUT", "DELETE"})


def lower(
    document: Document, diagnostics: Diagnostics, *, seeds_dir: Path | None = None
) -> ir.Vendor | None:
    """The vendor's intermediate form, or None when the spec has errors (all of them reported)."""
    before = len(diagnostics.errors)
    vendor = _Lowerer(document, diagnostics, seeds_dir).vendor()
    return vendor if len(diagnostics.errors) == before else None


class _Lowerer:
    def __init__(
        self, document: Document, diagnostics: Diagnostics, seeds_dir: Path | None
    ) -> None:
        self.doc = document
        self.report = Reporter(document, diagnostics)
        self.seeds_dir = seeds_dir
        self.data: dict[str, Any] = document.data
        self.cite: vendor.Citations
        self.shapes: Shapes

    # -- vendor ---------------------------------------------------------------------------------------

    def vendor(self) -> ir.Vendor:
        checks.check_numbers(self.report, self.data, ())
        v = self.data["vendor"]
        vendor.check_vendor_id(self.report, v["id"])
        self.cite = vendor.Citations(
            self.report, vendor.sources(self.report, self.data["sources"], self.seeds_dir)
        )
        environments = vendor.environments(self.cite, v)
        default_env = vendor.default_environment(self.report, v)
        auth = tuple(
            vendor.auth_scheme(self.cite, sid, s, ("auth", sid))
            for sid, s in self.data.get("auth", {}).items()
        )
        self.shapes = Shapes(self.cite, self.data.get("definitions", {}))
        envelopes = tuple(
            vendor.envelope(
                self.cite,
                eid,
                e,
                ("error_envelopes", eid),
                self.shapes.shape(e["body"], ("error_envelopes", eid, "body"), "response"),
            )
            for eid, e in self.data.get("error_envelopes", {}).items()
        )
        definitions = self.shapes.definitions()
        operations = tuple(
            self._operation(oid, op, ("operations", oid), auth, envelopes)
            for oid, op in self.data["operations"].items()
        )
        self._check_routes(operations)
        return ir.Vendor(
            id=v["id"],
            name=v["name"],
            description=v.get("description"),
            docs=tuple(v.get("docs", ())),
            environments=environments,
            default_environment=default_env,
            rate_limits=v.get("rate_limits"),
            sources=tuple(self.cite.sources.values()),
            auth=auth,
            error_envelopes=envelopes,
            definitions=definitions,
            operations=operations,
            notes=self.cite.notes(self.data.get("notes", []), ("notes",))
            + self.cite.notes(v.get("notes", []), vendor.VENDOR_PATH + ("notes",)),
            spec_file=self.doc.file,
            provenance=self.cite.provenance(v, vendor.VENDOR_PATH),
        )

    # -- operations -----------------------------------------------------------------------------------

    def _operation(
        self,
        oid: str,
        op: Mapping[str, Any],
        path: SpecPath,
        auth: tuple[ir.AuthScheme, ...],
        envelopes: tuple[ir.ErrorEnvelope, ...],
    ) -> ir.Operation:
        source_id = op["source"]
        source = self.cite.sources.get(source_id)
        if source is None:
            self.cite.source_ref(source_id, path + ("source",))
            source = ir.Source(id=source_id, title=source_id)
        elif source.file is None:
            self.report.error(
                path + ("source",),
                f"the source {source_id!r} has no `file`; an operation's source is a vendor document",
            )
        scheme_ids = [scheme.id for scheme in auth]
        op_auth = op.get("auth", scheme_ids)
        for index, scheme in enumerate(op_auth):
            if scheme not in scheme_ids:
                hint = suggest_or_list(scheme, scheme_ids, "schemes under `auth`")
                self.report.error(path + ("auth", index), f"unknown auth scheme {scheme!r}{hint}")
        request = self._request(op.get("request", {}), path + ("request",), op["path"])
        responses = tuple(
            self._response(status, r, path + ("responses", status), envelopes)
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

    def _check_routes(self, operations: tuple[ir.Operation, ...]) -> None:
        seen: dict[tuple[str, str], str] = {}
        for op in operations:
            route = (op.method, _PATH_PARAM.sub("{}", op.path))
            if route in seen:
                self.report.error(
                    ("operations", op.id, "path"),
                    f"{op.method} {op.path} is already the route of operation {seen[route]!r}; one route, one operation",
                )
            seen.setdefault(route, op.id)

    def _request(self, r: Mapping[str, Any], path: SpecPath, url_path: str) -> ir.Request:
        in_path = _PATH_PARAM.findall(url_path)
        declared = r.get("path_params", {})
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
        path_schema = self.shapes.fields_object(
            declared, path + ("path_params",), "request", force_required=True
        )
        query = self.shapes.fields_object(r.get("query", {}), path + ("query",), "request")
        headers = self.shapes.fields_object(
            r.get("headers", {}), path + ("headers",), "request", closed=False
        )
        body = None
        if "body" in r:
            b = r["body"]
            bpath = path + ("body",)
            body = ir.Body(
                content_type=b.get("content_type", "application/json"),
                required=b.get("required", True),
                schema=self.shapes.object(b, bpath, "request"),
                example=b.get("example"),
                has_example="example" in b,
            )
            if body.has_example:
                checks.check_example(self.report, body.schema, body.example, bpath + ("example",))
        self._check_argument_names(path, path_schema, query, headers, body)
        return ir.Request(path=path_schema, query=query, headers=headers, body=body)

    def _check_argument_names(self, path: SpecPath, *parts: ir.Schema | ir.Body | None) -> None:
        """A client method takes path, query, header and body fields as keyword arguments: one namespace."""
        nouns = {
            "path_params": "path parameter",
            "query": "query parameter",
            "headers": "header",
            "body": "body field",
        }
        seen: dict[str, tuple[str, str]] = {}  # Python name -> (part, wire name) that took it first
        for part, key in zip(parts, nouns, strict=True):
            schema = part.schema if isinstance(part, ir.Body) else part
            if schema is None:
                continue
            for prop in schema.generated_properties:
                first = seen.setdefault(prop.python_name, (key, prop.wire_name))
                if first[0] == key:
                    continue  # the same part: `_fields` reported any collision already
                fpath = path + (
                    (key, "fields", prop.wire_name) if key == "body" else (key, prop.wire_name)
                )
                self.report.error(
                    fpath,
                    f"the {nouns[key]} {prop.wire_name!r} and the {nouns[first[0]]} {first[1]!r} both become the "
                    f"argument {prop.python_name!r} of the client method; set `python_name` on one of them",
                    at_key=True,
                )

    def _response(
        self,
        status: str,
        r: Mapping[str, Any],
        path: SpecPath,
        envelopes: tuple[ir.ErrorEnvelope, ...],
    ) -> ir.Response:
        envelope = r.get("envelope")
        if envelope is not None and envelope not in {e.id for e in envelopes}:
            names = [e.id for e in envelopes]
            hint = suggest_or_list(envelope, names, "envelopes under `error_envelopes`")
            self.report.error(path + ("envelope",), f"unknown error envelope {envelope!r}{hint}")
        if envelope is not None and "body" in r:
            self.report.error(
                path + ("envelope",), "give either `body` or `envelope`, not both", at_key=True
            )
        if status.startswith("2") and envelope is not None:
            self.report.error(
                path + ("envelope",),
                "a success response has a body, not an error envelope",
                at_key=True,
            )
        body = self.shapes.shape(r["body"], path + ("body",), "response") if "body" in r else None
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
            example=r.get("example"),
            has_example="example" in r,
            provenance=self.cite.provenance(r, path),
            notes=self.cite.notes(r.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )

    def _pagination(
        self,
        p: Mapping[str, Any],
        path: SpecPath,
        request: ir.Request,
        responses: tuple[ir.Response, ...],
    ) -> ir.Pagination:
        limit, offset = p.get("limit", "limit"), p.get("offset", "offset")
        query_names = [prop.wire_name for prop in request.query.properties]
        for key, name in (("limit", limit), ("offset", offset)):
            if request.query.field(name) is None:
                listing = (
                    f"its query parameters: {', '.join(query_names)}"
                    if query_names
                    else "it has none"
                )
                if key in p:
                    message = (
                        f"{name!r} is not a query parameter of this operation ({listing}); declare it under "
                        "request.query, or name the one that holds the " + key
                    )
                else:
                    message = (
                        f"pagination reads the {key} from the query parameter {name!r} unless told otherwise, but this "
                        f"operation has no such parameter ({listing}); set `{key}:` to the one it uses, or declare "
                        f"{name!r} under request.query"
                    )
                self.report.error(path + (key,), message)
        bodies = [r.body for r in responses if r.is_success and r.body is not None]
        for key in ("items", "total"):
            if key in p and not any(checks.pointer_resolves(body, p[key]) for body in bodies):
                pointers = [pointer for body in bodies for pointer in checks.pointers(body)]
                hint = suggest_or_list(p[key], pointers, "pointers into the success body")
                self.report.error(
                    path + (key,),
                    f"{p[key]!r} does not name a field of the success response body{hint}",
                )
        return ir.Pagination("offset", limit, offset, p["items"], p.get("total"))
