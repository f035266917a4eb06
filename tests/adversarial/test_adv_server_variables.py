"""Server URL variables: a `{name}` in an environment's URL once linted clean and then reached DNS as
written; and a value given for one must not move the request to another host or path.

Inputs come from every spec (the real ones and the fixture vendors'), each environment changed one way.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest

from atsgen_runtime import http as runtime_http
from generator import ir
from tests.server_variable_support import SPEC_FILES, lint, runtime, spec_data, with_variables

_VARIABLE = re.compile(r"\{([^{}]*)\}")
_ENVIRONMENTS = [
    (path.stem, name) for path in SPEC_FILES for name in spec_data(path)["vendor"]["environments"]
]
_IDS = [f"{stem}-{name}" for stem, name in _ENVIRONMENTS]


def _environment(stem: str) -> dict[str, Any]:
    return copy.deepcopy(spec_data(next(p for p in SPEC_FILES if p.stem == stem)))


@pytest.mark.parametrize(("stem", "env_name"), _ENVIRONMENTS, ids=_IDS)
def test_an_undeclared_url_variable_is_a_lint_error(stem: str, env_name: str) -> None:
    data = _environment(stem)
    data["vendor"]["environments"][env_name]["url"] += "/{undeclaredVariable}"
    vendor, errors = lint(stem, data)
    assert vendor is None
    assert any("{undeclaredVariable} is not declared" in error for error in errors), errors


@pytest.mark.parametrize(("stem", "env_name"), _ENVIRONMENTS, ids=_IDS)
def test_an_unused_declared_variable_is_a_lint_error(stem: str, env_name: str) -> None:
    data = _environment(stem)
    env = data["vendor"]["environments"][env_name]
    env.setdefault("variables", {})["unusedVariable"] = {"default": "x"}
    vendor, errors = lint(stem, data)
    assert vendor is None
    assert any("has no {unusedVariable}" in error for error in errors), errors


@pytest.mark.parametrize(("stem", "env_name"), _ENVIRONMENTS, ids=_IDS)
def test_a_default_outside_its_enum_is_a_lint_error(stem: str, env_name: str) -> None:
    data = _environment(stem)
    env = data["vendor"]["environments"][env_name]
    env["url"] += "/{pickedVariable}"
    env.setdefault("variables", {})["pickedVariable"] = {"default": "c", "enum": ["a", "b"]}
    vendor, errors = lint(stem, data)
    assert vendor is None
    assert any("'c' is not one of the enum" in error for error in errors), errors


def _host_end(url: str) -> int:
    end = url.find("/", url.find("://") + 3)
    return len(url) if end < 0 else end


def _client_url(vendor: ir.Vendor, env: ir.Environment, given: dict[str, str]) -> str:
    spec = runtime(vendor)
    credentials = {name: "secret" for scheme in spec.auth for name in scheme.credentials}
    with runtime_http.SyncClient(
        spec,
        lambda *_: [],
        "models",
        credentials=credentials,
        environment=env.name,
        server_variables=given,
    ) as client:
        return client.base_url


def _unconstrained(vendor: ir.Vendor) -> ir.Vendor:
    """The vendor with every variable's enum dropped: any value reaches the encoding."""
    stem = vendor.spec_file.rsplit("/", 1)[-1].removesuffix(".yaml")
    data = _environment(stem)
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
