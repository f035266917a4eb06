"""The auth scheme registries are the one authority on auth scheme types: the runtime's
(`atsgen_runtime.auth.SCHEMES`: credentials, signing, the mock's check) and the generator's
(`generator/kinds/auth.py`: spec syntax, docs, OpenAPI, diff words), which wraps it.

Held here: the two registries and the spec schema agree; no other source file names a type; every scheme
signs a request that the mock (through the same registry) accepts, and a wrong credential is refused, with
no vendor involved; a type the registries lack is an error naming it in every stage.
"""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import pytest

from atsgen_runtime import auth as runtime
from atsgen_runtime.mock_auth import TokenIssuer, check_auth
from atsgen_runtime.spec import AuthSchemeSpec, VendorSpec
from generator import ir
from generator.diff import compare
from generator.emit import clients, docs, openapi, spec_module
from generator.kinds import UnknownMember, auth
from generator.lower import vendor as vendor_lowering
from tests.kinds.touches import ROOT, files_naming

NAMES = tuple(auth.KINDS)
UNKNOWN = "no_such_scheme"
BASE_URL = "http://127.0.0.1:9"


def _spec_schema() -> Any:
    return json.loads((ROOT / "generator" / "spec_schema.json").read_text(encoding="utf-8"))


def test_the_generator_registry_wraps_the_runtime_registry() -> None:
    assert list(auth.KINDS) == list(runtime.SCHEMES)
    for name, kind in auth.KINDS.items():
        assert kind.runtime is runtime.SCHEMES[name] and kind.name == name
        assert [c for c, _ in kind.credential_words] == list(kind.credentials)
        assert set(dict(kind.required)) <= kind.keys


def test_the_spec_schema_is_the_registry() -> None:
    scheme = _spec_schema()["$defs"]["authScheme"]["properties"]
    assert scheme["type"]["enum"] == list(NAMES)
    credentials = {name for kind in auth.KINDS.values() for name in kind.credentials}
    assert set(scheme["env"]["properties"]) == credentials
    assert auth.spec_keys() <= set(scheme)


def test_only_the_registries_and_the_spec_schema_name_auth_types() -> None:
    # Before: 11 source files named the four types (lowering, clients, docs, OpenAPI, the IR, the
    # runtime's spec, auth, mock_auth, mock_http and mock_server, and the spec schema).
    assert files_naming(NAMES) == {
        "generator/kinds/auth.py",
        "templates/runtime/auth.py",
        "generator/spec_schema.json",
    }


def test_the_ir_type_is_made_by_the_registry() -> None:
    for name in NAMES:
        assert auth.named(name) == name
    field = {f.name: f for f in dataclasses.fields(ir.AuthScheme)}["type"]
    assert field.type == "AuthType" and ir.AuthType is auth.AuthType


# -- every scheme signs what its mock accepts ---------------------------------------------------------------


def _scheme(kind: auth.Kind, prefix: str | None) -> AuthSchemeSpec:
    """The smallest scheme of the type: the keys it requires, nothing a vendor says."""
    required = dict(kind.required)
    return AuthSchemeSpec(
        id=f"unit-{kind.name}",
        type=kind.name,
        header="X-Unit-Credential" if "header" in required else auth.STANDARD_HEADER,
        prefix=prefix,
        token_url="/unit/token" if "token_url" in required else None,
    )


def _prefixes(kind: auth.Kind) -> list[str | None]:
    """The type's default prefix and, where a spec may set `prefix`, none and another word."""
    return [kind.default_prefix, *(("", "Token") if "prefix" in kind.keys else ())]


SIGNING_CASES = [(kind, prefix) for kind in auth.KINDS.values() for prefix in _prefixes(kind)]


def _accepted(scheme: AuthSchemeSpec) -> dict[str, str]:
    return {name: f"right-{name}" for name in scheme.credentials}


def _signed(
    scheme: AuthSchemeSpec, given: Mapping[str, str], tokens: TokenIssuer
) -> dict[str, str] | None:
    """The headers a client built with `given` sends; a scheme that fetches its credentials asks the mock's
    token endpoint logic for them first. None: the mock refused the token request."""
    signer = runtime.build(scheme, given, environ={}, vendor="unit")
    assert signer is not None
    headers = signer.current()
    if headers is not None:
        return headers
    request = signer.token_request(BASE_URL)
    kind = runtime.scheme_class(scheme.type)
    refusal = kind.mock_grant(scheme, request.form, "", _accepted(scheme))
    if refusal is not None:
        assert refusal.status in (400, 401)
        return None
    token, _ = tokens.issue(scheme)
    body = kind.mock_token_body(token, tokens.lifetime_for(scheme))
    return signer.accept("unit", httpx.Response(200, json=body))


def _verdict(scheme: AuthSchemeSpec, headers: Mapping[str, str], tokens: TokenIssuer) -> str:
    vendor = VendorSpec("unit", "Unit", {"production": BASE_URL}, "production", (scheme,), (), {})
    lowered = {name.lower(): value for name, value in headers.items()}
    result = check_auth(vendor, (scheme.id,), lowered, {scheme.id: _accepted(scheme)}, tokens)
    assert result.scheme in (scheme.id, None)
    return result.outcome


@pytest.mark.parametrize(
    ("kind", "prefix"), SIGNING_CASES, ids=[f"{k.name}-{p!r}" for k, p in SIGNING_CASES]
)
def test_a_scheme_signs_a_request_its_mock_accepts_and_refuses_a_wrong_credential(
    kind: auth.Kind, prefix: str | None
) -> None:
    # Before, signing and checking were written apart: a bearer scheme with `prefix: ""` sent the bare
    # token, which the mock refused (it expected "Bearer").
    scheme = _scheme(kind, prefix)
    tokens = TokenIssuer("unit")
    right = _accepted(scheme)
    signed = _signed(scheme, right, tokens)
    assert signed is not None and _verdict(scheme, signed, tokens) == "ok"
    mock_headers = runtime.scheme_class(scheme.type).mock_headers(scheme, right, tokens)
    assert _verdict(scheme, mock_headers, tokens) == "ok"
    assert _verdict(scheme, {}, tokens) == "missing"
    for name in scheme.credentials:
        wrong = _signed(scheme, {**right, name: f"wrong-{name}"}, tokens)
        assert wrong is None or _verdict(scheme, wrong, tokens) == "invalid", name
    # A header that is not the scheme's signature at all (another word, a token never issued).
    assert _verdict(scheme, {scheme.header: "Other right-token"}, tokens) == "invalid"


# -- a type the registries lack ---------------------------------------------------------------------------


def _vendor_with_unknown_type(vendors: dict[str, ir.Vendor]) -> ir.Vendor:
    vendor = next(v for _, v in sorted(vendors.items()) if v.auth)
    unknown = tuple(dataclasses.replace(s, type=ir.AuthType(UNKNOWN)) for s in vendor.auth)
    return dataclasses.replace(vendor, auth=unknown)


def _lower(vendor: ir.Vendor) -> object:
    cite: Any = types.SimpleNamespace(
        report=None
    )  # the type is looked up before anything is reported
    return vendor_lowering.auth_scheme(cite, "x", {"type": UNKNOWN}, ("auth", "x"))


STAGES: dict[str, Callable[[ir.Vendor], object]] = {
    "lower": _lower,
    "clients": lambda v: clients.build(v),
    "docs": lambda v: docs.vendor_docs(v),
    "openapi": lambda v: openapi._security_scheme(v, v.auth[0]),
    "spec_module": lambda v: spec_module._auth(v.auth[0]),
    "diff": lambda v: compare.compare_vendor(dataclasses.replace(v, auth=()), v),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_type_the_registry_lacks_is_an_error_naming_it(
    stage: str, vendors: dict[str, ir.Vendor]
) -> None:
    # Before the registry, OpenAPI exported an unknown type as an apiKey header.
    with pytest.raises(UnknownMember, match=UNKNOWN):
        STAGES[stage](_vendor_with_unknown_type(vendors))


RUNTIME_STAGES: dict[str, Callable[[AuthSchemeSpec], object]] = {
    "credentials": lambda s: s.credentials,
    "client": lambda s: runtime.build(s, {"api_key": "k", "token": "t"}, environ={}),
    "mock": lambda s: check_auth(
        VendorSpec("unit", "Unit", {"production": BASE_URL}, "production", (s,), (), {}),
        (s.id,),
        {s.header.lower(): "k"},
        {},
        TokenIssuer("unit"),
    ),
}


@pytest.mark.parametrize("stage", sorted(RUNTIME_STAGES))
def test_the_runtime_refuses_a_type_it_lacks_naming_it(stage: str) -> None:
    # Before, the client signed an unknown type as an API key and the mock checked it as one.
    with pytest.raises(runtime.UnknownSchemeType, match=UNKNOWN):
        RUNTIME_STAGES[stage](AuthSchemeSpec("x", UNKNOWN, "X-Key"))


# -- where a key goes: a header, the query string or a cookie ----------------------------------------------

LOCATIONS: list[str] = _spec_schema()["$defs"]["authScheme"]["properties"]["in"]["enum"]
PLACEABLE = [kind for kind in auth.KINDS.values() if "in" in kind.keys]
PLACEMENTS = [(kind, where) for kind in PLACEABLE for where in LOCATIONS]
PLACEMENT_IDS = [f"{kind.name}-{where}" for kind, where in PLACEMENTS]
OFF_HEADER = [(kind, where) for kind, where in PLACEMENTS if where != "header"]
OFF_HEADER_IDS = [f"{kind.name}-{where}" for kind, where in OFF_HEADER]
KEY_NAME = "unit_key"
# A small vendor spec that lints clean, whose auth block each test replaces.
FIXTURE = ROOT / "tests" / "fixtures" / "vendors" / "query_key" / "specs" / "quaykey.yaml"


def _placed(kind: auth.Kind, where: str) -> dict[str, Any]:
    """The spec's scheme for a key sent `where`: a header names the header, elsewhere a name."""
    carrier = {"header": "X-Unit-Credential"} if where == "header" else {"name": KEY_NAME}
    return {"type": kind.name, "in": where, **carrier}


def _lint(scheme: Mapping[str, Any]) -> tuple[ir.Vendor | None, list[str]]:
    """The vendor lowered from the fixture spec with `scheme` as its only auth scheme, and the errors."""
    import yaml

    from generator.diagnostics import Diagnostics
    from generator.load import load_text

    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["auth"] = {"key": dict(scheme)}
    diagnostics = Diagnostics()
    vendor = load_text(FIXTURE.name, yaml.safe_dump(data), diagnostics)
    return vendor, [d.message for d in diagnostics.errors]


@pytest.mark.parametrize(("kind", "where"), PLACEMENTS, ids=PLACEMENT_IDS)
def test_a_placed_key_lints_clean_and_every_stage_names_its_place(
    kind: auth.Kind, where: str
) -> None:
    vendor, errors = _lint(_placed(kind, where))
    assert errors == [] and vendor is not None
    scheme = vendor.auth[0]
    assert (scheme.location, scheme.name) == (where, None if where == "header" else KEY_NAME)
    carrier = "X-Unit-Credential" if where == "header" else KEY_NAME
    # OpenAPI's apiKey has the same three places.
    out = openapi._security_scheme(vendor, scheme)
    assert (out["type"], out["in"], out["name"]) == ("apiKey", where, carrier)
    assert carrier in kind.sent(scheme) and carrier in kind.carrier(scheme)
    module = spec_module._auth(scheme)
    assert (f"location='{where}'" in module or f'location="{where}"' in module) == (
        where != "header"
    )


@pytest.mark.parametrize(("kind", "where"), OFF_HEADER, ids=OFF_HEADER_IDS)
def test_a_key_off_the_header_needs_a_name_and_takes_no_header(kind: auth.Kind, where: str) -> None:
    # Before, `in` was no spec key at all: every such scheme was refused.
    _, errors = _lint({"type": kind.name, "in": where})
    assert any("`name`" in error for error in errors), errors
    _, errors = _lint({**_placed(kind, where), "header": "X-Unit-Credential"})
    assert any("'header'" in error for error in errors), errors
    _, errors = _lint({"type": kind.name, "header": "X-Unit-Credential", "name": KEY_NAME})
    assert any("'name'" in error for error in errors), errors
    _, errors = _lint({**_placed(kind, where), "name": "not a name;"})
    assert errors, "a name that cannot be a query parameter or cookie"


@pytest.mark.parametrize(("kind", "where"), PLACEMENTS, ids=PLACEMENT_IDS)
def test_a_placed_key_signs_a_request_its_mock_accepts_and_nothing_else(
    kind: auth.Kind, where: str
) -> None:
    scheme = AuthSchemeSpec(
        "unit-key",
        kind.name,
        "X-Unit-Credential",
        location=where,
        name=None if where == "header" else KEY_NAME,
    )
    vendor = VendorSpec("unit", "Unit", {"production": BASE_URL}, "production", (scheme,), (), {})
    tokens = TokenIssuer("unit")
    right = _accepted(scheme)

    def verdict(given: Mapping[str, str]) -> str:
        signer = runtime.build(scheme, given, environ={}, vendor="unit")
        assert signer is not None
        request: dict[str, Any] = {"headers": {}, "params": None}
        signer.sign(signer.current(), request)
        sent = httpx.Request("GET", BASE_URL, params=request["params"], headers=request["headers"])
        headers = {name.lower(): value for name, value in sent.headers.items()}
        query = dict(sent.url.params)
        return check_auth(vendor, (scheme.id,), headers, {scheme.id: right}, tokens, query).outcome

    assert verdict(right) == "ok"
    assert verdict({name: f"wrong-{name}" for name in right}) == "invalid"
    # The key in any other place is no key.
    for elsewhere in LOCATIONS:
        if elsewhere != where:
            moved = dataclasses.replace(scheme, location=elsewhere, name=KEY_NAME)
            signer = runtime.build(moved, right, environ={}, vendor="unit")
            assert signer is not None
            request = {"headers": {}, "params": None}
            signer.sign(signer.current(), request)
            lowered = {name.lower(): value for name, value in request["headers"].items()}
            result = check_auth(
                vendor, (scheme.id,), lowered, {scheme.id: right}, tokens, request["params"]
            )
            assert result.outcome == "missing", elsewhere


def test_a_cookie_key_refuses_what_would_end_the_cookie() -> None:
    for kind in PLACEABLE:
        scheme = AuthSchemeSpec("unit", kind.name, "X-Unit", location="cookie", name=KEY_NAME)
        for char in ';, "\\':
            with pytest.raises(runtime.InvalidCredentialsError, match="cookie") as raised:
                runtime.build(scheme, {"api_key": f"k{char}injected=1"}, environ={})
            assert "injected" not in str(raised.value)


@pytest.mark.parametrize(("kind", "where"), OFF_HEADER, ids=OFF_HEADER_IDS)
def test_moving_a_key_is_a_breaking_change_the_diff_names(kind: auth.Kind, where: str) -> None:
    before, _ = _lint(_placed(kind, "header"))
    after, _ = _lint(_placed(kind, where))
    assert before is not None and after is not None
    found = {(c.kind, c.before, c.after) for c in compare.compare_vendor(before, after)}
    assert ("key_in", "header", where) in found and ("key_name", None, KEY_NAME) in found
