"""Lower a schema-valid spec document to the intermediate form, checking what the spec schema cannot.

The spec schema (`spec_schema.json`) has already checked keys and value types. This stage checks meaning:
limits that contradict each other, defaults outside their own enum or limits, keywords that do not apply to a
field's type, rules naming fields that do not exist, path parameters missing from the path, references to
undefined sources, envelopes, definitions or auth schemes, and names that collide once made Python
identifiers. Every problem becomes a diagnostic at the spec line it concerns; lowering carries on, so one run
reports them all.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from generator import ir, naming
from generator.diagnostics import Diagnostics, SpecPath
from generator.lower import checks, vendor
from generator.lower.report import Reporter, article, suggest, suggest_or_list
from generator.lower.rules import lower_rule
from generator.yamlpos import Document

Context = Literal["request", "response"]

_FIELD_ONLY_KEYS = ("required", "python_name", "confidence", "evidence", "source", "deprecated")
_REF_COMPANION_KEYS = frozenset(
    {
        "ref",
        "description",
        "required",
        "nullable",
        "default",
        "example",
        "deprecated",
        "python_name",
    }
    | {"confidence", "evidence", "source", "notes", "messages"}
)
_PATH_PARAM = re.compile(r"\{([^{}]*)\}")
_DEFAULT_RETRY_SAFE = frozenset({"GET", "PUT", "DELETE"})
_MESSAGE_RULES = {  # messages key -> spec key whose presence makes the message meaningful
    "enum": "enum",
    "const": "const",
    "format": "format",
    "min_length": "min_length",
    "max_length": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusive_minimum",
    "exclusive_maximum": "exclusive_maximum",
    "multiple_of": "multiple_of",
    "min_items": "min_items",
    "max_items": "max_items",
    "unique_items": "unique_items",
    "max_bytes": "max_bytes",
    "max_entries": "max_entries",
}


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
        self._definitions: dict[str, Any] = self.data.get("definitions", {})
        self._lowered_definitions: dict[tuple[str, Context], ir.Schema] = {}
        self._resolving: list[str] = []

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
        envelopes = tuple(
            vendor.envelope(
                self.cite,
                eid,
                e,
                ("error_envelopes", eid),
                self._shape(e["body"], ("error_envelopes", eid, "body"), "response"),
            )
            for eid, e in self.data.get("error_envelopes", {}).items()
        )
        definitions = tuple(
            ir.Definition(name, self._definition(name, ("definitions", name), "request"))
            for name in self._definitions
        )
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
        path_schema = self._fields_object(
            declared, path + ("path_params",), "request", force_required=True
        )
        query = self._fields_object(r.get("query", {}), path + ("query",), "request")
        headers = self._fields_object(
            r.get("headers", {}), path + ("headers",), "request", closed=False
        )
        body = None
        if "body" in r:
            b = r["body"]
            bpath = path + ("body",)
            body = ir.Body(
                content_type=b.get("content_type", "application/json"),
                required=b.get("required", True),
                schema=self._object(b, bpath, "request"),
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
        body = self._shape(r["body"], path + ("body",), "response") if "body" in r else None
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

    # -- shapes ---------------------------------------------------------------------------------------

    def _definition(self, name: str, use_path: SpecPath, context: Context) -> ir.Schema:
        key = (name, context)
        if key in self._lowered_definitions:
            return self._lowered_definitions[key]
        if name in self._resolving:
            cycle = " -> ".join(self._resolving[self._resolving.index(name) :] + [name])
            self.report.error(
                use_path,
                f"definitions refer to each other in a cycle ({cycle}); recursive shapes are not supported",
            )
            return ir.Schema()
        self._resolving.append(name)
        try:
            schema = self._shape(
                self._definitions[name], ("definitions", name), context, is_definition=True
            )
        finally:
            self._resolving.pop()
        schema = dataclasses.replace(schema, ref=name)
        self._lowered_definitions[key] = schema
        return schema

    def _fields_object(
        self,
        fields: Mapping[str, Any],
        path: SpecPath,
        context: Context,
        *,
        closed: bool = True,
        force_required: bool = False,
    ) -> ir.Schema:
        properties = self._fields(fields, path, context, force_required=force_required)
        return ir.Schema(
            types=("object",),
            properties=properties,
            additional=ir.Schema(never=True) if closed else None,
            loc=self.report.loc(path),
        )

    def _fields(
        self,
        fields: Mapping[str, Any],
        path: SpecPath,
        context: Context,
        *,
        force_required: bool = False,
    ) -> tuple[ir.Field, ...]:
        out: list[ir.Field] = []
        python_names: dict[str, str] = {}
        for wire_name, data in fields.items():
            fpath = path + (wire_name,)
            schema = self._shape(data, fpath, context, is_field=True)
            provenance = self.cite.provenance(data, fpath)
            explicit = data.get("python_name")
            if explicit is not None and (
                explicit in naming.RESERVED_ARGUMENTS or not naming.is_python_identifier(explicit)
            ):
                self.report.error(
                    fpath + ("python_name",),
                    f"{explicit!r} is a Python keyword or reserved argument name; choose another",
                )
            python_name = explicit or naming.argument_name(wire_name)
            field = ir.Field(
                wire_name=wire_name,
                python_name=python_name,
                schema=schema,
                required=force_required or data.get("required", False),
                deprecated=data.get("deprecated", False),
                provenance=provenance,
                notes=self.cite.notes(data.get("notes", []), fpath + ("notes",)),
                loc=self.report.loc(fpath),
            )
            if provenance.confidence is ir.Confidence.UNKNOWN:
                self.report.warning(
                    fpath,
                    "the wire name is unknown: documented, but left out of generated code",
                    at_key=True,
                )
                if field.required:
                    self.report.error(
                        fpath + ("required",),
                        "a field whose wire name is unknown cannot be required: no payload could send it",
                    )
            elif provenance.confidence is ir.Confidence.INFERRED:
                self.report.warning(
                    fpath,
                    f"the wire name {wire_name!r} is inferred, not stated by any source: confirm it with the vendor",
                    at_key=True,
                )
            if field.generated:
                if python_name in python_names:
                    self.report.error(
                        fpath,
                        f"{wire_name!r} and {python_names[python_name]!r} both become the Python name "
                        f"{python_name!r}; set `python_name` on one of them",
                        at_key=True,
                    )
                python_names.setdefault(python_name, wire_name)
            out.append(field)
        return tuple(out)

    def _object(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        """A request body or object-typed shape: its fields, extra-key policy and rules."""
        properties = self._fields(data.get("fields", {}), path + ("fields",), context)
        additional = self._additional(data, path, context)
        rules = tuple(
            lower_rule(self.cite, rule, path + ("rules", i), properties)
            for i, rule in enumerate(data.get("rules", []))
        )
        return ir.Schema(
            types=("object",),
            properties=properties,
            additional=additional,
            rules=rules,
            description=data.get("description"),
            notes=self.cite.notes(data.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )

    def _additional(
        self, data: Mapping[str, Any], path: SpecPath, context: Context
    ) -> ir.Schema | None:
        value = data.get("additional_fields", context == "response")
        if value is True:
            return None
        if value is False:
            return ir.Schema(never=True)
        return self._shape(value, path + ("additional_fields",), context)

    def _shape(
        self,
        data: Mapping[str, Any],
        path: SpecPath,
        context: Context,
        *,
        is_field: bool = False,
        is_definition: bool = False,
    ) -> ir.Schema:
        if not is_field:
            for key in _FIELD_ONLY_KEYS:
                if key in data:
                    self.report.error(
                        path + (key,),
                        f"{key!r} only applies to a field listed under `fields`",
                        at_key=True,
                    )
        if "ref" in data:
            return self._ref_shape(data, path, context)
        if "any_of" in data:
            return self._union_shape(data, path, context)

        declared = data.get("type")
        if declared is None and "enum" not in data and "const" not in data:
            self.report.error(
                path,
                "give the value a `type` (string, integer, number, boolean, object, array), or `type: any`",
            )
        json_type: tuple[ir.JsonType, ...] = () if declared in (None, "any") else (declared,)
        checks.check_applicable(self.report, data, path, declared)

        fmt = data.get("format")
        minimum, maximum = data.get("minimum"), data.get("maximum")
        if fmt in ir.INTEGER_FORMAT_RANGES:
            low, high = ir.INTEGER_FORMAT_RANGES[fmt]
            minimum = low if minimum is None else max(minimum, low)
            maximum = high if maximum is None else min(maximum, high)
        max_length = data.get("max_length")
        if "max_bytes" in data:
            # The length of the base64 text of max_bytes bytes is the exact length bound.
            encoded = ir.base64_length(data["max_bytes"])
            max_length = encoded if max_length is None else min(max_length, encoded)

        checks.check_bounds(self.report, data, path)
        pattern = data.get("pattern")
        if pattern is not None:
            checks.check_pattern(self.report, pattern, path + ("pattern",))

        nullable = data.get("nullable", False)
        types = json_type + (("null",) if nullable and json_type else ())
        enum = self._enum(data, path, declared, nullable)
        items = self._shape(data["items"], path + ("items",), context) if "items" in data else None
        properties: tuple[ir.Field, ...] = ()
        additional: ir.Schema | None = None
        rules: tuple[ir.Rule, ...] = ()
        if declared == "object":
            properties = self._fields(data.get("fields", {}), path + ("fields",), context)
            # A free-form object (no fields listed) accepts any keys unless told otherwise.
            default_closed = context == "request" and "fields" in data
            additional = self._additional(
                {"additional_fields": not default_closed} | dict(data), path, context
            )
            rules = tuple(
                lower_rule(self.cite, rule, path + ("rules", i), properties)
                for i, rule in enumerate(data.get("rules", []))
            )
        elif declared == "array" and items is None:
            self.report.error(
                path,
                "an array needs `items`: the shape of each item (`type: any` when anything goes)",
            )

        schema = ir.Schema(
            types=types,
            enum=enum,
            const=ir.Const(data["const"]) if "const" in data else None,
            format=fmt,
            min_length=data.get("min_length"),
            max_length=max_length,
            pattern=pattern,
            max_entries=data.get("max_entries"),
            entry_separator=data.get("entry_separator", ","),
            max_bytes=data.get("max_bytes"),
            minimum=minimum,
            maximum=maximum,
            exclusive_minimum=data.get("exclusive_minimum"),
            exclusive_maximum=data.get("exclusive_maximum"),
            multiple_of=data.get("multiple_of"),
            items=items,
            min_items=data.get("min_items"),
            max_items=data.get("max_items"),
            unique_items=data.get("unique_items", False),
            properties=properties,
            additional=additional,
            rules=rules,
            description=data.get("description"),
            default=data.get("default"),
            has_default="default" in data,
            example=data.get("example"),
            has_example="example" in data,
            vendor_messages=self._messages(data, path, is_field),
            notes=() if is_field else self.cite.notes(data.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )
        checks.check_own_values(self.report, schema, data, path)
        return schema

    def _enum(
        self, data: Mapping[str, Any], path: SpecPath, declared: str | None, nullable: bool
    ) -> tuple[ir.EnumMember, ...] | None:
        if "enum" not in data:
            return None
        raw = data["enum"]
        members = (
            [ir.EnumMember(value=value, name=name) for name, value in raw.items()]
            if isinstance(raw, dict)
            else [ir.EnumMember(value=value) for value in raw]
        )
        seen: dict[Any, int] = {}
        for index, member in enumerate(members):
            mpath = path + ("enum", member.name if member.name is not None else index)
            if not checks.json_type_matches(member.value, declared):
                hint = (
                    " (quote it: YAML reads unquoted numbers as numbers)"
                    if declared == "string"
                    else ""
                )
                hint += checks.yaml11_hint(member.value, declared)
                self.report.error(
                    mpath, f"the enum value {member.value!r} is not {article(declared)}{hint}"
                )
            key = checks.json_key(member.value)
            if key in seen:
                self.report.error(
                    mpath, f"the enum value {member.value!r} is listed twice; remove one"
                )
            seen.setdefault(key, index)
        if nullable:
            members.append(ir.EnumMember(value=None))
        return tuple(members)

    def _messages(
        self,
        data: Mapping[str, Any],
        path: SpecPath,
        is_field: bool,
        *,
        shape: Mapping[str, Any] | None = None,
    ) -> tuple[tuple[str, str], ...]:
        """The field's vendor messages; each must belong to a rule the field has (`shape`: its full shape)."""
        messages = data.get("messages", {})
        shape = data if shape is None else shape
        for rule in messages:
            needed = _MESSAGE_RULES.get(rule)
            if rule == "required" and not (is_field and data.get("required")):
                self.report.error(
                    path + ("messages", rule),
                    "a message for `required` needs `required: true`",
                    at_key=True,
                )
            elif needed is not None and needed not in shape:
                self.report.error(
                    path + ("messages", rule),
                    f"a message for {rule!r}, but the field has no {needed!r}",
                    at_key=True,
                )
        return tuple(messages.items())

    def _ref_shape(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        name = data["ref"]
        for key in sorted(set(data) - _REF_COMPANION_KEYS):
            self.report.error(
                path + (key,),
                f"{key!r} cannot be combined with `ref`: the shape comes from the definition",
                at_key=True,
            )
        if name not in self._definitions:
            hint = suggest_or_list(name, self._definitions, "definitions")
            self.report.error(path + ("ref",), f"unknown definition {name!r}{hint}")
            return ir.Schema()
        target = self._definition(name, path + ("ref",), context)
        schema = dataclasses.replace(
            target,
            description=data.get("description", target.description),
            vendor_messages=self._messages(
                data, path, True, shape={**self._definitions[name], **data}
            )
            or target.vendor_messages,
            default=data.get("default", target.default),
            has_default="default" in data or target.has_default,
            example=data.get("example", target.example),
            has_example="example" in data or target.has_example,
            loc=self.report.loc(path),
        )
        if data.get("nullable"):
            null = ir.Schema(types=("null",))
            schema = ir.Schema(
                any_of=(schema, null), description=schema.description, loc=schema.loc
            )
        checks.check_own_values(
            self.report,
            schema,
            {key: data[key] for key in ("default", "example") if key in data},
            path,
        )
        return schema

    def _union_shape(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        allowed = _REF_COMPANION_KEYS - {"ref"} | {"any_of"}
        for key in sorted(set(data) - allowed):
            self.report.error(
                path + (key,),
                f"{key!r} belongs on one of the any_of forms, not beside any_of",
                at_key=True,
            )
        branches = tuple(
            self._shape(branch, path + ("any_of", i), context)
            for i, branch in enumerate(data["any_of"])
        )
        if data.get("nullable"):
            branches += (ir.Schema(types=("null",)),)
        schema = ir.Schema(
            any_of=branches,
            description=data.get("description"),
            default=data.get("default"),
            has_default="default" in data,
            example=data.get("example"),
            has_example="example" in data,
            vendor_messages=self._messages(data, path, True),
            loc=self.report.loc(path),
        )
        checks.check_own_values(self.report, schema, data, path)
        return schema
