"""Which source files name the members of a kind: the measure of "one home per kind".

A file names a member when it holds a string literal equal to the member's name (Python string tokens,
JSON strings, quoted strings in Jinja templates), or, in Python, the member's enum-style name
(`RuleKind.AT_LEAST_ONE_OF` names `at_least_one_of`). The registry tests declare, per kind, the files a new
member may touch, and fail when any other file names a member: that is where a stage re-derives the kind.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("generator", "templates")
_QUOTED = re.compile(r"""(["'])((?:(?!\1)[^\\\n]|\\.)*)\1""")


def _python_strings(text: str) -> Iterator[str]:
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NAME and token.string.isupper():
            yield token.string.lower().replace("_", "-")
            yield token.string.lower()
        elif token.type == tokenize.STRING:
            try:
                value = ast.literal_eval(token.string)
            except (ValueError, SyntaxError):  # f-strings and the like: not a plain name
                continue
            if isinstance(value, str):
                yield value


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)


def strings_in(path: Path) -> set[str]:
    """The string literals of one source file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return set(_python_strings(text))
    if path.suffix == ".json":
        return set(_json_strings(json.loads(text)))
    return {match.group(2) for match in _QUOTED.finditer(text)}


def source_files() -> list[Path]:
    """Every Python, JSON and Jinja source of the generator and the runtime."""
    return sorted(
        path
        for root in SOURCE_ROOTS
        for path in (ROOT / root).rglob("*")
        if path.suffix in (".py", ".json", ".jinja") and "__pycache__" not in path.parts
    )


def files_naming(members: Iterable[str]) -> set[str]:
    """The source files (relative to the repository) that name any of `members` as a string literal."""
    wanted = set(members)
    return {
        path.relative_to(ROOT).as_posix() for path in source_files() if strings_in(path) & wanted
    }
