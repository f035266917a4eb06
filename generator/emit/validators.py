"""Generate request validators: intermediate-form schemas to straight-line Python.

Each object schema becomes one function `(value: dict, path: str, errors: list) -> None` that appends a
`Violation` for every problem and returns; nothing stops at the first error, and nothing writes to the
payload. Scalars are checked inline with `if`/`elif` chains on the value's JSON type. Every literal (keys,
enum values, messages, patterns) is written by `pycode` (exact literals), so no string from a spec can change the code's
meaning; JSON pointers are built from escaped wire names and only concatenated at run time.

The output is a `ValidatorModule`, the render model: constants as finished literals, and functions whose
bodies are statement nodes (`pylayout`: a call, a simple statement, a block with a header). The template
lays the module out and has `pylayout.lines` write the bodies, as black would: the module is emitted
black-stable, and generation does not run black on it (`formatting`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator import ir, naming, pycode, pylayout, render
from generator.ecma_regex import to_python as ecma_to_python
from generator.kinds import formats, locations, rules
from generator.phrasing import file_size, or_list, show_value
from generator.pylayout import Block, Call, Do, Expression, Logic, Statement, Tuple

INDENT = "    "
_ENUM_SHOWN = 8  # longer enums are abbreviated in messages: never hundreds of values
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "object": "an object",
    "array": "an array",
    "null": "null",
}
_ENTRY_PARAMETERS = ("payload: object",)
# Every checker function takes the value, then where it is and where to report.
_CHECK_PARAMETERS = ("path: str", "errors: list[Violation]")
_PART_NOUNS = {
    **{location.part: location.plural for location in locations.SUPPORTED if location.part},
    ir.BODY: "request body",
}


Layout = Callable[[Sequence[Statement], int], Iterator[str]]
"""How statements become lines at a depth: `pylayout.lines`, as black lays them out."""


@dataclass(frozen=True)
class Constant:
    name: str
    value: Expression
    comment: str | None = None

    @property
    def statements(self) -> tuple[Statement, ...]:
        return (Do(self.value, target=f"{self.name}: Final"),)

    def text(self, layout: Layout) -> str:
        """The constant as the module shows it (its comment, then its statement), laid out by `layout`."""
        return "\n".join([*([self.comment] if self.comment else []), *layout(self.statements, 0)])


@dataclass(frozen=True)
class Function:
    name: str
    parameters: tuple[str, ...]
    returns: str
    doc: str | None
    body: tuple[Statement, ...]

    @property
    def definition(self) -> tuple[str, ...]:
        """The `def` line(s), split as black splits them."""
        return pylayout.definition(self.name, self.parameters, self.returns)

    def text(self, layout: Layout) -> str:
        """The function as the module shows it, its body laid out by `layout`."""
        doc = [INDENT + self.doc] if self.doc else []
        return "\n".join([*self.definition, *doc, *layout(self.body, 1)])


@dataclass(frozen=True)
class EntryPoint:
    operation_id: str
    part: ir.Part
    function: str

    @property
    def key(self) -> str:
        """The dispatch key as a Python literal (laid out by the template; see `emitted_stable`)."""
        return pycode.value((self.operation_id, self.part))


@dataclass(frozen=True)
class _Module:
    """What `validators.py.jinja` lays out besides the constants and functions."""

    runtime_imports: tuple[str, ...]
    entry_points: tuple[EntryPoint, ...]
    operation_ids: tuple[str, ...]

    @property
    def operations(self) -> tuple[Statement, ...]:
        ids = Tuple(tuple(pycode.string(operation_id) for operation_id in self.operation_ids))
        return (Do(ids, target="OPERATIONS: Final"),)

    def emitted_stable(self, module_doc: str) -> bool:
        """Whether the template's own lines are black's: the statements are (`pylayout`), and so are the
        fixed lines unless a name or a docstring from the spec makes one of them too long or odd; such a
        module is formatted by black instead."""
        entries = (f"{INDENT}{entry.key}: {entry.function}," for entry in self.entry_points)
        return (
            all(pylayout.fits(line) for line in entries)
            and pylayout.plain_docstring(module_doc)
            and self._plain_docstrings()
        )

    def _plain_docstrings(self) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class ValidatorModule(_Module):
    constants: tuple[Constant, ...] = ()
    functions: tuple[Function, ...] = ()

    def constant_texts(self, layout: Layout) -> Iterator[str]:
        return (constant.text(layout) for constant in self.constants)

    def function_texts(self, layout: Layout) -> Iterator[str]:
        return (function.text(layout) for function in self.functions)

    def _plain_docstrings(self) -> bool:
        return all(pylayout.plain_docstring(f.doc) for f in self.functions if f.doc)


@dataclass(frozen=True)
class RenderedModule(_Module):
    """A vendor's module with its constants and functions already laid out (by `pylayout.lines`),
    operation by operation, each operation's kept by what it reads (`rendered`)."""

    constant_text: tuple[str, ...] = ()
    function_text: tuple[str, ...] = ()
    docs_plain: bool = True

    def constant_texts(self, layout: Layout) -> tuple[str, ...]:
        """The constants as laid out when built (by `pylayout.lines`, the layout generation uses)."""
        return self.constant_text

    def function_texts(self, layout: Layout) -> tuple[str, ...]:
        """The functions as laid out when built (by `pylayout.lines`, the layout generation uses)."""
        return self.function_text

    def _plain_docstrings(self) -> bool:
        return self.docs_plain


def build(vendor: ir.Vendor) -> ValidatorModule:
    writer = _Writer()
    entry_points = []
    for op in vendor.operations:
        for part in ir.PARTS:
            schema = op.request.part(part)
            if schema is not None:
                entry_points.append(EntryPoint(op.id, part, writer.entry_point(op, part, schema)))
    return writer.module(tuple(entry_points), tuple(op.id for op in vendor.operations))


def rendered(vendor: ir.Vendor) -> RenderedModule:
    """The vendor's module, built and laid out operation by operation; with a store in use, each
    operation's functions and constants are kept by a digest of the operation (`render.cached_piece`).

    Operations share the module's names, constants and definition functions: the first to need one makes
    it, and later ones refer to it. So a kept operation also records what it found of that shared state
    (`_Recording`) and is read back only when the module built so far shows it the same (else it is
    built again), and reading it back makes the names, constants and functions it made, as building it
    would."""
    writer = _Writer()
    constants: list[str] = []
    functions: list[str] = []
    entry_points: list[EntryPoint] = []
    plain = True
    for op in vendor.operations:
        piece = _operation_piece(writer, op)
        constants += piece["constants"]
        functions += piece["functions"]
        plain = plain and piece["plain"]
        entry_points += (EntryPoint(op.id, part, name) for part, name in piece["entry_points"])
    return RenderedModule(
        runtime_imports=tuple(sorted(writer.runtime)),
        entry_points=tuple(entry_points),
        operation_ids=tuple(op.id for op in vendor.operations),
        constant_text=tuple(constants),
        function_text=tuple(functions),
        docs_plain=plain,
    )


def _operation_piece(writer: _Writer, op: ir.Operation) -> Any:
    """One operation's piece: built by `writer`, or read back and replayed into it."""
    built: list[dict[str, Any]] = []

    def make() -> dict[str, Any]:
        built.append(writer.operation_piece(op))
        return built[0]

    piece = render.cached_piece(
        "validators-operation",
        lambda: render.operation_digest(op),
        make,
        usable=writer.replayable,
    )
    if not built:  # read back: make what building it would have made
        writer.replay(piece)
    return piece


def build_for_schema(schema: ir.Schema, name: str = "validate_value") -> ValidatorModule:
    """A module whose one entry point `name(payload)` checks any value against `schema` (conformance tests)."""
    writer = _Writer()
    function = writer.value_entry_point(schema, name)
    return writer.module((EntryPoint("value", "body", function),), ("value",))


def _definition_lookup(
    functions: dict[str, tuple[str, str]], ref: str, schema_digest: str
) -> str | None:
    """The function made for definition `ref`: its name, "" when it was made for another schema of that
    name, None when there is none."""
    known = functions.get(ref)
    return None if known is None else known[1] if known[0] == schema_digest else ""


@dataclass
class _Recording:
    """What building one operation did with the module's shared state, in order (`log`): each lookup,
    [kind, key, what it found], and each addition, [kind, key, value], the kinds being "name", "constant"
    (by code) and "definition" (by [ref, schema digest]); and the runtime names it used."""

    log: list[list[Any]] = field(default_factory=list)
    runtime: set[str] = field(default_factory=set)

    def found(self, kind: str, key: Any, value: Any) -> None:
        self.log.append(["found", kind, key, value])

    def added(self, kind: str, key: Any, value: Any) -> None:
        self.log.append(["added", kind, key, value])


# -- building blocks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pointer:
    """A JSON pointer as a Python expression: a run-time prefix (`path`) plus literal and computed tokens."""

    parts: tuple[tuple[bool, str], ...]  # (is_literal, text): literal text, or a Python expression

    @staticmethod
    def root() -> _Pointer:
        return _Pointer(())

    @staticmethod
    def of(expression: str) -> _Pointer:
        return _Pointer(((False, expression),))

    def key(self, wire_name: str) -> _Pointer:
        return self._append(True, "/" + wire_name.replace("~", "~0").replace("/", "~1"))

    def index(self, expression: str) -> _Pointer:
        return self._append(True, "/")._append(False, f"str({expression})")

    def escaped_key(self, expression: str) -> _Pointer:
        return self._append(True, "/")._append(False, f"escape_pointer_token({expression})")

    def _append(self, is_literal: bool, text: str) -> _Pointer:
        if is_literal and self.parts and self.parts[-1][0]:
            return _Pointer(self.parts[:-1] + ((True, self.parts[-1][1] + text),))
        return _Pointer(self.parts + ((is_literal, text),))

    @property
    def code(self) -> str:
        if not self.parts:
            return '""'
        return " + ".join(pycode.string(text) if literal else text for literal, text in self.parts)


@dataclass
class _Chain:
    """An if/elif/else chain, so callers can prepend a branch (`if v is MISSING`) without nesting."""

    branches: list[tuple[Expression, list[Statement]]]
    otherwise: list[Statement]

    def lines(self) -> list[Statement]:
        branches = [(c, b) for c, b in self.branches]
        # `if x: pass / elif y: pass / else: error` reads better as `if not (x or y): error`
        if self.otherwise and all(not block for _, block in branches):
            return [_if(_negated([condition for condition, _ in branches]), self.otherwise)]
        out: list[Statement] = []
        for index, (condition, block) in enumerate(branches):
            out.append(Block("if" if index == 0 else "elif", condition, _body(block)))
        if self.otherwise:
            out.append(Block("else", "", tuple(self.otherwise)))
        return out


def _negated(conditions: Sequence[Expression]) -> Expression:
    """`not (a or b)`: none of the conditions holds."""
    if len(conditions) == 1:
        (only,) = conditions
        if isinstance(only, Logic):
            return Logic(only.operands, only.operators, negated=True)
        return f"not {_parenthesised(pylayout.code(only))}"
    if all(isinstance(condition, str) for condition in conditions):
        operands = tuple(pylayout.code(condition) for condition in conditions)
        return Logic(operands, ("or",) * (len(operands) - 1), negated=True)
    return f"not ({' or '.join(pylayout.code(condition) for condition in conditions)})"


def _parenthesised(condition: str) -> str:
    simple = (
        condition.startswith("isinstance(")
        and condition.endswith(")")
        and condition.count("(") == 1
    )
    return condition if simple or condition.startswith("(") else f"({condition})"


def _if(condition: Expression, body: Sequence[Statement]) -> Block:
    return Block("if", condition, tuple(body))


def _body(statements: Sequence[Statement]) -> tuple[Statement, ...]:
    """A block's body: `pass` when there is nothing to do."""
    return tuple(statements) or (Do("pass"),)


def _type_condition(json_type: str, var: str) -> Expression:
    if json_type == "integer":
        # An int too long for Python to write is no JSON number (is_number says the same for "number").
        operands = (
            f"isinstance({var}, int)",
            f"not isinstance({var}, bool)",
            f"-LARGEST_INTEGER <= {var} <= LARGEST_INTEGER",
            f"isinstance({var}, float)",
            f"{var}.is_integer()",
        )
        return Logic(operands, ("and", "and", "or", "and"))
    return {
        "string": f"isinstance({var}, str)",
        "number": f"is_number({var})",
        "boolean": f"isinstance({var}, bool)",
        "null": f"{var} is None",
        "array": f"isinstance({var}, list)",
        "object": f"isinstance({var}, dict)",
    }[json_type]


def enum_message(members: Sequence[ir.EnumMember]) -> str:
    shown = [show_value(m.value, m.name) for m in members]
    if not shown:
        return "no value is allowed here (the list of allowed values is empty)"
    if len(shown) == 1:
        return f"must be {shown[0]}"
    if len(shown) <= _ENUM_SHOWN:
        return f"must be one of {or_list(shown)}"
    return f"must be one of the {len(shown)} allowed values ({', '.join(shown[:3])}, ...; see the docs)"


def _string_format(schema: ir.Schema) -> formats.Format | None:
    """The format a string value of `schema` must have; None when it has none or it refines another type
    (an integer format's range is checked with the number keywords)."""
    if schema.format is None:
        return None
    fmt = formats.get(schema.format)
    return fmt if fmt.json_type == "string" else None


def _describe_branch(schema: ir.Schema) -> str:
    if schema.types:
        return or_list([_TYPE_WORDS[t] for t in schema.types])
    if schema.any_of:
        return or_list([_describe_branch(b) for b in schema.any_of])
    return "a value of this form"


# -- the writer ---------------------------------------------------------------------------------------------


@dataclass
class _Writer:
    constants: list[Constant] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    # Every module has `Violation` results and a `validate` that hands over to the runtime's `dispatch`.
    runtime: set[str] = field(default_factory=lambda: {"Violation", "dispatch"})
    _constant_by_code: dict[str, str] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    # A definition's function, by its name: the digest of the schema it was made for, and its name.
    _definition_functions: dict[str, tuple[str, str]] = field(default_factory=dict)
    _recording: _Recording | None = None

    def module(
        self, entry_points: tuple[EntryPoint, ...], operation_ids: tuple[str, ...]
    ) -> ValidatorModule:
        return ValidatorModule(
            runtime_imports=tuple(sorted(self.runtime)),
            entry_points=entry_points,
            operation_ids=operation_ids,
            constants=tuple(self.constants),
            functions=tuple(self.functions),
        )

    # -- names and constants --------------------------------------------------------------------------

    def _unique(self, base: str) -> str:
        name, counter = base, 2
        while self._taken(name):
            name = f"{base}_{counter}"
            counter += 1
        self._names.add(name)
        if self._recording is not None:
            self._recording.added("name", name, True)
        return name

    def _taken(self, name: str) -> bool:
        taken = name in self._names
        if self._recording is not None:
            self._recording.found("name", name, taken)
        return taken

    def _constant(self, hint: str, value: Expression, comment: str | None = None) -> str:
        """A module-level constant (shared when another place needs the very same value)."""
        code = pylayout.code(value)
        existing = self._constant_by_code.get(code)
        if self._recording is not None:
            self._recording.found("constant", code, existing)
        if existing is not None:
            return existing
        name = self._unique("_" + naming.constant_name(hint.strip("_")))
        self._constant_by_code[code] = name
        if self._recording is not None:
            self._recording.added("constant", code, name)
        self.constants.append(Constant(name, value, comment))
        return name

    def _definition_function(self, ref: str, schema_digest: str) -> str | None:
        """The function already made for definition `ref` (see `_definition_lookup`)."""
        found = _definition_lookup(self._definition_functions, ref, schema_digest)
        if self._recording is not None:
            self._recording.found("definition", [ref, schema_digest], found)
        return found

    def _set_constant(
        self, hint: str, values: Sequence[ir.JsonValue], *, json_keys: bool = False
    ) -> str:
        """A frozenset constant (laid out by the template's layout, as black would)."""
        codes = tuple(pycode.value(value) for value in values)
        # Long sets one value a line (a reader scans them so), kept so by a magic trailing comma.
        items = Tuple(codes, exploded=len(Tuple(codes).code) > 60)
        if json_keys:
            return self._constant(hint, f"frozenset(json_key(item) for item in {items.code})")
        return self._constant(hint, Call("frozenset", (items,)))

    def _use(self, *names: str) -> None:
        self.runtime.update(names)
        if self._recording is not None:
            self._recording.runtime.update(names)

    # -- one operation at a time, kept and read back (`rendered`) --------------------------------------

    def operation_piece(self, op: ir.Operation) -> dict[str, Any]:
        """Build one operation's entry points, and return what they made (laid out by `pylayout.lines`)
        and what they found of the module built so far, as a JSON value for `replayable` and `replay`.
        """
        recording = self._recording = _Recording()
        constants, functions = len(self.constants), len(self.functions)
        try:
            entry_points = [
                [part, self.entry_point(op, part, schema)]
                for part in ir.PARTS
                if (schema := op.request.part(part)) is not None
            ]
        finally:
            self._recording = None
        made = self.functions[functions:]
        return {
            "log": recording.log,
            "runtime": sorted(recording.runtime),
            "constants": [c.text(pylayout.lines) for c in self.constants[constants:]],
            "functions": [f.text(pylayout.lines) for f in made],
            "plain": all(pylayout.plain_docstring(f.doc) for f in made if f.doc),
            "entry_points": entry_points,
        }

    def replayable(self, piece: Any) -> bool:
        """Whether the module built so far, with what the kept operation added as it went, shows it at
        each lookup what it found when it was built: then building it again would make the very same
        names, constants and functions."""
        names: set[str] = set()
        constants: dict[str, str] = {}
        definitions: dict[str, tuple[str, str]] = {}
        for event, kind, key, value in piece["log"]:
            if event == "added":
                if kind == "name":
                    names.add(key)
                elif kind == "constant":
                    constants[key] = value
                elif key[0] not in definitions and key[0] not in self._definition_functions:
                    definitions[key[0]] = (key[1], value)
                continue
            if kind == "name":
                now: object = key in names or key in self._names
            elif kind == "constant":
                now = constants.get(key, self._constant_by_code.get(key))
            else:
                ref, schema_digest = key
                table = definitions if ref in definitions else self._definition_functions
                now = _definition_lookup(table, ref, schema_digest)
            if now != value:
                return False
        return True

    def replay(self, piece: Any) -> None:
        """Make what building a kept operation made (its names, constants and definition functions,
        and the runtime names it uses), for the operations after it to find."""
        self.runtime.update(piece["runtime"])
        for event, kind, key, value in piece["log"]:
            if event != "added":
                continue
            if kind == "name":
                self._names.add(key)
            elif kind == "constant":
                self._constant_by_code[key] = value
            else:
                self._definition_functions.setdefault(key[0], (key[1], value))

    @staticmethod
    def _violation(ptr: _Pointer, rule: str, message_code: str) -> Do:
        violation = Call("Violation", (ptr.code, pycode.string(rule), message_code))
        return Do(Call("errors.append", (violation,)))

    @staticmethod
    def _message(schema: ir.Schema, rule: str, default_code: str) -> str:
        vendor = schema.vendor_message(rule)
        return pycode.string(vendor) if vendor is not None else default_code

    # -- entry points ---------------------------------------------------------------------------------

    def entry_point(self, op: ir.Operation, part: ir.Part, schema: ir.Schema) -> str:
        name = self._unique(naming.validator_name(op.python_name, part))
        checker = self._object_function(schema, f"_{op.python_name.rstrip('_')}_{part}")
        self._use("wrong_type")
        doc = pycode.docstring(
            f"Check the {_PART_NOUNS[part]} of `{op.id}` ({op.method} {op.path}).\n\n"
            "Returns every violation, each with a JSON pointer, rule and message; an empty list means valid.\n"
            "The payload is never modified.",
            indent=INDENT,
        )
        root = _Pointer.root()
        checks: list[Statement] = []
        headers = part != ir.BODY and locations.of_part(part).http_header
        if headers and schema.properties:
            # Header names are case-insensitive: check each under the name the spec declares.
            self._use("canonical_header_names")
            declared = pycode.value(tuple(prop.wire_name for prop in schema.properties))
            canonical = Call("canonical_header_names", ("payload", declared, '""', "errors"))
            checks.append(Do(canonical, target="payload"))
        checks.append(Do(Call(checker, ("payload", '""', "errors"))))
        # What an HTTP header can carry, beyond what the spec says of each value.
        if headers:
            self._use("check_header_values")
            checks.append(Do(Call("check_header_values", ("payload", '""', "errors"))))
        body: list[Statement] = [
            Do("errors: list[Violation] = []"),
            _if("isinstance(payload, dict)", checks),
            Block("else", "", (self._violation(root, "type", 'wrong_type(payload, "an object")'),)),
            Do("return errors"),
        ]
        self.functions.append(
            Function(name, _ENTRY_PARAMETERS, "list[Violation]", doc, tuple(body))
        )
        return name

    def value_entry_point(self, schema: ir.Schema, name: str) -> str:
        name = self._unique(name)
        checks = self._value(schema, "payload", _Pointer.root(), 0, name)
        body = [Do("errors: list[Violation] = []"), *checks, Do("return errors")]
        self.functions.append(
            Function(name, _ENTRY_PARAMETERS, "list[Violation]", None, tuple(body))
        )
        return name

    # -- objects --------------------------------------------------------------------------------------

    def _object_function(self, schema: ir.Schema, hint: str) -> str:
        """A function checking a dict against the object keywords of `schema`; returns its name."""
        schema_digest = ""
        if schema.ref is not None:
            # By content: a schema equal to the one a function was made for is checked by that function.
            schema_digest = render.digest(schema).hex()
            found = self._definition_function(schema.ref, schema_digest)
            if found:
                return found
            hint = f"_{schema.ref}"
        name = self._unique(hint)
        if schema.ref is not None:
            self._definition_functions.setdefault(schema.ref, (schema_digest, name))
            if self._recording is not None:
                self._recording.added("definition", [schema.ref, schema_digest], name)
        body = _body(list(self._object_body(schema, name)))
        parameters = ("value: dict[str, Any]", *_CHECK_PARAMETERS)
        self.functions.append(Function(name, parameters, "None", None, body))
        return name

    def _object_body(self, schema: ir.Schema, hint: str) -> Iterator[Statement]:
        properties = schema.properties_in_code
        path = _Pointer.of("path")
        known = tuple(p.wire_name for p in properties)
        if schema.additional is not None:
            yield from self._additional(schema.additional, known, hint)
        else:  # open: other keys may hold anything JSON can carry
            self._use("check_members")
            keys = self._set_constant(f"{hint}_fields", known) if known else "()"
            yield Do(Call("check_members", ("value", keys, "path", "errors")))
        for prop in properties:
            yield from self._property(prop, path, f"{hint}_{naming.snake_case(prop.wire_name)}")
        for rule in schema.rules:
            yield from self._rule(rule, path)

    def _additional(
        self, additional: ir.Schema, known: tuple[str, ...], hint: str
    ) -> Iterator[Statement]:
        self._use("escape_pointer_token")
        extra_ptr = _Pointer.of("path").escaped_key("key")
        if additional.never:
            self._use("unknown_field_message")
            if not known:
                unknown = self._violation(
                    extra_ptr, "unknown_field", "unknown_field_message(key, ())"
                )
                yield Block("for", "key in value", (unknown,))
                return
            keys = self._set_constant(f"{hint}_fields", known)
            unknown = self._violation(
                extra_ptr, "unknown_field", f"unknown_field_message(key, {keys})"
            )
            each = Block("for", "key in value", (_if(f"key not in {keys}", [unknown]),))
            yield _if(f"not {keys}.issuperset(value)", [each])
            return
        # An extra entry's key must be a string JSON can carry, whatever the schema says of its value
        # (an ASCII string surely is: tested inline, as most keys are).
        self._use("check_key")
        check_key = Do(Call("check_key", ("key", extra_ptr.code, "errors")))
        checks = [
            _if("not (isinstance(key, str) and key.isascii())", [check_key]),
            *self._value(additional, "extra", extra_ptr, 1, f"{hint}_extra"),
        ]
        if not known:
            yield Block("for", "key, extra in value.items()", tuple(checks))
            return
        keys = self._set_constant(f"{hint}_fields", known)
        yield Block("for", "key, extra in value.items()", (_if(f"key not in {keys}", checks),))

    def _property(self, prop: ir.Field, path: _Pointer, hint: str) -> Iterator[Statement]:
        ptr = path.key(prop.wire_name)
        if prop.read_only:
            # Validators check requests, and a request must not send what the vendor sets.
            message = pycode.string("is read-only: the vendor sets it, so leave it out")
            yield _if(
                f"{pycode.string(prop.wire_name)} in value",
                [self._violation(ptr, "read_only", message)],
            )
            return
        chain = self._value_chain(prop.schema, "v", ptr, 0, hint)
        self._use("MISSING")
        get = Do(Call("value.get", (pycode.string(prop.wire_name), "MISSING")), target="v")
        if prop.required:
            message = self._message(prop.schema, "required", pycode.string("is required"))
            missing: tuple[Expression, list[Statement]] = (
                "v is MISSING",
                [self._violation(ptr, "required", message)],
            )
            yield get
            if isinstance(chain, _Chain):
                yield from _Chain([missing, *chain.branches], chain.otherwise).lines()
            elif chain:
                yield from _Chain([missing], chain).lines()
            else:
                yield from _Chain([missing], []).lines()
        elif chain:
            yield get
            yield _if("v is not MISSING", chain.lines() if isinstance(chain, _Chain) else chain)

    # -- values ---------------------------------------------------------------------------------------

    def _value(
        self, s: ir.Schema, var: str, ptr: _Pointer, depth: int, hint: str
    ) -> list[Statement]:
        """Statements checking `var` against `s`."""
        chain = self._value_chain(s, var, ptr, depth, hint)
        return chain.lines() if isinstance(chain, _Chain) else chain

    def _value_chain(
        self, s: ir.Schema, var: str, ptr: _Pointer, depth: int, hint: str
    ) -> _Chain | list[Statement]:
        """A type-dispatch chain when the schema names types (so callers can extend it), else statements."""
        if s.never:
            return [self._violation(ptr, "never", pycode.string("no value is allowed here"))]
        prefix = self._any_of(s, var, ptr, hint) if s.any_of else []
        if not s.types:
            return prefix + self._untyped(s, var, ptr, depth, hint)
        chain = self._typed(s, var, ptr, depth, hint)
        return prefix + chain.lines() if prefix else chain

    def _typed(self, s: ir.Schema, var: str, ptr: _Pointer, depth: int, hint: str) -> _Chain:
        types = [t for t in s.types if not (t == "integer" and "number" in s.types)]
        branches = []
        for json_type in sorted(types, key=lambda t: t != "null"):  # null first: the cheapest test
            block = self._enum_and_const(s, var, ptr, json_type, hint) + self._keywords(
                s, json_type, var, ptr, depth, hint
            )
            branches.append((self._type_test(json_type, var), block))
        self._use("wrong_type")
        expected = or_list([_TYPE_WORDS[t] for t in s.types])
        message = self._message(s, "type", f"wrong_type({var}, {pycode.string(expected)})")
        return _Chain(branches, [self._violation(ptr, "type", message)])

    def _type_test(self, json_type: str, var: str) -> Expression:
        if json_type == "number":
            self._use("is_number")
        if json_type == "integer":
            self._use("LARGEST_INTEGER")
        return _type_condition(json_type, var)

    def _untyped(
        self, s: ir.Schema, var: str, ptr: _Pointer, depth: int, hint: str
    ) -> list[Statement]:
        lines = self._enum_and_const(s, var, ptr, None, hint)
        if s.enum is None and s.const is None and not s.any_of:
            # Any JSON value, and only JSON: a set or NaN passed here would crash the client's encoder.
            return lines + self._any_json(s, var, ptr, depth, hint).lines()
        # An enum, const or any_of admits only JSON values already; the keywords add their type's checks.
        for json_type in ("string", "number", "array", "object"):
            block = self._keywords(s, json_type, var, ptr, depth, hint, json_checks=False)
            if block:
                lines.append(_if(self._type_test(json_type, var), block))
        return lines

    def _any_json(self, s: ir.Schema, var: str, ptr: _Pointer, depth: int, hint: str) -> _Chain:
        """A dispatch on every JSON type, each with the keywords for it; any other value is a violation."""
        branches = [
            (self._type_test(json_type, var), self._keywords(s, json_type, var, ptr, depth, hint))
            for json_type in ("null", "boolean", "string", "number", "array", "object")
        ]
        self._use("wrong_type")
        message = self._message(s, "type", f'wrong_type({var}, "a JSON value")')
        return _Chain(branches, [self._violation(ptr, "type", message)])

    def _enum_and_const(
        self, s: ir.Schema, var: str, ptr: _Pointer, json_type: str | None, hint: str
    ) -> list[Statement]:
        lines: list[Statement] = []
        if s.enum is not None:
            message = self._message(s, "enum", pycode.string(enum_message(s.enum)))
            lines += self._membership(
                s.enum, var, ptr, json_type, "enum", message, f"{hint}_values"
            )
        if s.const is not None:
            message = self._message(
                s, "const", pycode.string(f"must be {show_value(s.const.value)}")
            )
            lines += self._membership(
                (ir.EnumMember(s.const.value),),
                var,
                ptr,
                json_type,
                "const",
                message,
                f"{hint}_value",
            )
        return lines

    def _membership(
        self,
        members: Sequence[ir.EnumMember],
        var: str,
        ptr: _Pointer,
        json_type: str | None,
        rule: str,
        message: str,
        hint: str,
    ) -> list[Statement]:
        """Check `var` (already known to be of `json_type`) is one of `members`, with JSON equality."""
        fail: list[Statement] = [self._violation(ptr, rule, message)]
        values = [m.value for m in members]
        if json_type == "boolean":
            flags = {v for v in values if isinstance(v, bool)}
            if len(flags) == 2:
                return []
            return [_if(f"{var} is not {pycode.value(flags.pop())}", fail)] if flags else fail
        if json_type == "null":
            return [] if None in values else fail
        if json_type in ("string", "integer", "number"):
            allowed: tuple[ir.JsonValue, ...]
            if json_type == "string":
                allowed = tuple(v for v in values if isinstance(v, str))
            else:  # booleans are excluded by the type test already, so == and set lookup are JSON equality
                allowed = tuple(
                    v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
                )
            if not allowed:
                return fail
            if len(allowed) == 1:
                return [_if(f"{var} != {pycode.value(allowed[0])}", fail)]
            name = self._set_constant(hint, allowed)
            return [_if(f"{var} not in {name}", fail)]
        self._use("json_key")  # arrays, objects, or any type: compare as JSON
        name = self._set_constant(f"{hint}_keys", values, json_keys=True)
        return [_if(f"json_key({var}) not in {name}", fail)]

    def _keywords(
        self,
        s: ir.Schema,
        json_type: str,
        var: str,
        ptr: _Pointer,
        depth: int,
        hint: str,
        *,
        json_checks: bool = True,
    ) -> list[Statement]:
        """The checks of `s`'s keywords for a value of `json_type`; `json_checks`: also that what no
        keyword constrains (a string's code points, free-form items and members) can be sent as JSON.
        """
        if json_type == "string":
            return self._string(s, var, ptr, hint, json_checks=json_checks)
        if json_type in ("integer", "number"):
            return self._number(s, var, ptr)
        if json_type == "array":
            return self._array(s, var, ptr, depth, hint, json_checks=json_checks)
        if json_type == "object":
            if s.properties_in_code or s.rules or s.additional is not None:
                return [Do(Call(self._object_function(s, hint), (var, ptr.code, "errors")))]
            # A free-form object: its keys and values may be anything JSON can carry.
            if json_checks:
                self._use("check_members")
                return [Do(Call("check_members", (var, "()", ptr.code, "errors")))]
        return []

    def _check(self, condition: str, ptr: _Pointer, rule: str, message: str) -> list[Statement]:
        return [_if(condition, [self._violation(ptr, rule, message)])]

    def _string(
        self, s: ir.Schema, var: str, ptr: _Pointer, hint: str, *, json_checks: bool
    ) -> list[Statement]:
        lines: list[Statement] = []
        fmt = _string_format(s)
        ascii_only = fmt is not None and fmt.ascii_only
        if json_checks and not ascii_only and s.enum is None and s.const is None:
            # A lone surrogate passes the other checks but cannot be encoded as UTF-8 to be sent (an
            # enum, a const or an ASCII-only format rejects it already). isascii() reads a flag, so
            # ASCII text, most text, costs no scan.
            self._use("has_lone_surrogate", "lone_surrogate")
            lines += self._check(
                f"not {var}.isascii() and has_lone_surrogate({var})",
                ptr,
                "unicode",
                f"lone_surrogate({var})",
            )
        if s.min_length:
            self._use("too_short")
            message = self._message(s, "min_length", f"too_short({var}, {s.min_length})")
            lines += self._check(f"len({var}) < {s.min_length}", ptr, "min_length", message)
        if s.max_length is not None:
            if s.max_bytes is not None and s.max_length == ir.base64_length(s.max_bytes):
                rule = "max_bytes"
                default = pycode.string(
                    f"must be a file of at most {file_size(s.max_bytes)} once decoded"
                )
            else:
                self._use("too_long")
                rule, default = "max_length", f"too_long({var}, {s.max_length})"
            lines += self._check(
                f"len({var}) > {s.max_length}", ptr, rule, self._message(s, rule, default)
            )
        if s.pattern is not None:
            self._use("LazyPattern")
            compiled = Call("LazyPattern", (pycode.string(ecma_to_python(s.pattern)),))
            comment = pycode.comment(f"ECMA-262 pattern: {s.pattern!r}")
            name = self._constant(f"{hint}_pattern", compiled, comment=comment)
            default = pycode.string(f"must match the pattern {s.pattern}")
            lines += self._check(
                f"{name}.search({var}) is None",
                ptr,
                "pattern",
                self._message(s, "pattern", default),
            )
        if s.max_entries is not None:
            self._use("too_many_entries")
            sep = pycode.string(s.entry_separator)
            default = f"too_many_entries({var}, {sep}, {s.max_entries})"
            condition = f"{var}.count({sep}) >= {s.max_entries}"
            lines += self._check(
                condition, ptr, "max_entries", self._message(s, "max_entries", default)
            )
        if fmt is not None and fmt.check is not None:
            self._use(fmt.check)
            default = pycode.string(f"must be {fmt.words}")
            lines += self._check(
                f"not {fmt.check}({var})", ptr, "format", self._message(s, "format", default)
            )
        return lines

    def _number(self, s: ir.Schema, var: str, ptr: _Pointer) -> list[Statement]:
        lines: list[Statement] = []
        bounds = (
            ("minimum", s.minimum, "<", "at least"),
            ("maximum", s.maximum, ">", "at most"),
            ("exclusive_minimum", s.exclusive_minimum, "<=", "greater than"),
            ("exclusive_maximum", s.exclusive_maximum, ">=", "less than"),
        )
        for rule, bound, operator, words in bounds:
            if bound is not None:
                self._use("out_of_range")
                default = f"out_of_range({var}, {pycode.string(words)}, {pycode.number(bound)})"
                lines += self._check(
                    f"{var} {operator} {pycode.number(bound)}",
                    ptr,
                    rule,
                    self._message(s, rule, default),
                )
        if s.multiple_of is not None:
            self._use("is_multiple_of")
            default = pycode.string(f"must be a multiple of {s.multiple_of!r}")
            condition = f"not is_multiple_of({var}, {pycode.number(s.multiple_of)})"
            lines += self._check(
                condition, ptr, "multiple_of", self._message(s, "multiple_of", default)
            )
        return lines

    def _array(
        self, s: ir.Schema, var: str, ptr: _Pointer, depth: int, hint: str, *, json_checks: bool
    ) -> list[Statement]:
        lines: list[Statement] = []
        if s.min_items:
            self._use("too_few_items")
            message = self._message(s, "min_items", f"too_few_items({var}, {s.min_items})")
            lines += self._check(f"len({var}) < {s.min_items}", ptr, "min_items", message)
        if s.max_items is not None:
            self._use("too_many_items")
            message = self._message(s, "max_items", f"too_many_items({var}, {s.max_items})")
            lines += self._check(f"len({var}) > {s.max_items}", ptr, "max_items", message)
        if s.unique_items:
            self._use("first_duplicate", "repeated_item")
            repeat = f"repeat{depth}"
            message = self._message(s, "unique_items", f"repeated_item(*{repeat})")
            lines += [Do(Call("first_duplicate", (var,)), target=repeat)]
            lines += self._check(f"{repeat} is not None", ptr, "unique_items", message)
        index, item = f"i{depth}", f"item{depth}"
        for position, prefix in enumerate(s.prefix_items):
            prefix_checks = self._value(
                prefix, item, ptr.key(str(position)), depth + 1, f"{hint}_{position}"
            )
            if prefix_checks:
                take = Do(f"{var}[{position}]", target=item)
                lines += [_if(f"len({var}) > {position}", [take, *prefix_checks])]
        checks: list[Statement] = []
        if s.items is not None:
            checks = self._value(s.items, item, ptr.index(index), depth + 1, f"{hint}_item")
        elif json_checks:  # no schema for the items: anything JSON
            self._use("check_json")
            checks = [Do(Call("check_json", (item, ptr.index(index).code, "errors")))]
        if checks:
            start = len(s.prefix_items)
            iterable = f"enumerate({var}[{start}:], {start})" if start else f"enumerate({var})"
            lines += [Block("for", f"{index}, {item} in {iterable}", tuple(checks))]
        return lines

    def _any_of(self, s: ir.Schema, var: str, ptr: _Pointer, hint: str) -> list[Statement]:
        self._use("check_any_of")
        branch_names = []
        for number, branch in enumerate(s.any_of, 1):
            name = self._unique(f"{hint}_form_{number}")
            body = _body(self._value(branch, "value", _Pointer.of("path"), 0, name))
            parameters = ("value: object", *_CHECK_PARAMETERS)
            self.functions.append(Function(name, parameters, "None", None, body))
            branch_names.append(name)
        expected = or_list([_describe_branch(branch) for branch in s.any_of])
        message = self._message(s, "any_of", pycode.string(f"must be {expected}"))
        # The branch functions, one a line (kept so by a magic trailing comma).
        branches = Tuple(tuple(branch_names), exploded=len(branch_names) > 1)
        return [Do(Call("check_any_of", (var, ptr.code, "errors", branches, message)))]

    # -- rules ----------------------------------------------------------------------------------------

    def _rule(self, rule: ir.Rule, path: _Pointer) -> Iterator[Statement]:
        code = _RuleCode(self, rule, path, {})
        yield from _statements(rules.of(rule.kind).validator(rule, code), code.written)

    def _condition(self, condition: ir.Condition) -> str:
        key = pycode.string(condition.field)
        if condition.values is None:
            return f"{key} in value" if condition.present else f"{key} not in value"
        self._use("json_key", "MISSING")
        values = tuple(member.value for member in condition.values)
        name = self._set_constant(f"when_{condition.field}", values, json_keys=True)
        return f"json_key(value.get({key}, MISSING)) in {name}"


@dataclass(frozen=True)
class _RuleCode:
    """The writer's side of a rule kind's check (`kinds.rules.RuleCode`): a violation of `rule`, reported
    at the object `path` or at one of its fields."""

    writer: _Writer
    rule: ir.Rule
    path: _Pointer
    # Rule kinds write source lines (`kinds.rules.RuleCode`): the statement behind each line this gave
    # them, so the lines become statements again for the layout.
    written: dict[str, Statement]

    def present(self, name: str) -> str:
        return f"{pycode.string(name)} in value"

    def absent(self, name: str) -> str:
        return f"{pycode.string(name)} not in value"

    def holds(self, condition: ir.Condition) -> str:
        return self.writer._condition(condition)

    def fail_if(self, test: str, field: str | None = None) -> list[str]:
        where = self.path if field is None else self.path.key(field)
        report = self.writer._violation(
            where, self.rule.kind.value, pycode.string(self.rule.message)
        )
        line = _one_line(report)
        self.written[line] = report
        return [f"if {test}:", INDENT + line]

    def indent(self, lines: Sequence[str]) -> list[str]:
        return [INDENT + line for line in lines]


def _one_line(statement: Do) -> str:
    return pylayout.code(statement.expression)


def _statements(lines: Sequence[str], written: dict[str, Statement]) -> list[Statement]:
    """Source lines (a rule kind's, indented by `INDENT`) as statements: a line ending in `:` heads the
    deeper lines below it."""
    out: list[Statement] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        end = index + 1
        while end < len(lines) and lines[end].startswith(INDENT):
            end += 1
        if line.endswith(":") and end > index + 1:
            body = [inner.removeprefix(INDENT) for inner in lines[index + 1 : end]]
            keyword, _, test = line[:-1].partition(" ")
            out.append(Block(keyword, test, tuple(_statements(body, written))))
        else:
            out.append(written.get(line, Do(line)))
        index = end
    return out
