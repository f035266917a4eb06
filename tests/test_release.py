"""`atsgen release`: the SDK's version and CHANGELOG.md follow the spec diff, and `generate --check` fails
when the specs changed without a release.

A scratch copy of a fixture's specs goes through documentation, compatible and breaking changes; each
expectation about the changelog is derived from `atsgen diff`'s own comparison of the same two states.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import markdown
from generator.cli import main
from generator.diff import changelog, compare, releases, report, sources
from generator.diff.changes import Change, Classification
from tests.conftest import ROOT, SPECS_DIR

FIXTURES = ROOT / "tests" / "fixtures"
SMALL = FIXTURES / "small" / "specs"
HOSTILE = FIXTURES / "hostile" / "specs"


class Project:
    """A scratch spec project: specs/ (a copy of a fixture's) and generated/, run from its own folder."""

    def __init__(self, root: Path, fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root, self.capsys = root, capsys
        self.specs = root / "specs"
        shutil.copytree(fixture, self.specs)
        self.released: Path | None = None

    def atsgen(self, *args: str) -> tuple[int, str]:
        self.capsys.readouterr()
        status = main(list(args))
        captured = self.capsys.readouterr()
        return status, captured.out + captured.err

    def history(self) -> releases.History:
        history = releases.read(releases.record_path(self.specs))
        assert history is not None
        return history

    def edit(self, old: str, new: str) -> None:
        [spec] = sorted(self.specs.glob("*.yaml"))
        text = spec.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        spec.write_text(text.replace(old, new), encoding="utf-8")

    def keep_released_copy(self) -> Path:
        """The specs as just released, for --base (and for the expected diff)."""
        copy = self.root / f"released-{self.history().version}"
        shutil.copytree(self.specs, copy, ignore=shutil.ignore_patterns("*.json"))
        self.released = copy
        return copy

    def release(self, *extra: str) -> str:
        assert self.released is not None
        status, out = self.atsgen("release", "--base", str(self.released), *extra)
        assert status == 0, out
        self.keep_released_copy()
        return out

    def generate(self, *extra: str) -> tuple[int, str]:
        return self.atsgen("generate", *extra)


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path, SMALL, capsys)


def expected_changes(before: Path, after: Path) -> list[Change]:
    """What `atsgen diff BEFORE AFTER` finds, as the changelog must tell it."""
    sides = [sources.load_side(sources.from_path(folder)) for folder in (before, after)]
    assert all(side.loaded.ok for side in sides)
    return compare.compare(sides[0].loaded.vendors, sides[1].loaded.vendors)


def section(changelog_text: str, version: str) -> str:
    start = changelog_text.index(f"\n## {version}\n")
    end = changelog_text.find("\n## ", start + 1)
    return changelog_text[start : None if end < 0 else end]


def assert_in_the_diffs_words(text: str, changes: list[Change]) -> None:
    assert changes
    for change in changes:
        row = f"  - {markdown.code(change.location)}: {report._change_cell(change)}"
        assert row in text, row
        assert markdown.text(change.reason) in text
        assert change.source is not None
        assert report._source_link(change.source).removeprefix(" · ") in text
        heading = f"### {change.classification.value.capitalize()} changes"
        assert heading in text


def released_version(project: Project) -> tuple[str, str]:
    pyproject = (project.root / "generated" / "pyproject.toml").read_text()
    init = (project.root / "generated" / "ats_sdk" / "__init__.py").read_text()
    [version] = [
        line.split('"')[1] for line in pyproject.splitlines() if line.startswith("version")
    ]
    [dunder] = [line.split('"')[1] for line in init.splitlines() if line.startswith("__version__")]
    return version, dunder


# (edit, the classification it must make, the version that follows 0.1.0 for it)
STEPS = [
    (("summary: Update a candidate", "summary: Update one candidate"), "documentation", "0.1.1"),
    (("max_length: 100, nullable", "max_length: 200, nullable"), "compatible", "0.2.0"),
    (("max_length: 200, nullable", "max_length: 50, nullable"), "breaking", "0.3.0"),
]


def test_each_change_bumps_its_part_and_the_check_fails_until_it_is_released(
    project: Project,
) -> None:
    status, out = project.atsgen("release")
    assert status == 0, out
    assert project.history().version == releases.FIRST_VERSION
    project.keep_released_copy()
    assert project.generate()[0] == 0
    assert project.generate("--check")[0] == 0
    assert released_version(project) == (releases.FIRST_VERSION,) * 2

    for (old, new), classification, version in STEPS:
        before = project.released
        assert before is not None
        project.edit(old, new)
        changes = expected_changes(before, project.specs)
        assert {c.classification.value for c in changes} == {classification}

        assert project.generate()[0] == 0  # the SDK follows the specs at once...
        status, out = project.generate("--check")  # ...but the version does not yet
        assert status == 1
        assert "changed since release" in out and "atsgen release" in out

        out = project.release()
        assert project.history().version == version, out
        status, out = project.generate("--check")
        assert status == 1 and "changed since release" not in out  # CHANGELOG.md, the version
        assert project.generate()[0] == 0
        status, out = project.generate("--check")
        assert status == 0, out
        assert released_version(project) == (version, version)
        text = (project.root / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
        assert_in_the_diffs_words(section(text, version), changes)
    # Newest first, every release there.
    text = (project.root / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    order = [line.removeprefix("## ") for line in text.splitlines() if line.startswith("## ")]
    assert order == [version for *_, version in reversed(STEPS)] + [releases.FIRST_VERSION]


def test_from_1_0_a_breaking_change_bumps_the_major_version(project: Project) -> None:
    assert project.atsgen("release", "--version", "1.0.0")[0] == 0
    project.keep_released_copy()
    project.edit("max_length: 100, nullable", "max_length: 50, nullable")
    project.release()
    assert project.history().version == "2.0.0"
    assert project.history().last.bump == "major"
    project.edit("max_length: 50, nullable", "max_length: 60, nullable")
    project.release()
    assert project.history().version == "2.1.0"


def test_a_version_below_what_the_changes_call_for_is_refused(project: Project) -> None:
    assert project.atsgen("release")[0] == 0
    copy = project.keep_released_copy()
    project.edit("max_length: 100, nullable", "max_length: 50, nullable")
    status, out = project.atsgen("release", "--base", str(copy), "--version", "0.1.1")
    assert status == 2 and "0.2.0" in out and "Traceback" not in out
    assert project.history().version == releases.FIRST_VERSION


def test_a_change_without_effect_on_callers_is_a_patch_that_says_so(project: Project) -> None:
    assert project.atsgen("release")[0] == 0
    project.keep_released_copy()
    [spec] = project.specs.glob("*.yaml")
    spec.write_text(spec.read_text() + "# a comment\n")
    project.release()
    assert project.history().version == "0.1.1"
    assert project.history().last.changes == ()
    assert project.generate()[0] == 0
    text = (project.root / "generated" / "CHANGELOG.md").read_text()
    assert "No change for callers since 0.1.0" in section(text, "0.1.1")
    status, out = project.atsgen("release")
    assert status == 0 and "nothing to release" in out


def test_the_last_release_is_found_in_git_history(project: Project) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", *args],
            cwd=project.root,
            check=True,
            capture_output=True,
            timeout=60,
        )

    assert project.atsgen("release")[0] == 0
    before = project.keep_released_copy()
    git("init", "-q")
    git("add", "specs")
    git("commit", "-q", "-m", "release 0.1.0")
    project.edit("max_length: 100, nullable", "max_length: 200, nullable")
    git("commit", "-q", "-am", "raise a limit, not released yet")
    project.edit("summary: Update a candidate", "summary: Update one candidate")
    status, out = project.atsgen("release")  # no --base: the specs of 0.1.0 are two commits back
    assert status == 0, out
    assert project.history().version == "0.2.0"
    assert project.history().last.changes == tuple(expected_changes(before, project.specs))


def test_without_git_or_base_the_release_asks_for_base(project: Project) -> None:
    if (project.root / ".git").exists() or subprocess.run(
        ["git", "rev-parse"], cwd=project.root, capture_output=True, timeout=60
    ).returncode == 0:
        pytest.skip("the scratch folder is inside a git repository")
    assert project.atsgen("release")[0] == 0
    project.edit("max_length: 100, nullable", "max_length: 50, nullable")
    status, out = project.atsgen("release")
    assert status == 2 and "--base" in out and "Traceback" not in out


def test_a_dry_run_writes_nothing(project: Project) -> None:
    assert project.atsgen("release")[0] == 0
    copy = project.keep_released_copy()
    record = releases.record_path(project.specs).read_bytes()
    project.edit("max_length: 100, nullable", "max_length: 50, nullable")
    status, out = project.atsgen("release", "--base", str(copy), "--dry-run")
    assert status == 0 and "0.1.0 -> 0.2.0" in out and "nothing written" in out
    assert releases.record_path(project.specs).read_bytes() == record


def test_a_base_that_is_not_the_last_release_is_refused(project: Project) -> None:
    assert project.atsgen("release")[0] == 0
    copy = project.keep_released_copy()
    project.edit("max_length: 100, nullable", "max_length: 50, nullable")
    status, out = project.atsgen("release", "--base", str(project.specs))
    assert status == 2 and "does not hold the specs of release 0.1.0" in out
    project.edit("max_length: 50, nullable", "max_length: 100, nullable")
    assert project.atsgen("release", "--base", str(copy))[1].endswith("nothing to release\n")


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (b"{not json", "not a JSON document"),
        (b'{"releases": []}', "`releases` is empty"),
        (b'{"releases": [{"version": "1.0", "bump": "first"}]}', "not MAJOR.MINOR.PATCH"),
        (
            json.dumps(
                {
                    "releases": [
                        {"version": v, "bump": "patch", "specs_digest": "sha256:" + "0" * 64}
                        | {"changes": []}
                        for v in ("0.2.0", "0.1.0")
                    ]
                }
            ).encode(),
            "versions must increase",
        ),
    ],
)
def test_a_broken_record_is_a_clear_error(project: Project, record: bytes, words: str) -> None:
    releases.record_path(project.specs).write_bytes(record)
    for command, expected in ((("release",), 2), (("generate", "--check"), 1), (("generate",), 1)):
        status, out = project.atsgen(*command)
        assert status == expected, (command, out)
        assert words in out and "releases.json" in out and "Traceback" not in out


def test_hostile_spec_text_stays_text_in_the_changelog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path, HOSTILE, capsys)
    assert project.atsgen("release")[0] == 0
    before = project.keep_released_copy()
    hostile = "</details><script>x</script>\\n# not a heading\\n- not a list | pipe `tick` &amp;"
    project.edit('description: "slash and tilde"', f'description: "{hostile}"')
    project.edit('"{{ x }}", ', "")  # an enum value removed: breaking, quoted in the changelog
    project.release()
    changes = expected_changes(before, project.specs)
    assert {c.classification for c in changes} >= {
        Classification.BREAKING,
        Classification.DOCUMENTATION,
    }
    text = changelog.render(project.history())
    assert_in_the_diffs_words(section(text, project.history().version), changes)

    renderer = markdown_it.MarkdownIt("commonmark")
    tokens = renderer.parse(text)
    headings = [t for t in tokens if t.type == "heading_open"]
    titles = [tokens[tokens.index(h) + 1].content for h in headings]
    assert titles == ["Changelog", "0.2.0", "Breaking changes", "Documentation changes", "0.1.0"]
    blocks = [t.content for t in tokens if t.type == "html_block"]
    assert len(blocks) == 1 and blocks[0].startswith("<!-- Generated by atsgen")
    inline_html = {
        child.content for t in tokens for child in t.children or () if child.type == "html_inline"
    }
    assert inline_html <= {"<code>", "</code>"}
    assert "<script" not in renderer.render(text)


def test_the_projects_specs_are_released() -> None:
    """The committed record covers the committed specs (what `make check` holds every change to)."""
    history = releases.read(releases.record_path(SPECS_DIR))
    assert history is not None
    specs = sorted(SPECS_DIR.glob("*.yaml"))
    assert releases.digest((p.name, p.read_bytes()) for p in specs) == history.last.specs_digest
    generated = ROOT / "generated"
    assert (generated / "CHANGELOG.md").read_text() == changelog.render(history)
    assert f'version = "{history.version}"' in (generated / "pyproject.toml").read_text()


def test_the_digest_depends_on_names_and_bytes_not_on_where_they_are_read() -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(SMALL.glob("*.yaml"))]
    same = releases.digest(files)
    assert releases.digest([(f"1a2b3c:specs/{n}", d) for n, d in files]) == same
    assert releases.digest([(f"/elsewhere/{n}", d) for n, d in reversed(files)]) == same
    assert releases.digest([(n, d + b" ") for n, d in files]) != same
    assert releases.digest([("other.yaml", d) for _, d in files]) != same
