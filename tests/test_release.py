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
import yaml

from generator import build, markdown, yamlpos
from generator import cache as cache_module
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.diff import changelog, compare, releases, report, sources
from generator.diff.changes import Change, Classification
from generator.write import existing_files
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
    return released_version_in(project.root / "generated")


def released_version_in(generated: Path) -> tuple[str, str]:
    """The version in generated/pyproject.toml and `ats_sdk.__version__`."""
    pyproject = (generated / "pyproject.toml").read_text()
    init = (generated / "ats_sdk" / "__init__.py").read_text()
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


def relaid(text: str) -> str:
    """The same document in another layout: comments dropped and one added, every string quoted, block
    style throughout, the top-level keys in reverse order and each leaf mapping's keys sorted."""

    class Quoted(yaml.SafeDumper):
        pass

    Quoted.add_representer(
        str,
        lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'),
    )
    document = yamlpos.load("spec.yaml", text, Diagnostics())
    assert isinstance(document.data, dict)

    def reorder(value: object) -> object:
        if isinstance(value, dict):
            leaf = not any(isinstance(item, (dict, list)) for item in value.values())
            items = sorted(value.items()) if leaf else list(value.items())
            return {key: reorder(item) for key, item in items}
        if isinstance(value, list):
            return [reorder(item) for item in value]
        return value

    data = dict(reversed([(key, reorder(value)) for key, value in document.data.items()]))
    dumped = yaml.dump(data, Dumper=Quoted, sort_keys=False, allow_unicode=True, width=1000)
    return "# laid out again: nothing the SDK shows changes\n" + dumped


def test_a_comment_or_layout_edit_needs_no_release(project: Project) -> None:
    assert project.atsgen("release")[0] == 0
    assert project.generate()[0] == 0
    record = releases.record_path(project.specs).read_bytes()
    for spec in sorted(project.specs.glob("*.yaml")):
        before = spec.read_text(encoding="utf-8")
        after = relaid(before)
        assert after != before
        spec.write_text(after, encoding="utf-8")
    status, out = project.generate("--check")
    assert status == 0, out
    status, out = project.atsgen("release")
    assert status == 0 and out.endswith("nothing to release\n"), out
    assert releases.record_path(project.specs).read_bytes() == record


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

    # The unified declarations are part of a release: the search must read them at each commit too.
    _copy_unified_model(project)
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
    assert titles == [
        "Changelog",
        "0.2.0",
        "Breaking changes",
        "Documentation changes",
        "Generated files",
        "0.1.0",
    ]
    blocks = [t.content for t in tokens if t.type == "html_block"]
    assert len(blocks) == 1 and blocks[0].startswith("<!-- Generated by atsgen")
    inline_html = {
        child.content for t in tokens for child in t.children or () if child.type == "html_inline"
    }
    assert inline_html <= {"<code>", "</code>"}
    assert "<script" not in renderer.render(text)


def test_the_projects_specs_are_released() -> None:
    """The committed record covers the committed specs and the committed SDK (what `make check` holds
    every change to)."""
    history = releases.read(releases.record_path(SPECS_DIR))
    assert history is not None
    assert history.last.covers_specs(releases.release_inputs(SPECS_DIR))
    generated = ROOT / "generated"
    outputs = {path: (generated / path).read_bytes() for path in existing_files(generated)}
    files = releases.output_files(outputs, history.version)
    assert releases.output_digest(files) == history.last.output_digest
    assert (generated / "CHANGELOG.md").read_text() == changelog.render(history)
    assert f'version = "{history.version}"' in (generated / "pyproject.toml").read_text()


def unified_files() -> list[tuple[str, bytes]]:
    """The project's unified declarations, as `release_inputs` names them."""
    files = [(n, d) for n, d in releases.release_inputs(SPECS_DIR) if n.startswith("unified/")]
    assert files
    return files


def test_the_specs_digest_depends_on_paths_and_meaning_not_on_layout() -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(SMALL.glob("*.yaml"))] + unified_files()
    same = releases.specs_digest(files)
    assert releases.specs_digest(list(reversed(files))) == same
    assert releases.specs_digest([(n, relaid(d.decode()).encode()) for n, d in files]) == same
    # Any value changed, a file renamed or moved to another folder: another digest.
    for i, (name, data) in enumerate(files):
        document = yamlpos.load(name, data.decode(), Diagnostics()).data
        assert isinstance(document, dict)
        key = next(iter(document))
        changed = yaml.safe_dump({**document, key: [document[key]]}).encode()
        for other in ((name, changed), (f"x{name}", data), (f"unified/mappings/{name}", data)):
            assert releases.specs_digest([*files[:i], other, *files[i + 1 :]]) != same, other


def test_a_spec_and_a_unified_declaration_of_one_name_do_not_collide() -> None:
    """Keyed by base name, a spec and the mapping of its vendor would swap contents unseen."""
    [(spec_name, spec), *_] = [(p.name, p.read_bytes()) for p in sorted(SMALL.glob("*.yaml"))]
    mapping = unified_files()[-1][1]
    nested = f"unified/mappings/{spec_name}"
    assert releases.specs_digest([(spec_name, spec), (nested, mapping)]) != releases.specs_digest(
        [(spec_name, mapping), (nested, spec)]
    )


def test_a_record_written_before_the_content_digest_still_covers_its_specs() -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(SMALL.glob("*.yaml"))]
    legacy = releases.Release("0.1.0", "first", releases.legacy_digest(files))
    assert legacy.covers_specs(files)
    assert not legacy.covers_specs([(n, d + b"\nx: 1\n") for n, d in files])


def test_a_unified_declaration_change_needs_a_release(project: Project) -> None:
    _copy_unified_model(project)
    released_and_generated(project)
    project.keep_released_copy()
    [model, *_] = sorted((project.specs / "unified").rglob("*.yaml"))
    model.write_text(model.read_text(encoding="utf-8") + "# a comment needs no release\n")
    assert project.generate("--check")[0] == 0
    document = yamlpos.load(model.name, model.read_text(encoding="utf-8"), Diagnostics()).data
    assert isinstance(document, dict)
    model.write_text(yaml.safe_dump({**document, "description": "changed"}), encoding="utf-8")
    status, out = project.generate("--check")
    assert status == 1 and "changed since release 0.1.0" in out, out
    project.release()
    assert project.history().version == "0.1.1"
    assert project.generate()[0] == 0
    assert project.generate("--check")[0] == 0


class GeneratorChange:
    """A change of the generator as a run sees one: its fingerprint differs, and so, unless `changes` is
    empty, do the shared outputs (`changes` maps a path to the bytes appended to it; a new path is added).
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, changes: dict[str, bytes]) -> None:
        real_outputs, real_fingerprint = build.shared_outputs, cache_module.generator_fingerprint

        def shared_outputs(*args: object, **kwargs: object) -> dict[str, bytes]:
            outputs = real_outputs(*args, **kwargs)  # type: ignore[arg-type]
            for path, extra in changes.items():
                outputs[path] = outputs.get(path, b"") + extra
            return outputs

        monkeypatch.setattr(build, "shared_outputs", shared_outputs)
        monkeypatch.setattr(
            cache_module, "generator_fingerprint", lambda: real_fingerprint() + "-changed"
        )


def _copy_unified_model(project: Project) -> None:
    """The project's canonical candidate model, without mappings: those name the real vendors, which a
    fixture project lacks, and a mapping to a missing vendor stops generation."""
    (project.specs / "unified").mkdir()
    shutil.copy(SPECS_DIR / "unified" / "candidate.yaml", project.specs / "unified")


def released_and_generated(project: Project) -> None:
    assert project.atsgen("release")[0] == 0
    assert project.generate()[0] == 0
    status, out = project.generate("--check")
    assert status == 0, out


def test_a_generator_change_that_alters_the_sdk_needs_a_patch_release_listing_its_files(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    released_and_generated(project)
    files = sorted(existing_files(project.root / "generated"))
    changed = next(path for path in files if path.endswith(".md") and path != releases.CHANGELOG)
    added = "NOTICE.txt"
    assert added not in files
    GeneratorChange(monkeypatch, {changed: b"\nA generator change.\n", added: b"notice\n"})

    assert project.generate()[0] == 0  # the SDK follows the generator at once...
    status, out = project.generate("--check")  # ...but its version does not yet
    assert status == 1, out
    assert "is not the one release 0.1.0 recorded" in out and "atsgen release" in out

    status, out = project.atsgen("release")
    assert status == 0, out
    release = project.history().last
    assert (release.version, release.bump, release.changes) == ("0.1.1", "patch", ())
    assert dict(release.generated) == {"changed": (changed,), "added": (added,)}
    # Only the newest release keeps its file digests: the record grows by one entry, not one per file.
    assert [r.output_files is None for r in project.history().releases] == [True, False]
    assert project.generate()[0] == 0
    status, out = project.generate("--check")
    assert status == 0, out
    assert released_version(project) == ("0.1.1", "0.1.1")
    text = section((project.root / "generated" / "CHANGELOG.md").read_text(), "0.1.1")
    assert "### Generator changes" in text
    assert f"- changed (1): {markdown.code(changed)}" in text
    assert f"- added (1): {markdown.code(added)}" in text
    status, out = project.atsgen("release")
    assert status == 0 and out.endswith("nothing to release\n"), out


@pytest.mark.parametrize(("bump", "version"), [("minor", "0.2.0"), ("major", "0.2.0")])
def test_bump_says_how_serious_a_generator_change_is(
    project: Project, monkeypatch: pytest.MonkeyPatch, bump: str, version: str
) -> None:
    """Below 1.0, a major bump is a minor one (as for a breaking spec change)."""
    released_and_generated(project)
    GeneratorChange(monkeypatch, {"NOTICE.txt": b"notice\n"})
    status, out = project.atsgen("release", "--bump", bump)
    assert status == 0, out
    assert (project.history().version, project.history().last.bump) == (version, "minor")


def test_bump_major_from_1_0(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    assert project.atsgen("release", "--version", "1.0.0")[0] == 0
    GeneratorChange(monkeypatch, {"NOTICE.txt": b"notice\n"})
    assert project.atsgen("release", "--bump", "major")[0] == 0
    assert (project.history().version, project.history().last.bump) == ("2.0.0", "major")


def test_a_generator_change_that_alters_no_output_needs_no_release(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    released_and_generated(project)
    GeneratorChange(monkeypatch, {})
    status, out = project.generate("--check")
    assert status == 0 and "up to date" in out, out
    assert project.atsgen("release")[1].endswith("nothing to release\n")


def test_the_openapi_version_is_the_sdks(project: Project) -> None:
    project_release = project.atsgen("release", "--version", "0.3.0")
    assert project_release[0] == 0, project_release
    assert project.generate()[0] == 0
    documents = sorted((project.root / "generated" / "openapi").glob("*.json"))
    assert documents
    for document in documents:
        info = json.loads(document.read_text(encoding="utf-8"))["info"]
        assert info["version"] == released_version(project)[0] == "0.3.0"


def test_the_committed_openapi_documents_carry_the_sdks_version() -> None:
    [version] = set(released_version_in(ROOT / "generated"))
    documents = sorted((ROOT / "generated" / "openapi").glob("*.json"))
    assert documents
    for document in documents:
        assert json.loads(document.read_text(encoding="utf-8"))["info"]["version"] == version


def test_a_record_without_the_sdks_digest_asks_for_a_release_that_records_it(
    project: Project,
) -> None:
    """A record written before the output digest: the check cannot tell what the SDK was, so it asks."""
    released_and_generated(project)
    path = releases.record_path(project.specs)
    record = json.loads(path.read_bytes())
    for release in record["releases"]:
        del release["output_digest"], release["output_files"]
    path.write_text(json.dumps(record), encoding="utf-8")
    status, out = project.generate("--check")
    assert status == 1 and "is not the one release 0.1.0 recorded" in out, out
    status, out = project.atsgen("release")
    assert status == 0, out
    assert project.history().last.output_digest is not None
    assert project.generate()[0] == 0
    assert project.generate("--check")[0] == 0
    text = section((project.root / "generated" / "CHANGELOG.md").read_text(), "0.1.1")
    assert "did not record its generated files" in text
