"""The generated JSON Schemas, and the forms peers need: draft-07 for fastjsonschema, OpenAPI 3.1 for
openapi-python-client.

generated/schemas/<vendor>/<operation>/<part>.json are draft 2020-12 documents equivalent to the generated
validators (the generator's conformance tests hold them to that). fastjsonschema implements drafts 4, 6 and 7
only, so `to_draft07` rewrites a 2020-12 document into the equivalent draft-07 one; it refuses keywords it
cannot translate exactly rather than silently dropping a check.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from benchmarks._common import SCHEMAS_DIR

DRAFT07 = "http://json-schema.org/draft-07/schema#"
_ANNOTATIONS = {
    "description", "title", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly",
    "contentEncoding", "contentMediaType",
}  # fmt: skip
_UNTRANSLATABLE = {
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "$anchor",
}


def load(vendor: str, operation: str, part: str = "request.body") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (SCHEMAS_DIR / vendor / operation / f"{part}.json").read_text("utf-8")
    )
    return data


def body_operations() -> list[tuple[str, str]]:
    """(vendor, operation) for every operation with a generated request body schema, sorted."""
    return sorted(
        (p.parent.parent.name, p.parent.name) for p in SCHEMAS_DIR.glob("*/*/request.body.json")
    )


def to_draft07(schema: dict[str, Any]) -> dict[str, Any]:
    """An equivalent draft-07 document: `$defs` -> `definitions` (and their `$ref`s), `prefixItems` ->
    array `items` + `additionalItems`, `dependentRequired` -> `dependencies`, `$ref` with assertion siblings
    wrapped in `allOf` (draft-07 ignores a `$ref`'s siblings). `$id` (a URN here) is dropped: every `$ref`
    is document-local, so it only names the document."""

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        bad = _UNTRANSLATABLE.intersection(node)
        if bad:
            raise ValueError(f"cannot express {sorted(bad)} in draft-07")
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$schema":
                out[key] = DRAFT07
            elif key == "$id":
                continue
            elif key == "$defs":
                out["definitions"] = {name: convert(sub) for name, sub in value.items()}
            elif key == "$ref":
                if not value.startswith("#"):
                    raise ValueError(f"remote $ref {value!r}")
                out[key] = value.replace("#/$defs/", "#/definitions/")
            elif key == "prefixItems":
                out["items"] = [convert(sub) for sub in value]
                if "items" in node:
                    out["additionalItems"] = convert(node["items"])
            elif key == "items" and "prefixItems" in node:
                continue
            elif key == "dependentRequired":
                out["dependencies"] = copy.deepcopy(value)
            elif key in ("properties", "patternProperties", "definitions"):
                out[key] = {name: convert(sub) for name, sub in value.items()}
            elif isinstance(value, (dict, list)) and key not in (
                "enum",
                "const",
                "examples",
                "default",
            ):
                out[key] = convert(value)
            else:
                out[key] = copy.deepcopy(value)
        if "$ref" in out and set(out) - _ANNOTATIONS - {"$ref"}:
            ref = out.pop("$ref")
            out = {**out, "allOf": [*out.get("allOf", []), {"$ref": ref}]}
        return out

    converted: dict[str, Any] = convert(schema)
    return converted


# -- OpenAPI 3.1 ------------------------------------------------------------------------------------------


def _camel(text: str) -> str:
    return "".join(
        word[:1].upper() + word[1:] for word in text.replace("-", "_").split("_") if word
    )


def _hoist(schema: dict[str, Any], prefix: str, components: dict[str, Any]) -> dict[str, Any]:
    """Move a document's `$defs` into components/schemas as `<prefix><Name>`, rewriting its `$ref`s."""
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id", "$comment"):
        schema.pop(key, None)
    names = {
        name: prefix + "Def" + _camel(name) for name in defs
    }  # "Def": apart from inline model names

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if isinstance(node, dict):
            out = {k: rewrite(v) for k, v in node.items()}
            ref = out.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                out["$ref"] = "#/components/schemas/" + names[ref[len("#/$defs/") :]]
            return out
        return node

    for name, definition in defs.items():
        components[names[name]] = {**rewrite(definition), "title": names[name]}
    rewritten: dict[str, Any] = rewrite(schema)
    return rewritten


def _component(schema: dict[str, Any], name: str, components: dict[str, Any]) -> str:
    """Add a hoisted document as component `name`; a document that is only a `$ref` is not aliased."""
    if "$ref" in schema and set(schema) <= _ANNOTATIONS | {"$ref"}:
        ref: str = schema["$ref"]
        return ref
    components[name] = {**schema, "title": name}
    return f"#/components/schemas/{name}"


def openapi_document(operations: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """An OpenAPI 3.1 document built from the generated JSON Schemas: one path item per operation.

    `operations` are (vendor, operation id, method, path). Paths are prefixed with `/<vendor>` so that two
    vendors' `/candidates/{id}` stay apart; request bodies, parameters and responses are the generated
    request.*.json and response.*.json documents, their `$defs` hoisted into components. Each component's
    `title` is set to its (unique) component name, since openapi-python-client names classes by title and
    two operations' bodies may share one ("Update a candidate: request body").
    """
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for vendor, operation, method, path in operations:
        folder = SCHEMAS_DIR / vendor / operation
        prefix = _camel(vendor) + _camel(operation)
        item: dict[str, Any] = {"operationId": f"{vendor}_{operation}", "responses": {}}
        parameters = []
        for part, location in (("path", "path"), ("query", "query"), ("headers", "header")):
            file = folder / f"request.{part}.json"
            if not file.is_file():
                continue
            schema = _hoist(json.loads(file.read_text("utf-8")), prefix + _camel(part), components)
            required = set(schema.get("required", ()))
            for name, sub in schema.get("properties", {}).items():
                parameters.append(
                    {
                        "name": name,
                        "in": location,
                        "required": location == "path" or name in required,
                        "schema": sub,
                    }
                )
        for name in ("{" + p[1:-1] + "}" for p in path.split("/") if p.startswith("{")):
            if not any(p["in"] == "path" and "{" + p["name"] + "}" == name for p in parameters):
                parameters.append(
                    {
                        "name": name[1:-1],
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                )
        if parameters:
            item["parameters"] = parameters
        body = folder / "request.body.json"
        if body.is_file():
            name = prefix + "Body"
            ref = _component(
                _hoist(json.loads(body.read_text("utf-8")), name, components), name, components
            )
            item["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": ref}}},
            }
        for response in sorted(folder.glob("response.*.json")):
            status = response.name.split(".")[1]
            name = prefix + "Response" + _camel(status)
            ref = _component(
                _hoist(json.loads(response.read_text("utf-8")), name, components), name, components
            )
            item["responses"][status] = {
                "description": f"{status} response",
                "content": {"application/json": {"schema": {"$ref": ref}}},
            }
        if not item["responses"]:
            item["responses"]["200"] = {"description": "OK"}
        paths.setdefault(f"/{vendor}{path}", {})[method.lower()] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": "atsgen benchmark API", "version": "0.1.0"},
        "paths": paths,
        "components": {"schemas": components},
    }


def copy_schemas(destination: Path) -> list[Path]:
    """Copy every generated JSON Schema into `destination` (same layout); returns the copied files."""
    copied = []
    for source in sorted(SCHEMAS_DIR.rglob("*.json")):
        target = destination / source.relative_to(SCHEMAS_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        copied.append(target)
    return copied
