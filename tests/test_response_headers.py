"""Response headers a spec declares per status (rate limits, ...): lint, the generated SDK, OpenAPI, docs and
the diff.

Every spec folder whose specs declare response headers (the real specs and the fixture vendors; found by
loading them, never named) is generated into a temporary SDK, and `tests/response_headers_probe.py` runs
with that SDK first on the path: every declared header of every status, sync and async, through the mock
(which sends each with its example) and through a transport that sends each malformed, or not at all. The
parsed values must be those of the declared types, a malformed or missing one None with nothing raised.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate as validate_openapi

from ats_sdk._runtime.spec import ResponseHeaders, ResponseHeaderSpec, ResponseSpec
from generator import ir, naming
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.diff.compare import compare
from generator.load import load_text

ROOT = Path(__file__).resolve().parent.parent
ALL_FOLDERS = [ROOT / "specs"] + sorted((ROOT / "tests" / "fixtures" / "vendors").glob("*/specs"))
PROBE_TIMEOUT = 300


def load(path: Path, text: str | None = None) -> ir.Vendor:
    diagnostics = Diagnostics()
    vendor = load_text(
        str(path), path.read_text(encoding="utf-8") if text is None else text, diagnostics
    )
    assert vendor is not None, [d.headline() for d in diagnostics.errors]
    return vendor


def declared(vendor: ir.Vendor) -> list[tuple[ir.Operation, ir.Response, ir.ResponseHeader]]:
    return [
        (op, response, header)
        for op in vendor.operations
        for response in op.responses
        for header in response.headers
    ]


SPECS_WITH_HEADERS = [
    path for folder in ALL_FOLDERS for path in sorted(folder.glob("*.yaml")) if declared(load(path))
]
FOLDERS = sorted({path.parent for path in SPECS_WITH_HEADERS})


def expected(header_type: str, text: str) -> Any:
    """What a header's text reads as, written independently of the runtime: its type's value."""
    if header_type == "integer":
        return int(text)
    if header_type == "number":
        return float(text)
    if header_type == "boolean":
        return {"true": True, "false": False}[text.lower()]
    return text


def test_some_spec_declares_response_headers_on_a_success_and_on_429() -> None:
    statuses = {
        response.status for path in SPECS_WITH_HEADERS for _, response, _ in declared(load(path))
    }
    assert "429" in statuses and any(status.startswith("2") for status in statuses), statuses


# -- the generated SDK, through the mock and through a transport -----------------------------------------


@pytest.fixture(scope="module", params=FOLDERS, ids=[f.parent.name for f in FOLDERS])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder: Path = request.param
    out = tmp_path_factory.mktemp("sdk") / "out"
    assert main(["generate", "--specs-dir", str(folder), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def probes(generated: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "response_headers_probe.py")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(generated)},
        timeout=PROBE_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _folder_specs(generated: Path) -> list[ir.Vendor]:
    """The specs with headers that this generated SDK holds a vendor package of."""
    vendors = []
    for spec in SPECS_WITH_HEADERS:
        vendor = load(spec)
        if (generated / "ats_sdk" / vendor.id).is_dir():
            vendors.append(vendor)
    return vendors


def test_every_declared_status_is_probed_sync_and_async(
    generated: Path, probes: list[dict[str, Any]]
) -> None:
    wanted = {
        (vendor.id, op.id, response.status, mode, source)
        for vendor in _folder_specs(generated)
        for op, response, _ in declared(vendor)
        if response.status.isdigit()
        for mode in ("sync", "async")
        for source in ("mock", "transport")
    }
    seen = {(p["vendor"], p["operation"], p["documented"], p["mode"], p["source"]) for p in probes}
    assert wanted <= seen


def test_the_mock_sends_each_declared_header_and_the_client_parses_it_to_its_type(
    probes: list[dict[str, Any]],
) -> None:
    from_mock = [p for p in probes if p["source"] == "mock"]
    assert from_mock
    for probe in from_mock:
        assert probe["declared_only"], probe
        assert str(probe["status"]).startswith("2") == (probe["raised"] is None), probe
        if probe["status"] == 429:
            assert probe["raised"] == "RateLimitError", probe
        for header in probe["headers"]:
            assert header["raw"] is not None, (probe["operation"], header)
            if probe["raised"] is None:  # an error's fault may set a header itself (Retry-After)
                assert header["raw"] == header["example"], header
            assert header["parsed"] == expected(header["type"], header["raw"]), header
            assert type(header["parsed"]) is type(expected(header["type"], header["raw"])), header
            assert header["other_case"] == header["parsed"], header


def test_a_malformed_header_reads_as_none_and_keeps_its_text(probes: list[dict[str, Any]]) -> None:
    malformed = [p for p in probes if p["source"] == "transport" and p["headers"][0]["raw"]]
    assert malformed
    for probe in malformed:
        for header in probe["headers"]:
            assert header["raw"] is not None, header  # still on the raw response
            if header["type"] == "string" and header["format"] is None:
                assert header["parsed"] == header["raw"], header  # any text is a string
            else:
                assert header["parsed"] is None, header


def test_a_missing_header_reads_as_none(probes: list[dict[str, Any]]) -> None:
    missing = [p for p in probes if p["source"] == "transport" and not p["headers"][0]["raw"]]
    assert missing
    for probe in missing:
        assert [h["parsed"] for h in probe["headers"]] == [None] * len(probe["headers"]), probe


def test_openapi_declares_the_headers_and_validates(generated: Path) -> None:
    for vendor in _folder_specs(generated):
        document = json.loads((generated / "openapi" / f"{vendor.id}.json").read_text("utf-8"))
        validate_openapi(document)
        for op, response, header in declared(vendor):
            exported = document["paths"][op.path][op.method.lower()]["responses"][response.status]
            entry = exported["headers"][header.name]
            assert entry["schema"]["type"] == header.type
            assert entry["required"] is header.required
            assert entry["example"] == header.example


def test_the_docs_and_the_client_docstrings_say_which_headers_each_status_carries(
    generated: Path,
) -> None:
    for vendor in _folder_specs(generated):
        page = (generated / "docs" / f"{vendor.id}.md").read_text("utf-8")
        client = (generated / "ats_sdk" / vendor.id / "client.py").read_text("utf-8")
        for _, response, header in declared(vendor):
            section = page.split(f"##### Response `{response.status}`")
            assert any(f"| `{header.name}` |" in part.split("#####")[0] for part in section[1:])
            assert re.search(rf"response_headers`[^\"]*{re.escape(header.name)}", client), header


# -- the runtime's parsing, one value at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("header_type", "text", "value"),
    [
        ("integer", " 42 ", 42),
        ("integer", "-3", -3),
        ("integer", "4.0", None),
        ("integer", "1" * 101, None),
        ("integer", "٣", None),  # a digit, but not an ASCII one
        ("number", "1e3", 1000.0),
        ("number", "inf", None),
        ("number", "1_000", None),
        ("number", "1e999", None),
        ("boolean", "TRUE", True),
        ("boolean", "1", None),
        ("string", "", ""),
    ],
)
def test_header_text_parses_to_its_type_or_none(header_type: Any, text: str, value: Any) -> None:
    assert ResponseHeaderSpec("X-Probe", header_type).parse(text) == value


def test_response_headers_ignore_case_and_list_only_declared_headers() -> None:
    response = ResponseSpec("200", headers=(ResponseHeaderSpec("X-Remaining", "integer"),))
    headers = ResponseHeaders.of(response, {"x-remaining": "7", "X-Other": "1"})
    assert dict(headers) == {"X-Remaining": 7}
    assert headers["X-REMAINING"] == 7
    assert ResponseHeaders.of(None, {"X-Remaining": "7"}) == {}


# -- lint: every problem at its file and line ---------------------------------------------------------------


def _first_declaration(path: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The spec as data, the headers mapping of its first status that declares some, and one name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for op in data["operations"].values():
        for response in op["responses"].values():
            if response.get("headers"):
                return data, response["headers"], next(iter(response["headers"]))
    raise AssertionError(f"{path}: no headers")


MISTAKES = {
    "declared twice, in two cases": (
        lambda headers, name: headers.update({name.swapcase(): dict(headers[name])}),
        "already declared as",
    ),
    "a type headers do not have": (
        lambda headers, name: headers[name].update(type="object"),
        "is not allowed here",
    ),
    "a string format on a number": (
        lambda headers, name: headers[name].update(type="integer", format="uuid", example=1),
        "a header's format refines its text",
    ),
    "an example of another type": (
        lambda headers, name: headers[name].update(type="integer", example="soon"),
        "the example breaks the rules",
    ),
    "a control character in the example": (
        lambda headers, name: headers[name].update(type="string", example="a\r\nSet-Cookie: x"),
        "printable ASCII only",
    ),
    "an infinite example": (
        lambda headers, name: headers[name].update(type="number", example=float("inf")),
        "infinity",
    ),
    "a non-ASCII letter in the example": (
        lambda headers, name: headers[name].update(type="string", example="réinitialisé"),
        "printable ASCII only",
    ),
    "a name that is no header name": (
        lambda headers, name: headers.update({"X Rate Limit": dict(headers[name])}),
        "must be an HTTP header name",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
@pytest.mark.parametrize("spec", SPECS_WITH_HEADERS, ids=[p.stem for p in SPECS_WITH_HEADERS])
def test_a_bad_header_declaration_is_a_lint_error_at_its_line(
    spec: Path, mistake: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, headers, name = _first_declaration(spec)
    headers[name].pop("format", None)
    change, words = MISTAKES[mistake]
    change(headers, name)
    broken = tmp_path / spec.name
    broken.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["lint", str(broken)]) == 1
    output = capsys.readouterr().out
    lines = broken.read_text(encoding="utf-8").splitlines()
    located = re.findall(rf"^{re.escape(str(broken))}:(\d+):\d+: (.*)$", output, re.MULTILINE)
    assert [message for _, message in located if words in message], output
    line = next(int(at) for at, message in located if words in message)
    assert "headers" in output and lines[line - 1].strip(), output
    assert "Traceback" not in output


# -- the diff: removing or retyping a header breaks its readers, adding one does not ----------------------


def _with_header(vendor: ir.Vendor, op_id: str, status: str, change: Any) -> ir.Vendor:
    def response(r: ir.Response, op: ir.Operation) -> ir.Response:
        if op.id != op_id or r.status != status:
            return r
        return dataclasses.replace(r, headers=change(r.headers))

    operations = tuple(
        dataclasses.replace(op, responses=tuple(response(r, op) for r in op.responses))
        for op in vendor.operations
    )
    return dataclasses.replace(vendor, operations=operations)


DECLARED = [
    (path, op.id, response.status, header.name)
    for path in SPECS_WITH_HEADERS
    for op, response, header in declared(load(path))
]


def _kinds(before: ir.Vendor, after: ir.Vendor) -> set[tuple[str, str]]:
    return {(c.kind, c.classification.value) for c in compare([before], [after])}


@pytest.mark.parametrize(
    ("spec", "op_id", "status", "name"),
    DECLARED,
    ids=[f"{p.stem}-{op}-{status}-{name}" for p, op, status, name in DECLARED],
)
def test_the_diff_classifies_header_changes(spec: Path, op_id: str, status: str, name: str) -> None:
    vendor = load(spec)

    def edited(change: Any) -> ir.Vendor:
        return _with_header(
            vendor,
            op_id,
            status,
            lambda headers: tuple(h2 for h in headers for h2 in change(h)),
        )

    def replaced(**what: Any) -> Any:
        return lambda h: (dataclasses.replace(h, **what) if h.name == name else h,)

    removed = edited(lambda h: () if h.name == name else (h,))
    [header] = [
        h for op, r, h in declared(vendor) if (op.id, r.status, h.name) == (op_id, status, name)
    ]
    other_type = "boolean" if header.type != "boolean" else "integer"
    assert _kinds(vendor, removed) == {("header_removed", "breaking")}
    assert _kinds(removed, vendor) == {("header_added", "compatible")}
    retyped = edited(replaced(type=other_type, format=None))
    assert _kinds(vendor, retyped) == {("header_type", "breaking")}
    renamed = edited(replaced(name=name.swapcase()))
    assert _kinds(vendor, renamed) == {("header_name", "documentation")}


def test_the_mock_keeps_a_header_its_reply_already_has() -> None:
    # A fault's Retry-After (or any header the mock sets itself) wins over the declared example, whatever
    # the case of either name.
    from ats_sdk._runtime.mock_http import Reply, add_documented_headers
    from ats_sdk._runtime.spec import OperationSpec

    declared = (
        ResponseHeaderSpec("Retry-After", "integer", example="60"),
        ResponseHeaderSpec("X-Remaining", "integer", example="0"),
    )
    op = OperationSpec("probe", "GET", "/", (), True, (), (ResponseSpec("429", headers=declared),))
    reply = Reply(429, headers={"retry-after": "1"})
    add_documented_headers(reply, op)
    assert reply.headers == {"retry-after": "1", "X-Remaining": "0"}


@pytest.mark.parametrize("attribute", sorted(naming.response_model_attributes()))
def test_a_response_field_hidden_by_a_model_attribute_is_a_lint_warning(
    attribute: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The attributes come from the runtime's ResponseModel; a body field of the same name cannot be
    # read by attribute, so lint says so (a warning: the spec is right, the SDK's name is in the way).
    # The first success response, in any spec that declares headers, whose body is an object.
    spec, data, status, response = next(
        (spec, data, str(status), response)
        for spec in SPECS_WITH_HEADERS
        for data in [yaml.safe_load(spec.read_text(encoding="utf-8"))]
        for op in data["operations"].values()
        for status, response in op["responses"].items()
        if str(status).startswith("2") and "fields" in response.get("body", {})
    )
    response["body"].setdefault("fields", {})[attribute] = {"type": "string"}
    response.pop("example", None)
    changed = tmp_path / spec.name
    changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["lint", str(changed)]) == 0
    output = capsys.readouterr().out
    assert re.search(
        rf"^{re.escape(str(changed))}:\d+:\d+: .*responses\.{status}\.body: .*'/{attribute}'.*"
        rf"hides it",
        output,
        re.MULTILINE,
    ), output
    assert main(["lint", "--strict", str(changed)]) == 1
    capsys.readouterr()


def test_the_response_model_attributes_are_read_from_the_runtime() -> None:
    # Not inside the parametrised test above: an empty reading would leave it no cases to fail in.
    assert {"raw_response", "response_headers"} <= naming.response_model_attributes()
