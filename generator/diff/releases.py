"""The release record: which SDK version each state of the specs and of the generated SDK was released as.

`specs/releases.json` (beside the specs it describes, so a copy of the folder carries it, and never inside
generated/, which is output) is written by `atsgen release` and reviewed and committed like a spec:

    {
      "releases": [                                  oldest first; the last one is the current version
        {
          "version": "0.2.0",                        MAJOR.MINOR.PATCH
          "bump": "minor",                           "first", "major", "minor" or "patch"
          "specs_digest": "sha256:...",              what the specs meant when released (`specs_digest`)
          "output_digest": "sha256:...",             the generated SDK it shipped (`output_digest`)
          "output_files": {"path": "<sha256>"},      the last release only: each generated file's digest,
                                                     so that the next release can say which files changed
          "generated": {"changed": [...], ...},      generated files changed since the previous release
          "changes": [ ... ]                         what `atsgen diff` found since the previous release,
        }                                            each object as `atsgen diff --format json` gives it
      ]
    }

Two digests, because two things change what users get. The specs digest covers what every spec and unified
declaration means (the YAML loaded and written as canonical JSON, keyed by its path inside specs/), so a
comment, a key moved or a quoting style changed needs no release; anything else does. The output digest
covers the generated files as the generator makes them (without the version and CHANGELOG.md, which the
release itself stamps), so a generator, template or runtime change that alters the shipped SDK needs a
release too, while a refactoring that changes no output does not. Neither depends on git history or on
where the folder is, so both hold in a fresh clone, a shallow one or a copy. Records written before the
content digest (`legacy_digest`, over file bytes) still match their specs; before the output digest, the
next check asks for a release that records it.

Everything generated from the record (the version, CHANGELOG.md) is rendered from these entries alone: no
dates, no git queries, so output stays deterministic.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import jsontext
from generator.load import discover, read_spec

# generator.diff.changes imports the IR (20 ms): `atsgen generate --check` reads the record on every run,
# so the change types are imported where changes are built or judged.
if TYPE_CHECKING:
    from generator.diff.changes import Change, SourceRef

RECORD_NAME = "releases.json"
"""The record's file name, inside the specs folder (the loader reads only *.yaml there)."""

FIRST_VERSION = "0.1.0"
UNRELEASED_VERSION = "0.0.0"
"""The SDK's version while the specs have no release record: nothing has been released."""

UNIFIED_DIR = "unified"
"""The unified declarations' folder inside specs/ (see `generator.unified.load`)."""

CHANGELOG = "CHANGELOG.md"
"""The generated changelog: rendered from the record alone, so not part of the output digest."""

BUMPS = ("first", "major", "minor", "patch")
FILE_CHANGES = ("changed", "added", "removed")
_VERSION = re.compile(r"(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_FILE_DIGEST = re.compile(r"[0-9a-f]{64}")
_CHANGE_TEXT_KEYS = ("vendor", "location", "kind", "reason")
_CHANGE_OPTIONAL_KEYS = ("operation", "before", "after")


class ReleaseRecordError(Exception):
    """The release record cannot be read or does not have the documented shape (the message says where)."""


@dataclass(frozen=True)
class Release:
    version: str
    bump: str
    specs_digest: str
    changes: tuple[Change, ...] = ()
    output_digest: str | None = None
    """None in records written before the output digest: the next check asks for a release."""
    output_files: Mapping[str, str] | None = field(default=None, compare=False)
    """Kept for the last release only (`History.with_release` drops it from the one before)."""
    generated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Generated files changed since the previous release, by FILE_CHANGES (empty lists left out)."""

    def covers_specs(self, inputs: Iterable[tuple[str, bytes]]) -> bool:
        """Whether the specs (paths inside specs/, bytes) are as released: mean the same, or, for a
        record written before the content digest, have the same names and bytes."""
        files = list(inputs)
        if self.specs_digest == specs_digest(files):
            return True
        vendor_specs = [(name, data) for name, data in files if "/" not in name]
        return self.specs_digest == legacy_digest(vendor_specs)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "version": self.version,
            "bump": self.bump,
            "specs_digest": self.specs_digest,
        }
        if self.output_digest is not None:
            out["output_digest"] = self.output_digest
        if self.output_files is not None:
            out["output_files"] = dict(sorted(self.output_files.items()))
        if self.generated:
            out["generated"] = {kind: list(paths) for kind, paths in self.generated.items()}
        out["changes"] = [change.as_json() for change in self.changes]
        return out


@dataclass(frozen=True)
class History:
    """Every release, oldest first (never empty)."""

    releases: tuple[Release, ...]

    @property
    def last(self) -> Release:
        return self.releases[-1]

    @property
    def version(self) -> str:
        return self.last.version

    def with_release(self, release: Release) -> History:
        # Only the newest release's file digests are needed (to list what the next one changes); keeping
        # every release's would grow the record by a line per generated file per release.
        earlier = replace(self.last, output_files=None)
        return History((*self.releases[:-1], earlier, release))

    def to_bytes(self) -> bytes:
        data = {"releases": [release.as_json() for release in self.releases]}
        return jsontext.document(data)


# -- the digest of a state of the specs ----------------------------------------------------------------


def release_inputs(specs_dir: Path) -> list[tuple[str, bytes]]:
    """What a release of `specs_dir` covers, as (path inside specs_dir, bytes): every vendor spec and every
    YAML file under unified/ (the declarations, at any depth: whatever is added there counts). Raises
    `SpecReadError` for a file that cannot be read."""
    paths = list(discover(specs_dir))
    unified = specs_dir / UNIFIED_DIR
    if unified.is_dir():
        paths += sorted(path for path in unified.rglob("*.yaml") if path.is_file())
    return [(path.relative_to(specs_dir).as_posix(), read_spec(path)) for path in paths]


def is_release_input(name: str) -> bool:
    """Whether a path inside specs/ is one `release_inputs` reads (for a git revision's listing)."""
    return name.endswith(".yaml") and ("/" not in name or name.startswith(f"{UNIFIED_DIR}/"))


def specs_digest(inputs: Iterable[tuple[str, bytes]]) -> str:
    """`sha256:...` over each input's path inside specs/ and what it means, in path order.

    What a file means is its YAML document as the spec loader reads it, written as canonical JSON (mapping
    keys sorted, no layout), so comments, key order and quoting style do not count; a file that does not
    load counts by its bytes (it cannot mean what a released spec meant). The path keeps the folder:
    `unified/mappings/talynce.yaml` and `talynce.yaml` are different files.
    """
    return _hash((name, _meaning(name, data)) for name, data in inputs)


def legacy_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The digest of records written before `specs_digest`: each spec's base name and bytes."""
    return _hash((name.rsplit("/", 1)[-1].rsplit(":", 1)[-1], data) for name, data in files)


def _hash(items: Iterable[tuple[str, bytes]]) -> str:
    hasher = hashlib.sha256()
    for name, data in sorted(items):
        encoded = name.encode("utf-8")
        hasher.update(b"%d:%s%d:" % (len(encoded), encoded, len(data)))
        hasher.update(data)
    return "sha256:" + hasher.hexdigest()


def _meaning(name: str, data: bytes) -> bytes:
    from generator import yamlpos
    from generator.diagnostics import Diagnostics

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return b"bytes:" + data
    diagnostics = Diagnostics()
    document = yamlpos.load(name, text, diagnostics)
    if diagnostics.errors:
        return b"bytes:" + data
    return b"json:" + json.dumps(
        _canonical(document.data), ensure_ascii=False, separators=(",", ":"), default=repr
    ).encode("utf-8")


def _canonical(value: object) -> object:
    """Mappings with sorted keys, typed so that the key 200 and the key "200" stay apart; lists in order."""
    if isinstance(value, dict):
        keys = {
            (f"s{key}" if isinstance(key, str) else f"j{key!r}"): item
            for key, item in value.items()
        }
        return {key: _canonical(keys[key]) for key in sorted(keys)}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


# -- the digest of the generated SDK -------------------------------------------------------------------


def output_files(outputs: Mapping[str, bytes], version: str) -> dict[str, str]:
    """Each generated file's sha256 (by path inside generated/) as the generator makes it, without what
    the release of `version` stamps on it: CHANGELOG.md is left out and the version is blanked where
    `build.shared_outputs` and the OpenAPI export write it. Blanking keeps the digest the same across the
    release that changes only the version, so a release never asks for another."""
    files = {}
    for path, data in sorted(outputs.items()):
        if path != CHANGELOG:
            files[path] = hashlib.sha256(_unstamped(path, data, version)).hexdigest()
    return files


def output_digest(files: Mapping[str, str]) -> str:
    """`sha256:...` over `output_files`."""
    return _hash((path, digest.encode("ascii")) for path, digest in files.items())


_VERSION_LINES = {
    "pyproject.toml": "version",
    "ats_sdk/__init__.py": "__version__",
}


def _unstamped(path: str, data: bytes, version: str) -> bytes:
    if path.startswith("openapi/") and path.endswith(".json"):
        try:
            document = json.loads(data)
        except ValueError:
            return data
        info = document.get("info") if isinstance(document, dict) else None
        if isinstance(info, dict) and info.get("version") == version:
            info["version"] = ""
            return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        return data
    name = _VERSION_LINES.get(path)
    if name is None:
        return data
    line = re.compile(rb'^%s = "%s"$' % (name.encode(), re.escape(version).encode()), re.MULTILINE)
    return line.sub(b'%s = ""' % name.encode(), data, count=1)


def file_changes(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """The generated files that differ between two `output_files`, by FILE_CHANGES (empty ones left out)."""
    found = {
        "changed": tuple(p for p in after if p in before and before[p] != after[p]),
        "added": tuple(p for p in after if p not in before),
        "removed": tuple(p for p in before if p not in after),
    }
    return {kind: tuple(sorted(paths)) for kind, paths in found.items() if paths}


# -- versions ------------------------------------------------------------------------------------------


def next_release(
    version: str, changes: Iterable[Change], at_least: str = "patch"
) -> tuple[str, str]:
    """The version after `version` for these changes, and the part it bumped ("major", "minor", "patch").

    The most serious change decides: breaking bumps the major, compatible the minor, documentation (or no
    change at all, as for a generator change) the patch; `at_least` ("patch", "minor" or "major") raises that when
    the team judges a change more serious than the spec diff can see. Below 1.0 a breaking change bumps the
    minor, the usual rule for 0.x: it keeps 1.0 for when the team chooses to promise stability, and
    `~=0.3.0` still shuts breaking changes out; so does `at_least="major"` below 1.0.
    """
    from generator.diff.changes import Classification

    major, minor, patch = parse_version(version)
    classes = {change.classification for change in changes}
    if (Classification.BREAKING in classes or at_least == "major") and major > 0:
        return f"{major + 1}.0.0", "major"
    if classes & {Classification.BREAKING, Classification.COMPATIBLE} or at_least != "patch":
        return f"{major}.{minor + 1}.0", "minor"
    return f"{major}.{minor}.{patch + 1}", "patch"


def parse_version(version: str) -> tuple[int, int, int]:
    match = _VERSION.fullmatch(version)
    if match is None:
        raise ValueError(f"{version!r} is not a version MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


# -- reading and writing the record --------------------------------------------------------------------


def record_path(specs_dir: Path) -> Path:
    return specs_dir / RECORD_NAME


def read(path: Path) -> History | None:
    """The record at `path`, or None when there is none (the specs were never released)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReleaseRecordError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    return parse(data, str(path))


def parse(data: bytes, name: str) -> History:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseRecordError(f"{name}: not a JSON document ({exc})") from None
    releases = _member(document, "releases", list, name)
    if not releases:
        raise ReleaseRecordError(
            f"{name}: `releases` is empty; delete the file or run `atsgen release`"
        )
    history = tuple(_release(entry, f"{name}: releases[{i}]") for i, entry in enumerate(releases))
    for earlier, later in itertools.pairwise(history):
        if parse_version(later.version) <= parse_version(earlier.version):
            raise ReleaseRecordError(
                f"{name}: version {later.version} follows {earlier.version}: versions must increase"
            )
    return History(history)


def _release(entry: object, where: str) -> Release:
    version = _member(entry, "version", str, where)
    if _VERSION.fullmatch(version) is None:
        raise ReleaseRecordError(f"{where}: version {version!r} is not MAJOR.MINOR.PATCH")
    bump = _member(entry, "bump", str, where)
    if bump not in BUMPS:
        raise ReleaseRecordError(f"{where}: bump {bump!r} is not one of {', '.join(BUMPS)}")
    digest = _member(entry, "specs_digest", str, where)
    if _DIGEST.fullmatch(digest) is None:
        raise ReleaseRecordError(f"{where}: specs_digest is not sha256: and 64 hex digits")
    output = _optional_text(entry, "output_digest", where)
    if output is not None and _DIGEST.fullmatch(output) is None:
        raise ReleaseRecordError(f"{where}: output_digest is not sha256: and 64 hex digits")
    changes = _member(entry, "changes", list, where)
    return Release(
        version,
        bump,
        digest,
        tuple(_change(change, f"{where}.changes[{i}]") for i, change in enumerate(changes)),
        output_digest=output,
        output_files=_output_files(entry, where),
        generated=_generated(entry, where),
    )


def _output_files(entry: object, where: str) -> dict[str, str] | None:
    assert isinstance(entry, dict)
    files = entry.get("output_files")
    if files is None:
        return None
    if not isinstance(files, dict) or not all(
        isinstance(path, str) and isinstance(digest, str) and _FILE_DIGEST.fullmatch(digest)
        for path, digest in files.items()
    ):
        raise ReleaseRecordError(
            f"{where}: `output_files` must map each generated file to 64 hex digits"
        )
    return files


def _generated(entry: object, where: str) -> dict[str, tuple[str, ...]]:
    assert isinstance(entry, dict)
    generated = entry.get("generated", {})
    if not isinstance(generated, dict) or not set(generated) <= set(FILE_CHANGES):
        raise ReleaseRecordError(
            f"{where}: `generated` must be an object with lists {', '.join(FILE_CHANGES)}"
        )
    out = {}
    for kind in FILE_CHANGES:
        paths = generated.get(kind, [])
        if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
            raise ReleaseRecordError(f"{where}: `generated.{kind}` must be a list of file paths")
        if paths:
            out[kind] = tuple(paths)
    return out


def _change(entry: object, where: str) -> Change:
    from generator.diff.changes import Change, Classification

    texts = {key: _member(entry, key, str, where) for key in _CHANGE_TEXT_KEYS}
    optional = {key: _optional_text(entry, key, where) for key in _CHANGE_OPTIONAL_KEYS}
    value = _member(entry, "classification", str, where)
    try:
        classification = Classification(value)
    except ValueError:
        raise ReleaseRecordError(f"{where}: classification {value!r} is not known") from None
    return Change(
        vendor=texts["vendor"],
        operation=optional["operation"],
        location=texts["location"],
        kind=texts["kind"],
        before=optional["before"],
        after=optional["after"],
        classification=classification,
        reason=texts["reason"],
        source=_source(entry, where),
    )


def _source(entry: object, where: str) -> SourceRef | None:
    from generator.diff.changes import SourceRef

    assert isinstance(entry, dict)
    source = entry.get("source")
    if source is None:
        return None
    where = f"{where}.source"
    return SourceRef(
        _member(source, "id", str, where),
        _member(source, "title", str, where),
        _optional_text(source, "url", where),
    )


def _optional_text(entry: object, key: str, where: str) -> str | None:
    assert isinstance(entry, dict)
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise ReleaseRecordError(f"{where}: `{key}` must be a string or null")
    return value


def _member(entry: object, key: str, kind: type[Any], where: str) -> Any:
    if not isinstance(entry, dict):
        raise ReleaseRecordError(f"{where}: must be an object")
    value = entry.get(key)
    if not isinstance(value, kind):
        words = "a string" if kind is str else "a list"
        raise ReleaseRecordError(f"{where}: `{key}` must be {words}")
    return value
