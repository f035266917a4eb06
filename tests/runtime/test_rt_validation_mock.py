"""Units of `atsgen_runtime.validation` (formats, pointers, violations) and of the mock server's request
parsing (`mock_http.Incoming`, `parse_json`) and routing (`mock_ops.build_routes`)."""

from __future__ import annotations

import pytest

from atsgen_runtime import mock_data, mock_http, mock_ops, validation
from atsgen_runtime.spec import EnvelopeSpec, OperationSpec, ParamSpec, ResponseSpec, VendorSpec
from tests.runtime.specs import operation, path_param, vendor


@pytest.mark.parametrize(
    ("format_name", "good", "bad"),
    [
        ("date", "2024-02-29", "2023-02-29"),
        ("date-time", "2024-01-31T23:59:59Z", "2024-01-31 23:59"),
        ("email", "ann@example.com", "ann@"),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567"),
        ("uri", "https://example.com/a?b=c", "not a uri"),
        ("base64", "aGVsbG8=", "a==="),
    ],
)
def test_each_format_check_tells_good_from_bad(format_name: str, good: str, bad: str) -> None:
    check = validation.FORMAT_CHECKS[format_name]
    assert check(good) and not check(bad)


@pytest.mark.parametrize(
    ("key", "token"),
    [
        ("plain", "plain"),
        ("a/b", "a~1b"),
        ("m~n", "m~0n"),
        ("~/", "~0~1"),
        (1, "1"),
        ("\ud800", "\\ud800"),
    ],
)
def test_a_key_becomes_one_json_pointer_token(key: object, token: str) -> None:
    assert validation.escape_pointer_token(key) == token


def test_validation_failed_counts_and_shows_the_first_violations() -> None:
    violations = [validation.Violation(f"/f{i}", "required", f"f{i} is required") for i in range(7)]
    error = validation.ValidationFailed("unit.create", violations)
    assert str(error).startswith("unit.create: 7 violations: /f0: f0 is required; ")
    assert str(error).endswith("(and 2 more)")
    assert str(validation.Violation("", "type", "must be an object")) == "/: must be an object"
    assert isinstance(error, ValueError) and error.violations == tuple(violations)


def test_the_mock_reads_path_query_and_body_of_a_request() -> None:
    request = mock_http.Incoming(
        "POST",
        "/items/a%2Fb?tag=x&tag=y&limit=5&empty=",
        {"content-type": "application/json"},
        b'{"name": "Ann"}',
    )
    assert request.path == "/items/a%2Fb"
    assert request.query == {"tag": ["x", "y"], "limit": "5", "empty": ""}
    assert request.json() == {"name": "Ann"}
    assert request.form() == {"name": "Ann"}
    form = mock_http.Incoming("POST", "/token", {}, b"grant_type=client_credentials&a=1&a=2")
    assert form.form() == {"grant_type": "client_credentials", "a": "2"}


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '{"a": -Infinity}', "[" * 100 + "]" * 100])
def test_the_mock_refuses_json_it_does_not_accept(text: str) -> None:
    with pytest.raises(ValueError):
        mock_http.parse_json(text)


def test_the_mock_routes_by_path_template_and_knows_each_operation_kind() -> None:
    item = path_param("item_id")
    body_id = ParamSpec("item_id", "item_id", "body", required=True)
    spec = vendor(
        operation("list_items", "GET", "/items"),
        operation("create_item", "POST", "/items"),
        operation("get_item", "GET", "/items/{item_id}", item),
        operation("delete_item", "DELETE", "/items/{item_id}", item),
        operation("patch_item", "PATCH", "/update-item", body_id),
        operation("search", "GET", "/items/search"),
    )
    routes = mock_ops.build_routes(spec)
    kinds = {route.op.id: route.kind for route in routes}
    assert kinds == {
        "list_items": "list",
        "create_item": "create",
        "get_item": "read",
        "delete_item": "delete",
        "patch_item": "update",
        "search": "list",
    }
    # Literal paths are tried before templated ones, so /items/search is not the item "search".
    matched = [r.op.id for r in routes if r.pattern.fullmatch("/items/search")]
    assert matched[0] == "search" and "get_item" in matched
    [read] = [r for r in routes if r.op.id == "get_item"]
    found = read.pattern.fullmatch("/items/42")
    assert found is not None and dict(zip(read.params, found.groups(), strict=True)) == {
        "item_id": "42"
    }
    assert read.collection == "items" and read.creatable
    [patch] = [r for r in routes if r.op.id == "patch_item"]
    assert (patch.collection, patch.id_param, patch.id_in_body) == ("items", "item_id", True)


# -- error bodies and statuses -----------------------------------------------------------------------------

PROBLEM_ITEM = {"field": "example", "message": "Done"}


def _error_body(envelope: EnvelopeSpec, violations: tuple[validation.Violation, ...]) -> object:
    op = OperationSpec("op", "POST", "/x", (), False, (), (ResponseSpec("400", envelope="e"),))
    spec = VendorSpec("unit", "Unit", {}, "production", (), (envelope,), {"op": op})
    return mock_data.error_body(spec, op, 400, "first problem", violations=violations)


VIOLATIONS = (
    validation.Violation("/email", "format", "must be an email address"),
    validation.Violation("/name", "required", "is required"),
)


def test_an_array_details_field_gets_one_item_per_violation_in_its_example_shape() -> None:
    example = {"message": "Done", "errors": [PROBLEM_ITEM]}
    envelope = EnvelopeSpec("e", "/message", details="/errors", example=example)
    assert _error_body(envelope, VIOLATIONS) == {
        "message": "first problem",
        "errors": [
            {"field": "email", "message": "must be an email address"},
            {"field": "name", "message": "is required"},
        ],
    }
    assert _error_body(envelope, ()) == {"message": "first problem", "errors": []}


def test_an_array_no_pointer_names_lists_the_violations_not_the_example() -> None:
    envelope = EnvelopeSpec(
        "e", "/message", example={"message": "Done", "problems": [PROBLEM_ITEM]}
    )
    body = _error_body(envelope, VIOLATIONS[:1])
    assert body == {
        "message": "first problem",
        "problems": [{"field": "email", "message": "must be an email address"}],
    }
    without = _error_body(envelope, ())
    assert without == {
        "message": "first problem",
        "problems": [{"field": "", "message": "first problem"}],
    }


@pytest.mark.parametrize(
    ("documented", "wanted", "answered"),
    [
        (("200", "401"), 401, (401, True)),
        (("200", "4XX"), 401, (401, True)),
        (("200", "default"), 404, (404, True)),
        (("200", "404", "422"), 400, (404, True)),
        (("200", "401", "422"), 404, (422, True)),
        (("200", "400", "404"), 401, (400, True)),
        (("200", "429"), 400, (400, False)),
        (("200", "401", "403", "429"), 404, (404, False)),
    ],
)
def test_an_error_status_is_a_documented_one_or_marked_undocumented(
    documented: tuple[str, ...], wanted: int, answered: tuple[int, bool]
) -> None:
    responses = tuple(ResponseSpec(status) for status in documented)
    op = OperationSpec("op", "GET", "/x", (), True, (), responses)
    assert mock_ops.answer_status(op, wanted) == answered


def test_dispatch_runs_the_part_s_validator_and_names_what_is_unknown() -> None:
    dispatch, Violation = validation.dispatch, validation.Violation

    def body(payload: object) -> list[validation.Violation]:
        return [Violation("", "type", "checked")] if payload != {} else []

    entry_points = {("update", "body"): body}
    assert dispatch(entry_points, ("update",), "update", {}, "body") == []
    assert [v.message for v in dispatch(entry_points, ("update",), "update", [], "body")] == [
        "checked"
    ]
    with pytest.raises(ValueError, match="unknown operation 'create'; known: update"):
        dispatch(entry_points, ("update",), "create", {}, "body")
    with pytest.raises(ValueError, match="update has no request query"):
        dispatch(entry_points, ("update",), "update", {}, "query")
