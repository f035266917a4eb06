"""The READMEs' examples run as written, print what they say they print, and pass mypy --strict.

Two READMEs: the repository's (README.md) and the SDK's (generated/README.md, the wheel's long description,
read on a package index where only the wheel exists).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from generator import naming
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE_README = (ROOT / "generated" / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
PACKAGE_BLOCKS = re.findall(r"```python\n(.*?)```", PACKAGE_README, re.S)
SHELL = re.findall(r"```sh\n(.*?)```", README, re.S)
MYPY_TIMEOUT = 300
# What tells each Python block of README.md apart; each is run by the test named beside it.
VALIDATION = ".validate("  # test_the_validation_example_prints_what_its_comments_say
REAL_VENDOR = "Client() as client"  # test_the_real_vendor_client_example_runs
MOCK_CLIENT = 'with MockServer("hirempire")'  # test_the_mock_client_example_runs
MOCK_FAULTS = "server.faults"  # test_the_mock_example_runs
FIXTURE = "ats_mock: MockFactory"  # test_the_pytest_fixture_example_passes
OPTIONS = ".with_raw_response."  # test_the_client_options_example_prints_what_its_comments_say
UNIFIED = "unified.to_vendor("  # test_the_unified_example_prints_what_its_comments_say
RUN = (VALIDATION, REAL_VENDOR, MOCK_CLIENT, MOCK_FAULTS, FIXTURE, OPTIONS, UNIFIED)


def _block(containing: str) -> str:
    [block] = [b for b in BLOCKS if containing in b]
    return block


@contextlib.contextmanager
def _real_vendor_served_by_its_mock(block: str) -> Iterator[None]:
    """Run a snippet that calls a vendor's real API against that vendor's mock instead: the vendor's
    environments point at the mock, and its credentials' environment variables hold the mock's."""
    from ats_sdk.mock import MockServer

    [vendor_id] = re.findall(r"^from ats_sdk import (\w+)$", block, re.M)
    spec = __import__(f"ats_sdk.{vendor_id}._spec", fromlist=["VENDOR"]).VENDOR
    with MockServer(vendor_id, host="127.0.0.1") as server, pytest.MonkeyPatch.context() as patch:
        for name in spec.environments:
            patch.setitem(spec.environments, name, server.url)
        for scheme in spec.auth:
            for credential, value in server.credentials[scheme.id].items():
                variable = scheme.env.get(credential)
                if variable:
                    patch.setenv(variable, value)
        yield


def _run(block: str) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README", "exec"), {"__name__": "readme"})
    return printed.getvalue()


# -- README.md ------------------------------------------------------------------------------------------


def test_the_mock_example_runs() -> None:
    _run(_block(MOCK_FAULTS))


def _printed_by_comments(block: str) -> list[str]:
    """The lines a block's closing `# prints:` comment says it prints."""
    _, _, shown = block.partition("# prints:\n")
    return [line.removeprefix("# ") for line in shown.splitlines() if line.startswith("#")]


def test_the_validation_example_prints_what_its_comments_say() -> None:
    offline = _block(VALIDATION)
    assert _run(offline).splitlines() == _printed_by_comments(offline)


def test_the_client_options_example_prints_what_its_comments_say() -> None:
    block = _block(OPTIONS)
    variables = set(re.findall(r'os\.environ\["(\w+)"\]', block))
    assert variables, "the example sets no environment variable"
    # The block sets the base URL's variable: it must not outlive the block (patch.dict restores it).
    before = dict(os.environ)
    with mock.patch.dict(os.environ):
        for name in variables:
            os.environ.pop(name, None)
        printed = _run(block).splitlines()
    assert printed == _printed_by_comments(block)
    assert dict(os.environ) == before


def test_the_unified_example_prints_what_its_comments_say() -> None:
    block = _block(UNIFIED)
    assert _run(block).splitlines() == _printed_by_comments(block)


def test_the_real_vendor_client_example_runs() -> None:
    block = _block(REAL_VENDOR)
    with _real_vendor_served_by_its_mock(block):
        printed = _run(block).splitlines()
    assert printed and printed[-1] == "200"


def test_the_mock_client_example_runs() -> None:
    assert _run(_block(MOCK_CLIENT)).strip()


def test_the_pytest_fixture_example_passes(ats_mock: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(_block(FIXTURE), "README", "exec"), namespace)
    [test] = [value for name, value in namespace.items() if name.startswith("test_")]
    test(ats_mock)


def test_every_python_block_is_run_by_a_test() -> None:
    # Each block is picked by exactly one marker, so a new block fails here until a test runs it.
    for block in BLOCKS:
        assert [marker for marker in RUN if marker in block] != [], block
    assert sorted(BLOCKS) == sorted(_block(marker) for marker in RUN)


def test_the_validate_command_runs_as_written(tmp_path: Path) -> None:
    [command] = [block for block in SHELL if "atsgen validate" in block]
    for name in (".venv", "generated"):
        (tmp_path / name).symlink_to(ROOT / name)
    venv = Path(sys.executable).parent.parent
    if not (ROOT / ".venv" / "bin" / "atsgen").exists():  # a checkout whose venv is elsewhere
        (tmp_path / ".venv").unlink()
        (tmp_path / ".venv").symlink_to(venv)
    result = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    # One valid line and one invalid: exit 1, and the invalid line's violations as JSON.
    assert result.returncode == 1, result.stderr
    assert '"line": 2' in result.stdout and '"line": 1' not in result.stdout
    # An unreadable line makes it 2, whatever else is invalid, as the README says.
    with (tmp_path / "payloads.jsonl").open("a", encoding="utf-8") as lines:
        lines.write("not json\n")
    atsgen = command.splitlines()[-1]
    again = subprocess.run(
        ["bash", "-c", atsgen], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 2 and '"line": 2' in again.stdout
    assert "2 wins" in README


# -- generated/README.md: the wheel's long description ----------------------------------------------------


def test_the_package_readme_is_right_on_a_package_index() -> None:
    assert "pip install ./" not in PACKAGE_README
    assert "pip install ats-sdk" in PACKAGE_README
    # The wheel holds only ats_sdk/: a relative link would lead nowhere on a package index.
    links = re.findall(r"\]\(([^)]+)\)", PACKAGE_README)
    assert all(re.match(r"https?://", link) for link in links), links


def test_the_package_readme_example_runs() -> None:
    [block] = PACKAGE_BLOCKS
    printed = _run(block).splitlines()
    assert printed and all(line.startswith(("/", " ")) for line in printed), printed


def test_the_package_readme_validates_a_part_its_operation_has() -> None:
    # Every generated tree in the repository: generated/ and the fixtures' golden folders, whose first
    # operation has no body in one of them.
    trees = [ROOT / "generated", *sorted((ROOT / "tests" / "fixtures").glob("*/golden"))]
    for tree in trees:
        readme = (tree / "README.md").read_text(encoding="utf-8")
        [(vendor, operation, part)] = re.findall(
            r'(\w+)\.validate\("(\w+)", payload(?:, part="(\w+)")?\)', readme
        )
        validators = (tree / "ats_sdk" / vendor / "validators.py").read_text(encoding="utf-8")
        name = naming.validator_name(naming.snake_case(operation), part or "body")
        assert f"def {name}(" in validators, tree


# -- every snippet passes mypy --strict ---------------------------------------------------------------------


def test_every_snippet_passes_mypy_strict(tmp_path: Path) -> None:
    files = []
    for number, block in enumerate([*BLOCKS, *PACKAGE_BLOCKS]):
        path = tmp_path / f"readme_snippet_{number}.py"
        path.write_text(block, encoding="utf-8")
        files.append(str(path))
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *files],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=MYPY_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- packaging ---------------------------------------------------------------------------------------------


def test_no_committed_file_is_ignored() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--ignored", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert listed == ""


def test_the_license_matches_the_declared_one() -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n")
    assert "the atsgen authors" in license_text
    for pyproject in (ROOT / "pyproject.toml", ROOT / "generated" / "pyproject.toml"):
        assert 'license = "MIT"' in pyproject.read_text(encoding="utf-8"), pyproject


def test_the_sdk_metadata_says_typed_and_which_pythons() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    classifiers = project["classifiers"]
    assert "Typing :: Typed" in classifiers
    assert project["license"] == "MIT"
    lowest = int(project["requires-python"].removeprefix(">=3."))
    versions = [
        c for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions and min(int(c.rsplit(".", 1)[1]) for c in versions) == lowest
    entry_points = project["entry-points"]["pytest11"]
    assert entry_points == {"ats_sdk": "ats_sdk.pytest_plugin"}
    assert all(f'`{name} = "{value}"`' in README for name, value in entry_points.items())


# -- the CI recipe does what the README says -----------------------------------------------------------------


def _workflow() -> dict[Any, Any]:
    import yaml

    loaded: dict[Any, Any] = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "atsgen.yml").read_text(encoding="utf-8")
    )
    return loaded


def test_the_breaking_change_gate_runs_again_when_a_label_changes() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"labeled", "unlabeled"} <= set(triggers["pull_request"]["types"])
    # Labelling must not rerun the tests, nor cancel the tests of the last push.
    assert "labeled" in workflow["jobs"]["check"]["if"]
    assert "labeled" in workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "labeled" not in workflow["jobs"]["spec-diff"].get("if", "")


def test_the_spec_diff_reaches_forks_through_the_job_summary() -> None:
    steps = _workflow()["jobs"]["spec-diff"]["steps"]
    summary = [s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    comment = [s for s in steps if "gh pr comment" in s.get("run", "")]
    assert summary and "head.repo.full_name == github.repository" not in summary[0].get("if", "")
    [posting] = comment
    assert "github.event.pull_request.head.repo.full_name == github.repository" in posting["if"]


def test_ci_tests_every_python_the_sdk_supports_with_pip_cached() -> None:
    import tomllib

    job = _workflow()["jobs"]["check"]
    versions = job["strategy"]["matrix"]["python-version"]
    lowest = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]["requires-python"].removeprefix(">=")
    assert versions[0] == lowest and versions == ["3.11", "3.12", "3.13"]
    [setup] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
