"""Export a vendor spec as an OpenAPI 3.1 document: `openapi/<vendor id>.json` in generated/.

Schemas come from the JSON Schema exporter (`json_schema.Exporter`, the one equivalent to the generated
validators), so every request and response schema here means exactly what the validators and the files in
`schemas/<vendor>/<operation>/` mean. OpenAPI 3.1 schemas are JSON Schema 2020-12; the only changes are that
references point into `#/components/schemas/` instead of a document's `$defs`, and a few `x-atsgen-*`
annotations (which no validator reads) are added. The document is deterministic: spec order everywhere,
no timestamps, and the same bytes on every run.

What maps to what:

    spec                               OpenAPI
    vendor name, description           info.title ("<name> API"), info.description (with rate limits and
                                       the vendor's docs); info.version is the SDK's version (its last
                                       release in specs/releases.json), not atsgen's: the document
                                       describes the API the released SDK calls
    generated-by header, spec file,    info.x-atsgen (generated-by, spec, sources by id, rate limits,
    sources, notes                     notes, default environment); externalDocs: the vendor's first doc
    environments                       servers, the default environment first; description "<name>
                                       (default): <description>"; variables (a variable without a
                                       default gets its first enum value or ""); x-atsgen-environment, and
                                       x-atsgen-confidence/-evidence where the URL is not documented
    auth schemes                       components.securitySchemes, by scheme id, in the form the auth
                                       registry gives each type (`kinds/auth.py`): http bearer or basic
                                       where OpenAPI's own scheme means the same header, an apiKey header
                                       otherwise (x-atsgen-prefix says which word precedes the key),
                                       oauth2 clientCredentials (no scopes; a relative token_url is joined
                                       to the default server's URL, as the SDK does;
                                       x-atsgen-token-request: content type, form field names, default
                                       expires_in); x-atsgen-type (the spec's type), x-atsgen-env
                                       (environment variables the SDK reads), provenance
    operation auth                     operation.security: one requirement per accepted scheme (any one
                                       suffices); `auth: []` -> `security: []`
    definitions                        components.schemas.<name>, as the exporter's `$defs`: the form met
                                       first in operation order (one no operation uses: as written). A use
                                       lowered differently (objects are closed in requests and open in
                                       responses) is inlined there, as the exporter does within one file
    error envelopes                    components.schemas."error_envelope.<id>" (the body schema), with
                                       x-atsgen-envelope: description, message/code/details pointers,
                                       provenance
    operations                         paths.<path>.<method>: operationId = the operation id, summary,
                                       description, deprecated, tags (the first literal path segment, the
                                       resource; x-tagGroups groups them under the vendor's name),
                                       externalDocs (the source document's URL), x-atsgen-source (the source
                                       id), x-atsgen-retry-safe, x-atsgen-pagination, x-atsgen-notes, and
                                       x-atsgen-confidence/-evidence for a method and path not documented
    path/query/header fields           parameters (in: path/query/header): name = wire name, schema = the
                                       exporter's property schema, required (always for path), description,
                                       deprecated, example; x-atsgen-confidence/-evidence/-source on the
                                       parameter where the wire name is not documented
    request body                       requestBody: required, content.<content type>.schema (the exporter's
                                       body schema), .example (the spec's example, when it has one)
    responses                          responses.<status> ("200", "4XX" and "default" as OpenAPI writes
                                       them): description (the HTTP phrase when the spec gives none; an
                                       envelope's description is added), content.<content type>.schema: the
                                       body schema, or a $ref to the envelope component; .example: the
                                       spec's example; documented error messages and codes become
                                       .examples (the envelope's example with the message and code at the
                                       envelope's pointers) and x-atsgen-errors; provenance and notes;
                                       .headers.<name>: the declared response headers (description,
                                       required, schema: type and format, example, provenance, notes)
    a field's provenance               x-atsgen-confidence, x-atsgen-evidence, x-atsgen-source beside the
                                       property's schema (only for wire names that are not documented)
    cross-field rules                  the exporter's allOf/anyOf/oneOf/not/if-then over `required` (they
                                       validate), plus x-atsgen-rules on the object: rule, fields,
                                       condition and message, for readers

What OpenAPI cannot say, and the document carries anyway:
- Limits on a request part as a whole. A parameter is one value, so "no other query parameter is accepted"
  (the validators reject unknown query keys) and any other object-level keyword of the path, query or
  header part live in the operation's x-atsgen-request-parts: per part, the exporter's object schema less
  its `properties` and `required`, which the parameters carry. Together they rebuild the part's schema.
- Cross-field rules are JSON Schema conditions (they validate); a tool that only reads `properties` and
  `required` (a form-based UI, a code generator) will not show them, hence x-atsgen-rules.
- Spec conveniences without a JSON Schema keyword (a base64 file's byte limit, a delimited list's entry
  limit) are already patterns and lengths in the exporter's output; `contentEncoding: base64` says the
  string is a file.
- Formats (date, date-time, email, uuid, uri) are asserted by the validators; OpenAPI's default dialect
  treats `format` as an annotation, so a tool may not check them.
- Where an envelope holds its message, code and details (JSON pointers): x-atsgen-envelope. An error's
  confidence, and a documented code the envelope has no place for, only in x-atsgen-errors. The vendor's
  messages for single field rules (`messages`) are not exported (the validators and docs have them).
- Pagination (the style, its parameter names, where the items and its pointers are, the first page
  number; `generator/kinds/pagination.py`), retry safety, the OAuth2 token request's form fields, the
  environment variables clients read, provenance and reviewers' notes have no OpenAPI keyword:
  x-atsgen-pagination, x-atsgen-retry-safe, x-atsgen-token-request, x-atsgen-env,
  x-atsgen-confidence/-evidence/-source, x-atsgen-notes.
Fields whose wire name is unknown are left out, as everywhere else in generated code.
"""

from __future__ import annotations

import copy
from http import HTTPStatus
from typing import Any

from generator import ir, jsontext
from generator.diff.releases import UNRELEASED_VERSION
from generator.emit import examples, json_schema
from generator.kinds import auth as auth_kinds
from generator.kinds import formats, locations
from generator.kinds import pagination as pagination_kinds

OPENAPI_VERSION = "3.1.0"
COMPONENTS = "#/components/schemas/"
ENVELOPE_PREFIX = "error_envelope."
"""Envelope components are named `error_envelope.<id>`; definition names hold no dot, so they never clash."""
_RANGE_WORDS = {
    "1XX": "Informational",
    "2XX": "Success",
    "3XX": "Redirection",
    "4XX": "Client error",
    "5XX": "Server error",
    "default": "Any other status",
}
_PROVENANCE_KEYS = ("x-atsgen-confidence", "x-atsgen-evidence", "x-atsgen-source")


def generated_by(vendor: ir.Vendor) -> str:
    """The standard header, as the other generated files state it."""
    return (
        f"Generated by atsgen from {vendor.spec_file}. Do not edit: change the spec, then run "
        "`make generate`."
    )


def vendor_openapi(vendor: ir.Vendor, version: str = UNRELEASED_VERSION) -> dict[str, bytes]:
    """`openapi/<vendor id>.json`, for the SDK at `version` (built with the shared outputs, which know
    the release record)."""
    return {f"openapi/{vendor.id}.json": _json(document(vendor, version))}


def _json(data: Any) -> bytes:
    return jsontext.document(data)


class SchemaExporter(json_schema.Exporter):
    """The JSON Schema exporter, with references into components/schemas and x-atsgen annotations.

    Nothing here changes what a schema accepts: references are renamed, and the added keys are `x-`
    annotations (rules as readable summaries, provenance of wire names that are not documented).
    """

    def _reference(self, schema: ir.Schema) -> dict[str, Any]:
        out = super()._reference(schema)
        if out.get("$ref") == f"#/$defs/{schema.ref}":
            out = {**out, "$ref": f"{COMPONENTS}{schema.ref}"}
        return out

    def _inline(self, s: ir.Schema) -> dict[str, Any]:
        out = super()._inline(s)
        if s.rules:
            out["x-atsgen-rules"] = [_rule(rule) for rule in s.rules]
        return out

    def _property(self, prop: ir.Field) -> dict[str, Any] | bool:
        exported = super()._property(prop)
        extra = _provenance(prop.provenance, documented_source=True)
        if extra and isinstance(exported, dict):
            exported = {**exported, **extra}
        return exported


def _rule(rule: ir.Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": rule.kind.value, "fields": list(rule.fields)}
    if rule.when is not None:
        out["when"] = rule.when.describe()
    out["message"] = rule.message
    return out


def _provenance(p: ir.Provenance, *, documented_source: bool = False) -> dict[str, Any]:
    """x-atsgen-confidence/-evidence for anything not documented (and the source, when named)."""
    out: dict[str, Any] = {}
    if p.confidence is not ir.Confidence.DOCUMENTED:
        out["x-atsgen-confidence"] = p.confidence.value
        if p.evidence:
            out["x-atsgen-evidence"] = p.evidence
    if p.source and (documented_source or out):
        out["x-atsgen-source"] = p.source
    return out


def _notes(notes: tuple[ir.Note, ...]) -> list[Any]:
    out: list[Any] = []
    for note in notes:
        if note.says is None and note.resolution is None and note.source is None:
            out.append(note.text)
            continue
        entry = {
            "text": note.text,
            "says": note.says,
            "resolution": note.resolution,
            "source": note.source,
        }
        out.append({key: value for key, value in entry.items() if value is not None})
    return out


def _with_notes(out: dict[str, Any], notes: tuple[ir.Note, ...]) -> dict[str, Any]:
    if notes:
        out["x-atsgen-notes"] = _notes(notes)
    return out


def absolute_token_url(vendor: ir.Vendor, token_url: str) -> str:
    """A token URL against the default server, joined as the SDK joins it (the base path is kept)."""
    if token_url.startswith(("http://", "https://")):
        return token_url
    base = default_environment(vendor).url
    return base.rstrip("/") + "/" + token_url.lstrip("/")


def default_environment(vendor: ir.Vendor) -> ir.Environment:
    for env in vendor.environments:
        if env.name == vendor.default_environment:
            return env
    return vendor.environments[0]


def resource(op: ir.Operation) -> str:
    """The operation's tag: the first literal segment of its path (the resource), or the vendor root."""
    for segment in op.path.split("/"):
        if segment and not segment.startswith("{"):
            return segment
    return "/"


# -- the document --------------------------------------------------------------------------------------------


def document(vendor: ir.Vendor, version: str = UNRELEASED_VERSION) -> dict[str, Any]:
    """The OpenAPI 3.1 document for one vendor, as plain JSON data; `version` is the SDK's."""
    exporter = SchemaExporter()
    paths: dict[str, dict[str, Any]] = {}
    tags: dict[str, list[str]] = {}
    for op in vendor.operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(vendor, op, exporter)
        tags.setdefault(resource(op), []).append(op.id)
    envelopes = {
        ENVELOPE_PREFIX + envelope.id: _envelope(envelope, exporter)
        for envelope in vendor.error_envelopes
    }
    for definition in vendor.definitions:
        if definition.name not in exporter.defs:  # not used by any operation: exported as written
            exporter.schema(definition.schema)
    schemas = {d.name: exporter.defs[d.name] for d in vendor.definitions if d.name in exporter.defs}
    schemas.update(envelopes)

    doc: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": _info(vendor, version),
        "servers": _servers(vendor),
        "tags": [
            {"name": name, "description": f"{vendor.name} {name}: {', '.join(ids)}."}
            for name, ids in tags.items()
        ],
        "x-tagGroups": [{"name": vendor.name, "tags": list(tags)}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                scheme.id: _security_scheme(vendor, scheme) for scheme in vendor.auth
            },
        },
    }
    if vendor.docs:
        doc["externalDocs"] = {
            "description": f"{vendor.name} API documentation",
            "url": vendor.docs[0],
        }
    if not vendor.auth:
        del doc["components"]["securitySchemes"]
    return doc


def _info(vendor: ir.Vendor, version: str) -> dict[str, Any]:
    atsgen: dict[str, Any] = {
        "generated-by": generated_by(vendor),
        "spec": vendor.spec_file,
        "default-environment": vendor.default_environment,
    }
    if vendor.rate_limits:
        atsgen["rate-limits"] = vendor.rate_limits
    if vendor.docs:
        atsgen["docs"] = list(vendor.docs)
    atsgen["sources"] = {source.id: _source(source) for source in vendor.sources}
    atsgen.update(_provenance(vendor.provenance))
    if vendor.notes:
        atsgen["notes"] = _notes(vendor.notes)
    paragraphs = [vendor.description or f"The {vendor.name} API."]
    if vendor.rate_limits:
        paragraphs.append(f"Rate limits: {vendor.rate_limits}")
    if vendor.docs:
        paragraphs.append(
            "Vendor documentation:\n\n" + "\n".join(f"- <{url}>" for url in vendor.docs)
        )
    paragraphs.append(
        f"Generated by atsgen from `{vendor.spec_file}`, the reviewed spec every fact here comes from; "
        "x-atsgen extensions record provenance, notes and rules."
    )
    return {
        "x-atsgen": atsgen,
        "title": f"{vendor.name} API",
        "version": version,
        "description": "\n\n".join(paragraphs),
    }


def _source(source: ir.Source) -> dict[str, Any]:
    out: dict[str, Any] = {"title": source.title}
    if source.url:
        out["url"] = source.url
        if source.url_confidence is not ir.Confidence.DOCUMENTED:
            out["url-confidence"] = source.url_confidence.value
    if source.file:
        out["file"] = source.file
    if source.description:
        out["description"] = source.description
    return out


def _servers(vendor: ir.Vendor) -> list[dict[str, Any]]:
    default = default_environment(vendor)
    ordered = [default] + [env for env in vendor.environments if env is not default]
    servers = []
    for env in ordered:
        label = f"{env.name} (default)" if env is default else env.name
        server: dict[str, Any] = {
            "url": env.url,
            "description": f"{label}: {env.description}" if env.description else label,
            "x-atsgen-environment": env.name,
        }
        if env.variables:
            server["variables"] = {v.name: _server_variable(v) for v in env.variables}
        server.update(_provenance(env.provenance))
        servers.append(server)
    return servers


def _server_variable(variable: ir.ServerVariable) -> dict[str, Any]:
    """A server variable object. OpenAPI requires a default: a variable without one (the client must be
    given a value) gets its first allowed value, else an empty string, and says so."""
    out: dict[str, Any] = {
        "default": (
            variable.default if variable.default is not None else next(iter(variable.enum), "")
        )
    }
    if variable.enum:
        out["enum"] = list(variable.enum)
    description = variable.description or ""
    if variable.default is None:
        description = (
            description + " " if description else ""
        ) + "No default: clients must set it."
    if description:
        out["description"] = description
    return out


def _security_scheme(vendor: ir.Vendor, scheme: ir.AuthScheme) -> dict[str, Any]:
    out = auth_kinds.of(scheme.type).openapi(scheme, lambda url: absolute_token_url(vendor, url))
    if scheme.description:
        out["description"] = scheme.description
    out["x-atsgen-type"] = scheme.type
    if scheme.env:
        out["x-atsgen-env"] = dict(scheme.env)
    out.update(_provenance(scheme.provenance, documented_source=True))
    return _with_notes(out, scheme.notes)


def _envelope(envelope: ir.ErrorEnvelope, exporter: SchemaExporter) -> Any:
    schema = exporter.schema(envelope.body)
    if not isinstance(schema, dict):
        return schema
    about: dict[str, Any] = {}
    if envelope.description:
        about["description"] = envelope.description
    about["message"] = envelope.message_pointer
    if envelope.code_pointer is not None:
        about["code"] = envelope.code_pointer
    if envelope.details_pointer is not None:
        about["details"] = envelope.details_pointer
    about.update(
        {
            key.removeprefix("x-atsgen-"): value
            for key, value in _provenance(envelope.provenance, documented_source=True).items()
        }
    )
    if envelope.notes:
        about["notes"] = _notes(envelope.notes)
    return {**schema, "x-atsgen-envelope": about}


# -- operations ----------------------------------------------------------------------------------------------


def _operation(vendor: ir.Vendor, op: ir.Operation, exporter: SchemaExporter) -> dict[str, Any]:
    out: dict[str, Any] = {
        "operationId": op.id,
        "summary": op.summary,
        "tags": [resource(op)],
    }
    if op.description:
        out["description"] = op.description
    if op.source.url:
        out["externalDocs"] = {"description": op.source.title, "url": op.source.url}
    parameters, parts = _parameters(op, exporter)
    if parameters:
        out["parameters"] = parameters
    body = op.request.body
    if body is not None:
        out["requestBody"] = _request_body(body, exporter)
    out["responses"] = {
        response.status: _response(vendor, op, response, exporter) for response in op.responses
    }
    out["security"] = [{scheme: []} for scheme in op.auth]
    if op.deprecated:
        out["deprecated"] = True
    out["x-atsgen-source"] = op.source.id
    out["x-atsgen-retry-safe"] = op.retry_safe
    if parts:
        out["x-atsgen-request-parts"] = parts
    if op.pagination is not None:
        out["x-atsgen-pagination"] = pagination_kinds.of(op.pagination.style).openapi(op.pagination)
    out.update(_provenance(op.provenance))
    return _with_notes(out, op.notes)


def _parameters(
    op: ir.Operation, exporter: SchemaExporter
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The operation's parameters, and per part the object-level keywords parameters cannot carry."""
    parameters: list[dict[str, Any]] = []
    parts: dict[str, Any] = {}
    for location in locations.SUPPORTED:
        part = location.part
        schema = op.request.part(part) if part is not None else None
        if part is None or schema is None:
            continue
        whole = exporter.schema(schema)
        if not isinstance(whole, dict):  # a part that accepts nothing: only its absence is valid
            parts[part] = whole
            continue
        rest = {key: value for key, value in whole.items() if key not in ("properties", "required")}
        # The path holds exactly its template's parameters, so a closed path part says nothing new
        # unless it has some; an empty query part still says that no query parameter is accepted.
        if schema.properties_in_code or (
            not location.always_required and rest != {"type": "object"}
        ):
            parts[part] = rest
        properties = whole.get("properties", {})
        for prop in schema.properties_in_code:
            parameters.append(_parameter(prop, location, properties[prop.wire_name]))
    return parameters, parts


def _parameter(prop: ir.Field, location: locations.Location, schema: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": prop.wire_name, "in": location.name}
    if prop.description:
        out["description"] = prop.description
    out["required"] = True if location.always_required else prop.required
    if prop.deprecated:
        out["deprecated"] = True
    extra: dict[str, Any] = {}
    if isinstance(schema, dict):
        extra = {key: schema[key] for key in _PROVENANCE_KEYS if key in schema}
        schema = {key: value for key, value in schema.items() if key not in _PROVENANCE_KEYS}
    out["schema"] = schema
    if prop.schema.has_example:
        out["example"] = prop.schema.example
    out.update(extra)
    return out


def _request_body(body: ir.Body, exporter: SchemaExporter) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": exporter.schema(body.schema)}
    if body.has_example:
        media["example"] = body.example
    out: dict[str, Any] = {}
    if body.schema.description:
        out["description"] = body.schema.description
    out["required"] = body.required
    out["content"] = {body.content_type: media}
    return out


def _status_words(status: str) -> str:
    if status in _RANGE_WORDS:
        return _RANGE_WORDS[status]
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return f"HTTP {status}"


def _response(
    vendor: ir.Vendor, op: ir.Operation, response: ir.Response, exporter: SchemaExporter
) -> dict[str, Any]:
    envelope = vendor.envelope(response.envelope) if response.envelope is not None else None
    description = response.description or _status_words(response.status)
    if envelope is not None and envelope.description:
        description += f"\n\nError envelope `{envelope.id}`: {envelope.description}"
    out: dict[str, Any] = {"description": description}
    media: dict[str, Any] | None = None
    if response.body is not None:
        media = {"schema": exporter.schema(response.body)}
    elif envelope is not None:
        media = {"schema": {"$ref": f"{COMPONENTS}{ENVELOPE_PREFIX}{envelope.id}"}}
    if media is not None:
        if response.has_example:
            media["example"] = response.example
        elif envelope is not None and response.body is None:
            documented = _error_examples(envelope, response)
            if documented:
                media["examples"] = documented
        out["content"] = {response.content_type or "application/json": media}
    if response.headers:
        out["headers"] = {header.name: _header(header) for header in response.headers}
    if response.errors:
        out["x-atsgen-errors"] = [_error(error) for error in response.errors]
    out.update(_provenance(response.provenance, documented_source=True))
    return _with_notes(out, response.notes)


def _header(header: ir.ResponseHeader) -> dict[str, Any]:
    """An OpenAPI Header Object: a plain schema of the header's type (and format), its example."""
    out: dict[str, Any] = {}
    if header.description:
        out["description"] = header.description
    out["required"] = header.required
    schema: dict[str, Any] = {"type": header.type}
    if header.format is not None:
        schema.update(formats.get(header.format).json_schema)
    out["schema"] = schema
    out["example"] = header.example
    out.update(_provenance(header.provenance))
    return _with_notes(out, header.notes)


def _error(error: ir.DocumentedError) -> dict[str, Any]:
    entry = {"code": error.code, "message": error.message, "description": error.description}
    out: dict[str, Any] = {key: value for key, value in entry.items() if value is not None}
    if error.confidence is not ir.Confidence.DOCUMENTED:
        out["confidence"] = error.confidence.value
    return out


def _error_examples(envelope: ir.ErrorEnvelope, response: ir.Response) -> dict[str, Any]:
    """One example per documented error: the envelope's example with its message and code filled in (an
    error documented by its code alone gets the status's phrase as its message)."""
    base = examples.example(envelope.body, mode="full")
    out: dict[str, Any] = {}
    for error in response.errors:
        if error.code is None and error.message is None:
            continue
        value = copy.deepcopy(base)
        message = error.message or _status_words(response.status)
        value = set_pointer(value, envelope.message_pointer, message)
        if error.code is not None and envelope.code_pointer is not None:
            value = set_pointer(value, envelope.code_pointer, error.code)
        name = str(error.code) if error.code is not None else str(error.message)
        key, n = name, 2
        while key in out:
            key, n = f"{name} ({n})", n + 1
        example: dict[str, Any] = {"summary": error.message or str(error.code)}
        if error.description:
            example["description"] = error.description
        example["value"] = value
        out[key] = example
    return out


def set_pointer(document: Any, pointer: str, value: Any) -> Any:
    """Set the value at an RFC 6901 pointer, making objects (or lists, for numeric tokens) on the way."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return value
    root = document if isinstance(document, (dict, list)) else {}
    target: Any = root
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        if isinstance(target, list):
            index = int(token) if token.isdigit() else len(target)
            while len(target) <= index:
                target.append({})
            key: Any = index
            current = target[index]
        else:
            key = token
            current = target.get(token)
        if last:
            target[key] = value
        else:
            if not isinstance(current, (dict, list)):
                current = [] if tokens[position + 1].isdigit() else {}
                target[key] = current
            target = current
    return root
