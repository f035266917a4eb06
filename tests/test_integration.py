"""atsgen as other repositories use it: pre-commit hooks and the CI recipe.

`pre-commit try-repo` installs this repository the way a consumer's pre-commit does (a non-editable
install in its own environment) and runs the hooks in a scratch repository of specs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
BUILD_SDK = [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir"]
"""The README's release step and CI's build job: the wheel and the sdist, from generated/."""


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_hook_manifest_and_config_are_valid() -> None:
    assert run([*PRE_COMMIT, "validate-manifest", ".pre-commit-hooks.yaml"], ROOT).returncode == 0
    assert run([*PRE_COMMIT, "validate-config", ".pre-commit-config.yaml"], ROOT).returncode == 0
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    assert hooks["atsgen-lint"]["entry"] == "atsgen lint"
    assert hooks["atsgen-check"]["entry"] == "atsgen generate --check"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = {
        hook["id"] for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]
    }
    assert local == {"atsgen-lint", "atsgen-check"}


def test_pinned_formatter_hooks_match_the_project_pins() -> None:
    """The repository's own black and ruff hooks run the same versions as `make`."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    revs = {
        repo["repo"].rsplit("/", 1)[-1]: repo["rev"]
        for repo in config["repos"]
        if repo["repo"] != "local"
    }
    constraints = (ROOT / "constraints.txt").read_text()
    assert f"black=={revs['black-pre-commit-mirror']}" in constraints
    assert revs["ruff-pre-commit"].startswith("v")


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch git repository with this project's specs and generated tree, as a consumer's would be."""
    repo = tmp_path_factory.mktemp("consumer")
    shutil.copytree(ROOT / "specs", repo / "specs")
    shutil.copytree(
        ROOT / "generated",
        repo / "generated",
        ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"),
    )
    for args in (["git", "init", "-q"], ["git", "add", "-A"]):
        assert run(args, repo).returncode == 0
    return repo


def _try_repo(consumer: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(consumer.parent / "pre-commit-home"),
        "ATSGEN_SEEDS": "/nonexistent",
    }
    args = [*PRE_COMMIT, "try-repo", str(ROOT), hook, "--verbose"]
    args += ["--files", *files] if files else ["--all-files"]
    return run(args, consumer, env)


def test_pre_commit_hooks_pass_on_clean_specs_and_fail_on_broken_ones(consumer: Path) -> None:
    clean = _try_repo(consumer, "atsgen-lint", "specs/hirempire.yaml")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    spec = consumer / "specs" / "hirempire.yaml"
    original = spec.read_text()
    spec.write_text(
        original.replace("max_length", "max_lenght", 1)
        if "max_length" in original
        else original.replace("  id: hirempire", "  id: Hirempire")
    )
    try:
        broken = _try_repo(consumer, "atsgen-lint", "specs/hirempire.yaml")
        assert broken.returncode == 1 and "specs/hirempire.yaml:" in broken.stdout
    finally:
        spec.write_text(original)


def test_pre_commit_check_hook_catches_a_hand_edit(consumer: Path) -> None:
    fresh = _try_repo(consumer, "atsgen-check")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    target = consumer / "generated" / "ats_sdk" / "hirempire" / "validators.py"
    original = target.read_text()
    target.write_text(original + "# edited by hand\n")
    try:
        stale = _try_repo(consumer, "atsgen-check")
        assert (
            stale.returncode == 1
            and "changed: generated/ats_sdk/hirempire/validators.py" in stale.stdout
        )
    finally:
        target.write_text(original)


def test_ci_recipe_runs_the_gates_and_posts_the_spec_diff() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "atsgen.yml").read_text())
    check_steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert {"make lint", "make check", "make test"} <= set(check_steps)
    diff_steps = " ".join(step.get("run", "") for step in workflow["jobs"]["spec-diff"]["steps"])
    assert (
        "atsgen diff" in diff_steps
        and "--format markdown" in diff_steps
        and "--fail-on breaking" in diff_steps
    )
    assert workflow["jobs"]["spec-diff"]["permissions"]["pull-requests"] == "write"
    build_steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any(" ".join(BUILD_SDK[1:-1]) in step and "./generated" in step for step in build_steps)
    assert any(step.startswith(".venv/bin/twine check --strict dist/") for step in build_steps)


def test_the_atsgen_wheel_ships_every_generator_file_and_builds_without_warnings(
    tmp_path: Path,
) -> None:
    """pyproject lists packages by hand (templates/ is mapped to generator/templates in the wheel), so a
    new folder or file kind must not be left out silently: an installed atsgen (pre-commit's hooks) would
    fail to find its templates. setuptools warns about a folder it would ship without being told to.
    """
    import zipfile

    result = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path), "."], ROOT
    )
    assert result.returncode == 0, result.stderr
    assert "BuildBackendWarning" not in result.stdout + result.stderr
    [wheel] = tmp_path.glob("atsgen-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    runtime = ROOT / "templates" / "runtime"
    sources = (
        [
            (path, "generator/" + path.relative_to(ROOT / "generator").as_posix())
            for path in (ROOT / "generator").rglob("*")
        ]
        + [
            (path, "generator/templates/" + path.relative_to(ROOT / "templates").as_posix())
            for path in (ROOT / "templates").rglob("*")
            if runtime not in path.parents
        ]
        + [
            # The runtime ships once, as the package build.py copies it from.
            (path, "atsgen_runtime/" + path.relative_to(runtime).as_posix())
            for path in runtime.rglob("*")
        ]
    )
    expected = {
        name for path, name in sources if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected - shipped == set()
    assert not any(name.startswith("generator/templates/runtime/") for name in shipped)


def test_the_generated_package_builds_and_depends_only_on_what_the_clients_need(
    tmp_path: Path,
) -> None:
    """The release build of generated/ works: the wheel holds every module and py.typed, asks for
    nothing beyond httpx (clients) and pydantic (response models), carries the released version, and
    both distributions pass `twine check` (what a package index requires of them)."""
    import tarfile
    import zipfile

    from generator.diff import releases

    result = run([*BUILD_SDK, str(tmp_path), "./generated"], ROOT)
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("ats_sdk-*.whl")
    [sdist] = tmp_path.glob("ats_sdk-*.tar.gz")
    history = releases.read(releases.record_path(ROOT / "specs"))
    assert history is not None
    assert wheel.name.startswith(f"ats_sdk-{history.version}-")
    assert sdist.name == f"ats_sdk-{history.version}.tar.gz"
    with tarfile.open(sdist) as archive:
        assert f"ats_sdk-{history.version}/CHANGELOG.md" in archive.getnames()
    names = set(zipfile.ZipFile(wheel).namelist())
    vendors = {path.parent.name for path in (ROOT / "generated" / "ats_sdk").glob("*/_spec.py")}
    assert vendors
    for vendor in vendors:
        for module in ("__init__", "validators", "client", "models", "types", "_spec"):
            assert f"ats_sdk/{vendor}/{module}.py" in names
    assert {"ats_sdk/py.typed", "ats_sdk/mock.py", "ats_sdk/pytest_plugin.py"} <= names
    metadata = next(
        zipfile.ZipFile(wheel).read(n).decode() for n in names if n.endswith("METADATA")
    )
    assert f"Version: {history.version}\n" in metadata
    requires = sorted(
        line.split(":", 1)[1].strip().split(" ")[0].split("<")[0].split(">")[0]
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:")
    )
    assert requires == ["httpx", "pydantic"]
    checked = run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], ROOT
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
