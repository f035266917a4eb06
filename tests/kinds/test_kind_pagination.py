"""The pagination style registries are the one authority on pagination styles: the runtime's
(`atsgen_runtime.pagination.STYLES`: the roles a style reads, the client's pager, the mock's page) and the
generator's (`generator/kinds/pagination.py`: lint, docs, OpenAPI, spec module, diff words), which wraps it.

Held here: the two registries and the spec schema agree; no other source file names a style; every role a
style reads is checked by lint, with the spec's line; a style the registries lack is an error naming it in
every stage; a `Link` header's next page on another origin is refused before anything is sent there.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from atsgen_runtime import pagination as runtime
from atsgen_runtime.errors import RedirectError
from atsgen_runtime.http import RequestParts, SyncClient
from atsgen_runtime.models import EmptyResponse
from atsgen_runtime.spec import (
    AuthSchemeSpec,
    OperationSpec,
    PaginationSpec,
    ParamSpec,
    ResponseSpec,
    VendorSpec,
)
from generator import ir
from generator.diagnostics import Diagnostic, Diagnostics
from generator.diff import compare
from generator.emit import clients, docs, openapi, spec_module
from generator.kinds import UnknownMember, pagination
from generator.load import load_text
from tests.kinds.touches import ROOT, files_naming

NAMES = tuple(pagination.KINDS)
UNKNOWN = "no_such_style"
SPEC_DIRS = [ROOT / "specs", *sorted((ROOT / "tests" / "fixtures" / "vendors").glob("*/specs"))]


def _spec_schema() -> Any:
    return json.loads((ROOT / "generator" / "spec_schema.json").read_text(encoding="utf-8"))


def test_the_generator_registry_wraps_the_runtime_registry() -> None:
    assert list(pagination.KINDS) == list(runtime.STYLES)
    for name, kind in pagination.KINDS.items():
        assert kind.runtime is runtime.STYLES[name] and kind.name == name


def test_the_spec_schema_is_the_registry() -> None:
    schema = _spec_schema()["$defs"]["pagination"]
    assert schema["properties"]["style"]["enum"] == list(NAMES)
    assert set(schema["properties"]) == pagination.spec_keys()


def test_only_the_registries_and_the_spec_schema_name_pagination_styles() -> None:
    # Before: 5 source files named the one style (the IR, lowering, the spec module and OpenAPI
    # emitters, and the spec schema), and its parameters were fields of the IR and the runtime's spec.
    assert files_naming(NAMES) == {"templates/runtime/pagination.py", "generator/spec_schema.json"}


# -- every style, from a spec that uses it -------------------------------------------------------------------


def _paginated_specs() -> Iterator[tuple[Path, str, str]]:
    """(spec file, operation id, style) for every paginated operation of the specs and fixture vendors."""
    for folder in SPEC_DIRS:
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for oid, op in (data.get("operations") or {}).items():
                if "pagination" in op:
                    yield path, oid, op["pagination"]["style"]


USES = {style: (path, oid) for path, oid, style in reversed(list(_paginated_specs()))}


def test_every_style_has_a_spec_that_uses_it() -> None:
    # The fixture vendors (tests/test_fixture_vendors.py) run each style end to end.
    assert set(USES) == set(NAMES)


def _lint(
    style: str, change: Callable[[dict[str, Any], dict[str, Any]], None]
) -> tuple[str, list[Diagnostic]]:
    """The spec using `style`, changed by `change(operation, pagination)`, and its lint errors."""
    path, oid = USES[style]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    op = data["operations"][oid]
    change(op, op["pagination"])
    text = yaml.safe_dump(data, sort_keys=False)
    diagnostics = Diagnostics()
    load_text(path.name, text, diagnostics)
    return text, list(diagnostics.errors)


def _located(text: str, errors: list[Diagnostic], where: str, words: str) -> Diagnostic:
    """The one error whose message has `words`, on a line of the spec holding `where`."""
    found = [d for d in errors if words in d.message]
    assert len(found) == 1, [d.message for d in errors]
    position = found[0].position
    assert position is not None
    assert where in text.splitlines()[position.line - 1], (where, position)
    return found[0]


def test_every_used_spec_lints_clean() -> None:
    for style in NAMES:
        assert _lint(style, lambda op, p: None)[1] == []


PARAM_ROLES = [(style, role) for style, kind in pagination.KINDS.items() for role in kind.params]
IDS = [f"{style}-{role.key}" for style, role in PARAM_ROLES]


@pytest.mark.parametrize(("style", "role"), PARAM_ROLES, ids=IDS)
def test_a_parameter_the_style_reads_must_be_a_query_parameter(
    style: str, role: runtime.Role
) -> None:
    def change(op: dict[str, Any], p: dict[str, Any]) -> None:
        p[role.key] = "not_declared"

    text, errors = _lint(style, change)
    _located(text, errors, "not_declared", "'not_declared' is not a query parameter")


INTEGER_ROLES = [(style, role) for style, role in PARAM_ROLES if role.integer]


@pytest.mark.parametrize(
    ("style", "role"), INTEGER_ROLES, ids=[f"{s}-{r.key}" for s, r in INTEGER_ROLES]
)
def test_a_parameter_the_style_counts_with_must_be_an_integer(
    style: str, role: runtime.Role
) -> None:
    def change(op: dict[str, Any], p: dict[str, Any]) -> None:
        name = p.get(role.key, role.default)
        p[role.key] = name
        op["request"]["query"][name] = {"type": "string"}

    text, errors = _lint(style, change)
    _located(text, errors, f"{role.key}:", "must be declared `type: integer`")


POINTERS = [
    (style, key)
    for style, kind in pagination.KINDS.items()
    for key in ("items", *(r.key for r in kind.pointers))
]


@pytest.mark.parametrize(("style", "key"), POINTERS, ids=[f"{s}-{k}" for s, k in POINTERS])
def test_a_pointer_the_style_reads_must_name_a_field_of_the_success_body(
    style: str, key: str
) -> None:
    def change(op: dict[str, Any], p: dict[str, Any]) -> None:
        p[key] = "/no_such_field"

    text, errors = _lint(style, change)
    _located(text, errors, "/no_such_field", "does not name a field of the success response body")


@pytest.mark.parametrize("style", NAMES)
def test_another_styles_key_is_refused_at_its_line(style: str) -> None:
    foreign = sorted(pagination.spec_keys() - pagination.of(style).keys)
    assert foreign, style

    # A value the spec schema takes for the key: the refusal is the style's, not the schema's.
    declared = _spec_schema()["$defs"]["pagination"]["properties"][foreign[0]]
    value = "/x" if "$ref" in declared else 1 if declared.get("type") == "integer" else "x"

    def change(op: dict[str, Any], p: dict[str, Any]) -> None:
        p[foreign[0]] = value

    text, errors = _lint(style, change)
    _located(text, errors, f"{foreign[0]}:", f"`{foreign[0]}` does not apply to pagination style")


REQUIRED = [(s, r) for s, kind in pagination.KINDS.items() for r in kind.pointers if r.required]


@pytest.mark.parametrize(("style", "role"), REQUIRED, ids=[f"{s}-{r.key}" for s, r in REQUIRED])
def test_a_pointer_the_style_needs_must_be_given(style: str, role: runtime.Role) -> None:
    def change(op: dict[str, Any], p: dict[str, Any]) -> None:
        del p[role.key]

    text, errors = _lint(style, change)
    _located(text, errors, "pagination:", f"needs `{role.key}`")


def test_an_unknown_style_is_a_located_lint_error() -> None:
    def change(op: dict[str, Any], p: dict[str, Any]) -> None:
        p["style"] = UNKNOWN

    text, errors = _lint(NAMES[0], change)
    assert any(d.position and UNKNOWN in text.splitlines()[d.position.line - 1] for d in errors)


@pytest.mark.parametrize("style", NAMES)
def test_docs_and_openapi_say_everything_the_spec_declares(style: str) -> None:
    path, oid = USES[style]
    declared = yaml.safe_load(path.read_text(encoding="utf-8"))["operations"][oid]["pagination"]
    diagnostics = Diagnostics()
    vendor = load_text(path.name, path.read_text(encoding="utf-8"), diagnostics)
    assert vendor is not None
    op = next(o for o in vendor.operations if o.id == oid)
    document = openapi.document(vendor)
    exported = next(
        o["x-atsgen-pagination"]
        for item in document["paths"].values()
        for o in item.values()
        if isinstance(o, dict) and o.get("operationId") == oid
    )
    assert declared.items() <= exported.items()
    page = docs.vendor_docs(vendor)[f"docs/{vendor.id}.md"].decode("utf-8")
    assert op.pagination is not None
    words = pagination.of(style).words(op.pagination, lambda text: f"`{text}`")
    assert words in page and words.startswith(f"{style}: ")
    for key, value in declared.items():
        if key not in ("style", "first_page") and value != "":  # "": the body is the list
            assert f"`{value}`" in words, key


# -- a style the registries lack ------------------------------------------------------------------------------


def _vendor_with_unknown_style(vendors: dict[str, ir.Vendor]) -> ir.Vendor:
    vendor = next(v for _, v in sorted(vendors.items()) if any(o.pagination for o in v.operations))
    ops = tuple(
        (
            dataclasses.replace(
                o, pagination=dataclasses.replace(o.pagination, style=ir.PaginationStyle(UNKNOWN))
            )
            if o.pagination is not None
            else o
        )
        for o in vendor.operations
    )
    return dataclasses.replace(vendor, operations=ops)


def _paginated(vendor: ir.Vendor) -> ir.Operation:
    return next(o for o in vendor.operations if o.pagination is not None)


STAGES: dict[str, Callable[[ir.Vendor], object]] = {
    "lower": lambda v: pagination.named(UNKNOWN),
    "clients": lambda v: clients.build(v),
    "docs": lambda v: docs.vendor_docs(v),
    "openapi": lambda v: openapi.vendor_openapi(v),
    "spec_module": lambda v: spec_module.build(v),
    "diff": lambda v: compare.compare_vendor(
        dataclasses.replace(
            v, operations=tuple(dataclasses.replace(o, pagination=None) for o in v.operations)
        ),
        v,
    ),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_style_the_registry_lacks_is_an_error_naming_it(
    stage: str, vendors: dict[str, ir.Vendor]
) -> None:
    with pytest.raises(UnknownMember, match=UNKNOWN):
        STAGES[stage](_vendor_with_unknown_style(vendors))


def test_the_runtime_refuses_a_style_it_lacks_naming_it() -> None:
    op = OperationSpec("x", "GET", "/x", (), True, (), (), pagination=PaginationSpec(UNKNOWN, "/x"))
    with pytest.raises(runtime.UnknownStyle, match=UNKNOWN):
        runtime.pager(op, {}, "unit.x", "http://127.0.0.1:9")


# -- Link header: same origin only ---------------------------------------------------------------------------

BASE_URL = "http://127.0.0.1:9/v1"
LINK = runtime.LinkHeader


def _linked_client(links: list[str | None], sent: list[httpx.Request]) -> SyncClient[Any]:
    """A client of a one-operation vendor paged by `Link` header, over a transport that records every
    request (nothing leaves the process) and answers the n-th with the n-th link."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        link = links[len(sent) - 1] if len(sent) <= len(links) else None
        headers = {"Link": f'<{link}>; rel="next"'} if link else {}
        return httpx.Response(200, headers=headers)

    param = ParamSpec("page", "page", "query")
    op = OperationSpec(
        "list_items",
        "GET",
        "/items",
        ("bearer",),
        True,
        (param,),
        (ResponseSpec("200"),),
        pagination=PaginationSpec(LINK.name, "", {"page": "page"}),
    )
    scheme = AuthSchemeSpec("bearer", "bearer", "Authorization", "Bearer")
    vendor = VendorSpec(
        "unit", "Unit", {"production": BASE_URL}, "production", (scheme,), (), {op.id: op}
    )
    http = httpx.Client(transport=httpx.MockTransport(answer))
    return SyncClient(
        vendor,
        lambda *_: [],
        credentials={"token": "secret-token"},
        http_client=http,
    )


def test_a_next_link_on_the_clients_origin_is_followed_with_credentials() -> None:
    sent: list[httpx.Request] = []
    client = _linked_client(["/v1/items?page=2", "http://127.0.0.1:9/v1/items?page=3"], sent)
    assert (
        list(
            client._paginate("list_items", RequestParts(), {"200": EmptyResponse}, lambda raw: raw)
        )
        == []
    )
    assert [str(r.url) for r in sent] == [
        "http://127.0.0.1:9/v1/items",
        "http://127.0.0.1:9/v1/items?page=2",
        "http://127.0.0.1:9/v1/items?page=3",
    ]
    assert all(r.headers["Authorization"] == "Bearer secret-token" for r in sent)


@pytest.mark.parametrize(
    "link",
    [
        "http://elsewhere.example/v1/items?page=2",
        "https://127.0.0.1:9/v1/items?page=2",
        "//evil.example/x",
    ],
)
def test_a_next_link_on_another_origin_is_refused_and_nothing_is_sent_there(link: str) -> None:
    sent: list[httpx.Request] = []
    client = _linked_client([link], sent)
    with pytest.raises(RedirectError, match="another origin") as raised:
        list(
            client._paginate("list_items", RequestParts(), {"200": EmptyResponse}, lambda raw: raw)
        )
    assert raised.value.location is not None and "secret-token" not in str(raised.value)
    assert [str(r.url) for r in sent] == ["http://127.0.0.1:9/v1/items"]


def test_the_link_parser_finds_the_next_relation_only() -> None:
    header = (
        '<https://a.example/x?page=1>; rel="prev", <https://a.example/x?page=3>; rel="last next"'
    )
    assert runtime.next_link(header) == "https://a.example/x?page=3"
    assert runtime.next_link('<https://a.example/x?page=1>; rel="prev"') is None
    assert runtime.next_link(None) is None


# -- a body that is the list itself ---------------------------------------------------------------------------

WALK = """
import json
from tests import pagination_support
print(json.dumps([[op.id, pagination_support.listing_problems(spec, op)]
                  for spec, op in pagination_support.paginated()]))
"""


# A style that reads the next page from the body needs an object body: a list has no place for it.
BODY_LISTS = [s for s in NAMES if not any(r.required for r in pagination.of(s).pointers)]


@pytest.mark.parametrize("style", BODY_LISTS)
def test_a_listing_whose_body_is_the_list_is_walked_too(style: str, tmp_path: Path) -> None:
    # Greenhouse Harvest v1 answers a JSON array: `items: ""`. Before, the client had no iterator for
    # it (the item class was looked up under a field named "").
    from generator.cli import main

    path, oid = USES[style]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    op = data["operations"][oid]
    success = next(r for status, r in op["responses"].items() if status.startswith("2"))
    items = op["pagination"]["items"]
    if items:  # a listing inside an object body: make the body the list itself
        listed = success["body"]["fields"][items.strip("/")]
        success["body"] = {"type": "array", "items": listed["items"]}
        if "example" in success:
            success["example"] = success["example"][items.strip("/")]
        op["pagination"] = {
            k: v
            for k, v in op["pagination"].items()
            if k in ("style", "items") or "/" not in str(v)
        }
        op["pagination"]["items"] = ""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / path.name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["lint", "--specs-dir", str(specs)]) == 0
    out = tmp_path / "out"
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    environment = {**os.environ, "PYTHONPATH": f"{out}{os.pathsep}{ROOT}"}
    result = subprocess.run(
        [sys.executable, "-c", WALK],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[oid, []]]
