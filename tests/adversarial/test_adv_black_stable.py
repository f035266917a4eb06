"""Modules emitted black-stable skip black at generation: black stays the authority, here.

The attack: generation writes the validators, client and spec modules without running black on them
(`pylayout` lays them out as black would), so any layout rule the emitter gets wrong would put code into the SDK that black would
change. Every module an emitter marks black-stable, for every vendor of the real specs, of every fixture
spec folder and of the synthetic benchmark vendor, must be byte for byte what the pinned black makes of
it; and hostile text from a spec (quotes of both kinds, backslashes, line breaks, triple quotes, `{{`,
wide and combining characters, very long names, messages, enum values and patterns) must not change that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import synthetic
from generator import build, formatting, ir, naming, pycode, pylayout, render
from generator.emit import clients, spec_module, validators
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


# The jobs whose module is emitted black-stable, and the module each writes.
STABLE_JOBS = {"validators": "validators.py", "client": "client.py", "spec": "_spec.py"}


@pytest.mark.parametrize("job", sorted(STABLE_JOBS))
def test_the_stable_modules_of_every_vendor_that_lints_clean_skip_black(
    emitted: dict[tuple[str, str], tuple[str, bool]], synthetic_specs: Path, job: str
) -> None:
    """Every spec folder but the hostile one (whose vendor name puts escapes in the module docstring):
    its validators, client and spec modules are emitted black-stable, so generation runs no black on them.
    """
    for folder in [*SPEC_FOLDERS, synthetic_specs]:
        if folder.parent.name == "hostile":
            continue
        for vendor in _vendors(folder):
            _, is_stable = emitted[(str(folder), f"ats_sdk/{vendor.id}/{STABLE_JOBS[job]}")]
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


def _one_line_exploded_definition(
    head: str, parameters: list[str], returns: str, depth: int
) -> list[str]:
    """The `def` on one line, its magic trailing comma kept: black splits it from scratch."""
    return [f"{pylayout.INDENT * depth}{head}({', '.join(parameters)},) -> {returns}:"]


def _unlaid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the emitters write every statement and definition on one line."""
    monkeypatch.setattr(pylayout, "lines", _one_line_each)
    monkeypatch.setattr(pylayout, "definition", _one_line_definition)
    monkeypatch.setattr(pylayout, "exploded_definition", _one_line_exploded_definition)


@pytest.fixture(scope="module")
def unsplit(synthetic_specs: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(spec folder, module) -> (the validators or client module as emitted, the same module with every
    statement and definition on one line), for every vendor."""
    modules: dict[tuple[str, str], tuple[str, str]] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(render, "format_python", lambda source, name, *stable: source)
        for spec_folder in [*SPEC_FOLDERS, synthetic_specs]:
            for vendor in _vendors(spec_folder):
                for job in STABLE_JOBS:
                    [(name, laid_out)] = build.run_job(job, vendor).items()
                    with monkeypatch.context() as naive:
                        _unlaid(naive)
                        [(_, one_line)] = build.run_job(job, vendor).items()
                    modules[(str(spec_folder), name)] = (laid_out.decode(), one_line.decode())
    return modules


def test_the_layout_is_what_black_makes_of_each_statement_on_one_line(
    unsplit: dict[tuple[str, str], tuple[str, str]],
) -> None:
    """Stronger than black leaving the output alone (a split black would keep, held by trailing commas,
    passes that): black, given the statements unsplit, splits them into these very lines."""
    assert {name.rsplit("/", 1)[1] for _, name in unsplit} == set(STABLE_JOBS.values())
    for key, (laid_out, one_line) in unsplit.items():
        assert laid_out != one_line, key  # some statement was split: the comparison means something
        assert _black(one_line) == laid_out, key


@pytest.mark.parametrize("job", sorted(STABLE_JOBS))
def test_a_stable_job_calls_black_for_nothing_the_layout_can_write(
    synthetic_specs: Path, monkeypatch: pytest.MonkeyPatch, job: str
) -> None:
    """The synthetic vendor's checks, calls and signatures are all shapes the layout writes itself: no
    black at all."""
    formatted: list[str] = []
    real_format_str = black.format_str

    def counting(source: str, *, mode: black.Mode) -> str:
        formatted.append(source)
        return real_format_str(source, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)
    with formatting.using(None):
        for vendor in _vendors(synthetic_specs):
            outputs = build.run_job(job, vendor)
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


# -- hostile text in the client module ------------------------------------------------------------------


def _hostile_client(base: clients.ClientModule, texts: list[str]) -> clients.ClientModule:
    """`base` with spec text everywhere the client module writes it as code: wire names in the request
    mapping, enum values in annotations, aliases, environments and named codes, response statuses; and
    names long enough to push signatures, calls and mappings past the line length at every depth."""
    literals = [pycode.string(text) for text in texts]
    literal = f"Literal[{', '.join(literals)}]"
    arguments = tuple(
        clients.Argument(
            f"field_{index}" + "_x" * (len(text) % 40),
            text,
            (
                f"{literal} | None | NotGiven"
                if index % 2
                else f"Literal[{literals[index]}] | NotGiven"
            ),
            "NOT_GIVEN",
            positional=False,
        )
        for index, text in enumerate(texts)
    )
    entries = tuple(
        f"{code}: {argument.python_name}"
        for code, argument in zip(literals, arguments, strict=True)
    )
    parts = (clients.RequestPart("query", entries[:1]), clients.RequestPart("body", entries))
    parsers = tuple(
        (text, f"models.Response{index}" + "X" * 30) for index, text in enumerate(texts)
    )
    methods = tuple(
        replace(
            method,
            name=method.name + "_named_at_length" * (index % 6),
            arguments=arguments,
            request_parts=parts[index % 2 :],
            parsers=parsers,
        )
        for index, method in enumerate(base.methods)
    )
    members = tuple((f"CODE_{index}", code) for index, code in enumerate(literals))
    return replace(
        base,
        environments=literal,
        aliases=(("HostileAlias", literal), ("ShortAlias", f"Literal[{literals[0]}]")),
        constants=(("HostileCodes", '"""Hostile codes."""', members),),
        methods=methods,
    )


def _client_source(module: clients.ClientModule) -> tuple[str, bool]:
    """The client module as the template renders it, and whether it is black-stable; checked against
    black given the same module with every statement and definition on one line."""
    doc = pycode.docstring("Hostile clients.")

    def rendered() -> str:
        return render.render(
            "vendor/client.py.jinja",
            origin="a test",
            client=module,
            module_doc=doc,
            layout=pylayout.lines,
        )

    source = rendered()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _unlaid(monkeypatch)
        assert _black(rendered()) == source
    return source, module.emitted_stable(doc)


@pytest.fixture(scope="module")
def synthetic_client(synthetic_specs: Path) -> clients.ClientModule:
    (vendor,) = _vendors(synthetic_specs)
    return clients.build(vendor)


@pytest.mark.parametrize("size", [1, 3, len(HOSTILE)])
def test_hostile_spec_text_in_a_client_is_laid_out_as_black_lays_it_out(
    synthetic_client: clients.ClientModule, size: int
) -> None:
    source, is_stable = _client_source(_hostile_client(synthetic_client, HOSTILE[:size]))
    assert is_stable
    assert _black(source) == source


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.text(_HOSTILE_CHARACTERS, min_size=0, max_size=120), min_size=1, max_size=4))
def test_any_text_from_a_spec_in_a_client_is_laid_out_as_black_lays_it_out(
    synthetic_client: clients.ClientModule, texts: list[str]
) -> None:
    source, is_stable = _client_source(_hostile_client(synthetic_client, texts))
    assert is_stable
    assert _black(source) == source


# -- hostile text in the spec module --------------------------------------------------------------------


def _hostile_value(texts: list[str], depth: int) -> object:
    """A JSON-like example made of the texts: nested objects and arrays, keys and values."""
    if depth == 0:
        return texts
    return {text: [_hostile_value(texts, depth - 1), text, 10**20, -1.5e-7] for text in texts}


def _hostile_spec(base: spec_module.SpecModule, texts: list[str]) -> spec_module.SpecModule:
    """`base` with spec text in every argument value the spec module writes: strings, nested examples
    at several depths, one-item and long tuples, and a key long enough to push the heads right."""
    literals = tuple(pycode.string(text) for text in texts)
    extra = (
        ("path", literals[0]),
        ("auth", pycode.value(tuple(texts[:1]))),
        ("request_example", pycode.value(_hostile_value(texts, 2))),
        ("params", pycode.value(tuple(texts))),
    )
    operations = tuple(
        replace(
            op,
            key=literals[index % len(literals)] if index % 2 else pycode.string("k" * 60 * index),
            arguments=(*op.arguments, *extra[: index + 1]),
        )
        for index, op in enumerate(base.operations)
    )
    vendor = (*base.vendor_arguments, ("name", pycode.value(_hostile_value(texts, 1))))
    return replace(base, operations=operations, vendor_arguments=vendor)


def _spec_source(module: spec_module.SpecModule) -> str:
    """The spec module as the template renders it, checked against black given the same module with
    every statement on one line."""

    def rendered() -> str:
        return render.render(
            "vendor/spec.py.jinja",
            origin="a test",
            module=module,
            module_doc=pycode.docstring("Hostile spec."),
            layout=pylayout.lines,
        )

    source = rendered()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _unlaid(monkeypatch)
        assert _black(rendered()) == source
    return source


@pytest.fixture(scope="module")
def synthetic_spec_module(synthetic_specs: Path) -> spec_module.SpecModule:
    (vendor,) = _vendors(synthetic_specs)
    return spec_module.build(vendor)


# Every hostile text, four at a time: the spec module nests each text in every example, so its size grows
# much faster than the number of texts (24 at once made a 3.7 MB module and a 36 s test).
@pytest.mark.parametrize("start", range(0, len(HOSTILE), 4))
def test_hostile_spec_text_in_a_spec_module_is_laid_out_as_black_lays_it_out(
    synthetic_spec_module: spec_module.SpecModule, start: int
) -> None:
    source = _spec_source(_hostile_spec(synthetic_spec_module, HOSTILE[start : start + 4]))
    assert _black(source) == source


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.text(_HOSTILE_CHARACTERS, min_size=0, max_size=120), min_size=1, max_size=4))
def test_any_text_from_a_spec_in_a_spec_module_is_laid_out_as_black_lays_it_out(
    synthetic_spec_module: spec_module.SpecModule, texts: list[str]
) -> None:
    source = _spec_source(_hostile_spec(synthetic_spec_module, texts))
    assert _black(source) == source


@pytest.mark.parametrize("length", [50, 54, 55, 60, 72, 73, 77, 78, 90])
def test_a_long_annotation_is_split_as_black_splits_it(
    synthetic_client: clients.ClientModule, length: int
) -> None:
    """Annotations around the widths where black puts one in parentheses, then splits it before each
    `|`, then splits its `Literal[...]` (black's, alone: the layout does not write that shape)."""
    source, is_stable = _client_source(_hostile_client(synthetic_client, ["x" * length, "y"]))
    assert is_stable
    assert _black(source) == source
