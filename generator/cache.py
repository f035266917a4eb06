"""What makes `atsgen generate` incremental: input keys, rendered outputs kept by key, the last run's state.

An input key is a hash of everything an output depends on: the generator's own code and templates, the
pinned dependency versions (constraints.txt) and the spec bytes. Rendered files are kept under the key in
`.atsgen-cache/outputs/` (machine-local, never committed): an index of the files' digests per key, each file
once by its digest, and only the last run's keys (`Cache.prune`), so an unchanged spec is not rendered again
even when another spec changed, and an edit adds only the files it changed. `state.json` records the key and output hashes of the last successful run: when
neither the inputs nor generated/ changed since, a run has nothing to do and never loads a spec, a template
or the formatter.

Beside them, two content-keyed stores (`FragmentStore`) keep work finer than a vendor: formatted Python
(`format/`: fragments, statements and whole modules, see `formatting` and `render.format_python`) and
datamodel-code-generator's output (`models/`, see `emit.models.using`), so an edit to one operation redoes
the work of what it changed. The `format/` store also keeps each operation's rendered piece of the
validators, client, spec and docs jobs, under a digest of what the piece reads (`render.cached_piece`).

The cache only ever saves work: deleting it changes no output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import render, write
from generator.formatting import FragmentStore
from generator.render import TEMPLATES_DIR

GENERATOR_DIR = Path(__file__).resolve().parent
PROJECT_DIR = GENERATOR_DIR.parent
CACHE_DIR = Path(".atsgen-cache")
_FORMAT = "1"  # bump when the cache layout changes


def _hash_files(digest: hashlib._Hash, paths: Iterable[Path], root: Path) -> None:
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def generator_fingerprint() -> str:
    """A hash of the generator's code, templates and pinned dependencies: any change invalidates the cache."""
    digest = hashlib.sha256(_FORMAT.encode())
    sources = [
        p
        for p in GENERATOR_DIR.rglob("*")
        if p.suffix in (".py", ".json", ".toml") and "__pycache__" not in p.parts
    ]
    templates = [
        p for p in TEMPLATES_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]
    _hash_files(digest, sources, PROJECT_DIR)
    _hash_files(digest, templates, TEMPLATES_DIR)
    # The runtime is copied from its own package's folder, which an installed atsgen keeps apart from
    # its templates: hashed on its own, an edit to it re-copies it on the next run.
    _hash_files(digest, render.RUNTIME_DIR.glob("*.py"), render.RUNTIME_DIR)
    constraints = PROJECT_DIR / "constraints.txt"
    if constraints.is_file():
        digest.update(constraints.read_bytes())
    return digest.hexdigest()


def input_key(fingerprint: str, scope: str, *parts: tuple[str, bytes]) -> str:
    """A key for outputs that depend on `parts`; `scope` keeps different kinds of output apart."""
    digest = hashlib.sha256(f"{fingerprint}\0{scope}\0".encode())
    for name, content in parts:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


class Cache:
    def __init__(self, directory: Path = CACHE_DIR) -> None:
        self.directory = directory

    def _entry(self, key: str) -> Path:
        return self.directory / "outputs" / f"{key}.json"

    def _blob(self, digest: str) -> Path:
        return self.directory / "outputs" / "files" / digest[:2] / digest

    def fragments(self) -> FragmentStore:
        """Where formatted Python fragments are kept (`formatting`), keyed by their own content."""
        return FragmentStore(self.directory / "format")

    def models(self) -> FragmentStore:
        """Where datamodel-code-generator's output is kept (`emit.models.using`), keyed by its input."""
        return FragmentStore(self.directory / "models")

    def outputs(self, key: str) -> dict[str, bytes] | None:
        """The outputs kept under `key`; None when they are not all there intact."""
        try:
            index = json.loads(self._entry(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(index, dict):
            return None
        outputs: dict[str, bytes] = {}
        for path, digest in index.items():
            try:
                content = self._blob(str(digest)).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(content).hexdigest() != digest:
                # Damaged: render again, and let the next `store` write it afresh (it writes only
                # files that are not there).
                with contextlib.suppress(OSError):
                    self._blob(str(digest)).unlink()
                return None
            outputs[path] = content
        return outputs

    def store(self, key: str, outputs: Mapping[str, bytes]) -> None:
        """Keep `outputs` under `key`: an index of their digests, and each file once by its digest, so an
        edit that changes five files of a large vendor writes five files and an index (a whole copy of the
        vendor's output was 18 MB at 500 operations, written on every edit)."""
        index = {}
        for path, content in outputs.items():
            digest = hashlib.sha256(content).hexdigest()
            index[path] = digest
            blob = self._blob(digest)
            if not blob.exists():
                self._write_bytes(blob, content)
        self._write_json(self._entry(key), index)

    def prune(self, keep: Iterable[str]) -> None:
        """Forget the outputs kept under any key but `keep` (the keys of the run that just finished), and
        the files no index refers to any more, so that the cache does not grow by an edit's worth of output
        with every edit. Best effort, like every cache write."""
        folder = self.directory / "outputs"
        kept = {f"{key}.json" for key in keep}
        referenced: set[str] = set()
        try:
            indexes = [path for path in folder.iterdir() if path.suffix == ".json"]
        except OSError:
            return
        for path in indexes:
            if path.name not in kept:
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            try:
                index = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(index, dict):
                referenced.update(str(digest) for digest in index.values())
        for blob in (folder / "files").glob("*/*"):
            if blob.name not in referenced and not blob.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    blob.unlink()

    def state(self) -> dict[str, object] | None:
        try:
            state = json.loads((self.directory / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) else None

    def save_state(
        self, key: str, out_dir: Path, outputs: Mapping[str, bytes], *, operations: int
    ) -> None:
        """Record a finished run: its input key, and what it wrote (for the next run's fast path)."""
        hashes = {path: write.digest(content) for path, content in sorted(outputs.items())}
        state = {"key": key, "out_dir": str(out_dir), "outputs": hashes, "operations": operations}
        self._write_json(self.directory / "state.json", state)

    def _write_json(self, path: Path, data: object) -> None:
        self._write_bytes(
            path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        )

    def _write_bytes(self, path: Path, content: bytes) -> None:
        """Best effort: a cache that cannot be written only costs time. Written under a temporary name,
        then renamed, so a reader never sees half a file."""
        temp = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(content)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()


@dataclass(frozen=True)
class LastRun:
    """What the last run produced, when nothing has changed since: enough for the summary line."""

    operations: int
    files: int


def unchanged_since_last_run(cache: Cache, key: str, out_dir: Path) -> LastRun | None:
    """The last run, when the inputs hash to its key and generated/ still holds exactly its output."""
    state = cache.state()
    if state is None or state.get("key") != key or state.get("out_dir") != str(out_dir):
        return None
    expected, operations = state.get("outputs"), state.get("operations")
    if not isinstance(expected, dict) or not isinstance(operations, int):
        return None
    on_disk = list(write.existing_files(out_dir))
    if set(on_disk) != set(expected):
        return None
    if any(write.digest((out_dir / path).read_bytes()) != expected[path] for path in on_disk):
        return None
    return LastRun(operations, len(on_disk))
