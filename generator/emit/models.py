"""Typed models through datamodel-code-generator, from the JSON Schema the generator emits.

Two modules per vendor, chosen for what each side of a call needs:

- `types.py`: request bodies and query parameters as `TypedDict`s. A request is built by the caller, so the
  type checker is what helps: keys and value types are checked while the payload is written, at no run-time
  cost, and the payload stays a plain dict that the validators and `json` take as is.
- `models.py`: responses and error bodies as pydantic models, because a response is parsed: nested objects
  become attribute-accessible models. They are lenient by construction (strict on requests, lenient on
  responses): extra fields are kept (`extra="allow"`), enum fields also accept values the spec does not list
  (`Literal[...] | str`), and formats and length limits are not enforced (`str`), since vendors add fields and
  values and strict response parsing is what broke several published ATS SDKs.

Class names come from `naming.class_name`, set as each object's JSON Schema `title`, so they are stable and
readable (`UpdateCandidateBody`, `ListCandidatesResponseDataItem`) instead of numbered.

datamodel-code-generator takes seconds for a large vendor, so each module is generated in pieces of
consecutive operations (`ModelModule`, `PIECE_OPERATIONS`), one call per piece on a document of that piece's
models and the definitions they reference, and its output is kept by content (`using`): the exact document
handed to it, its options (this module's code and settings) and its version. An edit calls it for the piece
of the operation it changed, if that piece's document changed at all; the pieces of a cold run build on
several cores. The pieces, each formatted by black where it was built, are merged (`merge`) into the one
module per vendor: one header, their imports, each class once in piece order (a piece defines what it
references above its use, so the order holds for the whole); two pieces that define one class name
differently send the module back to one call on the whole document.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import ir, naming, pycode
from generator.emit import pytypes
from generator.emit.json_schema import Exporter
from generator.render import LINE_LENGTH

if TYPE_CHECKING:
    from generator.formatting import FragmentStore

RESPONSE_BASE = "ats_sdk._runtime.models.ResponseModel"
RESPONSE_ROOT_BASE = "ats_sdk._runtime.models.ResponseRootModel"
"""The base of a response model that is not an object (an array, a union): it keeps `raw_response` too."""
# datamodel-code-generator reads formatter settings from the nearest pyproject.toml: give it ours, always.
SETTINGS_DIR = Path(__file__).resolve().parent.parent / "datamodel_settings"


@dataclass(frozen=True)
class ModelSet:
    """The JSON Schema handed to datamodel-code-generator, and the class names a client refers to."""

    schema: dict[str, Any]
    names: tuple[tuple[str, str], ...]  # (key such as "update_candidate.body", class name)

    def name(self, key: str) -> str | None:
        for candidate, name in self.names:
            if candidate == key:
                return name
        return None


def lenient(schema: ir.Schema) -> ir.Schema:
    """A response shape that accepts what vendors add: open objects, unknown enum values, any string format."""
    any_of = tuple(lenient(branch) for branch in schema.any_of)
    items = lenient(schema.items) if schema.items is not None else None
    properties = tuple(replace(p, schema=lenient(p.schema)) for p in schema.properties)
    additional = None
    if schema.additional is not None and not schema.additional.never:
        additional = lenient(schema.additional)
    base = replace(
        schema,
        format=None,
        min_length=None,
        max_length=None,
        pattern=None,
        max_entries=None,
        max_bytes=None,
        minimum=None,
        maximum=None,
        exclusive_minimum=None,
        exclusive_maximum=None,
        multiple_of=None,
        min_items=None,
        max_items=None,
        unique_items=False,
        const=None,
        rules=(),
        items=items,
        properties=properties,
        additional=additional,
        any_of=any_of,
        enum=None,
    )
    if schema.enum is None or not schema.types:
        return base
    # Literal[known values] | <the base type>: type checkers still see the documented values.
    known = ir.Schema(enum=tuple(m for m in schema.enum if m.value is not None))
    plain = replace(base, ref=None, description=None, has_default=False, has_example=False)
    return replace(base, types=(), any_of=(known, plain), ref=None)


def _strip_for_typeddict(schema: ir.Schema) -> ir.Schema:
    """TypedDicts cannot say "no other keys" on Python 3.11 without typing_extensions: leave objects open.
    The fields the vendor sets (`read_only`) go: a request may not send them, so a type checker refuses them.
    """
    # Limits stay in the document although a TypedDict cannot hold them: datamodel-code-generator orders
    # the members of a union by them (`str | list[...]` against `list[...] | str`).
    return replace(
        schema,
        additional=None,
        items=_strip_for_typeddict(schema.items) if schema.items is not None else None,
        properties=tuple(
            replace(p, schema=_strip_for_typeddict(p.schema))
            for p in schema.properties
            if not p.read_only
        ),
        any_of=tuple(_strip_for_typeddict(b) for b in schema.any_of),
        rules=(),
    )


def _title_objects(node: Any, title: str) -> None:
    """Give every object schema without a title one derived from where it sits, so classes get stable names."""
    if not isinstance(node, dict):
        return
    if (
        ("properties" in node or node.get("type") == "object")
        and "title" not in node
        and "$ref" not in node
    ):
        node["title"] = title
    for name, child in node.get("properties", {}).items():
        _title_objects(child, naming.field_class_name(title, name))
    if isinstance(node.get("items"), dict):
        _title_objects(node["items"], naming.item_class_name(title))
    branches = node.get("anyOf", [])
    for index, branch in enumerate(branches, 1):
        _title_objects(branch, naming.option_class_name(title, index, len(branches)))
    if isinstance(node.get("additionalProperties"), dict):
        _title_objects(node["additionalProperties"], naming.value_class_name(title))


def _document(models: list[tuple[str, str, ir.Schema]]) -> ModelSet:
    """One JSON Schema document: the first model is the root (so no stray root class), the rest in $defs."""
    exporter = Exporter()
    exported: list[tuple[str, dict[str, Any]]] = []
    names: list[tuple[str, str]] = []
    for key, class_name, schema in models:
        body = exporter.schema(schema)
        if schema.ref is not None:  # exactly a definition: its own class, not a wrapper around it
            names.append((key, naming.class_name(schema.ref)))
            continue
        node = dict(body) if isinstance(body, dict) else {}
        node["title"] = class_name
        _title_objects(node, class_name)
        exported.append((class_name, node))
        names.append((key, class_name))
    definitions = {naming.class_name(name): node for name, node in exporter.defs.items()}
    for name, node in definitions.items():
        node["title"] = name
        _title_objects(node, name)
    _rename_refs(exported, exporter.defs)
    if not exported:
        return ModelSet({}, ())
    _, root = exported[0]
    document: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root}
    document["$defs"] = {**{name: node for name, node in exported[1:]}, **definitions}
    return ModelSet(document, tuple(names))


def _rename_refs(exported: list[tuple[str, dict[str, Any]]], defs: dict[str, Any]) -> None:
    """`#/$defs/pipeline_status` -> `#/$defs/PipelineStatus`, matching the class names."""

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                node["$ref"] = "#/$defs/" + naming.class_name(ref.removeprefix("#/$defs/"))
            for child in node.values():
                visit(child)
        elif isinstance(node, list):
            for child in node:
                visit(child)

    for _, node in exported:
        visit(node)
    for node in defs.values():
        visit(node)


def request_models(vendor: ir.Vendor, operations: Sequence[ir.Operation] | None = None) -> ModelSet:
    """Request bodies and query parameters of `operations` (all of the vendor's by default)."""
    models = []
    for op in vendor.operations if operations is None else operations:
        if op.request.body is not None:
            body = naming.part_class_name(op.id, "body")
            models.append((f"{op.id}.body", body, _strip_for_typeddict(op.request.body.schema)))
        if op.request.query.properties_in_code:
            query = naming.part_class_name(op.id, "query")
            models.append((f"{op.id}.query", query, _strip_for_typeddict(op.request.query)))
    model_set = _document(models)
    return replace(model_set, schema=pytypes.request_typeddict_schema(model_set.schema))


def response_models(
    vendor: ir.Vendor, operations: Sequence[ir.Operation] | None = None, *, errors: bool = True
) -> ModelSet:
    """Success bodies (one model per distinct shape of an operation) of `operations` (all of the
    vendor's by default) and, with `errors`, the error envelopes."""
    entries, aliases = _response_entries(vendor, operations, errors)
    model_set = _document([(key, name, lenient(body)) for key, name, body in entries])
    return ModelSet(model_set.schema, model_set.names + aliases)


def response_model_names(vendor: ir.Vendor) -> ModelSet:
    """The class names `response_models(vendor)` defines, by key, without its document: what the client
    and the spec module refer to (exporting every response schema only to name it cost a large vendor's
    client 0.1 s)."""
    entries, aliases = _response_entries(vendor, None, True)
    return ModelSet({}, tuple((key, name) for key, name, _ in entries) + aliases)


def _response_entries(
    vendor: ir.Vendor, operations: Sequence[ir.Operation] | None, errors: bool
) -> tuple[list[tuple[str, str, ir.Schema]], tuple[tuple[str, str], ...]]:
    """(key, class name, body) of each response model, and (key, class name) of each response that shares
    an earlier one's model. A body that is a definition's reference is that definition's class."""
    entries: list[tuple[str, str, ir.Schema]] = []
    aliases: list[tuple[str, str]] = []
    for op in vendor.operations if operations is None else operations:
        base = naming.class_name(op.id, "response")
        bodies = [response for response in op.success_responses if response.body is not None]
        shapes: list[tuple[Any, str]] = []
        for response in bodies:
            assert response.body is not None
            # Compares meaning, not spec lines; only an operation with several bodies has any to compare.
            shape = Exporter(use_refs=False).schema(response.body) if len(bodies) > 1 else None
            same = [name for known, name in shapes if known == shape]
            if same:  # 200 and 201 of the same shape share one model
                aliases.append((f"{op.id}.{response.status}", same[0]))
                continue
            if response.body.ref is not None:
                name = naming.class_name(response.body.ref)
            else:
                name = base if not shapes else f"{base}{response.status}"
            shapes.append((shape, name))
            entries.append((f"{op.id}.{response.status}", name, response.body))
    for envelope in vendor.error_envelopes if errors else ():
        entries.append(
            (f"error.{envelope.id}", naming.class_name(envelope.id, "error"), envelope.body)
        )
    return entries, tuple(aliases)


PIECE_OPERATIONS = 25
"""Operations per piece of a models module. datamodel-code-generator costs about 3 ms per operation for the
request TypedDicts and 1 ms for the response models, over 2 to 4 ms per call (benchmarks/README.md section
9): at 25 a piece's call overhead is a few per cent, and an edit re-runs 25 operations' models, not all."""


@dataclass(frozen=True)
class ModulePiece:
    """One piece of a models module as black formats it (built in a worker), cut for merging."""

    source: str
    """The whole piece: the module itself when it is the only piece."""
    head: str
    """What precedes the first statement: the file header."""
    imports: tuple[tuple[str, str, str], ...]
    """(module, name, bound name); `import x` as ("", "x", "x")."""
    statements: tuple[tuple[str, str], ...]
    """(the name a top-level statement defines, or "", its text with the comments above it)."""


@dataclass(frozen=True)
class ModelModule:
    """A vendor's models module (`types.py` or `models.py`), generated in pieces of consecutive operations:
    one datamodel-code-generator call per piece, each kept in the store by its own document, so the pieces
    run on several cores and an edit re-runs the piece of the operation it touched."""

    module: str
    style: str  # "typeddict" or "pydantic"

    def path(self, vendor: ir.Vendor) -> str:
        return f"ats_sdk/{vendor.id}/{self.module}.py"

    def model_set(self, vendor: ir.Vendor, index: int | None = None) -> ModelSet:
        """The models of piece `index`, or of the whole vendor. The vendor's error envelopes go with the
        last piece; the split depends on the spec alone."""
        operations: Sequence[ir.Operation] = vendor.operations
        last = True
        if index is not None:
            operations = operations[index * PIECE_OPERATIONS : (index + 1) * PIECE_OPERATIONS]
            last = index == self.pieces(vendor) - 1
        if self.style == "typeddict":
            return request_models(vendor, operations)
        return response_models(vendor, operations, errors=last)

    def pieces(self, vendor: ir.Vendor) -> int:
        return max(1, -(-len(vendor.operations) // PIECE_OPERATIONS))

    def run(self, vendor: ir.Vendor, index: int) -> ModulePiece:
        """Piece `index`, generated and formatted (in a worker: the merge in the parent only joins text)."""
        from generator import render

        source = generate(self.model_set(vendor, index), self.style, _header(vendor))
        return cut(render.format_python(source, self.path(vendor)))

    def finish(self, vendor: ir.Vendor, pieces: Sequence[ModulePiece]) -> dict[str, bytes]:
        merged = merge(pieces)
        if merged is None:  # the pieces disagree on a class: one call sees every model at once
            from generator import render

            source = generate(self.model_set(vendor), self.style, _header(vendor))
            merged = render.format_python(source, self.path(vendor))
        return {self.path(vendor): merged.encode("utf-8")}


TYPES = ModelModule("types", "typeddict")
MODELS = ModelModule("models", "pydantic")


def _header(vendor: ir.Vendor) -> str:
    from generator import render

    return render.render("header.py.jinja", origin=vendor.spec_file)


def cut(source: str) -> ModulePiece:
    """A formatted piece cut into its header, imports and top-level statements."""
    tree = ast.parse(source)
    lines = [f"{line}\n" for line in pycode.source_lines(source)]
    imports: list[tuple[str, str, str]] = []
    statements: list[tuple[str, str]] = []
    previous_end = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            imports.extend((module, a.name, a.asname or a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            imports.extend(("", a.name, a.asname or a.name.split(".")[0]) for a in node.names)
        else:
            assert node.end_lineno is not None
            text = "".join(lines[previous_end : node.end_lineno]).strip("\n")
            statements.append((_defined_name(node), text))
        previous_end = node.end_lineno or previous_end
    first = tree.body[0].lineno - 1 if tree.body else len(lines)
    # A module of no models is one docstring: nothing to merge.
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        statements = []
    return ModulePiece(source, "".join(lines[:first]), tuple(imports), tuple(statements))


def _defined_name(node: ast.stmt) -> str:
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name
    targets = node.targets if isinstance(node, ast.Assign) else []
    if isinstance(node, ast.AnnAssign):
        targets = [node.target]
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    return names[0] if len(names) == 1 else ""


def merge(pieces: Sequence[ModulePiece]) -> str | None:
    """One module from its pieces: one header, the imports of all, each class once, in piece order; None
    when two pieces define one name differently, or a name is both imported and defined.

    Piece order keeps every name a statement needs at definition time (a root model's base subscript)
    above it: a piece defines what it references before it uses it, and a definition dropped as a
    duplicate was already defined by an earlier piece.
    """
    full = [piece for piece in pieces if piece.statements]
    if len(pieces) == 1 or not full:
        return pieces[0].source
    defined: dict[str, str] = {}
    texts: list[str] = []
    for piece in full:
        for name, text in piece.statements:
            known = defined.get(name or text)
            if known is None:
                defined[name or text] = text
                texts.append(text)
            elif known != text:
                return None
    bound: dict[str, tuple[str, str]] = {}
    for piece in full:
        for module, name, alias in piece.imports:
            if bound.setdefault(alias, (module, name)) != (module, name) or alias in defined:
                return None
    return full[0].head + _import_block(set(bound.items())) + "\n\n" + "\n\n\n".join(texts) + "\n"


def _import_block(imports: set[tuple[str, tuple[str, str]]]) -> str:
    """The imports as isort groups them (`__future__`, the standard library, the rest; modules and names
    sorted), formatted by black (a long `from` import is wrapped)."""
    from generator import formatting

    by_module: dict[str, list[str]] = {}
    for alias, (module, name) in imports:
        if module:
            by_module.setdefault(module, []).append(name if alias == name else f"{name} as {alias}")
    plain = sorted(name for alias, (module, name) in imports if not module)
    groups: list[list[str]] = [[], [], []]
    for module in sorted(by_module, key=str.lower):
        names = ", ".join(sorted(by_module[module], key=_name_order))
        groups[_import_group(module)].append(f"from {module} import {names}\n")
    for name in plain:
        groups[_import_group(name)].append(f"import {name}\n")
    block = "\n".join("".join(group) for group in groups if group)
    return formatting.current().format_fragment(formatting.Piece(block))


def _import_group(module: str) -> int:
    if module == "__future__":
        return 0
    return 1 if module.split(".")[0] in sys.stdlib_module_names else 2


def _name_order(name: str) -> tuple[int, str]:
    """isort's order of imported names: constants, classes, then the rest, case aside."""
    if name.isupper() and len(name) > 1:
        return 0, name.lower()
    return (1 if name[:1].isupper() else 2), name.lower()


_store: FragmentStore | None = None


@contextlib.contextmanager
def using(store: FragmentStore | None) -> Iterator[None]:
    """Keep datamodel-code-generator's output in `store` until the block ends (worker processes forked
    inside it inherit the choice); None: call it every time."""
    global _store
    previous, _store = _store, store
    try:
        yield
    finally:
        _store = previous


@functools.cache
def _options_salt() -> bytes:
    """What the output depends on besides the document: datamodel-code-generator's version and the options
    and settings this module hands it (its own source and the settings folder)."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("datamodel-code-generator").encode() + b"\0")
    for path in [Path(__file__), *sorted(SETTINGS_DIR.iterdir())]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def generate(model_set: ModelSet, kind: str, header: str) -> str:
    """Python source for a model set; kind is "typeddict" or "pydantic". Formatting is left to black."""
    if not model_set.schema:
        return header + '\n"""No models."""\n'
    document = json.dumps(model_set.schema)
    if _store is None:
        return _generate(document, kind, header)
    key = hashlib.sha256(
        b"\0".join([_options_salt(), kind.encode(), header.encode(), document.encode()])
    ).hexdigest()
    source = _store.get(key)
    if source is None:
        source = _generate(document, kind, header)
        _store.put(key, source)
    return source


def _generate(document: str, kind: str, header: str) -> str:
    """One call of datamodel-code-generator on a JSON Schema document."""
    with warnings.catch_warnings():
        # datamodel-code-generator announces future defaults on every call.
        warnings.simplefilter("ignore")
        from datamodel_code_generator import (
            GenerateConfig,
            InputFileType,
            LiteralType,
            PythonVersion,
            generate,
        )
        from datamodel_code_generator.enums import DataModelType
        from datamodel_code_generator.format import Formatter

        options = GenerateConfig(
            input_file_type=InputFileType.JsonSchema,
            output_model_type=(
                DataModelType.TypingTypedDict
                if kind == "typeddict"
                else DataModelType.PydanticV2BaseModel
            ),
            target_python_version=PythonVersion.PY_311,
            disable_timestamp=True,
            custom_file_header=header,
            formatters=[Formatter.BUILTIN],  # groups imports; costs milliseconds (black runs after)
            builtin_format_line_length=LINE_LENGTH,
            settings_path=SETTINGS_DIR,
            enum_field_as_literal=LiteralType.All,
            use_union_operator=True,
            use_standard_collections=True,
            use_schema_description=True,
            use_field_description=True,
            use_double_quotes=True,
            use_annotated=True,
            use_title_as_name=True,
            collapse_root_models=True,
        )
        # Lenient response models on the SDK's own base class, whose model_config keeps extra fields:
        # repeated in each class, it would be an unannotated override (ambiguous to type checkers).
        if kind == "pydantic":
            options = options.model_copy(update={"base_class": RESPONSE_BASE})
        source = generate(document, config=options)
    assert isinstance(source, str)
    return _on_response_root_base(source) if kind == "pydantic" else source


_ROOT_CLASS = re.compile(r"^(class \w+\()RootModel\[", re.MULTILINE)


def _on_response_root_base(source: str) -> str:
    """Root models (a body that is an array or a union) on RESPONSE_ROOT_BASE instead of pydantic's
    RootModel, so that every response keeps its `raw_response`: datamodel-code-generator's `base_class`
    applies to object models only. The imports follow: the new base's added, pydantic's RootModel dropped.
    """
    module, base = RESPONSE_ROOT_BASE.rsplit(".", 1)
    source, moved = _ROOT_CLASS.subn(rf"\1{base}[", source)
    if not moved:
        return source
    tree = ast.parse(source)
    imported = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    # pydantic's RootModel stays imported only where a class still names it otherwise.
    still_used = any(isinstance(n, ast.Name) and n.id == "RootModel" for n in ast.walk(tree))
    lines = source.splitlines(keepends=True)
    # Bottom up, so that the line numbers of the imports above stay right.
    for node in sorted(imported, key=lambda n: n.lineno, reverse=True):
        names = [alias.name for alias in node.names]
        if node.module == module:
            names.append(base)
        elif node.module == "pydantic" and not still_used:
            names = [name for name in names if name != "RootModel"]
        else:
            continue
        lines[node.lineno - 1 : node.end_lineno] = (
            [f"from {node.module} import {', '.join(names)}\n"] if names else []
        )
    if not any(node.module == module for node in imported):
        lines.insert(min(node.lineno for node in imported) - 1, f"from {module} import {base}\n")
    return "".join(lines)


def warm_up() -> None:
    """Pay datamodel-code-generator's first-call cost now (about 0.2 s: the parser, model and formatter
    modules it imports on first use), in a worker that is waiting for the specs to load anyway."""
    document = json.dumps(
        {"title": "WarmUp", "type": "object", "properties": {"a": {"type": "string"}}}
    )
    for kind in ("typeddict", "pydantic"):
        _generate(document, kind, "")
