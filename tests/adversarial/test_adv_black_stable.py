"""Modules emitted black-stable skip black at generation: black stays the authority, here.

The attack: generation writes a validators module without running black on it (`pylayout` lays it out as
black would), so any layout rule the emitter gets wrong would put code into the SDK that black would
change. Every module an emitter marks black-stable, for every vendor of the real specs, of every fixture
spec folder and of the synthetic benchmark vendor, must be byte for byte what the pinned black makes of
it; and hostile text from a spec (quotes of both kinds, backslashes, line breaks, triple quotes, `{{`,
wide and combining characters, very long names, messages, enum values and patterns) must not change that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import synthetic
from generator import build, formatting, ir, naming, pycode, pylayout, render
from generator.emit import validators
from generator.load import discover, load, seeds_dir

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SPEC_FOLDERS = [
    ROOT / "specs",
    *(path for path in sorted(FIXTURES.glob("*/specs")) if path.parent.name != "diff"),
    *sorted((FIXTURES / "vendors").glob("*/specs")),
]
SYNTHETIC_OPERATIONS = 6


def _black(source: str) -> str:
    return black.format_str(source, mode=formatting.mode())


def _vendors(folder: Path) -> list[ir.Vendor]:
    loaded = load(discover(folder), seeds=seeds_dir(folder))
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
    return loaded.vendors


@pytest.fixture(scope="module")
def synthetic_specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "specs"
    folder.mkdir()
    (folder / "synthetic.yaml").write_text(synthetic.spec(SYNTHETIC_OPERATIONS), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def emitted(synthetic_specs: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(spec folder, module) -> (source handed to the formatter, whether it was emitted black-stable),
    for every job of every vendor."""
    handed: dict[tuple[str, str], tuple[str, bool]] = {}
    folder = ""

    def record(source: str, name: str, emitted_stable: bool = False) -> str:
        handed[(folder, name)] = (source, emitted_stable)
        return source

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(render, "format_python", record)
        for spec_folder in [*SPEC_FOLDERS, synthetic_specs]:
            folder = str(spec_folder)
            for vendor in _vendors(spec_folder):
                for kind in build.JOB_KINDS:
                    build.run_job(kind, vendor)
    return handed


def test_every_module_emitted_black_stable_is_what_black_makes_of_it(
    emitted: dict[tuple[str, str], tuple[str, bool]],
) -> None:
    stable = {key: source for key, (source, is_stable) in emitted.items() if is_stable}
    assert stable, "no module was emitted black-stable"
    for key, source in stable.items():
        assert _black(source) == source, key


def test_the_validators_of_every_vendor_that_lints_clean_skip_black(
    emitted: dict[tuple[str, str], tuple[str, bool]], synthetic_specs: Path
) -> None:
    """Every spec folder but the hostile one (whose vendor name puts escapes in the module docstring):
    its validators module is emitted black-stable, so generation runs no black on it."""
    for folder in [*SPEC_FOLDERS, synthetic_specs]:
        if folder.parent.name == "hostile":
            continue
        for vendor in _vendors(folder):
            _, is_stable = emitted[(str(folder), f"ats_sdk/{vendor.id}/validators.py")]
            assert is_stable, (folder, vendor.id)


def _one_line_each(statements: list[pylayout.Statement], depth: int) -> Iterator[str]:
    """Every statement on one line, however long: source for black to lay out from scratch."""
    for statement in statements:
        if isinstance(statement, pylayout.Block):
            yield f"{pylayout.INDENT * depth}{statement.header}:"
            yield from _one_line_each(list(statement.body), depth + 1)
        else:
            yield pylayout.INDENT * depth + statement.code


def _one_line_definition(name: str, parameters: list[str], returns: str) -> tuple[str, ...]:
    return (f"def {name}({', '.join(parameters)}) -> {returns}:",)


@pytest.fixture(scope="module")
def unsplit(synthetic_specs: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(spec folder, module) -> (the validators module as emitted, the same module with every statement
    on one line), for every vendor."""
    modules: dict[tuple[str, str], tuple[str, str]] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(render, "format_python", lambda source, name, *stable: source)
        for spec_folder in [*SPEC_FOLDERS, synthetic_specs]:
            for vendor in _vendors(spec_folder):
                [(name, laid_out)] = build.run_job("validators", vendor).items()
                with monkeypatch.context() as naive:
                    naive.setattr(pylayout, "lines", _one_line_each)
                    naive.setattr(pylayout, "definition", _one_line_definition)
                    [(_, one_line)] = build.run_job("validators", vendor).items()
                modules[(str(spec_folder), name)] = (laid_out.decode(), one_line.decode())
    return modules


def test_the_layout_is_what_black_makes_of_each_statement_on_one_line(
    unsplit: dict[tuple[str, str], tuple[str, str]],
) -> None:
    """Stronger than black leaving the output alone (a split black would keep, held by trailing commas,
    passes that): black, given the statements unsplit, splits them into these very lines."""
    for key, (laid_out, one_line) in unsplit.items():
        assert laid_out != one_line, key  # some statement was split: the comparison means something
        assert _black(one_line) == laid_out, key


def test_a_validators_job_calls_black_for_nothing_the_layout_can_write(
    synthetic_specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The synthetic vendor's checks are all shapes the layout writes itself: no black at all."""
    formatted: list[str] = []
    real_format_str = black.format_str

    def counting(source: str, *, mode: black.Mode) -> str:
        formatted.append(source)
        return real_format_str(source, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)
    with formatting.using(None):
        for vendor in _vendors(synthetic_specs):
            outputs = build.run_job("validators", vendor)
    assert outputs and formatted == []
    monkeypatch.undo()
    for content in outputs.values():
        assert _black(content.decode("utf-8")) == content.decode("utf-8")


def test_confirming_catches_a_module_black_would_change() -> None:
    formatter = formatting.Formatter()
    formatter.confirm_stable = True
    assert formatter.format_module("x = 1\n", emitted_stable=True) == "x = 1\n"
    with pytest.raises(formatting.FormatError, match="line 1"):
        formatter.format_module("x=1\n", emitted_stable=True)
    # Not confirming, the module is trusted as it is: that is the time saved.
    assert formatting.Formatter().format_module("x=1\n", emitted_stable=True) == "x=1\n"


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_a_statement_black_lays_out_alone_is_laid_out_as_in_its_block(depth: int) -> None:
    statement = "check(" + ", ".join(f"argument_number_{n}" for n in range(12)) + ")"
    lines = formatting.format_statement(statement, depth)
    nested = "".join("    " * level + "if x:\n" for level in range(depth))
    whole = _black(nested + "    " * depth + statement + "\n")
    assert "\n".join(lines) + "\n" == "".join(whole.splitlines(keepends=True)[depth:])
    assert len(lines) > 1 and lines[0].startswith("    " * depth + "check(")


# -- hostile text ---------------------------------------------------------------------------------------

HOSTILE = [
    'double " quote',
    "single ' quote",
    "both ' and \" quotes",
    'more "" than \' in it',
    "more '' than \" in it",
    "back\\slash \\n \\' \\\" end\\",
    "new\nline and\r\nCRLF and \u2028",
    'triple """ quotes """',
    "triple ''' single",
    "{{ jinja }} {% raw %} {# c #}",
    "unicode é ü ß — “quotes”",
    "wide 中文テスト 🎉" * 4,
    "combining e\u0301\u0301\u0301",
    "tab\there",
    "x" * 150,
    "中" * 60,
    "a" * 88,
    "",
    " leading and trailing ",
    '"',
    "'",
    "\\",
    'ends with quote"',
    "\x00\x7f\x1b control",
]


def _pattern(text: str) -> str:
    """An ECMA-262 pattern that matches `text` literally."""
    return "^" + re.sub(r"([\\^$.|?*+()\[\]{}/-])", r"\\\1", text) + "$"


def _hostile_schema(texts: list[str]) -> ir.Schema:
    """An object with a field per text: named by it, an enum of it, a pattern of it, messages of it, a
    nested array of objects, bounds that repr writes with exponents, and a rule over the fields."""
    fields = []
    for index, text in enumerate(texts):
        wire = text or f"empty{index}"
        messages = tuple(
            (rule, text) for rule in ("type", "enum", "required", "pattern", "min_length")
        )
        schema = ir.Schema(
            types=("string", "null"),
            enum=(ir.EnumMember(text), ir.EnumMember(text + "'\""), ir.EnumMember(None)),
            min_length=1 if index % 2 else None,
            vendor_messages=messages if index % 3 else (),
        )
        if index % 4 == 1:
            schema = ir.Schema(types=("string",), pattern=_pattern(text), vendor_messages=messages)
        if index % 4 == 2:
            item = ir.Schema(types=("object",), properties=(_field(wire, schema, True),))
            schema = ir.Schema(types=("array",), items=item, unique_items=True, max_items=3)
        fields.append(_field(wire, schema, index % 2 == 0))
    bounds = ir.Schema(types=("integer",), minimum=-(10**20), maximum=1e16, multiple_of=1e-05)
    fields.append(_field("bounded" * 12, bounds, True))
    names = tuple(field.wire_name for field in fields)
    rule = ir.Rule(ir.RuleKind.AT_LEAST_ONE_OF, names, vendor_message=texts[0] if texts else None)
    return ir.Schema(
        types=("object",),
        properties=tuple(fields),
        additional=ir.Schema(never=True),
        rules=(rule,),
    )


def _field(wire: str, schema: ir.Schema, required: bool) -> ir.Field:
    return ir.Field(wire, naming.snake_case(wire), schema, required=required)


def _emitted(schema: ir.Schema) -> tuple[str, bool]:
    """A validators module for the schema as the template renders it, and whether it is black-stable;
    checked against black given the same module with every statement on one line."""
    module = validators.build_for_schema(schema)
    doc = pycode.docstring("Hostile module.")

    def rendered(layout: object) -> str:
        return render.render(
            "validators.py.jinja", origin="a test", module=module, module_doc=doc, layout=layout
        )

    source = rendered(pylayout.lines)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(pylayout, "definition", _one_line_definition)
        assert _black(rendered(_one_line_each)) == source
    return source, module.emitted_stable(doc)


@pytest.mark.parametrize("depth", [0, 2])
def test_hostile_spec_text_is_laid_out_as_black_lays_it_out(depth: int) -> None:
    schema = _hostile_schema(HOSTILE)
    for _ in range(depth):  # the same checks, nested deeper: other lines cross the length limit
        schema = ir.Schema(
            types=("object",),
            properties=(_field("nested" * 8, schema, True),),
        )
    source, is_stable = _emitted(schema)
    assert is_stable
    assert _black(source) == source


_HOSTILE_CHARACTERS = st.sampled_from(list("\"'\\\n\r\t{}%#é中🎉\u0301 aZ_-/$^.*"))


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.text(_HOSTILE_CHARACTERS, min_size=0, max_size=120), min_size=1, max_size=4))
def test_any_text_from_a_spec_is_laid_out_as_black_lays_it_out(texts: list[str]) -> None:
    source, is_stable = _emitted(_hostile_schema(texts))
    assert is_stable
    assert _black(source) == source


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("'\"\\\n\tx")) | st.text())
def test_a_string_literal_is_written_as_black_writes_it(text: str) -> None:
    code = pycode.string(text)
    assert eval(code) == text
    statement = f"x = {code}\n"
    assert _black(statement) == statement


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers() | st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_is_written_as_black_writes_it(number: int | float) -> None:
    code = pycode.number(number)
    assert eval(code) == number
    statement = f"x = {code}\n"
    assert _black(statement) == statement
