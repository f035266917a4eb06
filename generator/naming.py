"""The one authority for names in generated code.

Wire names come from vendors and can be anything: camelCase, `x-api-key`, `OID`, Python keywords, non-ASCII.
Every Python identifier the generator writes is derived here, so the same wire name always gets the same
Python name, in every module and template.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

# Keyword arguments that generated client methods define themselves; a field may not take these names.
RESERVED_ARGUMENTS = frozenset(
    {"self", "cls", "timeout", "extra_headers", "idempotency_key", "max_retries"}
)

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z]+")


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    spaced = _WORD_BOUNDARY.sub("_", ascii_text)
    return [word for word in _NOT_IDENTIFIER.split(spaced) if word]


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
    return name + "_" if name in RESERVED_ARGUMENTS else name


def class_name(*parts: str) -> str:
    """A PascalCase class name from words: ("paradox", "update_candidate") -> `ParadoxUpdateCandidate`."""
    words = [word for part in parts for word in _ascii_words(part)]
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return _safe(name, "Model")


def constant_name(value: str) -> str:
    """An UPPER_SNAKE_CASE constant for an enum value: `Native or bilingual proficiency` -> `NATIVE_OR_...`."""
    words = _ascii_words(value)
    return _safe("_".join(word.upper() for word in words), "VALUE")


def is_python_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and name.isascii()
