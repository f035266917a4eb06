"""Compile intermediate-form schemas to generated validator modules in memory, for tests."""

from __future__ import annotations

import itertools
import types
from collections.abc import Callable
from typing import Any

from generator import ir, pylayout, render
from generator.emit import validators

_counter = itertools.count()


def validator_module(
    module: validators.ValidatorModule, *, format_code: bool = False
) -> types.ModuleType:
    source = render.render(
        "validators.py.jinja",
        origin="a test",
        module=module,
        module_doc='"""Test module."""',
        layout=pylayout.lines,
    )
    if format_code:
        source = render.format_python(source, "test module")
    name = f"_atsgen_test_validators_{next(_counter)}"
    compiled = types.ModuleType(name)
    exec(compile(source, name, "exec"), compiled.__dict__)
    compiled.__dict__["__source__"] = source
    return compiled


def compile_schema(schema: ir.Schema) -> Callable[[Any], list[Any]]:
    """A function `payload -> list[Violation]` generated for one schema."""
    module = validator_module(validators.build_for_schema(schema))
    check: Callable[[Any], list[Any]] = module.validate_value
    return check
