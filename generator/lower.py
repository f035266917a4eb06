"""Lower a schema-valid spec document to the intermediate form, checking what the spec schema cannot.

The spec schema (`spec_schema.json`) has already checked keys and value types. This stage checks meaning:
limits that contradict each other, defaults outside their own enum or limits, keywords that do not apply to a
field's type, rules naming fields that do not exist, path parameters missing from the path, references to
undefined sources, envelopes, definitions or auth schemes, and names that collide once made Python
identifiers. Every problem becomes a diagnostic at the spec line it concerns; lowering carries on, so one run
reports them all.
"""

from __future__ import annotations

import difflib
import keyword
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from generator import ir, naming
from generator.diagnostics import Diagnostics, Position, SpecPath, format_path
from generator.ecma_regex import UnsupportedPattern
from generator.ecma_regex import to_python as ecma_to_python
from generator.yamlpos import Document

Context = Literal["request", "response"]

_STRING_KEYS = (
    "min_length",
    "max_length",
    "pattern",
    "max_bytes",
    "max_entries",
    "entry_separator",
)
_NUMBER_KEYS = ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of")
_ARRAY_KEYS = ("items", "min_items", "max_items", "unique_items")
_OBJECT_KEYS = ("fields", "additional_fields", "rules")
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
_STRING_FORMATS = ("date", "date-time", "email", "uuid", "uri", "base64")
_INTEGER_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_PATH_PARAM = re.compile(r"\{([^{}]*)\}")
_DEFAULT_RETRY_SAFE = frozenset({"GET", "PUT", "DELETE"})
_AUTH_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # type: (keys that apply, credentials it reads from the environment)
    "bearer": ({"header", "prefix"}, {"token"}),
    "api_key": ({"header"}, {"api_key"}),
    "oauth2_client_credentials": (
        {"token_url", "token_content_type", "token_fields", "default_expires_in"},
        {"client_id", "client_secret"},
    ),
    "basic": (set(), {"username", "password"}),
}
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
        self.diag = diagnostics
        self.seeds_dir = seeds_dir
        self.data: dict[str, Any] = document.data
        self.sources: dict[str, ir.Source] = {}
        self._definitions: dict[str, Any] = self.data.get("definitions", {})
        self._lowered_definitions: dict[tuple[str, Context], ir.Schema] = {}
        self._resolving: list[str] = []

    # -- reporting ------------------------------------------------------------------------------------

    def error(
        self, path: SpecPath, message: str, *, at_key: bool = False, at_text: str | None = None
    ) -> None:
        """Report at the value (or its key); `at_text`: at that text within the value's line, when it is there."""
        position = self.doc.key_position(path) if at_key else self.doc.value_position(path)
        if (
            at_text is not None
            and position is not None
            and 0 < position.line <= len(self.doc.lines)
        ):
            column = self.doc.lines[position.line - 1].find(at_text, position.column - 1)
            if column >= 0:
                position = Position(position.line, column + 1)
        self.diag.error(self.doc.file, position, path, message)

    def warning(self, path: SpecPath, message: str, *, at_key: bool = False) -> None:
        position = self.doc.key_position(path) if at_key else self.doc.value_position(path)
        self.diag.warning(self.doc.file, position, path, message)

    def loc(self, path: SpecPath) -> ir.Location:
        position = self.doc.value_position(path)
        line, column = (position.line, position.column) if position else (0, 0)
        return ir.Location(self.doc.file, line, column, format_path(path))

    def _suggest(self, word: str, options: Iterable[str]) -> str:
        matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
        return f"; did you mean {matches[0]!r}?" if matches else ""

    def _suggest_or_list(self, word: str, options: Iterable[str], noun: str) -> str:
        """A "did you mean" when a close match exists; otherwise the names there are to choose from."""
        choices = list(options)
        if not choices:
            return f"; there are no {noun}"
        return self._suggest(word, choices) or f"; the {noun} are: {', '.join(choices)}"

    # -- vendor ---------------------------------------------------------------------------------------

    def vendor(self) -> ir.Vendor:
        self._check_numbers(self.data, ())
        v = self.data["vendor"]
        vpath: SpecPath = ("vendor",)
        stem = Path(self.doc.file).stem
        if v["id"] != stem:
            self.error(
                vpath + ("id",),
                f"the vendor id {v['id']!r} must equal the file name stem {stem!r}: rename the file to "
                f"{v['id']}.yaml, or set the id to {stem!r}",
            )
        if keyword.iskeyword(v["id"]):
            self.error(
                vpath + ("id",),
                f"the vendor id {v['id']!r} is a Python keyword, so the generated module ats_sdk.{v['id']} could "
                "not be imported; choose another id",
            )
        taken = naming.module_collision(v["id"])
        if taken is not None:
            self.error(
                vpath + ("id",),
                f"the vendor id {v['id']!r} would name the generated module ats_sdk.{v['id']}, but that is "
                f"already {taken}; choose another id",
            )

        self.sources = {
            sid: self._source(sid, s, ("sources", sid)) for sid, s in self.data["sources"].items()
        }
        environments = tuple(
            ir.Environment(
                name=name,
                url=env["url"].rstrip("/"),
                description=env.get("description"),
                provenance=self._provenance(env, vpath + ("environments", name)),
            )
            for name, env in v["environments"].items()
        )
        default_env = v.get("default_environment", "production")
        if default_env not in v["environments"]:
            where = (
                vpath + ("default_environment",)
                if "default_environment" in v
                else vpath + ("environments",)
            )
            self.error(
                where,
                f"the default environment {default_env!r} is not in environments "
                f"({', '.join(v['environments'])}); add it or set default_environment",
            )
        auth = tuple(
            self._auth(sid, s, ("auth", sid)) for sid, s in self.data.get("auth", {}).items()
        )
        envelopes = tuple(
            self._envelope(eid, e, ("error_envelopes", eid))
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
        self._check_method_names(operations)
        return ir.Vendor(
            id=v["id"],
            name=v["name"],
            description=v.get("description"),
            docs=tuple(v.get("docs", ())),
            environments=environments,
            default_environment=default_env,
            rate_limits=v.get("rate_limits"),
            sources=tuple(self.sources.values()),
            auth=auth,
            error_envelopes=envelopes,
            definitions=definitions,
            operations=operations,
            notes=self._notes(self.data.get("notes", []), ("notes",))
            + self._notes(v.get("notes", []), vpath + ("notes",)),
            spec_file=self.doc.file,
            provenance=self._provenance(v, vpath),
        )

    def _check_numbers(self, value: Any, path: SpecPath) -> None:
        """JSON has no infinities or NaN; YAML's .inf and .nan would leak into generated code."""
        if isinstance(value, float) and not math.isfinite(value):
            what = "NaN (.nan)" if math.isnan(value) else "infinity (.inf)"
            bound = (
                f"; for no {path[-1]}, leave the key out"
                if path and path[-1] in _NUMBER_KEYS
                else ""
            )
            self.error(path, f"{what} is not a JSON number; use a finite number{bound}")
        elif isinstance(value, dict):
            for key, item in value.items():
                self._check_numbers(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._check_numbers(item, path + (index,))

    def _source(self, sid: str, s: Mapping[str, Any], path: SpecPath) -> ir.Source:
        file = s.get("file")
        seeds = self.seeds_dir
        if (
            file is not None
            and seeds is not None
            and seeds.is_dir()
            and not (seeds / file).is_file()
        ):
            self.error(
                path + ("file",), f"no document {file!r} in the seeds folder; check the file name"
            )
        return ir.Source(
            id=sid,
            title=s["title"],
            file=file,
            url=s.get("url"),
            url_confidence=ir.Confidence(s.get("url_confidence", "documented")),
            description=s.get("description"),
        )

    def _source_ref(self, sid: str | None, path: SpecPath) -> str | None:
        if sid is not None and sid not in self.sources:
            hint = (
                self._suggest(sid, self.sources)
                or "; add it under `sources`, or cite one listed there"
            )
            self.error(path, f"unknown source {sid!r}: it is not listed under `sources`{hint}")
        return sid

    def _provenance(self, data: Mapping[str, Any], path: SpecPath) -> ir.Provenance:
        confidence = ir.Confidence(data.get("confidence", "documented"))
        evidence = data.get("evidence")
        if confidence is not ir.Confidence.DOCUMENTED and evidence is None:
            self.error(
                path + ("confidence",),
                f"confidence {confidence.value!r} needs `evidence`: say which sources support it",
                at_key=True,
            )
        return ir.Provenance(
            confidence, evidence, self._source_ref(data.get("source"), path + ("source",))
        )

    def _notes(self, notes: list[Any], path: SpecPath) -> tuple[ir.Note, ...]:
        out = []
        for index, note in enumerate(notes):
            npath = path + (index,)
            if isinstance(note, str):
                out.append(ir.Note(text=note, loc=self.loc(npath)))
                continue
            self._source_ref(note.get("source"), npath + ("source",))
            out.append(
                ir.Note(
                    says=note["says"],
                    resolution=note["resolution"],
                    source=note.get("source"),
                    loc=self.loc(npath),
                )
            )
            self.warning(
                npath,
                f"the document says: {_clip(note['says'])} The spec: {_clip(note['resolution'])}",
            )
        return tuple(out)

    # -- auth and envelopes ---------------------------------------------------------------------------

    def _auth(self, sid: str, s: Mapping[str, Any], path: SpecPath) -> ir.AuthScheme:
        kind = s["type"]
        applies, credentials = _AUTH_KEYS[kind]
        for key in sorted(set(s) & (set().union(*(k for k, _ in _AUTH_KEYS.values())) - applies)):
            self.error(
                path + (key,), f"{key!r} does not apply to a {kind} scheme; remove it", at_key=True
            )
        for credential in sorted(set(s.get("env", {})) - credentials):
            self.error(
                path + ("env", credential),
                f"a {kind} scheme reads only {' and '.join(sorted(credentials))} from the environment, not "
                f"{credential!r}; remove it",
                at_key=True,
            )
        if kind == "api_key" and "header" not in s:
            self.error(path, "an api_key scheme needs `header`: the header that carries the key")
        if kind == "oauth2_client_credentials" and "token_url" not in s:
            self.error(
                path,
                "an oauth2_client_credentials scheme needs `token_url`: where tokens are fetched",
            )
        token_fields = {
            "grant_type": "grant_type",
            "client_id": "client_id",
            "client_secret": "client_secret",
        }
        token_fields.update(s.get("token_fields", {}))
        is_token_scheme = kind in ("bearer", "oauth2_client_credentials")
        return ir.AuthScheme(
            id=sid,
            type=ir.AuthType(kind),
            description=s.get("description"),
            header=s.get("header", "Authorization"),
            prefix=s.get("prefix", "Bearer") if is_token_scheme else None,
            token_url=s.get("token_url"),
            token_content_type=s.get("token_content_type", "application/x-www-form-urlencoded"),
            token_fields=tuple(token_fields.items()) if kind == "oauth2_client_credentials" else (),
            default_expires_in=s.get("default_expires_in"),
            env=tuple(s.get("env", {}).items()),
            provenance=self._provenance(s, path),
            notes=self._notes(s.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
        )

    def _envelope(self, eid: str, e: Mapping[str, Any], path: SpecPath) -> ir.ErrorEnvelope:
        body = self._shape(e["body"], path + ("body",), "response")
        for key in ("message", "code", "details"):
            if key in e and not _pointer_resolves(body, e[key]):
                hint = self._suggest_or_list(e[key], _pointers(body), "pointers into the body")
                self.error(
                    path + (key,), f"{e[key]!r} does not name a field of the envelope's body{hint}"
                )
        return ir.ErrorEnvelope(
            id=eid,
            description=e.get("description"),
            body=body,
            message_pointer=e["message"],
            code_pointer=e.get("code"),
            details_pointer=e.get("details"),
            provenance=self._provenance(e, path),
            notes=self._notes(e.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
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
        source = self.sources.get(source_id)
        if source is None:
            self._source_ref(source_id, path + ("source",))
            source = ir.Source(id=source_id, title=source_id)
        elif source.file is None:
            self.error(
                path + ("source",),
                f"the source {source_id!r} has no `file`; an operation's source is a vendor document",
            )
        scheme_ids = [scheme.id for scheme in auth]
        op_auth = op.get("auth", scheme_ids)
        for index, scheme in enumerate(op_auth):
            if scheme not in scheme_ids:
                hint = self._suggest_or_list(scheme, scheme_ids, "schemes under `auth`")
                self.error(path + ("auth", index), f"unknown auth scheme {scheme!r}{hint}")
        request = self._request(op.get("request", {}), path + ("request",), op["path"])
        responses = tuple(
            self._response(status, r, path + ("responses", status), envelopes)
            for status, r in op["responses"].items()
        )
        if not any(r.is_success for r in responses):
            self.error(
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
            provenance=self._provenance(op, path),
            notes=self._notes(op.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
        )

    def _check_routes(self, operations: tuple[ir.Operation, ...]) -> None:
        seen: dict[tuple[str, str], str] = {}
        for op in operations:
            route = (op.method, _PATH_PARAM.sub("{}", op.path))
            if route in seen:
                self.error(
                    ("operations", op.id, "path"),
                    f"{op.method} {op.path} is already the route of operation {seen[route]!r}; one route, one operation",
                )
            seen.setdefault(route, op.id)

    def _check_method_names(self, operations: tuple[ir.Operation, ...]) -> None:
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
                    self.error(
                        ("operations", op.id),
                        f"the operation id {op.id!r} gives the client the method {method}, which is "
                        f"already {taken}; choose another id",
                        at_key=True,
                    )

    def _request(self, r: Mapping[str, Any], path: SpecPath, url_path: str) -> ir.Request:
        in_path = _PATH_PARAM.findall(url_path)
        declared = r.get("path_params", {})
        for name in in_path:
            if not naming.is_python_identifier(name) and not name:
                self.error(
                    path[:-1] + ("path",),
                    "an empty {} in the path; name the parameter",
                    at_text="{}",
                )
            elif name not in declared:
                self.error(
                    path[:-1] + ("path",),
                    f"the path parameter {{{name}}} is not declared; add it under request.path_params"
                    f"{self._suggest(name, declared)}",
                    at_text=f"{{{name}}}",
                )
        for name in declared:
            if name not in in_path:
                self.error(
                    path + ("path_params", name),
                    f"the path parameter {name!r} does not appear in the path {url_path!r}; add {{{name}}} or remove it",
                    at_key=True,
                )
            if declared[name].get("required") is False:
                self.error(
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
                self._check_example(body.schema, body.example, bpath + ("example",))
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
                self.error(
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
            hint = self._suggest_or_list(envelope, names, "envelopes under `error_envelopes`")
            self.error(path + ("envelope",), f"unknown error envelope {envelope!r}{hint}")
        if envelope is not None and "body" in r:
            self.error(
                path + ("envelope",), "give either `body` or `envelope`, not both", at_key=True
            )
        if status.startswith("2") and envelope is not None:
            self.error(
                path + ("envelope",),
                "a success response has a body, not an error envelope",
                at_key=True,
            )
        body = self._shape(r["body"], path + ("body",), "response") if "body" in r else None
        if body is not None and "example" in r:
            self._check_example(body, r["example"], path + ("example",))
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
            provenance=self._provenance(r, path),
            notes=self._notes(r.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
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
                self.error(path + (key,), message)
        bodies = [r.body for r in responses if r.is_success and r.body is not None]
        for key in ("items", "total"):
            if key in p and not any(_pointer_resolves(body, p[key]) for body in bodies):
                pointers = [pointer for body in bodies for pointer in _pointers(body)]
                hint = self._suggest_or_list(p[key], pointers, "pointers into the success body")
                self.error(
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
            self.error(
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
        schema = _replace(schema, ref=name)
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
            loc=self.loc(path),
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
            provenance = self._provenance(data, fpath)
            explicit = data.get("python_name")
            if explicit is not None and not naming.is_python_identifier(explicit):
                self.error(
                    fpath + ("python_name",), f"{explicit!r} is a Python keyword; choose another"
                )
            elif explicit is not None and naming.argument_collision(explicit) is not None:
                self.error(
                    fpath + ("python_name",),
                    f"{explicit!r} would be the argument of a client method, but it is already "
                    f"{naming.argument_collision(explicit)}; choose another",
                )
            python_name = explicit or naming.argument_name(wire_name)
            field = ir.Field(
                wire_name=wire_name,
                python_name=python_name,
                schema=schema,
                required=force_required or data.get("required", False),
                deprecated=data.get("deprecated", False),
                provenance=provenance,
                notes=self._notes(data.get("notes", []), fpath + ("notes",)),
                loc=self.loc(fpath),
            )
            if provenance.confidence is ir.Confidence.UNKNOWN:
                self.warning(
                    fpath,
                    "the wire name is unknown: documented, but left out of generated code",
                    at_key=True,
                )
                if field.required:
                    self.error(
                        fpath + ("required",),
                        "a field whose wire name is unknown cannot be required: no payload could send it",
                    )
            elif provenance.confidence is ir.Confidence.INFERRED:
                self.warning(
                    fpath,
                    f"the wire name {wire_name!r} is inferred, not stated by any source: confirm it with the vendor",
                    at_key=True,
                )
            if field.generated:
                if python_name in python_names:
                    self.error(
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
            self._rule(rule, path + ("rules", i), properties)
            for i, rule in enumerate(data.get("rules", []))
        )
        return ir.Schema(
            types=("object",),
            properties=properties,
            additional=additional,
            rules=rules,
            description=data.get("description"),
            notes=self._notes(data.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
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
                    self.error(
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
            self.error(
                path,
                "give the value a `type` (string, integer, number, boolean, object, array), or `type: any`",
            )
        json_type: tuple[ir.JsonType, ...] = () if declared in (None, "any") else (declared,)
        self._check_applicable(data, path, declared)

        fmt = data.get("format")
        minimum, maximum = data.get("minimum"), data.get("maximum")
        if fmt in _INTEGER_FORMATS:
            low, high = _INTEGER_FORMATS[fmt]
            minimum = low if minimum is None else max(minimum, low)
            maximum = high if maximum is None else min(maximum, high)
        max_length = data.get("max_length")
        if "max_bytes" in data:
            # A base64 string of n bytes is 4*ceil(n/3) characters long: the exact length bound.
            encoded = 4 * math.ceil(data["max_bytes"] / 3)
            max_length = encoded if max_length is None else min(max_length, encoded)

        self._check_bounds(data, path, "min_length", "max_length")
        self._check_bounds(data, path, "min_items", "max_items")
        self._check_bounds(data, path, "minimum", "maximum")
        self._check_bounds(data, path, "exclusive_minimum", "exclusive_maximum", strict=True)
        self._check_bounds(data, path, "minimum", "exclusive_maximum", strict=True)
        self._check_bounds(data, path, "exclusive_minimum", "maximum", strict=True)
        pattern = data.get("pattern")
        if pattern is not None:
            try:
                python_only = _python_only_syntax(pattern)
                if python_only is not None:
                    raise UnsupportedPattern(python_only)
                ecma_to_python(pattern)
            except UnsupportedPattern as exc:
                self.error(path + ("pattern",), f"the pattern cannot be checked: {exc}")

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
                self._rule(rule, path + ("rules", i), properties)
                for i, rule in enumerate(data.get("rules", []))
            )
        elif declared == "array" and items is None:
            self.error(
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
            notes=() if is_field else self._notes(data.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
        )
        self._check_own_values(schema, data, path)
        return schema

    def _check_applicable(
        self, data: Mapping[str, Any], path: SpecPath, declared: str | None
    ) -> None:
        """Keywords for one JSON type on a field of another type are mistakes, not no-ops."""
        if declared in (None, "any"):
            return
        groups = (
            (_STRING_KEYS, ("string",), "strings"),
            (_NUMBER_KEYS, ("integer", "number"), "numbers"),
            (_ARRAY_KEYS, ("array",), "arrays"),
            (_OBJECT_KEYS, ("object",), "objects"),
        )
        for keys, types, noun in groups:
            if declared in types:
                continue
            for key in keys:
                if key in data:
                    self.error(
                        path + (key,),
                        f"{key!r} applies to {noun}, but this value is {_a(declared)}; remove it, or change the type",
                        at_key=True,
                    )
        fmt = data.get("format")
        if fmt in _STRING_FORMATS and declared != "string":
            self.error(
                path + ("format",),
                f"format {fmt!r} applies to strings, but this value is {_a(declared)}; remove it, or change the type",
            )
        if fmt in _INTEGER_FORMATS and declared != "integer":
            self.error(
                path + ("format",),
                f"format {fmt!r} applies to integers, but this value is {_a(declared)}; remove it, or change the type",
            )
        if "max_bytes" in data and fmt != "base64":
            self.error(
                path + ("max_bytes",),
                "max_bytes limits a file sent as base64: add `format: base64`",
                at_key=True,
            )
        if "entry_separator" in data and "max_entries" not in data:
            self.error(
                path + ("entry_separator",),
                "entry_separator only matters with max_entries",
                at_key=True,
            )

    def _check_bounds(
        self,
        data: Mapping[str, Any],
        path: SpecPath,
        low_key: str,
        high_key: str,
        *,
        strict: bool = False,
    ) -> None:
        low, high = data.get(low_key), data.get(high_key)
        if low is None or high is None:
            return
        if low > high or (strict and low == high):
            relation = "less than" if strict else "at most"
            self.error(
                path + (low_key,),
                f"{low_key} ({low}) must be {relation} {high_key} ({high}): no value could pass; fix one of them",
                at_key=True,
            )

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
            if not _json_type_matches(member.value, declared):
                hint = (
                    " (quote it: YAML reads unquoted numbers as numbers)"
                    if declared == "string"
                    else ""
                )
                hint += _yaml11_hint(member.value, declared)
                self.error(mpath, f"the enum value {member.value!r} is not {_a(declared)}{hint}")
            key = _json_key(member.value)
            if key in seen:
                self.error(mpath, f"the enum value {member.value!r} is listed twice; remove one")
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
                self.error(
                    path + ("messages", rule),
                    "a message for `required` needs `required: true`",
                    at_key=True,
                )
            elif needed is not None and needed not in shape:
                self.error(
                    path + ("messages", rule),
                    f"a message for {rule!r}, but the field has no {needed!r}",
                    at_key=True,
                )
        return tuple(messages.items())

    def _check_own_values(self, schema: ir.Schema, data: Mapping[str, Any], path: SpecPath) -> None:
        """The field's default, example, const and enum values must pass the field's own rules."""
        boolean = "boolean" if "boolean" in schema.types else None
        for key in ("default", "example", "const"):
            if key in data:
                for problem in _value_problems(schema, data[key]):
                    hint = _yaml11_hint(data[key], boolean)
                    self.error(
                        path + (key,),
                        f"the {key} {data[key]!r} breaks the field's own rules: {problem}{hint}",
                    )
        declared = data.get("type")
        for index, member in enumerate(schema.enum if "enum" in data and schema.enum else ()):
            if member.value is None or not _json_type_matches(member.value, declared):
                continue  # null is the nullable marker; a wrong type is reported by `_enum`
            for problem in _value_problems(schema, member.value)[:1]:
                self.error(
                    path + ("enum", member.name if member.name is not None else index),
                    f"the enum value {member.value!r} can never pass the field's other rules ({problem}); "
                    "remove it, or fix the rule",
                )

    def _check_example(self, schema: ir.Schema, example: Any, path: SpecPath) -> None:
        for problem in _value_problems(schema, example)[:5]:
            self.error(path, f"the example breaks the rules it illustrates: {problem}")

    def _ref_shape(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        name = data["ref"]
        for key in sorted(set(data) - _REF_COMPANION_KEYS):
            self.error(
                path + (key,),
                f"{key!r} cannot be combined with `ref`: the shape comes from the definition",
                at_key=True,
            )
        if name not in self._definitions:
            hint = self._suggest_or_list(name, self._definitions, "definitions")
            self.error(path + ("ref",), f"unknown definition {name!r}{hint}")
            return ir.Schema()
        target = self._definition(name, path + ("ref",), context)
        schema = _replace(
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
            loc=self.loc(path),
        )
        if data.get("nullable"):
            null = ir.Schema(types=("null",))
            schema = ir.Schema(
                any_of=(schema, null), description=schema.description, loc=schema.loc
            )
        self._check_own_values(
            schema, {key: data[key] for key in ("default", "example") if key in data}, path
        )
        return schema

    def _union_shape(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        allowed = _REF_COMPANION_KEYS - {"ref"} | {"any_of"}
        for key in sorted(set(data) - allowed):
            self.error(
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
            loc=self.loc(path),
        )
        self._check_own_values(schema, data, path)
        return schema

    # -- rules ----------------------------------------------------------------------------------------

    def _rule(
        self, r: Mapping[str, Any], path: SpecPath, properties: tuple[ir.Field, ...]
    ) -> ir.Rule:
        kind = ir.RuleKind(r["rule"])
        by_name = {prop.wire_name: prop for prop in properties}
        names = list(by_name)
        for index, name in enumerate(r["fields"]):
            prop = by_name.get(name)
            if prop is None:
                hint = self._suggest_or_list(name, names, "fields here")
                self.error(
                    path + ("fields", index),
                    f"the rule names {name!r}, which is not a field here{hint}",
                )
            elif not prop.generated:
                self.error(
                    path + ("fields", index),
                    f"the rule names {name!r}, whose wire name is unknown; it cannot be checked",
                )
            elif kind is ir.RuleKind.ALLOWED_ONLY_WHEN and prop.required:
                self.error(
                    path + ("fields", index),
                    f"{name!r} is required, so it cannot be allowed only when a condition holds; "
                    "drop `required: true` or the rule",
                )
        if len(set(r["fields"])) != len(r["fields"]):
            self.error(path + ("fields",), "a field is listed twice; list each once")
        if (
            kind in (ir.RuleKind.AT_MOST_ONE_OF, ir.RuleKind.EXACTLY_ONE_OF)
            and len(r["fields"]) < 2
        ):
            alternative = (
                "required: true on the field"
                if kind is ir.RuleKind.EXACTLY_ONE_OF
                else "no rule at all"
            )
            self.error(
                path + ("fields",),
                f"{kind.value} chooses between fields, so it needs at least two; list the others "
                f"(for a single field, it means {alternative})",
            )
        if "when" in r and kind not in (ir.RuleKind.REQUIRED_WHEN, ir.RuleKind.ALLOWED_ONLY_WHEN):
            self.error(
                path + ("when",), f"{kind.value} takes no condition; remove `when`", at_key=True
            )
        takes_condition = kind in (ir.RuleKind.REQUIRED_WHEN, ir.RuleKind.ALLOWED_ONLY_WHEN)
        when = None
        if "when" in r and takes_condition:
            when = self._condition(r["when"], path + ("when",), by_name, r["fields"])
        self._source_ref(r.get("source"), path + ("source",))
        return ir.Rule(
            kind=kind,
            fields=tuple(r["fields"]),
            when=(
                when if kind in (ir.RuleKind.REQUIRED_WHEN, ir.RuleKind.ALLOWED_ONLY_WHEN) else None
            ),
            vendor_message=r.get("message"),
            notes=self._notes(r.get("notes", []), path + ("notes",)),
            loc=self.loc(path),
        )

    def _condition(
        self,
        c: Mapping[str, Any],
        path: SpecPath,
        by_name: Mapping[str, ir.Field],
        rule_fields: list[str],
    ) -> ir.Condition:
        name = c["field"]
        given = [key for key in ("equals", "in", "present") if key in c]
        if len(given) > 1:
            both = " and ".join(given)
            self.error(
                path,
                f"a condition tests one thing: give one of equals, in or present, not both {both}",
            )
        prop = by_name.get(name)
        if prop is None:
            hint = self._suggest_or_list(name, by_name, "fields here")
            self.error(
                path + ("field",), f"the condition names {name!r}, which is not a field here{hint}"
            )
        elif name in rule_fields:
            self.error(
                path + ("field",),
                f"the condition's field {name!r} is also one of the rule's fields; a rule cannot depend on a field "
                "it governs: condition on another field, or remove it from `fields`",
            )
        if "present" in c:
            return ir.Condition(field=name, present=c["present"])
        values = [c["equals"]] if "equals" in c else list(c.get("in", []))
        members: list[ir.EnumMember] = []
        for index, value in enumerate(values):
            vpath = path + (("equals",) if "equals" in c else ("in", index))
            name_for_value = None
            if prop is not None:
                problems = _value_problems(prop.schema, value)
                if problems:
                    boolean_text = value in ("true", "false") and "boolean" in prop.schema.types
                    unquote = "; write it unquoted" if boolean_text else ""
                    self.error(vpath, f"{name} can never be {value!r}: {problems[0]}{unquote}")
                for member in prop.schema.enum or ():
                    if _json_key(member.value) == _json_key(value):
                        name_for_value = member.name
            members.append(ir.EnumMember(value=value, name=name_for_value))
        return ir.Condition(field=name, values=tuple(members))


# -- helpers ------------------------------------------------------------------------------------------


def _value_problems(schema: ir.Schema, value: Any) -> list[str]:
    """Plain-words problems of `value` under `schema` (empty when it passes).

    The reference validator words a broken cross-field rule in JSON Schema terms ("... should not be valid under
    {'anyOf': ...}"), so rules are checked here and reported by their own message, and the validator checks the
    rest.
    """
    from generator.values import violations  # local: values imports the JSON Schema exporter

    return violations(_without_rules(schema), value) + _rule_problems(schema, value, "")


def _without_rules(schema: ir.Schema) -> ir.Schema:
    return _replace(
        schema,
        rules=(),
        properties=tuple(
            _replace_field(prop, _without_rules(prop.schema)) for prop in schema.properties
        ),
        items=_without_rules(schema.items) if schema.items is not None else None,
        prefix_items=tuple(_without_rules(item) for item in schema.prefix_items),
        additional=_without_rules(schema.additional) if schema.additional is not None else None,
        any_of=tuple(_without_rules(branch) for branch in schema.any_of),
    )


def _replace_field(prop: ir.Field, schema: ir.Schema) -> ir.Field:
    from dataclasses import replace

    return replace(prop, schema=schema)


def _rule_problems(schema: ir.Schema, value: Any, pointer: str) -> list[str]:
    """The cross-field rules `value` breaks, anywhere inside it, each with where and the rule's message."""
    problems: list[str] = []
    if isinstance(value, dict):
        for rule in schema.rules:
            if _breaks(rule, value):
                where = f"at {pointer}, " if pointer else ""
                if rule.vendor_message:
                    fields = ", ".join(rule.fields)
                    problems.append(
                        f"{where}the {rule.kind.value} rule on {fields}: {rule.vendor_message}"
                    )
                else:
                    problems.append(f"{where}{rule.default_message()}")
        for prop in schema.properties:
            if prop.wire_name in value:
                token = prop.wire_name.replace("~", "~0").replace("/", "~1")
                problems += _rule_problems(prop.schema, value[prop.wire_name], f"{pointer}/{token}")
    elif isinstance(value, list) and schema.items is not None:
        for index, item in enumerate(value):
            problems += _rule_problems(schema.items, item, f"{pointer}/{index}")
    for branch in schema.any_of:
        problems += _rule_problems(branch, value, pointer)
    return problems


def _breaks(rule: ir.Rule, value: dict[str, Any]) -> bool:
    given = [name for name in rule.fields if name in value]
    kind = ir.RuleKind
    if rule.kind is kind.AT_LEAST_ONE_OF:
        return not given
    if rule.kind is kind.AT_MOST_ONE_OF:
        return len(given) > 1
    if rule.kind is kind.EXACTLY_ONE_OF:
        return len(given) != 1
    assert rule.when is not None
    c = rule.when
    if c.values is None:
        holds = (c.field in value) == c.present
    else:
        holds = c.field in value and _json_key(value[c.field]) in {
            _json_key(member.value) for member in c.values
        }
    if rule.kind is kind.REQUIRED_WHEN:
        return holds and len(given) < len(rule.fields)
    return bool(given) and not holds


def _replace(schema: ir.Schema, **changes: Any) -> ir.Schema:
    from dataclasses import replace

    return replace(schema, **changes)


def _clip(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _a(type_name: str | None) -> str:
    """`an integer`, `a string`: a type name with its article, for messages."""
    return f"an {type_name}" if type_name and type_name[0] in "aeiou" else f"a {type_name}"


def _yaml11_hint(value: Any, declared: Any) -> str:
    """For `yes`/`no`/`on`/`off` where a boolean is expected: why they are strings here."""
    from generator.schema_check import YAML11_BOOLEAN_WORDS, YAML12_BOOLEAN_HINT

    if declared == "boolean" and isinstance(value, str) and value in YAML11_BOOLEAN_WORDS:
        return f"; {YAML12_BOOLEAN_HINT}"
    return ""


def _json_type_matches(value: Any, declared: str | None) -> bool:
    if declared in (None, "any"):
        return True
    if declared == "string":
        return isinstance(value, str)
    if declared == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if declared == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if declared == "boolean":
        return isinstance(value, bool)
    return True


def _json_key(value: Any) -> Any:
    """A hashable key under which JSON-equal values are equal (1 == 1.0, but true != 1)."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, (int, float)):
        return (
            "number",
            float(value) if isinstance(value, float) and not value.is_integer() else int(value),
        )
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list):
        return ("array", tuple(_json_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _json_key(v)) for k, v in value.items()))
    return ("other", repr(value))


_QUANTIFIER_BRACES = re.compile(r"\{\d+(?:,\d*)?\}")


_PYTHON_GROUPS = (
    ("?P<", "(?P<name>...) is Python syntax; ECMA-262 writes (?<name>...)"),
    ("?P=", "(?P=name) is Python syntax; ECMA-262 writes \\k<name>"),
    ("?>", "atomic groups (?>...) are Python syntax, not ECMA-262"),
    ("?#", "(?#...) comments are Python syntax, not ECMA-262; remove the comment"),
)


def _python_only_syntax(pattern: str) -> str | None:
    """Python `re` syntax that ECMA-262 rejects or reads otherwise, with what to write instead (None if none).

    Some of it Python would compile (`a++`, `a{,5}`), so the generated validators would work while the JSON
    Schemas, read by ECMA-262 engines, would not: the two would disagree.
    """
    in_class = after_quantifier = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        step, quantifier = 1, False
        if char == "\\":
            step = 2
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
            step = 2
            for opener, problem in _PYTHON_GROUPS:
                if pattern.startswith(opener, i + 1):
                    return problem
            if re.match(r"\?[aiLmsux-]+[:)]", pattern[i + 1 :]):
                return "inline flags such as (?i) are Python syntax, not ECMA-262; spell the cases out, as in [A-Za-z]"
        elif char in "*+?":
            if after_quantifier and char == "+":
                return "possessive quantifiers (a++, a*+, a?+, a{2}+) are Python syntax, not ECMA-262; drop the last +"
            # A `?` right after a quantifier makes it lazy, not a new quantifier.
            quantifier = not after_quantifier
        elif char == "{":
            if re.match(r"\{,\d+\}", pattern[i:]):
                return "{,n} is a quantifier in Python but plain text in ECMA-262; write {0,n}"
            braces = _QUANTIFIER_BRACES.match(pattern, i)
            if braces is not None:
                step, quantifier = len(braces.group()), True
        after_quantifier = quantifier
        i += step
    return None


def _pointers(schema: ir.Schema, prefix: str = "", depth: int = 4) -> list[str]:
    """The JSON pointers to the fields of `schema`, outermost first, for suggestions."""
    out: list[str] = []
    if depth == 0:
        return out
    if schema.items is not None:
        return _pointers(schema.items, prefix + "/0", depth - 1)
    for prop in schema.properties:
        pointer = prefix + "/" + prop.wire_name.replace("~", "~0").replace("/", "~1")
        out.append(pointer)
        out.extend(_pointers(prop.schema, pointer, depth - 1))
    return out


def _pointer_resolves(schema: ir.Schema, pointer: str) -> bool:
    """Whether a JSON pointer names a value reachable through the schema's fields and array items."""
    if pointer == "":
        return True
    current = schema
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if current.items is not None and token.isdigit():
            current = current.items
            continue
        prop = current.field(token)
        if prop is None:
            return False
        current = prop.schema
    return True


def _client_methods(op: ir.Operation) -> list[tuple[str, str]]:
    """The client methods an operation becomes (`vendor/client.py.jinja`), each with what it is."""
    methods = [(op.python_name, "the method")]
    if op.pagination is not None:
        methods.append((naming.iterator_name(op.python_name), "the page-by-page iterator"))
    return methods
