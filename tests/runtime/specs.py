"""Hand-built runtime specs for the unit tests of `atsgen_runtime`: the smallest shapes the units need."""

from __future__ import annotations

from atsgen_runtime.spec import (
    AuthSchemeSpec,
    EnvelopeSpec,
    OperationSpec,
    ParamSpec,
    ResponseSpec,
    VendorSpec,
)

BEARER = AuthSchemeSpec("bearer", "bearer", "Authorization", prefix="Bearer")
API_KEY = AuthSchemeSpec("key", "api_key", "X-Api-Key", env={"api_key": "UNIT_API_KEY"})
BASIC = AuthSchemeSpec("basic", "basic", "Authorization")
OK = (ResponseSpec("200"),)


def operation(
    op_id: str, method: str, path: str, *params: ParamSpec, auth: tuple[str, ...] = ()
) -> OperationSpec:
    return OperationSpec(op_id, method, path, auth, method == "GET", params, OK)


def path_param(name: str) -> ParamSpec:
    return ParamSpec(name, name, "path", required=True)


def vendor(*operations: OperationSpec, auth: tuple[AuthSchemeSpec, ...] = ()) -> VendorSpec:
    return VendorSpec(
        id="unit",
        name="Unit",
        environments={"production": "https://api.example.test/v1/"},
        default_environment="production",
        auth=auth,
        envelopes=(EnvelopeSpec("error", "/message", code="/code"),),
        operations={op.id: op for op in operations},
    )
