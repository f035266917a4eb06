"""The rendered outputs kept in `.atsgen-cache/outputs/`: each file once by its digest, an index per input
key, nothing but the last run's kept, and a damaged entry rendered again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.cache import Cache
from tests.conftest import ROOT

SPECS = ROOT / "specs"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ATSGEN_SEEDS", str(tmp_path / "no-seeds"))
    shutil.copytree(SPECS, tmp_path / "specs")
    return tmp_path


def _run(project: Path) -> pipeline.Result:
    result = pipeline.run(
        project / "specs", project / "generated", cache=Cache(project / ".atsgen-cache")
    )
    assert not result.failed
    return result


def _rename_first_vendor(project: Path, suffix: str) -> None:
    """An edit through YAML (the vendor's display name): every output of that vendor may change."""
    spec = sorted((project / "specs").glob("*.yaml"))[0]
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["vendor"]["name"] += suffix
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _kept(project: Path) -> tuple[list[Path], list[Path]]:
    folder = project / ".atsgen-cache" / "outputs"
    return sorted(folder.glob("*.json")), sorted((folder / "files").glob("*/*"))


def test_repeated_edits_do_not_grow_the_cache(project: Path) -> None:
    _run(project)
    indexes, files = _kept(project)
    vendors = len(list((project / "specs").glob("*.yaml")))
    assert len(indexes) == vendors + 1  # one per vendor, one for the shared files
    for round_ in range(3):
        _rename_first_vendor(project, f" {round_}")
        _run(project)
        after_indexes, after_files = _kept(project)
        assert len(after_indexes) == len(indexes)
        # The edited vendor's changed files replace the old ones: as many files as before, give or take
        # the files two outputs share.
        assert abs(len(after_files) - len(files)) <= 2


def test_each_output_is_kept_once_by_its_content(project: Path) -> None:
    result = _run(project)
    _, files = _kept(project)
    assert sorted(blob.read_bytes() for blob in files) == sorted(set(result.outputs.values()))


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_kept_file_is_rendered_again(project: Path, damage: str) -> None:
    first = _run(project).outputs
    _, files = _kept(project)
    for blob in files[:: max(1, len(files) // 5)]:
        if damage == "truncate":
            blob.write_bytes(blob.read_bytes()[:3])
        else:
            blob.unlink()
    # The same specs: without the fast path (generated/ removed), each vendor's outputs come from the cache
    # when intact, else are rendered again; either way the same bytes.
    shutil.rmtree(project / "generated")
    assert _run(project).outputs == first


def test_a_damaged_kept_file_is_written_afresh(project: Path) -> None:
    """Rendered again once, not on every run: the next store replaces the damaged file."""
    _run(project)
    _, files = _kept(project)
    damaged = files[0]
    damaged.write_bytes(b"damaged")
    for _ in range(2):
        shutil.rmtree(project / "generated")
        _run(project)
    assert damaged.read_bytes() != b"damaged"
