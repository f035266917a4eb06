"""The release record: which SDK version each state of the specs was released as, and why.

`specs/releases.json` (beside the specs it describes, so a copy of the folder carries it, and never inside
generated/, which is output) is written by `atsgen release` and reviewed and committed like a spec:

    {
      "releases": [                                  oldest first; the last one is the current version
        {
          "version": "0.2.0",                        MAJOR.MINOR.PATCH
          "bump": "minor",                           "first", "major", "minor" or "patch"
          "specs_digest": "sha256:...",              the specs this release covers (`digest`)
          "changes": [ ... ]                         what `atsgen diff` found since the previous release,
        }                                            each object as `atsgen diff --format json` gives it
      ]
    }

The digest covers the specs' file names and bytes, not git history, so it is the same in a fresh clone, a
shallow one or a copy of the folder. Everything generated from the record (the version, CHANGELOG.md) is
rendered from these entries alone: no dates, no git queries, so output stays deterministic.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# generator.diff.changes imports the IR (20 ms): `atsgen generate --check` reads the record on every run,
# so the change types are imported where changes are built or judged.
if TYPE_CHECKING:
    from generator.diff.changes import Change, SourceRef

RECORD_NAME = "releases.json"
"""The record's file name, inside the specs folder (the loader reads only *.yaml there)."""

FIRST_VERSION = "0.1.0"
UNRELEASED_VERSION = "0.0.0"
"""The SDK's version while the specs have no release record: nothing has been released."""

BUMPS = ("first", "major", "minor", "patch")
_VERSION = re.compile(r"(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
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

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "bump": self.bump,
            "specs_digest": self.specs_digest,
            "changes": [change.as_json() for change in self.changes],
        }


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
        return History((*self.releases, release))

    def to_bytes(self) -> bytes:
        data = {"releases": [release.as_json() for release in self.releases]}
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# -- the digest of a state of the specs ----------------------------------------------------------------


def digest(files: Iterable[tuple[str, bytes]]) -> str:
    """`sha256:...` over each spec's file name (without its folder or revision) and bytes, in name order.

    Any byte of a spec counts, comments included: the record says which files a release was made from,
    and a change that `atsgen diff` finds nothing in is released as a patch that says so.
    """
    hasher = hashlib.sha256()
    for name, data in sorted((name.rsplit("/", 1)[-1].rsplit(":", 1)[-1], d) for name, d in files):
        encoded = name.encode("utf-8")
        hasher.update(b"%d:%s%d:" % (len(encoded), encoded, len(data)))
        hasher.update(data)
    return "sha256:" + hasher.hexdigest()


# -- versions ------------------------------------------------------------------------------------------


def next_release(version: str, changes: Iterable[Change]) -> tuple[str, str]:
    """The version after `version` for these changes, and the part it bumped ("major", "minor", "patch").

    The most serious change decides: breaking bumps the major, compatible the minor, documentation (or no
    change at all) the patch. Below 1.0 a breaking change bumps the minor, the usual rule for 0.x: it keeps
    1.0 for when the team chooses to promise stability, and `~=0.3.0` still shuts breaking changes out.
    """
    from generator.diff.changes import Classification

    major, minor, patch = parse_version(version)
    classes = {change.classification for change in changes}
    if Classification.BREAKING in classes and major > 0:
        return f"{major + 1}.0.0", "major"
    if classes & {Classification.BREAKING, Classification.COMPATIBLE}:
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
    specs_digest = _member(entry, "specs_digest", str, where)
    if _DIGEST.fullmatch(specs_digest) is None:
        raise ReleaseRecordError(f"{where}: specs_digest is not sha256: and 64 hex digits")
    changes = _member(entry, "changes", list, where)
    return Release(
        version,
        bump,
        specs_digest,
        tuple(_change(change, f"{where}.changes[{i}]") for i, change in enumerate(changes)),
    )


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
