"""The one authority for names in generated code.

Wire names come from vendors and can be anything: camelCase, `x-api-key`, `OID`, Python keywords, non-ASCII.
Every Python identifier the generator writes is derived here, so the same wire name always gets the same
Python name, in every module and template. The names the SDK defines itself (the client classes' methods
and attributes, the per-call options, the package's modules) are known here too, so lint can refuse a spec
name that would collide with one.
"""

from __future__ import annotations

import ast
import functools
import keyword
import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.render import RUNTIME_DIR

CLIENT_MODULE = "http.py"
"""The runtime module (in atsgen_runtime) whose classes every generated client subclasses."""
CLIENT_BASES = ("SyncClient", "AsyncClient")
"""The classes there that `vendor/client.py.jinja` subclasses: their names are the clients' own."""
CALL_METHOD = "_call"
"""The method each generated method calls; its keyword-only parameters are the per-call options."""
METHOD_LOCALS = frozenset(
    {"self", "arguments", "result", "models", "cast", "RequestParts", "EmptyResponse"}
)
"""Names a generated method's body binds or reads besides its arguments (see vendor/client.py.jinja): an
argument named `models` would hide the module whose classes parse the response. A test holds this list to
the generated methods; names earlier bodies used (`arguments`, `result`, `cast`) stay reserved, so that
no argument changes its name."""
PACKAGE_MODULES = frozenset({"__init__", "_runtime", "errors", "mock", "pytest_plugin", "unified"})
"""The top-level modules of `ats_sdk` besides the vendors' (see build.py): a vendor module of the same name
would replace one. A test holds this list to what `atsgen generate` writes."""

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z]+")


@functools.lru_cache(maxsize=65536)
def _ascii_words(text: str) -> tuple[str, ...]:
    """The ASCII words of a text, for every name made of it. Kept per text: a vendor's names come from
    the same few thousand texts again and again (a 500-operation vendor asked 29,000 times)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    spaced = _WORD_BOUNDARY.sub("_", ascii_text)
    return tuple(word for word in _NOT_IDENTIFIER.split(spaced) if word)


def _safe(identifier: str, fallback: str) -> str:
    if not identifier:
        identifier = fallback
    if identifier[0].isdigit():
        identifier = f"{fallback}_{identifier}"
    # Soft keywords (match, case, type) are valid names and vary by Python version: leave them alone so
    # the output does not depend on the Python that generated it.
    if keyword.iskeyword(identifier):
        identifier += "_"
    return identifier


def snake_case(wire_name: str) -> str:
    """A snake_case Python identifier for a wire name: `firstName` -> `first_name`, `class` -> `class_`."""
    words = _ascii_words(wire_name)
    return _safe("_".join(word.lower() for word in words), "field")


def argument_name(wire_name: str) -> str:
    """The keyword-argument name of a field in a client method (also avoids the method's own arguments)."""
    name = snake_case(wire_name)
    return name + "_" if name in reserved_arguments() else name


def validator_name(python_name: str, part: str) -> str:
    """The public validator of one part of an operation's request, in its vendor's `validators` module:
    `update_candidate`, `body` -> `validate_update_candidate_body` (`class_` -> `validate_class_body`).
    """
    return f"validate_{python_name.rstrip('_')}_{part}"


def iterator_name(python_name: str) -> str:
    """The method that iterates every page of a paginated operation: `list_jobs` -> `iter_list_jobs`."""
    return f"iter_{python_name.rstrip('_')}"


# -- names the generated SDK defines itself ------------------------------------------------------------------


@functools.cache
def _client_classes() -> dict[str, ast.ClassDef]:
    tree = ast.parse((RUNTIME_DIR / CLIENT_MODULE).read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def _lineage(name: str) -> list[ast.ClassDef]:
    """A runtime client class and its bases defined in the same module, nearest first."""
    classes = _client_classes()
    lineage, pending = [], [name]
    while pending:
        node = classes.get(pending.pop(0))
        if node is not None and node not in lineage:
            lineage.append(node)
            # `_Core["httpx.Client"]`: a generic base is subscripted.
            bases = (b.value if isinstance(b, ast.Subscript) else b for b in node.bases)
            pending.extend(base.id for base in bases if isinstance(base, ast.Name))
    return lineage


def _defined_names(node: ast.ClassDef) -> dict[str, str]:
    """The methods, class attributes and `self.` attributes a class defines, each with what it is."""
    names: dict[str, str] = {}
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.setdefault(item.name, f"the client method {item.name}()")
        for target in _assigned(item):
            if isinstance(target, ast.Name):
                names.setdefault(target.id, f"the client attribute {target.id}")
    for inner in ast.walk(node):
        for target in _assigned(inner):
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                names.setdefault(target.attr, f"the client attribute {target.attr}")
    return names


def _assigned(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AnnAssign):
        return [node.target]
    return []


_T = TypeVar("_T")


class _Plain(Generic[_T]):
    """A class with nothing of its own: the names every generic class, and so every client, has."""


# The runtime classes every response model subclasses (`ResponseModel`, with the `FormatValues` it mixes
# in), by module: their public properties are attributes of every model. (A method is not: a field's value
# in the instance wins over it, so the field stays readable.)
_RESPONSE_MODEL_CLASSES = (("models.py", "ResponseModel"), ("validation.py", "FormatValues"))


@functools.cache
def response_model_attributes() -> frozenset[str]:
    """The public properties the SDK gives every response model (`raw_response`, `response_headers`),
    read from the runtime so one added there counts at once. Model fields keep their wire names, and a
    property wins over a body field of the same name."""
    names: set[str] = set()
    for module, class_name_ in _RESPONSE_MODEL_CLASSES:
        tree = ast.parse((RUNTIME_DIR / module).read_text(encoding="utf-8"))
        classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        # The class and its bases defined in the same module (a mixin holds the shared properties).
        pending = [class_name_]
        while pending:
            node = classes.get(pending.pop())
            if node is None:
                continue
            pending.extend(base.id for base in node.bases if isinstance(base, ast.Name))
            names.update(
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef)
                and not item.name.startswith("_")
                and any(isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list)
            )
    return frozenset(names)


@functools.cache
def client_names() -> dict[str, str]:
    """Every name a generated client has before any operation adds one, with what it is.

    Read from the runtime classes the clients subclass (sync and async, with their bases), so a method or
    attribute added there is reserved at once; the names every Python class has are reserved too.
    """
    names: dict[str, str] = {}
    for base in CLIENT_BASES:
        for node in _lineage(base):
            for name, what in _defined_names(node).items():
                names.setdefault(name, what)
    for name in dir(_Plain):
        names.setdefault(name, f"{name}, which every generic Python class has")
    return names


@functools.cache
def per_call_options() -> tuple[str, ...]:
    """The keyword arguments every generated method takes besides the fields: `timeout`, `max_retries`, ..."""
    options: list[str] = []
    for base in CLIENT_BASES:
        for node in _lineage(base):
            for item in node.body:
                if (
                    isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and item.name == CALL_METHOD
                ):
                    options += [a.arg for a in item.args.kwonlyargs if a.arg not in options]
    return tuple(options)


CLIENT_CORE = "_Core"
"""The runtime class whose __init__ defines the client options (see `client_options`)."""
HTTP_CLIENT_TYPE = "HttpClient"
"""The type variable standing for the httpx client class in the options' annotations."""


@dataclass(frozen=True)
class ClientOption:
    """One keyword argument every client's constructor takes, as the runtime writes it."""

    name: str
    annotation: str
    """As written in the runtime: `HttpClient` stands for the sync or async httpx client class."""
    default: str
    """The default's code."""


@functools.cache
def client_options() -> tuple[ClientOption, ...]:
    """The client options (`environment`, `base_url`, `timeout`, ...), in order, read from the runtime.

    They are written once, as the keyword-only parameters of the runtime's `_Core.__init__` after the
    credentials; every generated client's constructor repeats them from here.
    """
    init = next(
        item
        for item in _client_classes()[CLIENT_CORE].body
        if isinstance(item, ast.FunctionDef) and item.name == "__init__"
    )
    arguments = init.args
    options: list[ClientOption] = []
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if default is None:
            continue  # required: the credentials, which each client builds from its own arguments
        assert argument.annotation is not None, argument.arg
        options.append(
            ClientOption(argument.arg, ast.unparse(argument.annotation), ast.unparse(default))
        )
    return tuple(options)


@functools.cache
def per_call_parameters() -> tuple[ClientOption, ...]:
    """The per-call options with their annotations and defaults, as the runtime's sync `_call` writes
    them; every generated method repeats them from here (and passes them on by name)."""
    call = next(
        item
        for node in _lineage(CLIENT_BASES[0])
        for item in node.body
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == CALL_METHOD
    )
    arguments = call.args
    out: list[ClientOption] = []
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        assert argument.annotation is not None and default is not None, argument.arg
        out.append(
            ClientOption(argument.arg, ast.unparse(argument.annotation), ast.unparse(default))
        )
    return tuple(out)


@functools.cache
def reserved_arguments() -> frozenset[str]:
    """Names a field's argument may not take: the per-call options and what a method's body uses."""
    return frozenset(per_call_options()) | METHOD_LOCALS


def method_collision(python_name: str) -> str | None:
    """What a client method named `python_name` would collide with, in words; None when the name is free."""
    if python_name in per_call_options():
        return f"the per-call option {python_name!r} every client method takes"
    return client_names().get(python_name)


def argument_collision(python_name: str) -> str | None:
    """What a client-method argument named `python_name` would collide with, in words; None when free."""
    if python_name in per_call_options():
        return f"the per-call option {python_name!r} every client method takes"
    if python_name in METHOD_LOCALS:
        return f"the name {python_name!r} the generated method uses itself"
    return None


def module_collision(vendor_id: str) -> str | None:
    """What a vendor module `ats_sdk.<vendor_id>` would collide with, in words; None when the name is free."""
    if vendor_id in PACKAGE_MODULES:
        return "one of the SDK's own modules"
    return None


def class_name(*parts: str) -> str:
    """A PascalCase class name from words: ("paradox", "update_candidate") -> `ParadoxUpdateCandidate`."""
    words = [word for part in parts for word in _ascii_words(part)]
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return _safe(name, "Model")


# -- the classes of nested shapes ---------------------------------------------------------------------------
# One rule for the request TypedDicts (`emit/pytypes.py`) and the response models (`emit/models.py`), so an
# annotation names the very class the models module defines.


def field_class_name(parent: str, wire_name: str) -> str:
    """The class of an object held in a field: `UpdateCandidateBody` + `address` -> `...BodyAddress`."""
    return class_name(parent, wire_name)


def item_class_name(parent: str) -> str:
    """The class of a list's items: `...Tags` -> `...TagsItem`."""
    return class_name(parent, "item")


def option_class_name(parent: str, index: int, options: int) -> str:
    """The class of the `index`-th (from 1) form of a union of `options` forms; a single form keeps the
    parent's name."""
    return class_name(parent, f"option{index}") if options > 1 else parent


def value_class_name(parent: str) -> str:
    """The class of the values of a map (`additional_fields` with a shape)."""
    return class_name(parent, "value")


def part_class_name(operation_id: str, part: str) -> str:
    """The class of one part of an operation's request: `update_candidate`, `body` ->
    `UpdateCandidateBody` (`path`, `query`, `headers`, `body`)."""
    return class_name(operation_id, part)


def constant_name(value: str) -> str:
    """An UPPER_SNAKE_CASE constant for an enum value: `Native or bilingual proficiency` -> `NATIVE_OR_...`."""
    words = _ascii_words(value)
    return _safe("_".join(word.upper() for word in words), "VALUE")


def is_python_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and name.isascii()
