"""Finding the class a generated annotation gives a nested value, for the tests of request and response types.

A path is the steps from a value down to a nested one: an object key (the wire name) or 0 (an array's item).
The classes are read from the resolved annotations (`typing.get_type_hints`), as a type checker reads them.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

Step = str | int
MYPY_TIMEOUT = 300
_counter = itertools.count()


def module_from_source(source: str, stem: str) -> types.ModuleType:
    """Run generated source as a module registered in `sys.modules` (annotations resolve through it)."""
    name = f"_atsgen_test_{stem}_{next(_counter)}"
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, name, "exec"), module.__dict__)
    return module


def flatten(hint: Any) -> Iterator[Any]:
    """Every type named inside a hint: union members, item types, `NotRequired[...]` contents."""
    arguments = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin is None or origin is typing.Literal:
        yield hint
        return
    for argument in arguments:
        yield from flatten(argument)
    if origin not in (typing.Union, types.UnionType):
        yield origin


def is_typeddict(value: Any) -> bool:
    return isinstance(value, type) and typing.is_typeddict(value)


def is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def fields(cls: Any) -> dict[str, Any]:
    """A TypedDict's or a pydantic model's fields by wire name: each one's resolved annotation."""
    if is_model(cls):
        return {(f.alias or name): f.annotation for name, f in cls.model_fields.items()}
    hints: dict[str, Any] = typing.get_type_hints(cls)
    return hints


def follow(hint: Any, path: tuple[Step, ...]) -> Any:
    """The annotation of the value at `path` below a value annotated `hint`."""
    for step in path:
        hint = _unrooted(hint)
        if isinstance(step, int):
            [hint] = [typing.get_args(m)[0] for m in members(hint) if typing.get_origin(m) is list]
            continue
        [cls] = [m for m in members(hint) if is_typeddict(m) or is_model(m)]
        hint = fields(cls)[step]
    return hint


def _unrooted(hint: Any) -> Any:
    """A root model (a response body that is an array or a union) as the annotation of its `root`."""
    if isinstance(hint, type) and is_model(hint) and "root" in hint.model_fields:
        return hint.model_fields["root"].annotation
    return hint


def members(hint: Any) -> tuple[Any, ...]:
    """A union's members; any other hint alone."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def classes(hint: Any) -> list[Any]:
    """The TypedDicts and models a hint names (the class of an object at that place)."""
    return [c for c in flatten(hint) if is_typeddict(c) or is_model(c)]


def mypy_strict(
    files: list[Path], cwd: Path, mypy_path: Path | None = None
) -> tuple[int, list[str]]:
    """mypy --strict on the files (importing from `mypy_path` first): its exit status and its error lines."""
    env = {**os.environ, "MYPYPATH": str(mypy_path)} if mypy_path is not None else None
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary"]
        + [str(f) for f in files],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=MYPY_TIMEOUT,
        check=False,
    )
    return result.returncode, [line for line in result.stdout.splitlines() if ": error:" in line]
