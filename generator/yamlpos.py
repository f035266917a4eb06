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

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """The tag of a node, as PyYAML resolves it; a plain scalar's is remembered by its text.

        The composer asks for the tag of every value, and a plain scalar's depends on its text alone (the
        loader has no path resolvers): a spec repeats the same keys and words thousands of times, and each
        would otherwise be matched against the resolvers' patterns again.
        """
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
            return tag
        resolved: str = super().resolve(kind, value, implicit)
        return resolved


_SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


MAX_ALIAS_COPIES = 100_000
"""How many values aliases may add to a file beyond those written in it: an alias bomb (each alias copying
the one before, twice) grows without bound, while a real spec repeats far less than this. Values written out
are not limited: a vendor with a thousand operations is long, not hostile."""
_MAX_DEPTH = 100
"""Nesting deeper than this (below the top-level mapping) is reported where it starts, before any recursive reader
follows it."""


@dataclass
class Document:
    """A spec file's data with the positions of its values and keys, by spec path."""

    file: str
    text: str
    data: Any = None
    values: dict[SpecPath, yaml.Mark] = field(default_factory=dict)
    keys: dict[SpecPath, yaml.Mark] = field(default_factory=dict)
    """Where each value and key starts, as the YAML reader's marks (0-based): a spec has tens of thousands of
    values and reports need the positions of a few, so they become `Position`s only when asked for."""
    unreadable: set[SpecPath] = field(default_factory=set)
    """Values already reported as unreadable (an unsupported tag): later stages' findings about them are noise."""
    budget: int = MAX_ALIAS_COPIES
    """Values still allowed: aliases copy whole subtrees, so a few lines can expand without bound."""
    may_merge: bool = True
    """Whether a mapping may hold a merge key: only when the text has `<<` (the plain key) or `!` (a tag)."""

    def is_unreadable(self, path: SpecPath) -> bool:
        """Whether `path` is, or lies inside, a value already reported as unreadable."""
        return any(path[: len(bad)] == bad for bad in self.unreadable)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def value_position(self, path: SpecPath) -> Position | None:
        """Where the value at `path` starts; for a missing path, the nearest enclosing value."""
        for end in range(len(path), -1, -1):
            mark = self.values.get(path[:end])
            if mark is not None:
                return _position(mark)
        return None

    def key_position(self, path: SpecPath) -> Position | None:
        """Where the key naming `path` stands (falls back to the value's position)."""
        mark = self.keys.get(path)
        return _position(mark) if mark is not None else self.value_position(path)


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _TooManyValues(Exception):
    def __init__(self, position: Position) -> None:
        self.position = position


class _TooDeep(Exception):
    def __init__(self, position: Position) -> None:
        self.position = position


_DEPTH_STEPS: dict[type, int] = {
    yaml.SequenceStartEvent: 1,
    yaml.MappingStartEvent: 1,
    yaml.SequenceEndEvent: -1,
    yaml.MappingEndEvent: -1,
}


def _check_depth(text: str) -> bool:
    """Raise _TooDeep at the first list or mapping nested more than _MAX_DEPTH levels below the top; return
    whether the file has an alias (*name), the only way its values can repeat, cycle or multiply.

    libyaml's composer builds nodes recursively in C, with no recursion limit: tens of thousands of nested
    `[`, `{`, `- ` or `? ` (80 KB of text) overflow the C stack and kill the process before Python can raise
    RecursionError. Its parser, which produces the events counted here, keeps its own stack on the heap, so
    counting them is safe at any depth, and exact: brackets in strings and comments are not events. The pass
    costs about a third of reading the YAML (2 ms of 6 ms for the largest spec). Syntax errors it meets are
    raised as the composer would raise them.
    """
    parser = _SpecLoader(text)
    depth = 0
    aliases = False
    steps = _DEPTH_STEPS
    try:
        for event in iter(parser.get_event, None):
            step = steps.get(type(event), 0)
            if step:
                depth += step
                # The top-level collection is level 0: `key: [...]` in a spec is one level deep.
                if depth > _MAX_DEPTH + 1:
                    raise _TooDeep(_position(event.start_mark))
            elif type(event) is yaml.AliasEvent:
                aliases = True
    finally:
        parser.dispose()
    return aliases


def _written(root: yaml.Node) -> int:
    """How many values the file writes out: its composed nodes, each counted once however many aliases
    refer to it (walked with a stack, not recursion, and without expanding any alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


def load(file: str, text: str, diagnostics: Diagnostics) -> Document:
    """Parse `text`; on a syntax error report it and return a document with `data` None."""
    document = Document(file=file, text=text)
    loader = _SpecLoader(text)
    try:
        aliases = _check_depth(text)
        root = loader.get_single_node()
        if root is None:
            what = "holds only comments" if text.strip() else "is empty"
            diagnostics.error(
                file, Position(1, 1), (), f"the file {what}; a spec starts with `spec_version: 1`"
            )
            return document
        document.may_merge = "<<" in text or "!" in text
        # Without aliases every value is written out: none can cycle or be copied, so none is counted.
        within = frozenset[int]() if aliases else None
        if aliases:
            document.budget = _written(root) + MAX_ALIAS_COPIES
        document.data = _build(root, (), document, loader, diagnostics, within)
    except _TooManyValues as exc:
        diagnostics.error(
            file,
            exc.position,
            (),
            f"aliases expand the file by more than {MAX_ALIAS_COPIES:,} values: anchors and aliases (&name, "
            "*name) copy whole lists and mappings; write each value out, or share it with `definitions` and "
            "`ref`",
        )
        document.data = None
        return document
    except _TooDeep as exc:
        _too_deep(document, exc.position, diagnostics)
        return document
    except RecursionError:  # aliases nested in aliases: deep only once expanded
        _too_deep(document, _deep_position(text), diagnostics)
        return document
    except yaml.MarkedYAMLError as exc:
        position, message = _syntax_error(exc, text)
        message = f"YAML syntax error: {message}; fix the YAML before anything else can be checked"
        diagnostics.error(file, position, (), message)
        return document
    except yaml.reader.ReaderError as exc:  # characters YAML does not allow in a file
        position = _offset_position(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        diagnostics.error(
            file,
            position,
            (),
            f"the control character U+{code:04X} is not allowed in a YAML file; remove it (inside a double-quoted "
            "string, write it as an escape such as \\t or \\u0007)",
        )
        return document
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        diagnostics.error(file, None, (), f"cannot read the file as YAML: {exc}")
        return document
    finally:
        loader.dispose()
    return document


def _too_deep(document: Document, position: Position, diagnostics: Diagnostics) -> None:
    document.data = None
    diagnostics.error(
        document.file,
        position,
        (),
        f"lists and mappings are nested too deeply (more than {_MAX_DEPTH} levels) to be a spec; "
        "close the brackets or remove the nesting",
    )


def _deep_position(text: str) -> Position:
    """Where bracket nesting first goes deeper than _MAX_DEPTH (the start of the file when it is not brackets)."""
    depth = 0
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return _offset_position(text, offset)
        elif char in "]}":
            depth -= 1
    return Position(1, 1)


def _offset_position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position | None, str]:
    """Where a YAML syntax error is best fixed, and what to do, in words for a spec author.

    libyaml's messages name parser states ("did not find expected key while parsing a block mapping"), and its
    position is where parsing failed, which for an unclosed quote or bracket is lines below the mistake. The
    common cases are translated and pointed at the mistake itself; anything else keeps libyaml's words.
    """
    problem = exc.problem or "not valid YAML"
    context = exc.context or ""
    mark, context_mark = exc.problem_mark, exc.context_mark
    where = _position(mark) if mark is not None else None
    if mark is None:
        return None, problem + (f" ({context})" if context else "")
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    at = f"line {mark.line + 1}, column {mark.column + 1}"

    if (
        "\t" in indent
        or "tab character" in problem
        or (mark.column < len(line) and line[mark.column] == "\t")
    ):
        column = indent.index("\t") if "\t" in indent else mark.column
        return (
            Position(mark.line + 1, column + 1),
            "a tab character indents this line; YAML indentation must be spaces",
        )
    if "end of stream" in problem and "quoted scalar" in context and context_mark is not None:
        quote = (
            text.splitlines()[context_mark.line][context_mark.column : context_mark.column + 1]
            or '"'
        )
        return (
            _position(context_mark),
            f"the string opened with {quote} here is never closed; add the closing {quote}",
        )
    unclosed = _multiline_quoted_string(text, mark.line)
    if unclosed is not None:
        start, end_line, quote = unclosed
        return start, (
            f"the string opened with {quote} here runs on to line {end_line}: is its closing {quote} missing? "
            f"(YAML then stopped at {at}: {problem})"
        )
    if "flow sequence" in context or "flow mapping" in context:
        opener, closer, noun = (
            ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
        )
        if context_mark is not None:
            return _position(context_mark), (
                f"the {noun} opened with {opener} here is not closed with {closer}, or a ',' is missing "
                f"between its entries (YAML stopped at {at}: {problem})"
            )
    starts_line = mark.column == len(indent)
    if problem.startswith("mapping values are not allowed"):
        return where, (
            "a ': ' where no new key can start: quote a value that contains ': ' "
            '(description: "Note: ..."), or line this key up with the keys above it'
        )
    if problem.startswith("did not find expected key") and context_mark is not None:
        if starts_line and mark.column != context_mark.column:
            columns = {context_mark.column + 1: context_mark.line + 1}
            above = _previous_content_line(lines, mark.line)
            if above is not None:
                columns.setdefault(above[1], above[0])
            choices = " or ".join(
                f"column {column} (line {number})"
                for column, number in sorted(columns.items(), reverse=True)
            )
            return where, (
                f"this line is indented to column {mark.column + 1}, which lines up with no key above it; "
                f"indent it like the keys at {choices}, with spaces"
            )
        return where, (
            f"unexpected text in the mapping that starts at line {context_mark.line + 1}; look for a stray "
            "character, or a quote or bracket that is not closed"
        )
    if problem.startswith("did not find expected '-' indicator") and context_mark is not None:
        return where, (
            f"this line does not line up with the list items (- ...) that start at line {context_mark.line + 1}, "
            f"column {context_mark.column + 1}; indent it as an item, or as a key of the item above"
        )
    if "another document" in problem:
        return (
            where,
            "a spec is a single YAML document; remove this `---` line, and move what follows to its own file",
        )
    if problem.startswith("found undefined alias"):
        return (
            where,
            "this alias (*name) refers to no anchor (&name) above; write the value out instead",
        )
    return where, problem + (f" ({context})" if context else "")


def _previous_content_line(lines: list[str], index: int) -> tuple[int, int] | None:
    """The 1-based number and indentation column of the nearest line above `index` that holds YAML."""
    for number in range(index - 1, -1, -1):
        stripped = lines[number].lstrip(" ")
        if stripped and not stripped.startswith("#"):
            return number + 1, len(lines[number]) - len(stripped) + 1
    return None


def _multiline_quoted_string(text: str, error_line: int) -> tuple[Position, int, str] | None:
    """A quoted string that spans lines and ends on the error's line: most likely, its closing quote is missing.

    YAML lets a quoted string run over several lines, so an unclosed quote swallows the lines below it until the
    next quote character, and the parser fails there instead of at the opening quote.
    """
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > error_line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == error_line
            ):
                found = (_position(token.start_mark), token.end_mark.line + 1, token.style)
    except yaml.YAMLError:
        pass  # the scan stops at the same error; the tokens before it are all it needs
    return found


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name: name for name in ("str", "int", "float", "bool", "null")}
_STR = _CORE + "str"
_COLLECTION_TAGS = {yaml.MappingNode: _CORE + "map", yaml.SequenceNode: _CORE + "seq"}


def _tag_supported(node: Any, path: SpecPath, doc: Document, diagnostics: Diagnostics) -> bool:
    """Specs hold plain JSON-like data: a tag beyond the core ones (`!!binary`, `!!python/...`, `!x`) is an error."""
    expected = _COLLECTION_TAGS.get(type(node))
    if node.tag == expected or (expected is None and node.tag in _SCALAR_TAGS):
        return True
    shown = "!!" + node.tag[len(_CORE) :] if node.tag.startswith(_CORE) else node.tag
    doc.unreadable.add(path)
    diagnostics.error(
        doc.file,
        _position(node.start_mark),
        path,
        f"the YAML tag {shown} is not supported in specs; remove it (a spec holds plain text, numbers, true/false, "
        "lists and mappings)",
    )
    return False


_MERGE = _CORE + "merge"


def _merged(
    node: Any,
    path: SpecPath,
    doc: Document,
    ctor: Any,
    diagnostics: Diagnostics,
    within: frozenset[int] | None,
) -> dict[str, Any]:
    """Report each merge key (`<<: *anchor`) of a mapping, and return the keys it would merge in.

    Merge keys are errors, but the rest of the spec is still checked as YAML 1.1 would have read it, so the
    author is not also told that the merged keys (a field's `type`, say) are missing.
    """
    merged: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE:
            continue
        diagnostics.error(
            doc.file,
            _position(key_node.start_mark),
            path,
            "YAML merge keys (<<) are not supported in specs; write the keys out so a reviewer sees them",
        )
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if isinstance(source, yaml.MappingNode):
                position = doc.values[path]
                built = _build(source, path, doc, ctor, diagnostics, within)
                for key, value in (built if isinstance(built, dict) else {}).items():
                    merged.setdefault(key, value)
                doc.values[path] = position
    return merged


def _build(
    node: Any,
    path: SpecPath,
    doc: Document,
    ctor: Any,
    diagnostics: Diagnostics,
    within: frozenset[int] | None = None,
) -> Any:
    """The plain value of `node`.

    `within`: the collections being built around it, to catch alias cycles and count the values aliases add;
    None when the file has no aliases, which can then neither cycle nor expand (the usual case, and the
    cheaper one: this runs once for every value of a spec).
    """
    if within is not None and not _count_value(node, path, doc, diagnostics, within):
        return None
    doc.values[path] = node.start_mark
    node_type = type(node)
    if node_type is yaml.ScalarNode:
        return _scalar(node, path, doc, ctor, diagnostics)
    if node.tag != _COLLECTION_TAGS[node_type]:
        _tag_supported(node, path, doc, diagnostics)
    if within is not None:
        within = within | {id(node)}
    if node_type is yaml.MappingNode:
        return _mapping(node, path, doc, ctor, diagnostics, within)
    return [
        _build(item, path + (index,), doc, ctor, diagnostics, within)
        for index, item in enumerate(node.value)
    ]


def _count_value(
    node: Any, path: SpecPath, doc: Document, diagnostics: Diagnostics, within: frozenset[int]
) -> bool:
    """Count one more value against the alias budget; False (reported) when `node` is an alias cycle."""
    if id(node) in within:
        # `a: &x {b: *x}`: an alias inside the value it names. The alias's own position is gone after composing,
        # so point at the first `*` after the key (or list) that holds it.
        doc.unreadable.add(path)
        holder = _position(doc.keys.get(path) or doc.values.get(path[:-1]) or node.start_mark)
        line = doc.lines[holder.line - 1] if holder.line <= len(doc.lines) else ""
        star = line.find("*", holder.column - 1)
        diagnostics.error(
            doc.file,
            Position(holder.line, star + 1) if star >= 0 else holder,
            path,
            "this alias refers to a mapping or list that contains it, a cycle no JSON value can hold; write the "
            "value out instead",
        )
        return False
    doc.budget -= 1
    if doc.budget < 0:
        # Point at the key whose value was being expanded: the alias's own position is gone after composing.
        keyed = [doc.keys[path[:n]] for n in range(len(path), 0, -1) if path[:n] in doc.keys]
        raise _TooManyValues(_position(keyed[0] if keyed else node.start_mark))
    return True


def _mapping(
    node: Any,
    path: SpecPath,
    doc: Document,
    ctor: Any,
    diagnostics: Diagnostics,
    within: frozenset[int] | None,
) -> dict[str, Any]:
    # Merge keys can only be there when the file writes `<<` or a tag: otherwise the pass is not needed.
    result = _merged(node, path, doc, ctor, diagnostics, within) if doc.may_merge else {}
    first_seen: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            continue
        if type(key_node) is not yaml.ScalarNode:
            diagnostics.error(
                doc.file,
                _position(key_node.start_mark),
                path,
                "a mapping key must be a plain value, not a list or mapping",
            )
            continue
        # Keys are text: `200:` and `true:` name a status and a field, not a number and a boolean.
        key: str = key_node.value
        if key_node.tag not in _SCALAR_TAGS and not _tag_supported(
            key_node, path, doc, diagnostics
        ):
            continue
        key_path = path + (key,)
        if key in first_seen:
            diagnostics.error(
                doc.file,
                _position(key_node.start_mark),
                key_path,
                f"duplicate key {key!r} (first defined at line {first_seen[key].line + 1}); YAML keeps only the "
                "last one, so remove or rename one of them",
            )
            continue
        first_seen[key] = doc.keys[key_path] = key_node.start_mark
        result[key] = _build(value_node, key_path, doc, ctor, diagnostics, within)
    return result


_SCALAR_KINDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "null",
}


def _scalar(node: Any, path: SpecPath, doc: Document, ctor: Any, diagnostics: Diagnostics) -> Any:
    tag = node.tag
    if tag == _STR:  # most values: the text is the value
        return node.value
    if not _tag_supported(node, path, doc, diagnostics):
        # The text as written, so the unsupported tag is the only error reported for it.
        return node.value
    try:
        # The constructor PyYAML's construct_object would pick for this tag, called directly: the tag is
        # already resolved, and a scalar needs none of construct_object's bookkeeping for recursive values.
        return ctor.yaml_constructors[tag](ctor, node)
    # An explicit tag on a value it cannot read: `!!int abc`.
    except (
        yaml.YAMLError,
        ValueError,
        KeyError,
    ):
        doc.unreadable.add(path)
        name = _SCALAR_TAGS[tag]
        diagnostics.error(
            doc.file,
            _position(node.start_mark),
            path,
            f"{node.value!r} cannot be read as {_SCALAR_KINDS[name]}, as its tag !!{name} asks; remove the tag "
            "or fix the value",
        )
        return node.value
