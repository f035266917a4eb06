"""Read a YAML spec into plain data, remembering where each key and value stands in the file.

Specs are read with the YAML 1.2 core scalars rather than PyYAML's YAML 1.1 defaults, because the 1.1 rules
quietly change meaning in ways a spec reviewer would not see: `no`, `on` and `off` are strings here (not
booleans; the "Norway problem" for enum values), and `2024-01-15` stays a string (not a `date`, which is not
JSON). Duplicate keys, which PyYAML silently resolves to the last one, are errors, and so are anchors' merge
keys (`<<`), which hide fields from a reviewer reading the file top to bottom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.diagnostics import Diagnostics, Position, SpecPath

_BaseLoader: type[yaml.SafeLoader]
try:  # libyaml's parser when PyYAML was built with it: several times faster on large specs.
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - every PyYAML wheel ships libyaml
    _BaseLoader = yaml.SafeLoader


class _SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with the YAML 1.2 core schema's booleans, and no timestamps."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Document:
    """A spec file's data with the positions of its values and keys, by spec path."""

    file: str
    text: str
    data: Any = None
    values: dict[SpecPath, Position] = field(default_factory=dict)
    keys: dict[SpecPath, Position] = field(default_factory=dict)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def value_position(self, path: SpecPath) -> Position | None:
        """Where the value at `path` starts; for a missing path, the nearest enclosing value."""
        for end in range(len(path), -1, -1):
            position = self.values.get(path[:end])
            if position is not None:
                return position
        return None

    def key_position(self, path: SpecPath) -> Position | None:
        """Where the key naming `path` stands (falls back to the value's position)."""
        return self.keys.get(path) or self.value_position(path)


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def load(file: str, text: str, diagnostics: Diagnostics) -> Document:
    """Parse `text`; on a syntax error report it and return a document with `data` None."""
    document = Document(file=file, text=text)
    loader = _SpecLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            diagnostics.error(file, Position(1, 1), (), "the file is empty; a spec starts with `spec_version: 1`")
            return document
        document.data = _build(root, (), document, loader, diagnostics)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "not valid YAML"
        context = f" ({exc.context})" if exc.context else ""
        diagnostics.error(
            file,
            _position(mark) if mark is not None else None,
            (),
            f"YAML syntax error: {problem}{context}; fix the YAML before anything else can be checked",
        )
        return document
    except yaml.YAMLError as exc:  # reader errors: bad encoding, control characters
        diagnostics.error(file, None, (), f"cannot read the file as YAML: {exc}")
        return document
    finally:
        loader.dispose()
    return document


def _build(node: Any, path: SpecPath, doc: Document, ctor: Any, diagnostics: Diagnostics) -> Any:
    doc.values[path] = _position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key_position = _position(key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                diagnostics.error(
                    doc.file,
                    key_position,
                    path,
                    "YAML merge keys (<<) are not supported in specs; write the keys out so a reviewer sees them",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                diagnostics.error(doc.file, key_position, path, "a mapping key must be a plain value, not a list or mapping")
                continue
            key = ctor.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                # Keys such as `200:` or `true:` are read as numbers or booleans; specs use them as text.
                key = key_node.value
            if key in first_seen:
                seen = first_seen[key]
                diagnostics.error(
                    doc.file,
                    key_position,
                    path + (key,),
                    f"duplicate key {key!r} (first defined at line {seen.line}); YAML keeps only the last one, "
                    "so remove or rename one of them",
                )
                continue
            first_seen[key] = key_position
            doc.keys[path + (key,)] = key_position
            result[key] = _build(value_node, path + (key,), doc, ctor, diagnostics)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), doc, ctor, diagnostics) for index, item in enumerate(node.value)]
    try:
        return ctor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        diagnostics.error(doc.file, _position(node.start_mark), path, f"cannot read this value: {exc}")
        return None
