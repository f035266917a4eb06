"""Units of `atsgen_runtime.errors` and `atsgen_runtime.auth`: error classes and their text, the headers
each auth scheme sends, and redaction of credentials from text."""

from __future__ import annotations

import base64

import httpx
import pytest

from atsgen_runtime import auth, errors
from tests.runtime.specs import API_KEY, BASIC, BEARER


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (301, errors.RedirectError),
        (400, errors.BadRequestError),
        (422, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (418, errors.APIError),
    ],
)
def test_each_status_gets_its_error_class(status: int, cls: type[errors.APIError]) -> None:
    assert errors.error_class(status) is cls


def test_an_api_error_says_where_what_and_the_vendor_code() -> None:
    response = httpx.Response(404, request=httpx.Request("GET", "https://api.example.test/x"))
    error = errors.NotFoundError(
        vendor="unit",
        operation="get_item",
        status=404,
        code="not_found",
        message="No such item",
        body={"code": "not_found"},
        response=response,
    )
    assert str(error) == "unit.get_item: HTTP 404 [not_found]: No such item"
    assert isinstance(error, errors.APIError) and isinstance(error, errors.ATSError)
    uncoded = errors.APIError(
        vendor="unit",
        operation="get_item",
        status=418,
        code=None,
        message="teapot",
        body=None,
        response=response,
    )
    assert str(uncoded) == "unit.get_item: HTTP 418: teapot"


def test_credential_errors_are_value_errors_of_the_sdk() -> None:
    for cls in (errors.MissingCredentialsError, errors.InvalidCredentialsError):
        assert issubclass(cls, errors.ATSError) and issubclass(cls, ValueError)
    assert issubclass(errors.RequestTimeout, errors.TransportError)
    assert errors.TransportError("down", operation="unit.x").operation == "unit.x"


def test_each_header_scheme_sends_its_header() -> None:
    bearer = auth.build(BEARER, {"token": "t0k"}, environ={})
    key = auth.build(API_KEY, {"api_key": "k3y"}, environ={})
    basic = auth.build(BASIC, {"username": "ann", "password": "pw"}, environ={})
    assert bearer is not None and bearer.current() == {"Authorization": "Bearer t0k"}
    assert key is not None and key.current() == {"X-Api-Key": "k3y"}
    expected = "Basic " + base64.b64encode(b"ann:pw").decode()
    assert basic is not None and basic.current() == {"Authorization": expected}


def test_a_credential_comes_from_the_environment_when_not_given() -> None:
    built = auth.build(API_KEY, {"api_key": None}, environ={"UNIT_API_KEY": "from-env"})
    assert built is not None and built.current() == {"X-Api-Key": "from-env"}
    assert auth.build(API_KEY, {"api_key": None}, environ={}) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "is empty"),
        ("s3cr3t\n", "ends with a newline"),
        ("a\0b", "contains a NUL character"),
        ("t\u00f6ken", "contains a non-ASCII character"),
        (" t0k3n", "starts or ends with a space"),
    ],
)
def test_an_unsendable_credential_is_named_never_shown(value: str, words: str) -> None:
    with pytest.raises(errors.InvalidCredentialsError) as raised:
        auth.build(BEARER, {"token": value}, environ={}, vendor="unit")
    text = str(raised.value)
    assert text.startswith("unit: the credential token (from the argument token=) ")
    assert words in text
    if value.strip():
        assert value.strip() not in text


def test_a_basic_user_name_with_a_colon_is_refused() -> None:
    with pytest.raises(errors.InvalidCredentialsError, match="contains ':'"):
        auth.build(BASIC, {"username": "a:b", "password": "pw"}, environ={})


def test_redaction_removes_every_spelling_of_every_secret() -> None:
    built = auth.build(BASIC, {"username": "ann", "password": "p w/+"}, environ={})
    assert built is not None
    header = built.current()["Authorization"]
    text = f'sent {header!r}; form password=p+w%2F%2B; json "p w/+"; raw p w/+'
    redacted = auth.redact(text, built.secrets())
    for secret in ("p w/+", "p+w%2F%2B", header.partition(" ")[2]):
        assert secret not in redacted
    assert "***" in redacted and repr(built) == "Basic(scheme='basic', credentials=***)"


def test_missing_credentials_say_what_to_pass_or_set() -> None:
    message = auth.missing_message("unit", (BEARER, API_KEY))
    assert message == "unit: no credentials; pass token=...; or api_key=... (or set UNIT_API_KEY)"
    with pytest.raises(errors.MissingCredentialsError, match="no credentials"):
        auth.require_any("unit", (BEARER,), {})
