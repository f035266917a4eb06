"""Numbers the mock takes from its user: `atsgen mock` options, `MockServer(...)` keywords and fault
parameters. NaN, infinities, negatives and absurdly large values used to be accepted and then turn every
request into a 500 (`time.sleep(nan)`, `int(inf)`); each is refused up front, by name.

The options, keywords and fields are read from the parser, the signature and the dataclass, so a numeric
one added later is checked too.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import math
import threading
from typing import Any

import httpx
import pytest

import ats_sdk
from ats_sdk.mock import Fault, MockServer
from generator import cli

IDENTIFIERS = {"seed", "code"}
"""Numbers with no range to check: any integer seeds a random generator, and an error code is whatever
the vendor (or the test) says it is."""
BAD_FLOATS = ["nan", "inf", "-inf", "-1", "1e308"]
BAD_INTS = ["-1", "9" * 30]


def mock_parser() -> argparse.ArgumentParser:
    commands = next(
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    parser: argparse.ArgumentParser = commands.choices["mock"]
    return parser


def numeric_options() -> list[tuple[str, str]]:
    """(option, bad value) for every `atsgen mock` option that takes a float or an int."""
    cases = []
    for action in mock_parser()._actions:
        if action.type not in (float, int) or action.dest in IDENTIFIERS:
            continue
        option = max(action.option_strings, key=len)
        cases += [(option, bad) for bad in (BAD_FLOATS if action.type is float else BAD_INTS)]
    return cases


def run_cli(arguments: list[str], seconds: float = 10) -> int | None:
    """`atsgen ...` in process, in a thread bounded by `seconds`; None when it was still running (it
    accepted the options and is serving)."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(cli.main(arguments)), daemon=True)
    thread.start()
    thread.join(seconds)
    return result[0] if result else None


@pytest.mark.parametrize(("option", "value"), numeric_options())
def test_adv_mock_cli_refuses_numbers_out_of_range(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--option=value`, so that argparse takes "-inf" as a value rather than as an option.
    status = run_cli(["mock", ats_sdk.VENDORS[0], "--port", "0", "--quiet", f"{option}={value}"])
    err = capsys.readouterr().err
    assert status == 2, f"atsgen mock {option} {value} was accepted: {err}"
    assert option in err and "Traceback" not in err, err


def fault_fields() -> list[str]:
    """The numeric fields of a Fault (not its `fired` counter)."""
    hints = {
        f.name: str(f.type)
        for f in dataclasses.fields(Fault)
        if f.name != "fired" and f.name not in IDENTIFIERS
    }
    return sorted(name for name, hint in hints.items() if "float" in hint or "int" in hint)


def fault_of(name: str, value: Any) -> dict[str, Any]:
    return {"kind": "latency" if name == "delay" else "status", name: value}


@pytest.mark.parametrize("name", fault_fields())
def test_adv_mock_fault_parameters_out_of_range_are_refused_everywhere(name: str) -> None:
    """From Python (`Fault`), the command line (`--fault`) and the control API (`POST /__mock__/faults`)."""
    bad: list[Any] = [math.nan, math.inf, -math.inf, -1, 1e308, True, 10**30]
    for value in bad:
        with pytest.raises(ValueError, match=name):
            Fault.from_dict(fault_of(name, value))
    for text in ("nan", "inf", "-1", "1e308"):
        spec = f"{fault_of(name, 0)['kind']},{name}={text}"
        assert run_cli(["mock", ats_sdk.VENDORS[0], "--port", "0", "--fault", spec]) == 2, spec
    with MockServer(ats_sdk.VENDORS[0]) as server:
        # JSON cannot say NaN or Infinity (the control API refuses them as invalid JSON): the rest can.
        for value in (-1, 1e308, True, 10**30):
            answer = httpx.post(
                f"{server.url}/__mock__/faults",
                content=json.dumps(fault_of(name, value)),
                timeout=5,
            )
            assert answer.status_code == 400 and name in answer.json()["error"], (
                value,
                answer.text,
            )
        assert server.faults.pending == []


def server_keywords() -> list[str]:
    """The numeric keywords of MockServer(...)."""
    parameters = inspect.signature(MockServer.__init__).parameters.values()
    return sorted(
        p.name
        for p in parameters
        if p.kind is p.KEYWORD_ONLY
        and p.name not in IDENTIFIERS
        and ("float" in str(p.annotation) or "int" in str(p.annotation))
    )


@pytest.mark.parametrize("name", server_keywords())
def test_adv_mock_server_keywords_out_of_range_raise_a_typed_error(name: str) -> None:
    for value in (math.nan, math.inf, -math.inf, -1, 1e308, True, 10**30):
        with pytest.raises(ValueError, match=name) as raised:
            MockServer(ats_sdk.VENDORS[0], **{name: value})
        assert type(raised.value).__name__ == "MockOptionError"


def test_adv_mock_fault_plan_methods_refuse_numbers_out_of_range() -> None:
    with MockServer(ats_sdk.VENDORS[0]) as server:
        for value in (math.nan, math.inf, -1.0, 1e308):
            with pytest.raises(ValueError, match="delay"):
                server.faults.latency(value)
            with pytest.raises(ValueError, match="retry_after"):
                server.faults.status(429, retry_after=value)
            with pytest.raises(ValueError, match="rate"):
                server.faults.drop(rate=value)
        with pytest.raises(ValueError, match="retry_after"):
            server.faults.status(429, retry_after="1\r\nX-Injected: yes")
        assert server.faults.pending == []
