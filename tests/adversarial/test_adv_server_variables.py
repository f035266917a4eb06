"""Server URL variables: a `{name}` in an environment's URL once linted clean and then reached DNS as
written; and a value given for one must not move the request to another host or path.

Inputs come from every spec (the real ones and the fixture vendors'), each environment changed one way.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest

from atsgen_runtime import http as runtime_http
from generator import ir
from tests.server_variable_support import SPEC_FILES, lint, runtime, spec_data, with_variables

_VARIABLE = re.compile(r"\{([^{}]*)\}")
_STEMS = [path.stem for path in SPEC_FILES]


def _broken_everywhere(stem: str) -> tuple[list[str], list[str]]:
    """The spec with every environment broken five ways at once (lint reports every error, so one lint
    per spec covers them all): its environments' names and the errors."""
    data = spec_data(next(p for p in SPEC_FILES if p.stem == stem))
    environments: dict[str, Any] = data["vendor"]["environments"]
    for env in environments.values():
        variables = env.setdefault("variables", {})
        # Used in the URL, never declared.
        env["url"] += "/{undeclaredVariable}"
        # Declared, never used.
        variables["unusedVariable"] = {"default": "x"}
        # A default outside its enum.
        env["url"] += "/{pickedVariable}"
        variables["pickedVariable"] = {"default": "c", "enum": ["a", "b"]}
        # Read from <VENDOR>_ENVIRONMENT, the variable that names the environment.
        env["url"] += "/{environment}"
        variables["environment"] = {"default": "x"}
        # A default no host name can hold, in the host.
        env["url"] = env["url"].replace("://", "://{hostVariable}.", 1)
        variables["hostVariable"] = {"default": "evil.example/"}
    vendor, errors = lint(stem, data)
    assert vendor is None
    return list(environments), errors


def _has(errors: list[str], where: str, words: str) -> bool:
    return any(f" {where}: " in error and words in error for error in errors)


@pytest.mark.parametrize("stem", _STEMS)
def test_each_broken_server_variable_is_a_lint_error(stem: str) -> None:
    names, errors = _broken_everywhere(stem)
    for name in names:
        path = f"vendor.environments.{name}"
        assert _has(errors, f"{path}.url", "{undeclaredVariable} is not declared"), errors
        assert _has(errors, f"{path}.variables.unusedVariable", "has no {unusedVariable}"), errors
        where = f"{path}.variables.pickedVariable.default"
        assert _has(errors, where, "'c' is not one of the enum"), errors
        where = f"{path}.variables.environment"
        assert _has(errors, where, "names the base URL or the environment"), errors
        where = f"{path}.variables.hostVariable.default"
        assert _has(errors, where, "cannot be part of a host name"), errors
    # Nothing else was reported: each error names its cause.
    assert len(errors) == 5 * len(names), errors


def _host_end(url: str) -> int:
    end = url.find("/", url.find("://") + 3)
    return len(url) if end < 0 else end


def _client_url(vendor: ir.Vendor, env: ir.Environment, given: dict[str, str]) -> str:
    spec = runtime(vendor)
    credentials = {name: "secret" for scheme in spec.auth for name in scheme.credentials}
    with runtime_http.SyncClient(
        spec,
        lambda *_: [],
        credentials=credentials,
        environment=env.name,
        server_variables=given,
    ) as client:
        return client.base_url


def _unconstrained(vendor: ir.Vendor) -> ir.Vendor:
    """The vendor with every variable's enum dropped: any value reaches the encoding."""
    stem = vendor.spec_file.rsplit("/", 1)[-1].removesuffix(".yaml")
    data = spec_data(next(p for p in SPEC_FILES if p.stem == stem))
    for env in data["vendor"]["environments"].values():
        for variable in env.get("variables", {}).values():
            variable.pop("enum", None)
    lowered, errors = lint(stem, data)
    assert lowered is not None, errors
    return lowered


_HOSTILE = "a/../b?c=d#e f@g%"


def _cases(in_host: bool) -> list[tuple[ir.Vendor, ir.Environment, str]]:
    cases = [
        (vendor, env, match.group(1))
        for vendor in map(_unconstrained, with_variables())
        for env in vendor.environments
        for match in _VARIABLE.finditer(env.url)
        if (match.start() < _host_end(env.url)) is in_host
    ]
    return cases


def _fill(env: ir.Environment, name: str) -> dict[str, str]:
    return {v.name: (_HOSTILE if v.name == name else "v") for v in env.variables}


def test_a_value_after_the_host_stays_in_its_place() -> None:
    cases = _cases(in_host=False)
    assert cases, "no spec has a server variable after the host"
    for vendor, env, name in cases:
        url = _client_url(vendor, env, _fill(env, name))
        assert quote(_HOSTILE, safe="") in url
        parsed = httpx.URL(url)
        assert parsed.query == b"" and parsed.fragment == "" and parsed.userinfo == b""
        # The raw (still encoded) path: the value added no segment.
        assert parsed.raw_path.count(b"/") == urlsplit(env.url).path.count("/")
        assert parsed.host == httpx.URL(_VARIABLE.sub("v", env.url)).host


def test_a_value_that_would_leave_the_host_name_is_refused() -> None:
    cases = _cases(in_host=True)
    assert cases, "no spec has a server variable in the host"
    for vendor, env, name in cases:
        with pytest.raises(ValueError, match=re.escape(repr(name))):
            _client_url(vendor, env, _fill(env, name))
