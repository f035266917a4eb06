"""`docs/unified.md`, the coverage matrix, and the canonical candidate's JSON Schema, for every declared
mapping and canonical field."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from markdown_tables import split_row

from generator.emit.json_schema import Exporter
from generator.unified.model import Unified
from unified.declarations import declarations

GENERATED = Path(__file__).resolve().parents[2] / "generated"
DECLARED, _ = declarations()
assert DECLARED.model is not None
MODEL = DECLARED.model


def _page() -> str:
    return (GENERATED / "docs" / "unified.md").read_text(encoding="utf-8")


def _table(heading: str, page: str | None = None) -> list[list[str]]:
    """The rows (header first) of the first table after `heading`, cells as GitHub splits them."""
    lines = (page if page is not None else _page()).splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append(split_row(line))
        elif rows:
            break
    return [rows[0], *rows[2:]]


def _unescaped(cell: str) -> str:
    return cell.replace("\\", "").strip("`")


def test_the_matrix_has_each_field_and_each_mapped_operation() -> None:
    header, *rows = _table("## Coverage by vendor operation")
    mappings = sorted(DECLARED.mappings, key=lambda m: (m.vendor, m.operation))
    assert len(header) == 1 + len(mappings)
    for mapping, column in zip(mappings, header[1:], strict=True):
        assert f"({mapping.vendor}.md#operation-{mapping.operation})" in column
    assert [_unescaped(row[0]) for row in rows] == [p.wire_name for p in MODEL.properties]
    for row, prop in zip(rows, MODEL.properties, strict=True):
        for mapping, cell in zip(mappings, row[1:], strict=True):
            [entry] = [e for e in mapping.entries if prop.wire_name in e.sources]
            expected = "unsupported" if entry.transform == "unsupported" else entry.target
            assert _unescaped(cell) == expected, (mapping.vendor, mapping.operation, prop.wire_name)


def test_the_detail_gives_transform_tightest_limit_and_losses() -> None:
    check_detail(_page(), DECLARED)


def check_detail(page: str, declared_layer: Unified) -> None:
    """Each (canonical field, mapped operation) row: its transform, the vendor's limit where it is the
    tighter one, the reason of an unsupported field and every unsupported value."""
    assert declared_layer.model is not None
    model = declared_layer.model
    header, *rows = _table("## Coverage in detail", page)
    assert header == [
        "canonical field",
        "vendor operation",
        "target",
        "transform",
        "tightest limit",
        "lost",
    ]
    assert len(rows) == len(model.properties) * len(declared_layer.mappings)
    by_key = {(_unescaped(r[0]), r[1]): r for r in rows}
    for mapping in declared_layer.mappings:
        for index, entry in enumerate(mapping.entries):
            declared = mapping.data["map"][index]
            for name in entry.sources:
                [row] = [
                    r
                    for (field, column), r in by_key.items()
                    if field == name
                    and f"({mapping.vendor}.md#operation-{mapping.operation})" in column
                ]
                assert _unescaped(row[3]) == entry.transform
                if entry.transform == "unsupported":
                    assert declared["reason"].split()[0] in row[5]
                for value in declared.get("unsupported_values", {}):
                    assert f"`{value}`" in row[5]
                canonical = next(p for p in model.properties if p.wire_name == name).schema
                vendor = entry.target_field.schema if entry.target_field is not None else None
                if (
                    entry.transform == "rename"
                    and vendor is not None
                    and vendor.max_length is not None
                    and (canonical.max_length is None or vendor.max_length < canonical.max_length)
                ):
                    assert f"{vendor.max_length:,} characters" in row[4], row


def test_the_index_links_the_page() -> None:
    index = (GENERATED / "docs" / "index.md").read_text(encoding="utf-8")
    assert "](unified.md)" in index


def test_the_json_schema_is_the_canonical_model() -> None:
    document = json.loads((GENERATED / "schemas" / "unified" / "candidate.json").read_text("utf-8"))
    Draft202012Validator.check_schema(document)
    exported = Exporter().document(MODEL)
    assert {k: v for k, v in document.items() if k in exported and k != "$schema"} == {
        k: v for k, v in exported.items() if k != "$schema"
    }
    assert set(document["properties"]) == {p.wire_name for p in MODEL.properties}
