"""`atsgen generate` as a whole: the committed tree, determinism, atomicity, incrementality, code quality.

Generation runs in a temporary project (a copy of a specs folder and an output folder) so the real
generated/ is only ever read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import build, pipeline, render, write
from generator.cache import Cache
from generator.cli import main
from tests.conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ATSGEN = [sys.executable, "-m", "generator"]


def tree(folder: Path) -> dict[str, str]:
    """Every file under a folder (as generation owns them) with the hash of its bytes."""
    return {
        path: hashlib.sha256((folder / path).read_bytes()).hexdigest()
        for path in write.existing_files(folder)
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """Make a temporary project from a specs folder; returns the project folder (the working directory)."""
    monkeypatch.setenv("ATSGEN_SEEDS", str(tmp_path / "no-seeds"))

    def make(specs: Path) -> Path:
        shutil.copytree(specs, tmp_path / "specs")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


def generate(*args: str) -> int:
    return main(["generate", *args])


# -- the committed tree ----------------------------------------------------------------------------------------


def test_committed_generated_tree_is_what_the_specs_produce(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CI gate: generated/ equals a fresh render of specs/ (no cache), byte for byte."""
    monkeypatch.chdir(ROOT)
    result = pipeline.run(Path("specs"), Path("generated"), check=True, cache=None, parallel=False)
    assert result.plan is not None and result.plan.is_noop, result.plan


def test_check_reports_a_hand_edit_and_writes_nothing(
    project: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(FIXTURES / "small" / "specs")
    assert generate() == 0
    target = root / "generated" / "ats_sdk" / "acme" / "validators.py"
    target.write_text(target.read_text() + "# a hand edit\n")
    stray = root / "generated" / "stray.txt"
    stray.write_text("not from a spec")
    before = tree(root / "generated")
    capsys.readouterr()
    assert generate("--check") == 1
    out = capsys.readouterr().out
    assert "changed: generated/ats_sdk/acme/validators.py" in out
    assert "not produced by the specs: generated/stray.txt" in out
    assert tree(root / "generated") == before
    assert generate() == 0 and not stray.exists()
    assert generate("--check") == 0


# -- golden output of the fixture specs (a complement to the behaviour tests) --------------------------------

# Each fixture's generated tree, one file per generated file, beside its specs: tests/fixtures/<name>/golden/.
# Update with `pytest tests/test_generate.py --snapshot-update` or ATSGEN_UPDATE_GOLDEN=1 (see
# tests/fixtures/README.md). The real generated/ tree needs no golden copy: `generate --check` and
# test_committed_generated_tree_is_what_the_specs_produce already pin it byte for byte.
GOLDEN_FIXTURES = ["small", "hostile"]
UPDATE_GOLDEN_ENV = "ATSGEN_UPDATE_GOLDEN"
RUNTIME = ROOT / "templates" / "runtime"
# The first line of a file copied from templates/runtime/: the copies' header, naming the source module.
RUNTIME_HEADER = re.compile(
    r"# Copied by atsgen from (templates/runtime/[\w.]+), the SDK runtime, .*\n"
)


def runtime_source(text: str) -> Path | None:
    """The templates/runtime/ module a generated file is a verbatim copy of, or None for a rendered file."""
    header = RUNTIME_HEADER.match(text)
    if header is None:
        return None
    return ROOT / header[1]


def golden_files(folder: Path) -> dict[str, str]:
    """Every generated file but the runtime copies, which test_runtime_copies_equal_their_sources holds."""
    files = {}
    for path in write.existing_files(folder):
        text = (folder / path).read_bytes().decode("utf-8")
        if runtime_source(text) is None:
            files[path] = text
    return files


def updating_golden(config: pytest.Config) -> bool:
    return bool(os.environ.get(UPDATE_GOLDEN_ENV)) or bool(
        config.getoption("update_snapshots", default=False)
    )


def write_golden(golden: Path, files: dict[str, str]) -> None:
    shutil.rmtree(golden, ignore_errors=True)
    for path, text in files.items():
        target = golden / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def read_golden(golden: Path) -> dict[str, str]:
    return {
        path.relative_to(golden).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(golden.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("fixture", GOLDEN_FIXTURES)
def test_generated_tree_matches_its_golden_folder(
    fixture: str, project: Callable[[Path], Path], request: pytest.FixtureRequest
) -> None:
    root = project(FIXTURES / fixture / "specs")
    assert generate("--no-cache") == 0
    files = golden_files(root / "generated")
    golden = FIXTURES / fixture / "golden"
    if updating_golden(request.config):
        write_golden(golden, files)
    expected = read_golden(golden)
    hint = "if the change is deliberate, update the golden folders (tests/fixtures/README.md)"
    assert sorted(files) == sorted(expected), hint
    for path, text in files.items():
        assert text == expected[path], f"{path} differs from its golden copy; {hint}"


def test_runtime_copies_equal_their_sources() -> None:
    """Each file copied from templates/runtime/ is its source byte for byte after its one header line."""
    out = ROOT / "generated"
    copied: dict[Path, str] = {}
    for path in write.existing_files(out):
        text = (out / path).read_text(encoding="utf-8")
        source = runtime_source(text)
        if source is not None:
            assert source not in copied, f"{path} and {copied[source]} copy {source.name}"
            copied[source] = path
            header = text.partition("\n")[0]
            assert text == f"{header}\n" + source.read_text(encoding="utf-8"), path
    # Every runtime module ships, so none can be left out of the SDK unnoticed.
    assert sorted(copied) == sorted(RUNTIME.glob("*.py"))


# -- determinism --------------------------------------------------------------------------------------------


def test_byte_identical_across_hash_seeds_and_worker_counts(tmp_path: Path) -> None:
    trees = []
    for seed, mode in (("0", "--serial"), ("1", "--serial"), ("4242", ""), ("random", "")):
        work = tmp_path / f"run-{seed}"
        shutil.copytree(ROOT / "specs", work / "specs")
        env = {**os.environ, "PYTHONHASHSEED": seed, "ATSGEN_SEEDS": str(tmp_path / "none")}
        args = [*ATSGEN, "generate", "--no-cache", *([mode] if mode else [])]
        subprocess.run(args, cwd=work, env=env, check=True, capture_output=True)
        trees.append(tree(work / "generated"))
    assert all(t == trees[0] for t in trees[1:])
    assert trees[0] == tree(ROOT / "generated")


# -- atomicity -------------------------------------------------------------------------------------------------


def _prepared(project: Callable[[Path], Path]) -> tuple[Path, dict[str, str]]:
    root = project(FIXTURES / "small" / "specs")
    assert generate() == 0
    spec = root / "specs" / "acme.yaml"
    spec.write_text(spec.read_text().replace("Acme ATS", "Acme ATS 2"))  # every file would change
    return root, tree(root / "generated")


def test_a_bad_spec_writes_nothing(
    project: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = _prepared(project)
    (root / "specs" / "broken.yaml").write_text("spec_version: 1\nvendor: [oops\n")
    assert generate() == 1
    assert "nothing was written" in capsys.readouterr().out
    assert tree(root / "generated") == before


@pytest.mark.parametrize("stage", ["template", "formatter", "disk", "interrupt"])
def test_a_failure_at_any_stage_leaves_the_tree_as_it_was(
    stage: str, project: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before = _prepared(project)
    if stage == "template":
        real_render = render.render
        monkeypatch.setattr(
            render,
            "render",
            lambda name, **kw: (
                (_ for _ in ()).throw(render.RenderError(name))
                if "docs" in name or "init" in name
                else real_render(name, **kw)
            ),
        )
    elif stage == "formatter":
        calls = iter(range(1000))
        real_format = render.format_python
        monkeypatch.setattr(
            render,
            "format_python",
            lambda source, name, *stable: (
                real_format(source, name, *stable)
                if next(calls) < 5
                else (_ for _ in ()).throw(render.RenderError(name))
            ),
        )
    else:
        real_open = open
        opened = iter(range(1000))
        error: BaseException = (
            OSError(28, "No space left on device") if stage == "disk" else KeyboardInterrupt()
        )

        def failing_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if str(file).endswith(write.TEMP_SUFFIX) and next(opened) == 3:
                raise error
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr("builtins.open", failing_open)
    status = generate("--serial")
    assert status != 0
    assert tree(root / "generated") == before
    assert not list((root / "generated").rglob(f"*{write.TEMP_SUFFIX}"))


def test_interrupting_a_real_run_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    """SIGINT at varied moments of a real process: never a mixture of old and new files."""
    import signal
    import time

    shutil.copytree(FIXTURES / "small" / "specs", tmp_path / "specs")
    env = {**os.environ, "ATSGEN_SEEDS": str(tmp_path / "none")}
    subprocess.run([*ATSGEN, "generate"], cwd=tmp_path, env=env, check=True, capture_output=True)
    old = tree(tmp_path / "generated")
    spec = tmp_path / "specs" / "acme.yaml"
    spec.write_text(spec.read_text().replace("Acme ATS", "Acme ATS 2"))
    outcomes = set()
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5):
        shutil.rmtree(tmp_path / ".atsgen-cache", ignore_errors=True)
        process = subprocess.Popen(
            [*ATSGEN, "generate", "--serial"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        process.communicate()
        current = tree(tmp_path / "generated")
        if current == old:
            outcomes.add("old")
        else:
            subprocess.run(
                [*ATSGEN, "generate", "--check"],
                cwd=tmp_path,
                env=env,
                check=True,
                capture_output=True,
            )
            outcomes.add("new")
            return  # the run finished before the signal: the new tree is complete
        assert not list((tmp_path / "generated").rglob(f"*{write.TEMP_SUFFIX}"))
    assert outcomes == {"old"}


# -- incrementality -------------------------------------------------------------------------------------------


def test_unchanged_specs_are_not_rendered_again(
    project: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(ROOT / "specs")
    jobs: list[tuple[str, str]] = []
    real_run_piece = build.run_piece
    monkeypatch.setattr(
        build,
        "run_piece",
        lambda kind, vendor, piece: jobs.append((kind, vendor.id))
        or real_run_piece(kind, vendor, piece),
    )
    specs = sorted((root / "specs").glob("*.yaml"))
    assert generate("--serial") == 0
    # A vendor's id is its spec's file stem (docs/spec-guide.md).
    assert {vendor for _, vendor in jobs} == {spec.stem for spec in specs}
    jobs.clear()
    # Change one spec (its vendor's display name), through YAML rather than by matching its text.
    edited = specs[0]
    data = yaml.safe_load(edited.read_text(encoding="utf-8"))
    data["vendor"]["name"] += " (renamed)"
    edited.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert generate("--serial") == 0
    assert {vendor for _, vendor in jobs} == {edited.stem}
    jobs.clear()
    assert generate("--serial") == 0
    assert jobs == []
    assert Cache().state() is not None


def test_no_change_run_loads_nothing(project: Callable[[Path], Path]) -> None:
    """The fast path: a second run neither parses YAML nor imports the template engine or the formatter."""
    root = project(FIXTURES / "small" / "specs")
    env = {**os.environ}
    first = subprocess.run(
        [*ATSGEN, "generate"], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout
    probe = "import sys; from generator.cli import main; main(['generate']); print(sorted(m for m in ('yaml', 'jinja2', 'black', 'jsonschema') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout
    assert out.strip().endswith("[]")
    # The summary line still gives the counts of the run that wrote the files, as written or unchanged.
    counts = re.match(
        r"atsgen generate: (1 vendor, 2 operations: (\d+) files) \(\2 written,", first
    )
    assert counts is not None, first
    assert re.match(
        rf"atsgen generate: {counts[1]} \(0 written, {counts[2]} unchanged, 0 removed\) in "
        r"\d+\.\d\d s; generated/ is up to date$",
        out.splitlines()[0],
    ), out


# -- code quality of the output -------------------------------------------------------------------------------


@pytest.mark.parametrize("module", render.runtime_modules())
def test_runtime_templates_are_already_black_formatted(module: str) -> None:
    """Runtime modules are copied without formatting, so their templates must be black-formatted."""
    header = render.render("runtime_header.py.jinja", origin=f"templates/runtime/{module}")
    source = header + render.runtime_source(module)
    assert render.format_python(source, module) == source


def test_generated_code_is_black_formatted() -> None:
    """Every generated Python file, of the real specs and of each fixture's golden tree, is what the pinned
    black makes of it (the generator formats fragments of a module, not the whole file)."""
    goldens = sorted(path.relative_to(ROOT).as_posix() for path in FIXTURES.glob("*/golden"))
    assert goldens
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "generated", *goldens],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("fixture", [None, "small", "hostile"])
def test_generated_code_is_mypy_strict_clean(fixture: str | None, tmp_path: Path) -> None:
    if fixture is None:
        folder = ROOT / "generated"
    else:
        shutil.copytree(FIXTURES / fixture / "specs", tmp_path / "specs")
        env = {**os.environ, "ATSGEN_SEEDS": str(tmp_path / "none")}
        subprocess.run(
            [*ATSGEN, "generate", "--no-cache"],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
        )
        folder = tmp_path / "generated"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "ats_sdk"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_every_generated_file_names_its_origin_and_says_it_is_generated() -> None:
    out = ROOT / "generated"
    for path in write.existing_files(out):
        text = (out / path).read_text(encoding="utf-8")
        if path.endswith("py.typed"):
            continue
        source = runtime_source(text)
        if source is not None:
            # A runtime copy names the module it copies and where to edit it, not a spec to change.
            assert source.is_file() and "edit it there" in text.partition("\n")[0], path
            continue
        head = text[:400]
        assert "Generated by atsgen" in head or "generated by atsgen" in head.lower(), path


def test_hostile_spec_strings_generate_code_that_behaves(project: Callable[[Path], Path]) -> None:
    """Quotes, triple quotes, `{{`, backslashes, keywords and non-ASCII in a spec reach the code intact."""
    root = project(FIXTURES / "hostile" / "specs")
    assert generate("--no-cache") == 0
    probe = r"""
import inspect, json, sys
sys.path.insert(0, "generated")
from ats_sdk import evil
from ats_sdk.evil.client import EvilClient
checks = {}
payload = {"class": "x", "quote\"d": "{{ x }}", "naïve": "long", "a/b~c": 1, "</details>": "ok"}
checks["violations"] = [[v.pointer, v.rule, v.message] for v in evil.validate("class", payload)]
checks["rule"] = [v.message for v in evil.validate("class", {"import": "abc"})]
checks["enum_ok"] = evil.validate("class", {"def": 1, "quote\"d": "\"\"\""})
checks["arguments"] = list(inspect.signature(EvilClient.class_).parameters)
checks["doc"] = inspect.getdoc(EvilClient.class_).splitlines()[0]
print(json.dumps(checks))
"""
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    checks = json.loads(out.stdout)
    assert checks["violations"] == [  # in the spec's field order
        ["/a~1b~0c", "type", "must be a string (got an integer)"],
        ["/naïve", "max_length", 'Too "long" \\ {{ oops }} """'],
    ]
    assert checks["rule"] == ["Need \"class\" or 'def' \\ {{ }}"]
    assert checks["enum_ok"] == []
    assert checks["arguments"] == [
        "self", "class_", "def_", "none_value", "first_name", "a_b_c", "quote_d", "naive", "import_",
        "self_", "timeout_", "field", "template", "details", "timeout", "max_retries", "extra_headers",
        "extra_query", "extra_body", "validate",
    ]  # fmt: skip
    assert checks["doc"] == 'Summary with """ triple quotes and a trailing quote".'
