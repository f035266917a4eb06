"""Generate the Markdown docs: one page per vendor (`docs/<vendor id>.md`) and an index (`docs/index.md`).

Reviewers read these pages in pull requests, rendered as GitHub-flavoured Markdown, beside the vendor's own
document. Lowering turns the intermediate form into a small render model: dataclasses holding finished,
escaped Markdown (strings, table rows, blocks). The templates under templates/docs/ only lay them out.

Every string from a spec passes through one of the escaping helpers below (built on `generator.markdown`)
before it reaches a template, so a `|`, newline, `<`, backtick, `#` or `{{` in a spec cannot break a table,
start raw HTML or change the page's structure. Text set inside HTML (`<summary>`) is HTML-escaped instead.

Anchors are stable: operations, definitions, envelopes and auth schemes get headings whose text is a fixed
word plus their identifier (`Operation update_candidate` -> `#operation-update_candidate`), and identifiers
are snake_case by the spec schema. Output is deterministic: spec order everywhere, no timestamps, nothing
that depends on set or hash order.
"""

from __future__ import annotations

import ast
import functools
import html
import json
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from generator import ir, markdown, naming, pycode, pylayout, render
from generator.emit import clients, examples
from generator.kinds import auth as auth_kinds
from generator.kinds import formats, rules
from generator.kinds import pagination as pagination_kinds
from generator.phrasing import limits, or_list

_ENUM_INLINE = 10  # enums up to this long are listed in full in a table cell
_ENUM_PREVIEW = 5  # longer ones show their first values, with the full list in a <details> block
# Notes longer than this, or of more than one paragraph, go under the table: a nine-column table with a
# cell of several paragraphs is wider than the page and scrolls sideways.
_NOTES_CELL_LIMIT = 160
NOTES_BELOW = "see below the table"
"""The notes cell of a row whose notes are listed under the table, as `- Notes on <field>: ...`."""
FIELD_COLUMNS = (
    "field",
    "type",
    "required",
    "limits",
    "values",
    "default",
    "description",
    "provenance",
    "notes",
)


# -- the render model ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A GitHub table: every row has exactly as many finished cells as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"a table row has {len(row)} cells for {len(self.header)} columns")


@dataclass(frozen=True)
class Details:
    """A collapsible block: `summary` is HTML (escaped), then a Markdown paragraph and/or table."""

    summary: str
    text: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class FieldsView:
    """The fields of one object (a request part, a body, an envelope, a definition), ready to lay out."""

    intro: tuple[str, ...]
    """Paragraphs before the table."""
    table: Table | None
    details: tuple[Details, ...]
    """Full lists of long enums, after the table."""
    not_generated: tuple[str, ...]
    """List items: fields whose wire name is unknown, and why."""
    rules: tuple[str, ...]
    """List items: cross-field rules in plain words."""
    notes: tuple[str, ...]
    """Blocks (list items or blockquotes): remarks on the shape itself."""
    field_notes: tuple[str, ...] = ()
    """List items: the notes of rows too long for their cell (`- Notes on <field>: ...`)."""


@dataclass(frozen=True)
class Part:
    title: str
    fields: FieldsView


@dataclass(frozen=True)
class ResponseView:
    title: str
    description: tuple[str, ...]
    facts: tuple[str, ...]
    fields: FieldsView | None
    errors: Table | None
    notes: tuple[str, ...]
    example: Details | None
    headers: Table | None = None
    """The response headers the status carries (read as `response_headers` on results and errors)."""


@dataclass(frozen=True)
class ExampleView:
    label: str
    request_line: str
    code: str | None


@dataclass(frozen=True)
class PythonView:
    """How the operation is called from the SDK: the call, its arguments, its errors, paging and retries."""

    code: str
    """A fenced Python block: the sync call, with the example request's arguments."""
    facts: tuple[str, ...]
    """List items: the async form, the return type, pagination and retries."""
    arguments: Table | None
    """Each Python argument with the wire name it is sent as."""
    errors: Table
    """The exceptions the call raises, from the runtime's classes."""


@dataclass(frozen=True)
class OperationView:
    heading: str
    summary: str
    description: tuple[str, ...]
    facts: tuple[str, ...]
    python: PythonView
    parts: tuple[Part, ...]
    responses: tuple[ResponseView, ...]
    example: ExampleView
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """An auth scheme, error envelope or definition: heading, prose, facts, fields, notes."""

    heading: str
    description: tuple[str, ...]
    facts: tuple[str, ...]
    fields: FieldsView | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class VendorPage:
    header: str
    title: str
    description: tuple[str, ...]
    facts: tuple[str, ...]
    contents: str
    operation_list: tuple[str, ...]
    notes: tuple[str, ...]
    environments: Table
    sources: Table
    auth: tuple[Section, ...]
    envelopes: tuple[Section, ...]
    operation_sections: tuple[str, ...]
    """Each operation's section, rendered (`docs/operation.md.jinja`)."""
    definitions: tuple[Section, ...]


@dataclass(frozen=True)
class IndexPage:
    header: str
    vendors: Table
    by_vendor: Table
    by_operation: Table
    legend: tuple[str, ...]


# -- public entry points ------------------------------------------------------------------------------------


def vendor_docs(vendor: ir.Vendor) -> dict[str, bytes]:
    """The vendor's page, `docs/<vendor id>.md`."""
    page = _VendorLowering(vendor).page()
    return {f"docs/{vendor.id}.md": _finish(render.render("docs/vendor.md.jinja", page=page))}


def index_docs(vendors: Sequence[ir.Vendor], *, unified: bool = False) -> dict[str, bytes]:
    """The index, `docs/index.md`: every vendor, and comparisons across vendors; with `unified`, a link
    to the unified candidate's coverage page."""
    page = _index_page(vendors)
    text = render.render("docs/index.md.jinja", page=page, unified=unified)
    return {"docs/index.md": _finish(text)}


def operation_anchor(operation_id: str) -> str:
    return markdown.anchor(f"Operation {operation_id}")


def definition_anchor(name: str) -> str:
    return markdown.anchor(f"Definition {name}")


def envelope_anchor(envelope_id: str) -> str:
    return markdown.anchor(f"Error envelope {envelope_id}")


def auth_anchor(scheme_id: str) -> str:
    return markdown.anchor(f"Auth scheme {scheme_id}")


def _json(value: ir.JsonValue, indent: int | None = None) -> str:
    separators = None if indent else (", ", ": ")
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)


def _value(value: ir.JsonValue) -> str:
    """A value as code, spelled in JSON (`"api"`, `null`, `true`): the docs describe the wire."""
    return markdown.code(_json(value))


def _member(member: ir.EnumMember) -> str:
    shown = _value(member.value)
    return f"{shown} ({markdown.text(member.name)})" if member.name else shown


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _provenance(provenance: ir.Provenance) -> str:
    if provenance.confidence is ir.Confidence.DOCUMENTED and provenance.evidence is None:
        text = "documented"
    else:
        text = f"**{provenance.confidence.value}**"
        if provenance.evidence:
            text += ": " + markdown.cell(provenance.evidence)
    if provenance.source:
        text += f" (source {markdown.code(provenance.source)})"
    return text


def _stated(provenance: ir.Provenance) -> bool:
    return (
        provenance.confidence is ir.Confidence.DOCUMENTED
        and provenance.evidence is None
        and not provenance.source
    )


def _note_inline(note: ir.Note) -> str:
    """A note on one line (table cells, list items); a contradiction is marked in bold."""
    if note.says is not None:
        text = f"**Contradiction.** The document says: {markdown.cell(note.says)}<br>**Resolution:** {markdown.cell(note.resolution or '')}"
    else:
        text = markdown.cell(note.text or "")
    if note.source:
        text += f" (source {markdown.code(note.source)})"
    return text


def _note_block(note: ir.Note) -> str:
    """A note as a block: a list item, or a blockquote for a contradiction (what the document says, and how
    the spec resolves it)."""
    source = f" (source {markdown.code(note.source)})" if note.source else ""
    if note.says is not None:
        says = markdown.paragraphs(note.says) or ("",)
        resolution = markdown.paragraphs(note.resolution) or ("",)
        paragraphs = [f"**Contradiction.** The document says: {says[0]}", *says[1:]]
        paragraphs += [f"**Resolution:** {resolution[0]}", *resolution[1:]]
        paragraphs[-1] += source
        return "\n>\n".join(f"> {paragraph}" for paragraph in paragraphs)
    blocks = list(markdown.paragraphs(note.text)) or [""]
    blocks[-1] += source
    return "\n\n".join([f"- {blocks[0]}", *(f"  {block}" for block in blocks[1:])])


def _notes(notes: Iterable[ir.Note]) -> tuple[str, ...]:
    return tuple(_note_block(note) for note in notes)


_FENCE = re.compile(r"(`{3,}|~{3,})")


def _finish(text: str) -> bytes:
    """Tidy rendered Markdown: no trailing whitespace, no runs of blank lines (outside code), one final newline."""
    out: list[str] = []
    fence: str | None = None
    for raw in text.split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if fence is None:
            # Most lines start with neither fence character: no pattern to try on them.
            match = _FENCE.match(stripped) if stripped[:1] in ("`", "~") else None
            if match:
                fence = match.group(1)
            elif not line and (not out or not out[-1]):
                continue
        elif stripped.startswith(fence) and not stripped.strip("`~"):
            fence = None
        else:
            line = raw  # code is shown exactly
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return ("\n".join(out) + "\n").encode("utf-8")


def _header(origin: str) -> str:
    return render.render("docs/header.md.jinja", origin=markdown.comment_text(origin)).rstrip("\n")


# -- shapes -------------------------------------------------------------------------------------------------


def _non_null(branches: Sequence[ir.Schema]) -> list[ir.Schema]:
    return [branch for branch in branches if branch.types != ("null",)]


def _unwrap(schema: ir.Schema) -> ir.Schema:
    """The one real form of `X or null` (a nullable `ref` is lowered to any_of(X, null))."""
    branches = _non_null(schema.any_of)
    if len(branches) == 1 and not schema.types:
        return branches[0]
    return schema


def _accepts_null(schema: ir.Schema) -> bool:
    return schema.nullable or any(
        branch.types == ("null",) or _accepts_null(branch) for branch in schema.any_of
    )


def _has_details(schema: ir.Schema) -> bool:
    """Whether array items deserve a row of their own (beyond `array of X` in the parent's type)."""
    inner = _unwrap(schema)
    return bool(
        inner.description
        or inner.enum is not None
        or inner.const is not None
        or limits(inner, quote=markdown.code, closed=False)
        or inner.notes
        or inner.vendor_messages
        or inner.has_default
        or inner.has_example
    )


def _type_words(schema: ir.Schema) -> str:
    """The type of a value in words: format, null, union forms and definition links included."""
    if schema.never:
        return "nothing (no value is allowed)"
    if schema.ref is not None:
        base = _type_words(replace(schema, ref=None))
        return f"{markdown.link(markdown.code(schema.ref), '#' + definition_anchor(schema.ref))} ({base})"
    words: list[str] = []
    for json_type in schema.types:
        if json_type == "array" and schema.items is not None:
            item = _type_words(schema.items)
            words.append(f"array of ({item})" if " or " in item else f"array of {item}")
        elif schema.format is not None and formats.get(schema.format).json_type == json_type:
            words.append(f"{json_type} ({markdown.text(schema.format)})")
        else:
            words.append(json_type)
    for branch in schema.any_of:
        words.append(_type_words(branch))
    if not words:
        return "any"
    unique = list(dict.fromkeys(words))
    if "null" in unique:  # null last: "string or null"
        unique = [word for word in unique if word != "null"] + ["null"]
    return " or ".join(unique)


# -- fields, rows and rules ---------------------------------------------------------------------------------


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@dataclass
class _Rows:
    """Collects the rows of one fields table, walking nested objects, array items and union forms."""

    lowering: _VendorLowering
    where: str
    """Finished Markdown naming this table's place, for the definitions' "used by"."""
    expand_refs: bool
    """Show the fields of a definition used inside this shape (requests), or only link to it."""
    show_closed: bool
    """Say which objects reject other keys (not in definitions: that depends on where they are used)."""
    rows: list[tuple[str, ...]] = field(default_factory=list)
    details: list[Details] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    field_notes: list[str] = field(default_factory=list)

    def root(self, schema: ir.Schema, label: str, name: str) -> None:
        """The rows of a whole shape: its fields, or for a non-object one row titled `label` (finished
        Markdown), named `name` (plain text) where the row is referred to."""
        if schema.ref is not None:
            self.lowering.use(schema.ref, self.where, "", in_request=self.expand_refs)
        if schema.properties or "object" in schema.types or schema.rules:
            self.object(schema, "", "")
        else:
            self.rows.append(self.row("", schema, title=label, subject=name))
            self.children("", schema, "")

    def object(self, schema: ir.Schema, prefix: str, form: str) -> None:
        for prop in schema.properties:
            path = _join(prefix, prop.wire_name)
            if not prop.in_code:
                self.hidden.append(self.hidden_item(path, prop))
                continue
            self.rows.append(self.row(path, prop.schema, prop=prop, parent=prefix, form=form))
            self.children(path, prop.schema, form)
        extra = schema.additional
        if extra is not None and not extra.never:
            path = _join(prefix, "*")
            self.rows.append(self.row(path, extra, form=form, label="Any other key."))
            self.children(path, extra, form)
        for rule in schema.rules:
            self.rules.append(self.rule(rule, prefix))

    def children(self, path: str, schema: ir.Schema, form: str) -> None:
        if schema.ref is not None:
            self.lowering.use(schema.ref, self.where, path, in_request=self.expand_refs)
            if not self.expand_refs:
                return
        branches = _non_null(schema.any_of)
        if len(branches) == 1:
            self.children(path, branches[0], form)
        elif branches:
            for number, branch in enumerate(branches, 1):
                label = f"{form}.{number}" if form else str(number)
                self.rows.append(self.row(path, branch, form=label))
                self.children(path, branch, label)
        if (
            schema.properties
            or schema.rules
            or (schema.additional is not None and not schema.additional.never)
        ):
            self.object(schema, path, form)
        for position, prefix_item in enumerate(schema.prefix_items):
            item_path = f"{path}[{position}]"
            self.rows.append(self.row(item_path, prefix_item, form=form))
            self.children(item_path, prefix_item, form)
        if schema.items is not None:
            item_path = f"{path}[]"
            if _has_details(schema.items):
                self.rows.append(self.row(item_path, schema.items, form=form))
            self.children(item_path, schema.items, form)

    def row(
        self,
        path: str,
        schema: ir.Schema,
        *,
        prop: ir.Field | None = None,
        parent: str = "",
        form: str = "",
        label: str | None = None,
        title: str | None = None,
        subject: str = "",
    ) -> tuple[str, ...]:
        inner = _unwrap(schema)
        name = (title or markdown.code(path)) + (f" (form {form})" if form else "")
        required = ""
        if prop is not None and prop.required:
            required = f"yes, within {markdown.code(parent)}" if parent else "yes"
        default = ""
        if schema.has_default or inner.has_default:
            default = _value(schema.default if schema.has_default else inner.default)
        description = [
            markdown.cell(text) for text in (label, schema.description or inner.description) if text
        ]
        if schema.has_example or inner.has_example:
            description.append(
                "Example: " + _value(schema.example if schema.has_example else inner.example)
            )
        notes: list[str] = []
        if prop is not None and prop.deprecated:
            notes.append("**Deprecated.**")
        if prop is not None and prop.read_only:
            notes.append("**Read-only:** set by the vendor; a request that sends it is refused.")
        if prop is not None:
            notes += [_note_inline(note) for note in prop.notes]
        if inner.ref is None:
            notes += [_note_inline(note) for note in inner.notes]
        messages = schema.vendor_messages + (inner.vendor_messages if inner is not schema else ())
        if messages:
            shown = "; ".join(
                f"{markdown.code(rule)}: “{markdown.text(message)}”" for rule, message in messages
            )
            notes.append(f"**Vendor messages:** {shown}")
        notes_cell = "<br><br>".join(notes)
        if len(notes_cell) > _NOTES_CELL_LIMIT or "<br>" in notes_cell:
            self.field_notes.append(f"Notes on {name}: {notes_cell}")
            notes_cell = NOTES_BELOW
        return (
            name,
            _type_words(schema),
            required,
            "<br>".join(limits(inner, quote=markdown.code, closed=self.show_closed)),
            self.values(path or subject, inner),
            default,
            "<br>".join(description),
            _provenance(prop.provenance) if prop is not None else "",
            notes_cell,
        )

    def values(self, path: str, schema: ir.Schema) -> str:
        parts: list[str] = []
        if schema.const is not None:
            parts.append("always " + _value(schema.const.value))
        if schema.enum is not None:
            members = schema.enum
            shown = [_member(member) for member in members]
            if len(shown) <= _ENUM_INLINE:
                parts.append(", ".join(shown))
            else:
                if schema.ref is not None:
                    target = markdown.link(
                        f"all {len(shown)} in {markdown.code(schema.ref)}",
                        "#" + definition_anchor(schema.ref),
                    )
                else:
                    self.details.append(_enum_details(path, members))
                    target = f"all {len(shown)} below the table"
                parts.append(", ".join(shown[:_ENUM_PREVIEW]) + f", … ({target})")
        return "<br>".join(parts)

    def hidden_item(self, path: str, prop: ir.Field) -> str:
        parts = [
            f"{markdown.code(path)} (a placeholder key, not a wire name; {_type_words(prop.schema)})"
        ]
        if prop.description:
            parts.append(markdown.cell(prop.description))
        why = f"**Why:** the wire name is {prop.provenance.confidence.value}"
        if prop.provenance.evidence:
            why += ". " + markdown.cell(prop.provenance.evidence)
        parts.append(why)
        parts += [_note_inline(note) for note in prop.notes]
        return "<br>".join(parts)

    def rule(self, rule: ir.Rule, prefix: str) -> str:
        return rule_text(rule, prefix)

    def view(self, intro: Sequence[str] = (), notes: Sequence[str] = ()) -> FieldsView:
        table = Table(FIELD_COLUMNS, tuple(self.rows)) if self.rows else None
        return FieldsView(
            tuple(intro),
            table,
            tuple(self.details),
            tuple(self.hidden),
            tuple(self.rules),
            tuple(notes),
            tuple(self.field_notes),
        )


def rule_text(rule: ir.Rule, prefix: str) -> str:
    """A cross-field rule as a list item: the kind's words, where it applies, its message and notes."""
    names = [markdown.code(name) for name in rule.fields]
    condition = _condition(rule.when) if rule.when is not None else None
    text = rules.of(rule.kind).docs(names, condition)
    if prefix:
        text = f"In {markdown.code(prefix)}: {text}"
    if rule.vendor_message:
        text += f" Vendor's message: “{markdown.text(rule.vendor_message)}”."
    else:
        text += f" Message (generated; the vendor gives none): “{markdown.text(rule.default_message())}”."
    for note in rule.notes:
        text += "<br>" + _note_inline(note)
    return text


def _condition(condition: ir.Condition) -> str:
    name = markdown.code(condition.field)
    if condition.values is None:
        return f"{name} is {'sent' if condition.present else 'not sent'}"
    shown = [_member(member) for member in condition.values]
    if len(shown) == 1:
        return f"{name} is {shown[0]}"
    return f"{name} is one of {or_list(shown)}"


def _enum_details(path: str, members: Sequence[ir.EnumMember]) -> Details:
    summary = f"All {len(members)} values of <code>{html.escape(path)}</code>"
    if any(member.name for member in members):
        rows = tuple((_value(m.value), markdown.text(m.name) if m.name else "") for m in members)
        return Details(summary, table=Table(("value", "name"), rows))
    return Details(summary, text=", ".join(_value(member.value) for member in members))


# -- the Python call ----------------------------------------------------------------------------------------

# The exceptions every call can raise besides the documented error statuses; each must be a runtime class
# (checked when the docs are rendered), and the docs describe it in its own docstring's words.
_ALWAYS_RAISED = ("ValidationFailed", "TransportError", "RequestTimeout")
_DECODE_ERROR = "ResponseDecodeError"
_OTHER_STATUS = "APIError"


@functools.cache
def _runtime_classes() -> dict[str, str]:
    """Every class the SDK runtime defines, with the first sentence of its docstring."""
    found: dict[str, str] = {}
    for module in sorted(render.RUNTIME_DIR.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                doc = " ".join((ast.get_docstring(node) or "").split())
                found[node.name] = doc.split(". ")[0].rstrip(".") + "." if doc else ""
    return found


@functools.cache
def _error_class_name() -> dict[int, str]:
    """The runtime's own status -> exception mapping (`errors.error_class`), for every HTTP error status.

    It is the runtime as written (`atsgen_runtime`), the code the SDK ships, so the docs can never name
    another class than the one a call raises."""
    from atsgen_runtime.errors import error_class

    return {status: error_class(status).__name__ for status in range(300, 600)}


def _runtime_class(name: str) -> str:
    if name not in _runtime_classes():
        raise LookupError(f"the SDK runtime (templates/runtime/) defines no class {name}")
    return name


def _status_class(status: str) -> str:
    """The exception for a documented response status (`404`, or `default`/`4XX`, any error status)."""
    return (
        _error_class_name().get(int(status), _OTHER_STATUS) if status.isdigit() else _OTHER_STATUS
    )


def _error_rows(op: ir.Operation) -> tuple[tuple[str, str], ...]:
    """(exception, when) rows: validation first, then each documented error status's class."""
    documented: dict[str, list[str]] = {}
    for response in op.error_responses:
        documented.setdefault(_status_class(response.status), []).append(response.status)
    rows = [("ValidationFailed", "")]
    for name, statuses in documented.items():
        rows.append(
            (name, "documented here: HTTP " + ", ".join(markdown.code(s) for s in statuses))
        )
    if _OTHER_STATUS not in documented:
        rows.append((_OTHER_STATUS, "any other error status than those above"))
    if any(response.body is not None for response in op.success_responses):
        rows.append((_DECODE_ERROR, ""))
    rows += [(name, "") for name in _ALWAYS_RAISED[1:]]
    out = []
    for name, when in rows:
        described = _runtime_classes()[_runtime_class(name)]
        text = markdown.text(described)
        if when:
            text = f"{text.rstrip('.')} ({when})."
        out.append((markdown.code(name), text))
    return tuple(out)


def _headers_table(response: ir.Response) -> Table | None:
    """The headers the status carries: the Python value each is read as, whether it is always sent."""
    if not response.headers:
        return None
    rows = tuple(
        (
            markdown.code(header.name),
            markdown.cell(_header_type(header)),
            _yes(header.required),
            markdown.cell(header.description or ""),
            markdown.code(header.example_text),
            _provenance(header.provenance),
        )
        for header in response.headers
    )
    return Table(("header", "type", "always sent", "description", "example", "provenance"), rows)


def _header_type(header: ir.ResponseHeader) -> str:
    python = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[header.type]
    shown = f"{header.type}, {header.format}" if header.format else header.type
    return f"{shown} (`{python} | None`)"


def _example_body(op: ir.Operation) -> dict[str, ir.JsonValue]:
    """The body the example call sends, as the "Example request" section shows it: the spec's example,
    else the minimal body made from the schema when it passes the operation's rules, else nothing.
    """
    from generator.value_check import violations  # imports jsonschema: only when docs are rendered

    body = op.request.body
    if body is None:
        return {}
    if body.has_example:
        return body.example if isinstance(body.example, dict) else {}
    sample = examples.object_example(body.schema, mode="minimal")
    return {} if violations(body.schema, sample) else sample


def _call_arguments(
    op: ir.Operation, method: clients.Method, parts: dict[str, tuple[ir.Part, ir.Field]]
) -> list[str]:
    """`name=value` for the example call: the example body's fields (so the call passes the body's
    cross-field rules, as the example does), and every required parameter of the other parts."""
    body = _example_body(op)
    given = []
    for arg in method.arguments:
        part, prop = parts[arg.python_name]
        if part == "body" and prop.wire_name in body:
            given.append(f"{arg.python_name}={pycode.value(body[prop.wire_name])}")
        elif arg.default is None:
            value = examples.example(prop.schema, name=prop.wire_name)
            given.append(f"{arg.python_name}={pycode.value(value)}")
    return given


def _example_code(head: list[str], call: str, operation_id: str) -> str:
    """The example: `head`, then `result = call` in the `with` block, laid out as the SDK's own code is
    (black's layout), so a long call wraps instead of scrolling. `pylayout` lays out the call as black
    does (black itself only for what it cannot); a head line too long for black to keep is left to black.
    """
    if all(map(pylayout.fits, head)):
        statement = pylayout.Do(pylayout.parse(call), target="result")
        return "\n".join([*head, *pylayout.lines([statement], 1)]) + "\n"
    source = "\n".join([*head, f"    result = {call}"])
    return render.format_python(source, f"the {operation_id} example call")


def _python_view(
    vendor: ir.Vendor, op: ir.Operation, methods: Sequence[clients.Method]
) -> PythonView:
    [method, *pager] = [m for m in methods if m.operation_id == op.id]
    client_class = naming.class_name(vendor.id, "client")
    parts: dict[str, tuple[ir.Part, ir.Field]] = {}
    for part in ir.PARTS:
        schema = op.request.part(part)
        for prop in schema.sendable_properties if schema is not None else ():
            parts[prop.python_name] = (part, prop)
    given = _call_arguments(op, method, parts)
    assign = "result = "
    code = _example_code(
        [
            f"from ats_sdk.{vendor.id} import {client_class}",
            "",
            f"with {client_class}() as client:",
        ],
        f"client.{method.name}({', '.join(given)})",
        op.id,
    )
    awaited = f"{assign}await client.{method.name}(...)"
    facts = [
        f"**Async:** {markdown.code(awaited)}, with the same arguments, on "
        f"{markdown.code('Async' + client_class)} (used with {markdown.code('async with')})",
        "**Returns:** "
        + (
            markdown.code(method.returns) + f", from {markdown.code(f'ats_sdk.{vendor.id}.models')}"
            if not method.uses_empty_response
            else markdown.code(method.returns)
            + " (an `EmptyResponse` where the response has no documented body; it has the HTTP "
            "response as its `raw_response`)"
        ),
    ]
    if pager:
        facts.append(
            f"**Pagination:** {markdown.code(f'client.{pager[0].name}(...)')} takes the same arguments "
            f"and yields each item ({markdown.code(pager[0].returns)}) of every page, fetching pages as "
            "the iteration goes; each page is one call, with its own retries and deadline"
        )
    else:
        facts.append("**Pagination:** none; one call returns the whole response")
    if op.retry_safe:
        retry = (
            "connection errors, 429 (after its `Retry-After`) and 5xx are retried with backoff, "
            "up to the client's `max_retries` (or this call's)"
        )
    else:
        retry = "not retried, unless this call passes `max_retries` (the operation is not safe to retry)"
    facts.append(f"**Retries:** {retry}")
    rows = tuple(
        (
            markdown.code(arg.python_name),
            markdown.code(arg.wire_name),
            parts[arg.python_name][0],
            markdown.code(arg.annotation.removesuffix(" | NotGiven")),
            _yes(arg.default is None),
        )
        for arg in method.arguments
    )
    arguments = Table(("argument", "sent as", "in", "type", "required"), rows) if rows else None
    return PythonView(
        code=markdown.code_block(code, "python"),
        facts=tuple(facts),
        arguments=arguments,
        errors=Table(("exception", "when"), _error_rows(op)),
    )


# -- one vendor ---------------------------------------------------------------------------------------------


class _VendorLowering:
    def __init__(self, vendor: ir.Vendor) -> None:
        self.vendor = vendor
        self.uses: dict[str, list[str]] = {definition.name: [] for definition in vendor.definitions}
        self.sent: set[str] = set()
        """Definitions used in a request (membership only: never iterated)."""
        # The client emitter's methods: the Python names and types the SDK really has.
        self.methods = clients.build(vendor).methods
        self.recorded: list[tuple[str, str, str, bool]] | None = None
        """The `use` calls of the operation section being rendered, to replay when it is read back."""

    def use(self, name: str, where: str, path: str, *, in_request: bool) -> None:
        if self.recorded is not None:
            self.recorded.append((name, where, path, in_request))
        if in_request:
            self.sent.add(name)
        place = f"{where}: {markdown.code(path)}" if path else where
        uses = self.uses.setdefault(name, [])
        if place not in uses:
            uses.append(place)

    def fields(
        self,
        schema: ir.Schema,
        where: str,
        *,
        label: str,
        name: str = "the whole body",
        expand_refs: bool = False,
        show_closed: bool = True,
        intro: Sequence[str] = (),
        notes: Sequence[str] = (),
    ) -> FieldsView:
        rows = _Rows(self, where, expand_refs, show_closed)
        rows.root(schema, label, name)
        return rows.view(intro, notes)

    # -- page ---------------------------------------------------------------------------------------------

    def page(self) -> VendorPage:
        vendor = self.vendor
        by_operation: dict[str, list[clients.Method]] = {}
        for method in self.methods:
            by_operation.setdefault(method.operation_id, []).append(method)
        operations = tuple(
            self.operation_section(op, by_operation[op.id]) for op in vendor.operations
        )
        envelopes = tuple(self.envelope(envelope) for envelope in vendor.error_envelopes)
        definition_fields = [
            self.definition_fields(d) for d in vendor.definitions
        ]  # records uses first
        definitions = tuple(
            self.definition(d, f)
            for d, f in zip(vendor.definitions, definition_fields, strict=True)
        )
        auth = tuple(self.auth(scheme) for scheme in vendor.auth)
        notes = _notes(vendor.notes)
        # In the order vendor.md.jinja lays the sections out.
        sections = [("Notes on the spec", bool(notes)), ("Environments", True), ("Sources", True)]
        sections += [
            ("Authentication", bool(auth)),
            ("Error envelopes", bool(envelopes)),
            ("Operations", True),
            ("Definitions", bool(definitions)),
        ]
        contents = " · ".join(
            markdown.link(name, "#" + markdown.anchor(name)) for name, shown in sections if shown
        )
        return VendorPage(
            header=_header(vendor.spec_file),
            title=markdown.text(vendor.name),
            description=markdown.paragraphs(vendor.description),
            facts=tuple(self.vendor_facts()),
            contents=contents,
            operation_list=tuple(
                f"{markdown.link(markdown.code(op.id), '#' + operation_anchor(op.id))}: {markdown.code(f'{op.method} {op.path}')}, {markdown.text(op.summary)}"
                for op in vendor.operations
            ),
            notes=notes,
            environments=self.environments(),
            sources=self.sources(),
            auth=auth,
            envelopes=envelopes,
            operation_sections=operations,
            definitions=definitions,
        )

    def vendor_facts(self) -> list[str]:
        vendor = self.vendor
        facts = [f"**Spec:** {markdown.code(vendor.spec_file)} · [all vendors](index.md)"]
        if vendor.docs:
            facts.append(
                "**Documentation:** "
                + ", ".join(markdown.link(markdown.text(url), url) for url in vendor.docs)
            )
        default = next(
            (env for env in vendor.environments if env.name == vendor.default_environment), None
        )
        if default is not None:
            facts.append(
                f"**Default environment:** {markdown.code(default.name)}, {markdown.code(default.url)}"
            )
        facts.append(
            "**Rate limits:** "
            + (
                markdown.cell(vendor.rate_limits)
                if vendor.rate_limits
                else "not stated in the spec"
            )
        )
        if not _stated(vendor.provenance):
            facts.append("**Provenance:** " + _provenance(vendor.provenance))
        return facts

    def environments(self) -> Table:
        rows = []
        for env in self.vendor.environments:
            name = markdown.code(env.name) + (
                " (default)" if env.name == self.vendor.default_environment else ""
            )
            rows.append(
                (
                    name,
                    markdown.code(env.url),
                    markdown.cell(" ".join(filter(None, [env.description, _variables(env)]))),
                    _provenance(env.provenance),
                )
            )
        return Table(("environment", "base URL", "description", "provenance"), tuple(rows))

    def sources(self) -> Table:
        rows = []
        for source in self.vendor.sources:
            url = markdown.link(markdown.text(source.url), source.url) if source.url else ""
            rows.append(
                (
                    markdown.code(source.id),
                    markdown.text(source.title),
                    markdown.code(source.file) if source.file else "",
                    url,
                    source.url_confidence.value if source.url else "",
                    markdown.cell(source.description or ""),
                )
            )
        return Table(
            ("id", "title", "seed file", "URL", "URL confidence", "description"), tuple(rows)
        )

    # -- auth and envelopes ---------------------------------------------------------------------------------

    def auth(self, scheme: ir.AuthScheme) -> Section:
        kind = auth_kinds.of(scheme.type)
        facts = [
            f"**Type:** {kind.words}",
            f"**{kind.sent_in(scheme)}:** {markdown.code(kind.sent(scheme))}",
        ]
        if scheme.token_url is not None:
            relative = (
                ""
                if re.match(r"https?://", scheme.token_url)
                else " (relative to the environment's base URL)"
            )
            facts.append(
                f"**Token URL:** {markdown.code(scheme.token_url)}{relative}, sent as {markdown.code(scheme.token_content_type)}"
            )
            fields = ", ".join(
                f"{markdown.code(role)} as {markdown.code(wire)}"
                for role, wire in scheme.token_fields
            )
            if fields:
                facts.append(f"**Token request fields:** {fields}")
            expiry = (
                f"{scheme.default_expires_in} seconds" if scheme.default_expires_in else "not set"
            )
            facts.append(f"**Token lifetime when the token response gives none:** {expiry}")
        if scheme.env:
            variables = ", ".join(
                f"{markdown.code(var)} ({markdown.text(credential)})"
                for credential, var in scheme.env
            )
            facts.append(f"**Environment variables:** {variables}")
        else:
            facts.append("**Environment variables:** none named")
        facts.append(f"**Provenance:** {_provenance(scheme.provenance)}")
        users = [op for op in self.vendor.operations if scheme.id in op.auth]
        if users:
            facts.append(
                "**Accepted by:** "
                + ", ".join(
                    markdown.link(markdown.code(op.id), "#" + operation_anchor(op.id))
                    for op in users
                )
            )
        return Section(
            f"Auth scheme {markdown.code(scheme.id)}",
            markdown.paragraphs(scheme.description),
            tuple(facts),
            None,
            _notes(scheme.notes),
        )

    def envelope(self, envelope: ir.ErrorEnvelope) -> Section:
        facts = [f"**Message at:** {markdown.code(envelope.message_pointer)}"]
        if envelope.code_pointer:
            facts.append(f"**Code at:** {markdown.code(envelope.code_pointer)}")
        if envelope.details_pointer:
            facts.append(f"**Details at:** {markdown.code(envelope.details_pointer)}")
        facts.append(f"**Provenance:** {_provenance(envelope.provenance)}")
        users = []
        for op in self.vendor.operations:
            statuses = [markdown.code(r.status) for r in op.responses if r.envelope == envelope.id]
            if statuses:
                users.append(
                    f"{markdown.link(markdown.code(op.id), '#' + operation_anchor(op.id))} ({', '.join(statuses)})"
                )
        if users:
            facts.append("**Used by:** " + ", ".join(users))
        where = markdown.link(markdown.code(envelope.id), "#" + envelope_anchor(envelope.id))
        fields = self.fields(envelope.body, f"error envelope {where}", label="(whole body)")
        return Section(
            f"Error envelope {markdown.code(envelope.id)}",
            markdown.paragraphs(envelope.description),
            tuple(facts),
            fields,
            _notes(envelope.notes),
        )

    # -- definitions ----------------------------------------------------------------------------------------

    def definition_fields(self, definition: ir.Definition) -> FieldsView:
        where = f"definition {markdown.link(markdown.code(definition.name), '#' + definition_anchor(definition.name))}"
        # The definition itself: no link to itself, its full enum here, its notes and description as prose.
        schema = replace(definition.schema, ref=None, notes=(), description=None)
        return self.fields(
            schema,
            where,
            label=markdown.code(definition.name),
            name=definition.name,
            show_closed=False,
        )

    def definition(self, definition: ir.Definition, fields: FieldsView) -> Section:
        schema = definition.schema
        facts = [f"**Type:** {_type_words(replace(schema, ref=None))}"]
        if schema.closed and schema.properties and definition.name in self.sent:
            facts.append("**Keys not listed:** rejected in requests")
        uses = self.uses.get(definition.name, [])
        facts.append("**Used by:** " + ("; ".join(uses) if uses else "nothing in this spec"))
        return Section(
            f"Definition {markdown.code(definition.name)}",
            markdown.paragraphs(schema.description),
            tuple(facts),
            fields,
            _notes(schema.notes),
        )

    # -- operations -----------------------------------------------------------------------------------------

    def operation_section(self, op: ir.Operation, methods: Sequence[clients.Method]) -> str:
        """The operation's section, kept by what it reads (`operation_reads`) when a store is in use;
        read back, its uses of definitions (`use`) are replayed, so the definitions' "used by" lists
        come out as when it is rendered."""

        rendered: list[tuple[str, str, str, bool]] = []

        def make() -> tuple[str, list[tuple[str, str, str, bool]]]:
            self.recorded = rendered
            try:
                view = self.operation(op, methods)
                return render.render("docs/operation.md.jinja", op=view), rendered
            finally:
                self.recorded = None

        text, uses = render.cached_piece(
            "docs-operation", lambda: operation_reads(self.vendor, op, methods), make
        )
        if uses is not rendered:  # read back: its uses have not been made in this run
            for name, where, path, in_request in uses:
                self.use(name, where, path, in_request=in_request)
        return str(text)

    def operation(self, op: ir.Operation, methods: Sequence[clients.Method]) -> OperationView:
        here = markdown.link(markdown.code(op.id), "#" + operation_anchor(op.id))
        parts: list[Part] = []
        request = op.request
        for title, schema, noun in (
            ("Path parameters", request.path, "path"),
            ("Query parameters", request.query, "query"),
            ("Headers", request.headers, "headers"),
        ):
            if schema.properties:
                fields = self.fields(
                    schema,
                    f"{here} {noun}",
                    label="(value)",
                    expand_refs=True,
                    notes=_notes(schema.notes),
                )
                parts.append(Part(title, fields))
        if request.body is not None:
            parts.append(Part("Request body", self.body(op, request.body, here)))
        return OperationView(
            heading=f"Operation {markdown.code(op.id)}",
            summary=markdown.text(op.summary),
            description=markdown.paragraphs(op.description),
            facts=tuple(self.operation_facts(op)),
            python=_python_view(self.vendor, op, methods),
            parts=tuple(parts),
            responses=tuple(self.response(op, response, here) for response in op.responses),
            example=self.example(op),
            notes=_notes(op.notes),
        )

    def operation_facts(self, op: ir.Operation) -> list[str]:
        line = f"**Request:** {markdown.code(f'{op.method} {op.path}')}"
        provenance = op.provenance
        if provenance.source == op.source.id:  # the operation's own document, named below
            provenance = replace(provenance, source=None)
        if not _stated(provenance):
            line += f" (method and path: {_provenance(provenance)})"
        facts = [line]
        source = op.source
        title = (
            markdown.link(markdown.text(source.title), source.url)
            if source.url
            else markdown.text(source.title)
        )
        where = [markdown.code(source.id)]
        if source.file:
            where.append(f"seed file {markdown.code(source.file)}")
        where.append(f"URL {source.url_confidence.value}" if source.url else "no URL")
        facts.append(f"**Source:** {title} ({'; '.join(where)})")
        if op.auth:
            schemes = [markdown.link(markdown.code(sid), "#" + auth_anchor(sid)) for sid in op.auth]
            facts.append(f"**Auth:** {or_list(schemes)}")
        else:
            facts.append("**Auth:** none")
        facts.append(f"**Retry-safe:** {_yes(op.retry_safe)}")
        pagination = op.pagination
        if pagination is not None:
            text = pagination_kinds.of(pagination.style).words(pagination, markdown.code)
            facts.append(f"**Pagination:** {text}")
        else:
            facts.append("**Pagination:** none documented")
        if op.deprecated:
            facts.append("**Deprecated:** yes")
        return facts

    def body(self, op: ir.Operation, body: ir.Body, here: str) -> FieldsView:
        schema = body.schema
        intro = [
            f"{markdown.code(body.content_type)}, {'required' if body.required else 'optional'}."
        ]
        intro += markdown.paragraphs(schema.description)
        if schema.closed:
            intro.append("Keys not listed here are rejected.")
        elif schema.additional is None:
            intro.append("Keys not listed here are accepted.")
        notes = _notes(schema.notes)
        return self.fields(
            schema,
            f"{here} request body",
            label="(whole body)",
            expand_refs=True,
            intro=intro,
            notes=notes,
        )

    def response(self, op: ir.Operation, response: ir.Response, here: str) -> ResponseView:
        facts: list[str] = []
        fields = None
        if response.body is not None:
            body = response.body
            shape = (
                f", a {markdown.link(markdown.code(body.ref), '#' + definition_anchor(body.ref))}"
                if body.ref
                else ""
            )
            facts.append(
                f"**Body:** {markdown.code(response.content_type or 'application/json')}{shape}"
            )
            where = f"{here} response {markdown.code(response.status)}"
            fields = self.fields(
                body,
                where,
                label="(whole body)",
                notes=_notes(body.notes if body.ref is None else ()),
            )
        elif response.envelope is not None:
            envelope = self.vendor.envelope(response.envelope)
            text = f"the {markdown.link(markdown.code(response.envelope), '#' + envelope_anchor(response.envelope))} error envelope"
            if envelope is not None:
                text += f"; message at {markdown.code(envelope.message_pointer)}"
                if envelope.code_pointer:
                    text += f", code at {markdown.code(envelope.code_pointer)}"
                if envelope.details_pointer:
                    text += f", details at {markdown.code(envelope.details_pointer)}"
            facts.append(f"**Body:** {text}")
        else:
            facts.append("**Body:** none documented")
        if not _stated(response.provenance):
            facts.append(f"**Provenance:** {_provenance(response.provenance)}")
        errors = None
        if response.errors:
            rows = tuple(
                (
                    _value(error.code) if error.code is not None else "",
                    f"“{markdown.text(error.message)}”" if error.message is not None else "",
                    markdown.cell(error.description or ""),
                    error.confidence.value,
                )
                for error in response.errors
            )
            errors = Table(("code", "message", "description", "confidence"), rows)
        example = None
        if response.has_example:
            example = Details(
                "Example response body (from the spec)",
                text=markdown.code_block(_json(response.example, 2), "json"),
            )
        return ResponseView(
            title=f"Response {markdown.code(response.status)}",
            description=markdown.paragraphs(response.description),
            facts=tuple(facts),
            fields=fields,
            errors=errors,
            notes=_notes(response.notes),
            example=example,
            headers=_headers_table(response),
        )

    def example(self, op: ir.Operation) -> ExampleView:
        from generator.value_check import (
            violations,  # imports jsonschema: only when docs are rendered
        )

        query = {
            p.wire_name: examples.example(p.schema, name=p.wire_name)
            for p in op.request.query.properties_in_code
            if p.required
        }
        line = f"{op.method} {op.path}"
        if query:
            line += "?" + urllib.parse.urlencode(
                {k: v if isinstance(v, str) else _json(v) for k, v in query.items()}
            )
        body = op.request.body
        if body is None:
            return ExampleView("The call has no request body.", markdown.code(line), None)
        if body.has_example:
            return ExampleView(
                "The body example from the spec:",
                markdown.code(line),
                markdown.code_block(_json(body.example, 2), "json"),
            )
        sample = examples.object_example(body.schema, mode="minimal")
        problems = violations(body.schema, sample)
        if problems:
            label = (
                "The spec has no body example, and no minimal one could be synthesised: "
                + markdown.text(problems[0])
            )
            return ExampleView(label, markdown.code(line), None)
        if sample:
            label = (
                "**Synthesised, not from the document:** the spec has no body example, so this is a minimal body "
                "with only the required fields, filled with placeholder values."
            )
        else:
            label = (
                "**Synthesised, not from the document:** the spec has no body example, and no body field is "
                "required, so the minimal body is empty."
            )
        return ExampleView(
            label, markdown.code(line), markdown.code_block(_json(sample, 2), "json")
        )


# -- the index ----------------------------------------------------------------------------------------------


def operation_reads(
    vendor: ir.Vendor, op: ir.Operation, methods: Sequence[clients.Method]
) -> bytes:
    """The digest of what an operation's section reads: the operation, the vendor-level facts (its
    envelopes, definitions, auth schemes, the client's name) and the client methods made for it (their
    names and types come from the client emitter, which names across operations)."""
    return render.digest(render.operation_digest(op), render.vendor_digest(vendor), tuple(methods))


def _hidden_count(schema: ir.Schema) -> int:
    hidden = 0
    for prop in schema.properties:
        hidden += 1 if not prop.in_code else _hidden_count(prop.schema)
    for child in (schema.items, schema.additional, *schema.any_of, *schema.prefix_items):
        if child is not None:
            hidden += _hidden_count(child)
    return hidden


def _request_parts(op: ir.Operation) -> list[ir.Schema]:
    return [schema for part in ir.PARTS if (schema := op.request.part(part)) is not None]


def _auth_summary(vendor: ir.Vendor) -> str:
    words = []
    for scheme in vendor.auth:
        kind = auth_kinds.of(scheme.type)
        word = kind.words
        if kind.names_header:
            word += f" ({markdown.code(kind.carrier(scheme))})"
        words.append(word)
    return ", ".join(words) or "none"


def _index_page(vendors: Sequence[ir.Vendor]) -> IndexPage:
    vendor_rows = []
    by_vendor = []
    for vendor in vendors:
        page = f"{vendor.id}.md"
        name = markdown.link(markdown.text(vendor.name), page)
        default = next(
            (env for env in vendor.environments if env.name == vendor.default_environment), None
        )
        base = (
            f"{markdown.code(default.url)} ({markdown.code(default.name)})"
            if default is not None
            else ""
        )
        vendor_rows.append(
            (
                name,
                markdown.code(vendor.spec_file),
                str(len(vendor.operations)),
                base,
                _auth_summary(vendor),
            )
        )

        paginated = [
            f"{op.pagination.style} on {markdown.link(markdown.code(op.id), f'{page}#{operation_anchor(op.id)}')}"
            for op in vendor.operations
            if op.pagination is not None
        ]
        pagination = "<br>".join(paginated) or "none documented"
        envelopes = [
            f"{markdown.link(markdown.code(e.id), f'{page}#{envelope_anchor(e.id)}')}: message at {markdown.code(e.message_pointer)}"
            + (f", code at {markdown.code(e.code_pointer)}" if e.code_pointer else "")
            for e in vendor.error_envelopes
        ]
        fields = sum(
            len(schema.properties_in_code)
            for op in vendor.operations
            for schema in _request_parts(op)
        )
        hidden = sum(
            _hidden_count(schema) for op in vendor.operations for schema in _request_parts(op)
        )
        nulls = []
        for op in vendor.operations:
            if op.method in ("PUT", "PATCH") and op.request.body is not None:
                props = op.request.body.schema.properties_in_code
                accepting = sum(1 for prop in props if _accepts_null(prop.schema))
                nulls.append(
                    f"{markdown.link(markdown.code(op.id), f'{page}#{operation_anchor(op.id)}')}: {accepting} of {len(props)}"
                )
        by_vendor.append(
            (
                name,
                _auth_summary(vendor),
                pagination,
                "<br>".join(envelopes) or "none documented",
                markdown.cell(vendor.rate_limits) if vendor.rate_limits else "not stated",
                str(fields),
                str(hidden),
                "<br>".join(nulls) or "no PUT or PATCH body",
            )
        )

    kinds: list[str] = []
    for vendor in vendors:
        for op in vendor.operations:
            if op.id not in kinds:
                kinds.append(op.id)
    by_operation = []
    for kind in kinds:
        for vendor in vendors:
            found = vendor.operation(kind)
            if found is None:
                continue
            op = found
            body = op.request.body
            props = body.schema.properties_in_code if body is not None else ()
            by_operation.append(
                (
                    markdown.code(kind),
                    markdown.link(
                        markdown.text(vendor.name), f"{vendor.id}.md#{operation_anchor(op.id)}"
                    ),
                    markdown.code(f"{op.method} {op.path}"),
                    str(len(props)) if body is not None else "no body",
                    str(sum(1 for prop in props if prop.required)) if body is not None else "",
                    (
                        str(sum(1 for prop in props if _accepts_null(prop.schema)))
                        if body is not None
                        else ""
                    ),
                    str(sum(_hidden_count(schema) for schema in _request_parts(op))),
                    str(len(body.schema.rules)) if body is not None else "",
                    _yes(op.retry_safe),
                    ", ".join(markdown.code(r.status) for r in op.error_responses)
                    or "none documented",
                )
            )
    legend = (
        "**Request fields** counts the top-level fields of every operation's path, query, header and body "
        "parts that reach generated code; **not generated** counts documented fields (at any depth) whose "
        "wire name is unknown.",
        "**Accept null** counts top-level body fields that accept `null`. The specs record which fields accept "
        "`null`, not what `null` does (clear the value, or leave it unchanged): read each field's description.",
    )
    return IndexPage(
        header=_header("specs/"),
        vendors=Table(
            ("vendor", "spec", "operations", "base URL (default environment)", "auth"),
            tuple(vendor_rows),
        ),
        by_vendor=Table(
            (
                "vendor",
                "auth",
                "pagination",
                "error format",
                "rate limits",
                "request fields",
                "not generated",
                "PUT/PATCH body fields accepting null",
            ),
            tuple(by_vendor),
        ),
        by_operation=Table(
            (
                "operation",
                "vendor",
                "request",
                "body fields",
                "required",
                "accept null",
                "not generated",
                "body rules",
                "retry-safe",
                "error responses",
            ),
            tuple(by_operation),
        ),
        legend=legend,
    )


def _variables(env: ir.Environment) -> str:
    """An environment's server variables, for its description cell: the name, its values, its default."""
    parts = []
    for variable in env.variables:
        facts = []
        if variable.enum:
            facts.append("one of " + ", ".join(markdown.code(value) for value in variable.enum))
        facts.append(
            "default " + markdown.code(variable.default)
            if variable.default is not None
            else "no default"
        )
        text = f"{markdown.code('{' + variable.name + '}')}: {'; '.join(facts)}"
        parts.append(text + (f" ({variable.description})" if variable.description else ""))
    return "Variables: " + "; ".join(parts) + "." if parts else ""
