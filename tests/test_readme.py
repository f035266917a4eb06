"""The README's examples run and print what the README says they print."""

from __future__ import annotations

import contextlib
import io
import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def _block(containing: str) -> str:
    [block] = [b for b in BLOCKS if containing in b]
    return block


def test_the_mock_example_runs() -> None:
    exec(compile(_block("MockServer("), "README", "exec"), {})


def test_the_validation_example_prints_what_its_comments_say() -> None:
    # The client half needs a vendor.
    offline, _, _ = _block("hirempire.validate(").partition("# Clients:")
    _, _, shown = offline.partition("# prints:\n")
    expected = [line.removeprefix("# ") for line in shown.splitlines() if line.startswith("#")]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(offline, "README", "exec"), {})
    assert printed.getvalue().splitlines() == expected
