"""Helpers for the completeness tests: look a vendor's documented facts up where users read them.

The tests are written from the vendor documents (their expected values are copied from the pages), and
check each fact in the generated output a user relies on, never in the generator's intermediate form:

- `Published.schema(...)`: the exported JSON Schemas, `generated/schemas/<vendor>/<operation>/<part>.json`
  (field order, types, formats, enums, defaults, descriptions, examples);
- `Published.openapi` and `Published.request_schema(...)` / `response_schema(...)`: the OpenAPI document,
  `generated/openapi/<vendor>.json` (transport, auth, environments, sources, and provenance and notes in
  its `x-atsgen-*` extensions);
- `Published.problems(...)` / `Published.messages(...)`: the generated validators,
  `ats_sdk.<vendor>.validate` (limits, enums, formats and rules, probed with a value just inside and one just
  outside);
- `Published.row(...)` / `Published.names(...)`: the reference docs, `generated/docs/<vendor>.md` (the
  reviewers' page: contradiction notes, enum member names, placeholder rows left out of the code).
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.markdown_tables import split_row

GENERATED = ROOT / "generated"
DOCUMENTED = "documented"  # the confidence of a fact the page states (no x-atsgen-confidence)


# -- JSON Schema ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """One schema of a published document, its `$ref` resolved (sibling keywords such as `description` win)."""

    raw: dict[str, Any]
    root: dict[str, Any] = field(repr=False)
    required: bool = False  # whether the parent object lists it as required
    ref: str | None = None  # the name of the shared definition it refers to

    @classmethod
    def of(cls, raw: dict[str, Any], root: dict[str, Any], required: bool = False) -> Node:
        ref = None
        while "$ref" in raw:
            target: Any = root
            for part in raw["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            ref = ref or raw["$ref"].rpartition("/")[2]
            raw = {**target, **{k: v for k, v in raw.items() if k != "$ref"}}
        return cls(raw, root, required, ref)

    @property
    def types(self) -> tuple[str, ...]:
        kind = self.raw.get("type", ())
        return (kind,) if isinstance(kind, str) else tuple(kind)

    @property
    def nullable(self) -> bool:
        return "null" in self.types or any("null" in form.types for form in self.any_of)

    @property
    def enum(self) -> list[Any] | None:
        """The allowed values, without the null a nullable enum adds."""
        values = self.raw.get("enum")
        return None if values is None else [value for value in values if value is not None]

    @property
    def format(self) -> str | None:
        # JSON Schema says "base64" with contentEncoding, not format; the spec calls both a format.
        if self.raw.get("contentEncoding") == "base64":
            return "base64"
        return self.raw.get("format")

    @property
    def description(self) -> str | None:
        return self.raw.get("description")

    @property
    def has_default(self) -> bool:
        return "default" in self.raw

    @property
    def default(self) -> Any:
        return self.raw.get("default")

    @property
    def has_example(self) -> bool:
        return "examples" in self.raw

    @property
    def example(self) -> Any:
        return self.raw["examples"][0] if self.has_example else None

    @property
    def confidence(self) -> str:
        return str(self.raw.get("x-atsgen-confidence", DOCUMENTED))

    @property
    def evidence(self) -> str | None:
        return self.raw.get("x-atsgen-evidence")

    @property
    def notes(self) -> list[str]:
        return list(self.raw.get("x-atsgen-notes", ()))

    @property
    def items(self) -> Node | None:
        items = self.raw.get("items")
        return None if items is None else Node.of(items, self.root)

    @property
    def any_of(self) -> list[Node]:
        return [Node.of(form, self.root) for form in self.raw.get("anyOf", ())]

    @property
    def closed(self) -> bool:
        return self.raw.get("additionalProperties") is False

    @property
    def additional(self) -> Node | None:
        extra = self.raw.get("additionalProperties")
        return Node.of(extra, self.root) if isinstance(extra, dict) else None

    @property
    def names(self) -> list[str]:
        """The object's field names in order (of its items, for an array of objects)."""
        return list(self.shape.raw.get("properties", {}))

    @property
    def shape(self) -> Node:
        """The object itself, or the object in its array items."""
        node = self
        while node.items is not None and "properties" not in node.raw:
            node = node.items
        return node

    def field(self, path: str) -> Node:
        """A field by dotted wire-name path (`application.job_id`), through objects and array items."""
        node = self
        for name in path.split("."):
            shape = node.shape
            properties = shape.raw.get("properties", {})
            assert name in properties, f"no field {name!r} in {path!r} (fields: {list(properties)})"
            node = Node.of(properties[name], self.root, name in shape.raw.get("required", ()))
        return node

    def form(self, json_type: str) -> Node:
        """The anyOf form that takes values of one JSON type."""
        [found] = [form for form in self.any_of if json_type in form.types]
        return found

    def all_types(self) -> set[str]:
        """Every JSON type a value may take, through anyOf forms."""
        if self.any_of:
            return set().union(*(form.all_types() for form in self.any_of))
        return set(self.types)


# -- Markdown reference docs ---------------------------------------------------------------------------------


def unescape(cell: str) -> str:
    """A Markdown cell as plain text: escapes undone, line breaks as spaces."""
    return re.sub(r"\\(.)", r"\1", cell.replace("<br>", " "))


@dataclass(frozen=True)
class Row:
    """One field row of a docs table (every cell as plain text)."""

    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def says(self, *phrases: str) -> bool:
        """Whether one of the row's contradiction notes quotes all the phrases, with a resolution."""
        notes = self.cells["notes"].split("**Contradiction.**")[1:]
        return any(
            "**Resolution:**" in note
            and all(phrase in note.partition("**Resolution:**")[0] for phrase in phrases)
            for note in notes
        )

    def enum_names(self) -> dict[str, Any]:
        """The values cell's `value` (NAME) pairs."""
        return {
            name: ast.literal_eval(value)
            for value, name in re.findall(r"`([^`]*)` \(([^)]*)\)", self.cells["values"])
        }


@dataclass(frozen=True)
class Docs:
    """generated/docs/<vendor>.md: its tables by (operation, section), and its full enum value lists."""

    tables: dict[tuple[str, str], dict[str, Row]]
    enums: dict[tuple[str, str], dict[str, Any]]
    # Fields left out of generated code ("Not generated"), by (operation, key): their text, unescaped.
    left_out: dict[tuple[str, str], str]
    text: str


def parse_docs(text: str) -> Docs:
    """Read the docs line by line: headings set the scope, `| field |` headers start a field table."""
    tables: dict[tuple[str, str], dict[str, Row]] = {}
    enums: dict[tuple[str, str], dict[str, Any]] = {}
    left_out: dict[tuple[str, str], str] = {}
    operation = section = ""
    header: list[str] | None = None
    listing: str | None = None
    for line in text.splitlines():
        if heading := re.match(r"### (\w+) `(\w+)`", line):
            # An operation's tables by its id; a definition's (or envelope's) by "Definition <name>".
            operation = heading[2] if heading[1] == "Operation" else f"{heading[1]} {heading[2]}"
            section = ""
        elif heading := re.match(r"#{4,5} (.+)", line):
            section = heading[1].replace("`", "")
        elif summary := re.match(r"<summary>All \d+ values of <code>(.+)</code></summary>", line):
            listing = summary[1]
            enums[(operation, listing)] = {}
        elif line.startswith("|") and not line.startswith("|---"):
            cells = [unescape(cell) for cell in split_row(line)]
            if cells[0] in ("field", "value"):
                header = cells
            elif listing is not None:
                enums[(operation, listing)][cells[1]] = ast.literal_eval(cells[0].strip("`"))
            elif header is not None:
                name = cells[0].strip("`")
                tables.setdefault((operation, section), {})[name] = Row(
                    dict(zip(header, cells, strict=True))
                )
        elif line == "</details>":
            listing = None
        elif moved := re.match(r"- Notes on (.+?): (.*)", line):
            # A row whose notes are too long for its cell has them in a list under its table.
            [notes_of] = [
                r for r in tables[(operation, section)].values() if r["field"] == moved[1]
            ]
            notes_of.cells["notes"] = unescape(moved[2])
        elif bullet := re.match(r"- `([^`]+)` \((a placeholder key.*)", line):
            left_out[(operation, bullet[1])] = unescape(bullet[2])
        elif not line.startswith("|"):
            header = None
    return Docs(tables, enums, left_out, text)


# -- a vendor's published output -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    vendor: str

    @functools.cached_property
    def openapi(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(
            (GENERATED / "openapi" / f"{self.vendor}.json").read_text(encoding="utf-8")
        )
        return document

    @functools.cached_property
    def docs(self) -> Docs:
        return parse_docs((GENERATED / "docs" / f"{self.vendor}.md").read_text(encoding="utf-8"))

    def schema_path(self, operation_id: str, part: str) -> Path:
        return GENERATED / "schemas" / self.vendor / operation_id / f"{part}.json"

    def schema(self, operation_id: str, part: str = "request.body") -> Node:
        """The exported JSON Schema of one request part or response (`request.query`, `response.200`)."""
        path = self.schema_path(operation_id, part)
        assert path.is_file(), f"{self.vendor} {operation_id} publishes no {part} schema"
        document = json.loads(path.read_text(encoding="utf-8"))
        return Node.of(document, document)

    # OpenAPI ------------------------------------------------------------------------------------------------

    def operation(self, operation_id: str) -> dict[str, Any]:
        """The OpenAPI operation object, with its `method` and `path` added."""
        for path, item in self.openapi["paths"].items():
            for method, operation in item.items():
                if operation.get("operationId") == operation_id:
                    return {**operation, "method": method.upper(), "path": path}
        raise AssertionError(f"{self.vendor} has no operation {operation_id}")

    def request_schema(self, operation_id: str) -> Node:
        """The request body schema as the OpenAPI document gives it (with field provenance)."""
        content = self.operation(operation_id)["requestBody"]["content"]
        [media] = content.values()
        return Node.of(media["schema"], self.openapi)

    def response(self, operation_id: str, status: str) -> dict[str, Any]:
        responses = self.operation(operation_id)["responses"]
        assert status in responses, f"{operation_id} has no {status} response"
        response: dict[str, Any] = responses[status]
        return response

    def response_schema(self, operation_id: str, status: str = "200") -> Node:
        content = self.response(operation_id, status).get("content")
        assert content, f"{operation_id} {status} has no body"
        [media] = content.values()
        return Node.of(media["schema"], self.openapi)

    def parameters(self, operation_id: str, where: str) -> list[dict[str, Any]]:
        return [p for p in self.operation(operation_id).get("parameters", ()) if p["in"] == where]

    def source(self, source_id: str) -> dict[str, Any]:
        sources: dict[str, Any] = self.openapi["info"]["x-atsgen"]["sources"]
        assert source_id in sources, f"{self.vendor} has no source {source_id}"
        return dict(sources[source_id])

    def security_scheme(self, scheme_id: str) -> dict[str, Any]:
        schemes: dict[str, Any] = self.openapi["components"]["securitySchemes"]
        assert scheme_id in schemes, f"{self.vendor} has no auth scheme {scheme_id}"
        return dict(schemes[scheme_id])

    def auth(self, operation_id: str) -> list[str]:
        """The operation's auth schemes, in order (each OpenAPI security requirement names one)."""
        return [
            name for requirement in self.operation(operation_id)["security"] for name in requirement
        ]

    def envelope(self, envelope_id: str) -> Node:
        schemas = self.openapi["components"]["schemas"]
        name = f"error_envelope.{envelope_id}"
        assert name in schemas, f"{self.vendor} has no error envelope {envelope_id}"
        return Node.of(schemas[name], self.openapi)

    def response_envelope(self, operation_id: str, status: str) -> str | None:
        """The error envelope a response's body uses, from its schema reference."""
        content = self.response(operation_id, status).get("content")
        if not content:
            return None
        [media] = content.values()
        reference = str(media["schema"].get("$ref", ""))
        prefix = "#/components/schemas/error_envelope."
        return reference.removeprefix(prefix) if reference.startswith(prefix) else None

    # validators -----------------------------------------------------------------------------------------------

    def violations(self, operation_id: str, payload: object, part: str = "body") -> list[Any]:
        module = importlib.import_module(f"ats_sdk.{self.vendor}")
        found: list[Any] = module.validate(operation_id, payload, part)
        return found

    def problems(
        self, operation_id: str, payload: object, pointer: str, part: str = "body"
    ) -> list[str]:
        """The rules a payload breaks at one JSON pointer."""
        return [
            v.rule for v in self.violations(operation_id, payload, part) if v.pointer == pointer
        ]

    def messages(
        self, operation_id: str, payload: object, pointer: str, part: str = "body"
    ) -> list[str]:
        return [
            v.message for v in self.violations(operation_id, payload, part) if v.pointer == pointer
        ]

    # docs ------------------------------------------------------------------------------------------------------

    def row(self, operation_id: str, section: str, name: str) -> Row:
        """A field's row in the docs (`section`: "Request body", "Query parameters", "Response 200", ...)."""
        table = self.docs.tables.get((operation_id, section))
        assert table is not None, f"no {section} table for {operation_id}"
        assert name in table, f"no row {name!r} in {operation_id} {section}"
        return table[name]

    def names(self, operation_id: str, section: str, name: str) -> dict[str, Any]:
        """An enum's member names and values, as the docs list them (all of them, for a long enum)."""
        listed = self.docs.enums.get((operation_id, name))
        return listed if listed is not None else self.row(operation_id, section, name).enum_names()


def at(path: str, value: object) -> dict[str, Any]:
    """A payload with one value at a dotted path: `at("application.job_id", x)`."""
    payload: Any = value
    for name in reversed(path.split(".")):
        payload = {name: payload}
    result: dict[str, Any] = payload
    return result


def pointer(path: str) -> str:
    """The JSON pointer of a dotted path."""
    return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in path.split("."))


def notes_say(notes: list[Any], *phrases: str) -> bool:
    """Whether one of the contradiction notes (OpenAPI `x-atsgen-notes`) quotes all phrases, resolved."""
    return any(
        isinstance(note, dict)
        and note.get("resolution")
        and all(phrase in str(note.get("says", "")) for phrase in phrases)
        for note in notes
    )


def note_text(notes: list[Any]) -> str:
    """Every note's words, for a phrase search."""
    return " ".join(
        " ".join(str(v) for v in note.values()) if isinstance(note, dict) else str(note)
        for note in notes
    )


@functools.cache
def published(vendor: str) -> Published:
    """One vendor's published output, read once per test session."""
    return Published(vendor)


# A value of each JSON type, and one that is not of that type (a validator must reject it with `type`).
SAMPLE = {"string": "x", "number": 1.5, "integer": 3, "boolean": True, "array": [], "object": {}}
NOT_OF = {
    "string": 1,
    "number": "1",
    "integer": "1",
    "boolean": "true",
    "array": "x",
    "object": "x",
}
# A valid and an invalid value of each checked format.
FORMATS = {
    "uuid": ("550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716"),
    "date": ("2024-01-31", "31/01/2024"),
    "date-time": ("2024-01-15T14:30:00.000Z", "2024-01-15"),
    "base64": ("aGVsbG8=", "not base64!"),
}


def probe_type(
    vendor: Published,
    operation_id: str,
    path: str,
    types: tuple[str, ...],
    fmt: str | None,
    part: str = "body",
) -> None:
    """The validators accept a value of the field's type (and format), null only when nullable."""
    where = pointer(path)
    [json_type, *rest] = types
    good = FORMATS[fmt][0] if fmt in FORMATS else SAMPLE[json_type]
    assert vendor.problems(operation_id, at(path, good), where, part) == [], (path, good)
    assert vendor.problems(operation_id, at(path, NOT_OF[json_type]), where, part) == ["type"], path
    null = vendor.problems(operation_id, at(path, None), where, part)
    assert null == ([] if "null" in rest else ["type"]), (path, null)
    if fmt in FORMATS:
        assert vendor.problems(operation_id, at(path, FORMATS[fmt][1]), where, part) == ["format"]
