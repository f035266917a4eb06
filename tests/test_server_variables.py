"""Server URL variables (`vendor.environments.<env>.variables`): the client fills each `{name}` in the
environment's URL from its argument, its `<VENDOR>_<NAME>` environment variable or its default, encoded for
its place, and OpenAPI declares them in `servers[].variables`. Inputs come from every spec that declares
server variables (the fixture vendors included); no vendor or variable is named here."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import quote

import pytest

from atsgen_runtime import http as runtime_http
from atsgen_runtime.http import server_variable_environment_variable
from atsgen_runtime.spec import VendorSpec
from generator import ir
from generator.emit import openapi
from tests.server_variable_support import SPEC_FILES, lint, runtime, spec_data, with_variables

CASES = [
    (vendor, env) for vendor in with_variables() for env in vendor.environments if env.variables
]
IDS = [f"{vendor.id}-{env.name}" for vendor, env in CASES]


@pytest.fixture(autouse=True)
def _no_variables_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The machine's environment must not decide a test: every variable a spec could read is unset.
    for vendor, env in CASES:
        for variable in env.variables:
            monkeypatch.delenv(
                server_variable_environment_variable(vendor.id, variable.name), False
            )


def _base_url(vendor: ir.Vendor, env: ir.Environment, given: Mapping[str, str] | None) -> str:
    """The base URL a runtime client builds for the environment."""
    spec = runtime(vendor)
    credentials = {name: "secret" for scheme in spec.auth for name in scheme.credentials}
    client = runtime_http.SyncClient(
        spec,
        lambda *_: [],
        credentials=credentials,
        environment=env.name,
        server_variables=given,
    )
    with client:
        return client.base_url


def _expected(env: ir.Environment, values: Mapping[str, str]) -> str:
    """The URL with each value in place: as it is in the host, percent-encoded after it."""
    host_end = env.url.find("/", env.url.find("://") + 3) % (len(env.url) + 1)

    def value(match: re.Match[str]) -> str:
        text = values[match.group(1)]
        return text if match.start() < host_end else quote(text, safe="")

    return re.sub(r"\{([^{}]*)\}", value, env.url).rstrip("/")


def _required(env: ir.Environment, value: str = "required-value") -> dict[str, str]:
    """A value for each variable without a default (which a client cannot do without)."""
    return {v.name: value for v in env.variables if v.default is None}


def _other_value(variable: ir.ServerVariable) -> str:
    """A value the variable accepts that is not its default."""
    choices = [value for value in variable.enum if value != variable.default]
    return choices[-1] if choices else "other-value"


def _defaults(env: ir.Environment) -> dict[str, str]:
    return {v.name: v.default for v in env.variables if v.default is not None}


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_defaults_fill_the_url(vendor: ir.Vendor, env: ir.Environment) -> None:
    url = _base_url(vendor, env, _required(env))
    assert url == _expected(env, {**_defaults(env), **_required(env)})
    assert "{" not in url


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_arguments_fill_the_url(vendor: ir.Vendor, env: ir.Environment) -> None:
    given = {v.name: _other_value(v) for v in env.variables}
    assert _base_url(vendor, env, given) == _expected(env, given)


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_environment_variables_fill_the_url_and_arguments_win(
    vendor: ir.Vendor, env: ir.Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_environment = {v.name: _other_value(v) for v in env.variables}
    for name, value in from_environment.items():
        monkeypatch.setenv(server_variable_environment_variable(vendor.id, name), value)
    assert _base_url(vendor, env, None) == _expected(env, from_environment)
    first = env.variables[0]
    argument = first.default if first.default is not None else "argument-value"
    url = _base_url(vendor, env, {first.name: argument})
    assert url == _expected(env, {**from_environment, first.name: argument})


def test_environment_variable_names_are_upper_snake_case() -> None:
    for vendor, env in CASES:
        for variable in env.variables:
            name = server_variable_environment_variable(vendor.id, variable.name)
            assert re.fullmatch(r"[A-Z0-9]+(_[A-Z0-9]+)+", name), name
            assert name.startswith(vendor.id.upper() + "_"), name


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_a_value_outside_the_enum_is_a_value_error_naming_the_variable(
    vendor: ir.Vendor, env: ir.Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    enumerated = [v for v in env.variables if v.enum]
    for variable in enumerated:
        with pytest.raises(ValueError, match=re.escape(repr(variable.name))):
            _base_url(vendor, env, {**_required(env), variable.name: "not-in-the-enum"})
        env_name = server_variable_environment_variable(vendor.id, variable.name)
        monkeypatch.setenv(env_name, "not-in-the-enum")
        with pytest.raises(ValueError, match=env_name):
            _base_url(vendor, env, _required(env))
        monkeypatch.delenv(env_name)


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_a_missing_value_without_default_is_a_value_error_naming_the_variable(
    vendor: ir.Vendor, env: ir.Environment
) -> None:
    for variable in (v for v in env.variables if v.default is None):
        given = {name: value for name, value in _required(env).items() if name != variable.name}
        env_name = server_variable_environment_variable(vendor.id, variable.name)
        with pytest.raises(ValueError, match=f"{re.escape(repr(variable.name))}.*{env_name}"):
            _base_url(vendor, env, given)


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_an_unknown_variable_is_a_value_error(vendor: ir.Vendor, env: ir.Environment) -> None:
    with pytest.raises(ValueError, match="unknown server variable 'no_such_variable'"):
        _base_url(vendor, env, {**_required(env), "no_such_variable": "x"})


@pytest.mark.parametrize(("vendor", "env"), CASES, ids=IDS)
def test_a_base_url_given_whole_is_used_as_given(vendor: ir.Vendor, env: ir.Environment) -> None:
    spec: VendorSpec = runtime(vendor)
    credentials = {name: "secret" for scheme in spec.auth for name in scheme.credentials}
    with runtime_http.SyncClient(
        spec, lambda *_: [], credentials=credentials, base_url="http://127.0.0.1:9/x"
    ) as client:
        assert client.base_url == "http://127.0.0.1:9/x"


def _servers() -> Iterator[tuple[ir.Vendor, dict[str, object]]]:
    for vendor in with_variables():
        for server in openapi.document(vendor)["servers"]:
            yield vendor, server


def test_openapi_declares_every_url_variable() -> None:
    checked = 0
    for vendor, server in _servers():
        env = next(e for e in vendor.environments if e.name == server["x-atsgen-environment"])
        variables = server.get("variables", {})
        assert isinstance(variables, dict)
        assert sorted(re.findall(r"\{([^{}]*)\}", str(server["url"]))) == sorted(variables)
        for variable in env.variables:
            declared = variables[variable.name]
            assert isinstance(declared["default"], str)
            if variable.enum:
                assert declared["enum"] == list(variable.enum)
                assert declared["default"] in variable.enum
            checked += 1
    assert checked


def test_a_spec_without_variables_keeps_its_environments() -> None:
    for path in SPEC_FILES:
        data = spec_data(path)
        vendor, errors = lint(path.stem, data)
        assert vendor is not None, errors
        for env in vendor.environments:
            declared = data["vendor"]["environments"][env.name]
            if "variables" not in declared:
                assert env.variables == ()
                assert env.url == declared["url"].rstrip("/")
