"""Compare two shapes (and the fields in them) and classify each difference for callers of the SDK.

Direction decides: on the request side callers send values, so a rule that accepts fewer values is breaking
and one that accepts more is compatible. On the response side callers read values; responses are parsed
leniently (extra keys are kept, enums and limits are not checked), so limits, enums, patterns and rules there
are compatible either way, while what callers rely on is breaking when it weakens: a field removed, made
optional or nullable, or a type widened or changed. Anything inside a field whose wire name is unknown is
not in generated code: documentation.

Unions are compared form by form (`any_of` branches, with `null` as nullability), so a field that becomes
nullable through a union, or gains a form, reads as that and not as a rewrite.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from generator import ir
from generator.diff import describe, limits, paths, rules
from generator.diff.changes import Classification, Side
from generator.diff.paths import EXTRA, ITEMS, RULES, Path
from generator.diff.record import Recorder
from generator.diff.renames import Candidate, Pair, Renames, pair, strip
from generator.kinds import formats, locations

BREAKING, COMPATIBLE, DOCUMENTATION = (
    Classification.BREAKING,
    Classification.COMPATIBLE,
    Classification.DOCUMENTATION,
)
REQUEST_PARTS = ir.PARTS
# Parts whose fields are the URL template's holes: always required, so a required flag there is not news.
_TEMPLATE_PARTS = frozenset(loc.part for loc in locations.SUPPORTED if loc.always_required)
NOT_IN_CODE = "not in generated code (the wire name is unknown), so only the docs change"
LENIENT = "responses are parsed leniently: this is not checked on what callers read"


@dataclass(frozen=True)
class Ctx:
    side: Side
    in_code: bool = True
    """The value reaches generated code (every field on the way to it has a known wire name)."""


def split(schema: ir.Schema) -> tuple[bool, list[ir.Schema]]:
    """(accepts null, the non-null forms): a union's branches, or the schema itself, without null."""
    if schema.any_of:
        nullable = False
        forms: list[ir.Schema] = []
        for branch in schema.any_of:
            if branch.types == ("null",):
                nullable = True
                continue
            branch_null, branch_forms = split(branch)
            nullable = nullable or branch_null
            forms.extend(branch_forms)
        return nullable, forms
    return "null" in schema.types, [_without_null(schema)]


def _without_null(schema: ir.Schema) -> ir.Schema:
    if "null" not in schema.types and not any(m.value is None for m in schema.enum or ()):
        return schema
    enum = None if schema.enum is None else tuple(m for m in schema.enum if m.value is not None)
    return dataclasses.replace(
        schema, types=tuple(t for t in schema.types if t != "null"), enum=enum
    )


def _is_any(form: ir.Schema) -> bool:
    return not form.types and not form.never


def form_labels(forms: Sequence[ir.Schema]) -> list[str]:
    """`string form`, `array form`; `form 2` when two forms share their types."""
    shown = [f"{describe.types(form.types)} form" for form in forms]
    return [
        label if shown.count(label) == 1 else f"form {index + 1}"
        for index, label in enumerate(shown)
    ]


def _accepts(wide: set[str], narrow: set[str]) -> bool:
    """Every value of types `narrow` is a value of types `wide` (empty: any type)."""
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _top_level(path: Path, ctx: Ctx) -> bool:
    """A field that is a keyword argument of the client method."""
    return ctx.side == "request" and len(path) == 2 and path[0] in REQUEST_PARTS


def doc_view(schema: ir.Schema) -> ir.Schema:
    """The documentation of a value: a union with one form besides null (a nullable `ref`) documents that
    form, so making a `ref` nullable does not read as its docs moving."""
    forms = [branch for branch in schema.any_of if branch.types != ("null",)]
    if len(forms) != 1:
        return schema
    inner = forms[0]
    return dataclasses.replace(
        inner,
        description=schema.description if schema.description is not None else inner.description,
        default=schema.default if schema.has_default else inner.default,
        has_default=schema.has_default or inner.has_default,
        example=schema.example if schema.has_example else inner.example,
        has_example=schema.has_example or inner.has_example,
        vendor_messages=schema.vendor_messages or inner.vendor_messages,
        notes=schema.notes + inner.notes,
    )


class Walker:
    """Compares the shapes of one scope (a request, a response body, an envelope body) into a recorder."""

    def __init__(self, rec: Recorder, renames: Renames | None = None) -> None:
        self.rec = rec
        self.renames = renames or Renames()

    # -- classification ------------------------------------------------------------------------------

    def constraint(
        self, ctx: Ctx, tighter: bool, reason: str, response: str | None = None
    ) -> tuple[Classification, str]:
        """A rule on values: breaking when requests accept fewer values, compatible when more; compatible on
        responses, which are parsed leniently (`response`: what callers see instead of the general reason).
        """
        if not ctx.in_code:
            return DOCUMENTATION, NOT_IN_CODE
        if ctx.side == "response":
            return COMPATIBLE, response or LENIENT
        return (BREAKING if tighter else COMPATIBLE), reason

    def shape(
        self, ctx: Ctx, widened: bool | None, request: str, response: str
    ) -> tuple[Classification, str]:
        """What values can be (types, null, forms): a request that widens and a response that narrows are
        compatible; the reverse, and a change that is neither (`widened` None), is breaking."""
        if not ctx.in_code:
            return DOCUMENTATION, NOT_IN_CODE
        if widened is None:
            return BREAKING, request if ctx.side == "request" else response
        if ctx.side == "request":
            return (COMPATIBLE if widened else BREAKING), request
        return (BREAKING if widened else COMPATIBLE), response

    def doc(
        self, where: Path, kind: str, before: str | None, after: str | None, reason: str
    ) -> None:
        self.rec.add(where, kind, before, after, DOCUMENTATION, reason)

    # -- values --------------------------------------------------------------------------------------

    def value(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        before_null, before_forms = split(before)
        after_null, after_forms = split(after)
        single = len(before_forms) == 1 and len(after_forms) == 1
        self.docs(
            where, doc_view(before) if single else before, doc_view(after) if single else after
        )
        if before_null != after_null and not any(_is_any(f) for f in before_forms + after_forms):
            request = (
                "null is now accepted" if after_null else "payloads that send null are now rejected"
            )
            response = (
                "callers may now read null here"
                if after_null
                else "callers no longer read null here"
            )
            cls, reason = self.shape(ctx, after_null, request, response)
            self.rec.add(
                where, "nullable", str(before_null).lower(), str(after_null).lower(), cls, reason
            )
        if single:
            self.form(where, before_forms[0], after_forms[0], ctx, docs=False)
        else:
            # A form's own docs are compared when both sides are unions; a plain value's docs are its own.
            self.forms(
                where, before_forms, after_forms, ctx, docs=bool(before.any_of and after.any_of)
            )

    def forms(
        self,
        where: Path,
        before: list[ir.Schema],
        after: list[ir.Schema],
        ctx: Ctx,
        *,
        docs: bool,
    ) -> None:
        """Pair the forms of two unions (equal forms, then forms of the same types, then in order)."""
        before_labels, after_labels = form_labels(before), form_labels(after)
        left, right = list(range(len(before))), list(range(len(after)))
        pairs: list[tuple[int, int]] = []

        def match(same: Callable[[ir.Schema, ir.Schema], bool]) -> None:
            for i in list(left):
                for j in right:
                    if same(before[i], after[j]):
                        pairs.append((i, j))
                        left.remove(i)
                        right.remove(j)
                        break

        match(lambda b, a: strip(b) == strip(a))
        match(lambda b, a: b.types == a.types)
        if len(left) == len(right):
            pairs.extend(zip(left, right, strict=True))
            left, right = [], []
        for i, k in sorted(pairs, key=lambda p: p[1]):
            self.form(where + (paths.form(after_labels[k]),), before[i], after[k], ctx, docs=docs)
        for k in right:
            cls, reason = self.shape(
                ctx,
                True,
                f"values of this form ({describe.schema(after[k])}) are now accepted",
                f"callers may now read values of this form ({describe.schema(after[k])})",
            )
            self.rec.appeared(
                where, "form_added", after_labels[k] + ": " + describe.schema(after[k]), cls, reason
            )
        for i in left:
            cls, reason = self.shape(
                ctx,
                False,
                f"payloads that send this form ({describe.schema(before[i])}) are now rejected",
                f"callers no longer read values of this form ({describe.schema(before[i])})",
            )
            self.rec.disappeared(
                where,
                "form_removed",
                before_labels[i] + ": " + describe.schema(before[i]),
                cls,
                reason,
            )

    def docs(self, where: Path, before: ir.Schema, after: ir.Schema) -> None:
        """Descriptions, defaults, examples, vendor messages and notes: documentation."""
        before_text, after_text = describe.text(before.description), describe.text(
            after.description
        )
        if before_text != after_text:
            kind = (
                "description_added"
                if before_text is None
                else "description_removed" if after_text is None else "description"
            )
            self.doc(where, kind, before_text, after_text, "documentation only")
        before_default = describe.value(before.default) if before.has_default else None
        after_default = describe.value(after.default) if after.has_default else None
        if before_default != after_default:
            self.doc(
                where,
                "default",
                before_default,
                after_default,
                "the SDK never applies defaults: only the docs change",
            )
        self.rec.example(where, before, after)
        before_messages, after_messages = dict(before.vendor_messages), dict(after.vendor_messages)
        for rule in sorted(set(before_messages) | set(after_messages)):
            if before_messages.get(rule) != after_messages.get(rule):
                self.doc(
                    where,
                    "message",
                    describe.labelled(rule, before_messages.get(rule)),
                    describe.labelled(rule, after_messages.get(rule)),
                    f"only the words of a {rule} violation change; what passes is the same",
                )
        self.rec.notes(where, before.notes, after.notes)

    def form(
        self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx, *, docs: bool
    ) -> None:
        if docs:
            self.docs(where, before, after)
        before_types: set[str] = set(before.types)
        after_types: set[str] = set(after.types)
        comparable = True
        if before_types != after_types and before.never == after.never:
            widened: bool | None = None
            if _accepts(after_types, before_types):
                widened = True
            elif _accepts(before_types, after_types):
                widened = False
            before_words, after_words = describe.types(before.types), describe.types(after.types)
            request = {
                True: f"{after_words} is now accepted where only {before_words} was",
                False: f"payloads that send {before_words} other than {after_words} are now rejected",
                None: f"values are now {after_words}, not {before_words}: what passed before is rejected",
            }[widened]
            response = {
                True: f"callers may now read {after_words}, not only {before_words}",
                False: f"callers now read only {after_words}",
                None: f"callers now read {after_words}, not {before_words}",
            }[widened]
            cls, reason = self.shape(ctx, widened, request, response)
            self.rec.add(where, "type", before_words, after_words, cls, reason)
            comparable = not before_types or not after_types or bool(before_types & after_types)
        self.ref(where, before, after, ctx)
        if not comparable:
            return
        self.enum(where, before, after, ctx)
        self.const(where, before, after, ctx)
        self.format(where, before, after, ctx)
        self.limits(where, before, after, ctx)
        self.text_rules(where, before, after, ctx)
        if before.items is not None and after.items is not None:
            self.value(where + (ITEMS,), before.items, after.items, ctx)
        if _is_object(before) and _is_object(after):
            self.fields(where, before, after, ctx)
            self.additional(where, before, after, ctx)
            self.rules(where, before.rules, after.rules, ctx)

    def ref(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        if before.ref == after.ref:
            return
        named = any(s.properties_in_code or s.enum for s in (before, after))
        if named and ctx.in_code:
            cls, reason = (
                BREAKING,
                "the generated type of this value is renamed: code that names the old type must change",
            )
        else:
            cls, reason = (
                DOCUMENTATION,
                "the shape's definition name changes; generated names are unaffected",
            )
        self.rec.add(where, "ref", before.ref, after.ref, cls, reason)

    def enum(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        if before.enum is None and after.enum is None:
            return
        if before.enum is None or after.enum is None:
            tighter = before.enum is None
            reason = (
                "only the listed values are now accepted"
                if tighter
                else "any value is now accepted"
            )
            cls, reason = self.constraint(ctx, tighter, reason)
            self.rec.add(
                where, "enum", describe.enum(before.enum), describe.enum(after.enum), cls, reason
            )
            return
        before_values = {describe.identity(m.value): m for m in before.enum}
        after_values = {describe.identity(m.value): m for m in after.enum}
        for key, member in after_values.items():
            if key not in before_values:
                cls, reason = self.constraint(
                    ctx,
                    False,
                    f"{describe.member(member)} is now accepted",
                    f"callers may now read {describe.member(member)}; response models accept unlisted values too",
                )
                self.rec.appeared(where, "enum_value_added", describe.member(member), cls, reason)
            elif before_values[key].name != member.name:
                self.doc(
                    where,
                    "enum_name",
                    describe.member(before_values[key]),
                    describe.member(member),
                    "the vendor's name for a value changes; the value sent is the same",
                )
        for key, member in before_values.items():
            if key not in after_values:
                cls, reason = self.constraint(
                    ctx,
                    True,
                    f"payloads that send {describe.member(member)} are now rejected",
                    f"callers no longer read {describe.member(member)}",
                )
                self.rec.disappeared(
                    where, "enum_value_removed", describe.member(member), cls, reason
                )

    def const(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        if before.const == after.const:
            return
        before_value = None if before.const is None else describe.value(before.const.value)
        after_value = None if after.const is None else describe.value(after.const.value)
        tighter = after.const is not None
        reason = f"only {after_value} is now accepted" if tighter else "any value is now accepted"
        cls, reason = self.constraint(ctx, tighter, reason)
        self.rec.add(where, "const", before_value, after_value, cls, reason)

    def format(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        if before.format == after.format:
            return
        # Between two integer formats, the narrower range is the tighter one.
        before_range, after_range = formats.integer_range(before.format), formats.integer_range(
            after.format
        )
        if before_range is not None and after_range is not None:
            tighter = after_range[1] < before_range[1]
        else:
            tighter = after.format is not None
        if after.format is None:
            reason = f"the {before.format} format is no longer checked"
        elif tighter:
            reason = f"values must now be {after.format}" + (
                "" if before.format is None else f", not {before.format}"
            )
        else:
            reason = f"{after.format} values are now accepted"
        cls, reason = self.constraint(ctx, tighter, reason)
        self.rec.add(where, "format", before.format, after.format, cls, reason)

    def limits(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        before_limits, after_limits = limits.stated(before), limits.stated(after)
        for keyword, before_value in before_limits.items():
            after_value = after_limits[keyword]
            if before_value == after_value:
                continue
            if keyword in limits.UPPER:
                tighter = before_value is None or (
                    after_value is not None and after_value < before_value
                )
            else:
                tighter = before_value is None or (
                    after_value is not None and after_value > before_value
                )
            cls, reason = self.constraint(
                ctx, tighter, limits.reason(keyword, tighter, after_value)
            )
            self.rec.add(
                where,
                keyword,
                describe.number(before_value),
                describe.number(after_value),
                cls,
                reason,
            )
        if before.multiple_of != after.multiple_of:
            before_step, after_step = before.multiple_of, after.multiple_of
            if after_step is None:
                tighter = False
            elif before_step is None:
                tighter = True
            else:
                ratio = Fraction(str(after_step)) / Fraction(str(before_step))
                tighter = not (ratio.denominator != 1 and (1 / ratio).denominator == 1)
            reason = (
                f"values must now be a multiple of {after_step}"
                if tighter
                else "more values are now accepted"
            )
            cls, reason = self.constraint(ctx, tighter, reason)
            self.rec.add(
                where,
                "multiple_of",
                describe.number(before_step),
                describe.number(after_step),
                cls,
                reason,
            )
        if before.unique_items != after.unique_items:
            tighter = after.unique_items
            reason = (
                "arrays with repeated items are now rejected"
                if tighter
                else "repeated items are now accepted"
            )
            cls, reason = self.constraint(ctx, tighter, reason)
            self.rec.flag(
                where, "unique_items", before.unique_items, after.unique_items, cls, reason
            )

    def text_rules(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        if before.pattern != after.pattern:
            tighter = after.pattern is not None
            reason = (
                f"values must now match {after.pattern}"
                + ("" if before.pattern is None else f" instead of {before.pattern}")
                if tighter
                else "the pattern is no longer checked"
            )
            cls, reason = self.constraint(ctx, tighter, reason)
            self.rec.add(where, "pattern", before.pattern, after.pattern, cls, reason)
        if (
            before.max_entries is not None
            and after.max_entries is not None
            and before.entry_separator != after.entry_separator
        ):
            cls, reason = self.constraint(
                ctx, True, f"entries are now counted between {after.entry_separator!r}"
            )
            self.rec.add(
                where,
                "entry_separator",
                repr(before.entry_separator),
                repr(after.entry_separator),
                cls,
                reason,
            )

    def additional(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        before_extra, after_extra = before.additional, after.additional
        if (
            before_extra is not None
            and after_extra is not None
            and not before_extra.never
            and not after_extra.never
        ):
            self.value(where + (EXTRA,), before_extra, after_extra, ctx)
            return

        def policy(extra: ir.Schema | None) -> tuple[int, str]:
            """(how many keys it accepts: 0 none, 1 some, 2 any; in words)."""
            if extra is None:
                return 2, "any other keys"
            if extra.never:
                return 0, "no other keys"
            return 1, f"other keys: {describe.schema(extra)}"

        (before_rank, before_policy), (after_rank, after_policy) = policy(before_extra), policy(
            after_extra
        )
        if before_policy == after_policy:
            return
        tighter = after_rank < before_rank
        reason = (
            "keys the object does not list are now rejected or checked"
            if tighter
            else "more keys are now accepted"
        )
        cls, reason = self.constraint(ctx, tighter, reason)
        self.rec.add(where, "additional_fields", before_policy, after_policy, cls, reason)

    # -- fields --------------------------------------------------------------------------------------

    def fields(self, where: Path, before: ir.Schema, after: ir.Schema, ctx: Ctx) -> None:
        before_fields = {prop.wire_name: prop for prop in before.properties}
        after_fields = {prop.wire_name: prop for prop in after.properties}
        closed = after.closed
        for wire_name, prop in after_fields.items():
            at = where + (paths.name(wire_name),)
            if wire_name in before_fields:
                self.field(at, before_fields[wire_name], prop, ctx)
            else:
                self.added(at, prop, ctx)
        for wire_name, prop in before_fields.items():
            if wire_name not in after_fields:
                self.removed(where + (paths.name(wire_name),), prop, ctx, before.closed and closed)

    def added(self, where: Path, prop: ir.Field, ctx: Ctx) -> None:
        found = self.renames.by_added.get(where)
        if found is not None:
            self.field(where, found.removed.field, prop, ctx, found)
            return
        in_code = ctx.in_code and prop.in_code
        self.rec.added.append(Candidate(where, prop, ctx.in_code))
        self.rec.added.extend(descendants(where, prop.schema, in_code, where))
        shown = describe.field(prop)
        if not in_code:
            cls, reason = DOCUMENTATION, NOT_IN_CODE
        elif ctx.side == "response":
            cls, reason = COMPATIBLE, "callers can read a new field"
        elif prop.required:
            cls, reason = BREAKING, "a new required field: payloads without it are now rejected"
        else:
            argument = f" (client argument {prop.python_name})" if _top_level(where, ctx) else ""
            cls, reason = (
                COMPATIBLE,
                f"a new optional field{argument}; payloads that leave it out still pass",
            )
        self.rec.appeared(where, "field_added", shown, cls, reason)
        # Fields moved into this new field are reported here, where they now are.
        for inner in descendants(where, prop.schema, in_code, where):
            moved = self.renames.by_added.get(inner.path)
            if moved is not None:
                self.field(
                    inner.path,
                    moved.removed.field,
                    inner.field,
                    Ctx(ctx.side, inner.in_code),
                    moved,
                )

    def removed(self, where: Path, prop: ir.Field, ctx: Ctx, closed: bool) -> None:
        if where in self.renames.removed:
            return
        in_code = ctx.in_code and prop.in_code
        self.rec.removed.append(Candidate(where, prop, ctx.in_code))
        self.rec.removed.extend(descendants(where, prop.schema, in_code, where))
        if not in_code:
            cls, reason = DOCUMENTATION, NOT_IN_CODE
        elif ctx.side == "response":
            cls, reason = BREAKING, "callers reading this field no longer find it"
        else:
            effect = (
                "payloads that send it are now rejected"
                if closed
                else "it is no longer a documented key"
            )
            if _top_level(where, ctx):
                effect = f"the client argument {prop.python_name} is removed; {effect}"
            cls, reason = BREAKING, effect
        self.rec.disappeared(where, "field_removed", describe.field(prop), cls, reason)

    def field(
        self, where: Path, before: ir.Field, after: ir.Field, ctx: Ctx, pair: Pair | None = None
    ) -> None:
        before_context = pair.removed.in_code if pair is not None else ctx.in_code
        before_in_code, after_in_code = (
            before_context and before.in_code,
            ctx.in_code and after.in_code,
        )
        inner = Ctx(ctx.side, before_in_code and after_in_code)
        if pair is not None:
            self.moved(where, pair, ctx, before_in_code, after_in_code)
        elif before_in_code and not after_in_code and ctx.in_code:
            self.rec.add(
                where,
                "wire_name_unknown",
                before.wire_name,
                None,
                *self.leaves_code(where, before, ctx),
            )
        elif after_in_code and not before_in_code and before_context:
            self.rec.add(
                where,
                "wire_name_known",
                None,
                after.wire_name,
                *self.enters_code(where, after, ctx),
            )
        if before.required != after.required and not (
            where[0] in _TEMPLATE_PARTS and ctx.side == "request"
        ):
            if ctx.side == "request":
                reason = (
                    "payloads without it are now rejected"
                    if after.required
                    else "it may now be left out"
                )
            else:
                reason = (
                    "responses now always carry it"
                    if after.required
                    else "responses may now leave it out: callers can no longer rely on it"
                )
            # Either side, a field that may be absent widens what the value can be.
            cls, reason = self.shape(inner, not after.required, reason, reason)
            self.rec.flag(where, "required", before.required, after.required, cls, reason)
        if pair is None and before.python_name != after.python_name:
            if _top_level(where, ctx) and inner.in_code:
                cls, reason = (
                    BREAKING,
                    f"renames the client method's keyword argument {before.python_name} to {after.python_name}",
                )
            elif not inner.in_code:
                cls, reason = DOCUMENTATION, NOT_IN_CODE
            else:
                cls, reason = (
                    DOCUMENTATION,
                    "python_name only names client method arguments; this field is not one",
                )
            self.rec.add(where, "python_name", before.python_name, after.python_name, cls, reason)
        if before.deprecated != after.deprecated:
            self.doc(
                where,
                "deprecated",
                str(before.deprecated).lower(),
                str(after.deprecated).lower(),
                "still accepted; only the docs change",
            )
        self.rec.provenance(
            where, before.provenance, after.provenance, confidence=before_in_code == after_in_code
        )
        self.rec.notes(where, before.notes, after.notes)
        self.value(where, before.schema, after.schema, inner)

    def leaves_code(self, where: Path, prop: ir.Field, ctx: Ctx) -> tuple[Classification, str]:
        if ctx.side == "response":
            return BREAKING, "the wire name is now unknown: the field leaves the response model"
        argument = (
            f" (client argument {prop.python_name} is removed)" if _top_level(where, ctx) else ""
        )
        return BREAKING, f"the wire name is now unknown: the field leaves generated code{argument}"

    def enters_code(self, where: Path, prop: ir.Field, ctx: Ctx) -> tuple[Classification, str]:
        if ctx.side == "response":
            return COMPATIBLE, "the wire name is now known: callers can read the field"
        argument = f" as client argument {prop.python_name}" if _top_level(where, ctx) else ""
        if prop.required:
            return (
                BREAKING,
                f"the wire name is now known and the field is required{argument}: payloads without it are rejected",
            )
        return COMPATIBLE, f"the wire name is now known: the field enters generated code{argument}"

    def moved(
        self, where: Path, pair: Pair, ctx: Ctx, before_in_code: bool, after_in_code: bool
    ) -> None:
        before, after = paths.show(pair.removed.path), paths.show(pair.added.path)
        if before_in_code and not after_in_code:
            self.rec.add(
                where,
                "wire_name_unknown",
                before,
                after,
                *self.leaves_code(where, pair.removed.field, ctx),
            )
            return
        if after_in_code and not before_in_code:
            self.rec.add(
                where,
                "wire_name_known",
                before,
                after,
                *self.enters_code(where, pair.added.field, ctx),
            )
            return
        kind = "field_renamed" if pair.renamed else "field_moved"
        if not after_in_code:
            self.rec.add(where, kind, before, after, DOCUMENTATION, NOT_IN_CODE)
            return
        if ctx.side == "response":
            reason = f"callers reading {before} must now read {after}"
        else:
            reason = f"the value is now sent as {after}; payloads that send {before} are rejected"
            before_name, after_name = pair.removed.field.python_name, pair.added.field.python_name
            before_top, after_top = _top_level(pair.removed.path, ctx), _top_level(
                pair.added.path, ctx
            )
            if before_top and after_top:
                reason += (
                    f"; the client argument {before_name} is renamed {after_name}"
                    if before_name != after_name
                    else f"; the client argument {after_name} keeps its name"
                )
            elif before_top and not after_top:
                reason += f"; the client argument {before_name} is removed"
            elif after_top and not before_top:
                reason += f"; it is now the client argument {after_name}"
        self.rec.add(where, kind, before, after, BREAKING, reason)

    # -- cross-field rules ---------------------------------------------------------------------------

    def rules(
        self, where: Path, before: Sequence[ir.Rule], after: Sequence[ir.Rule], ctx: Ctx
    ) -> None:
        names = self.renames.names_at(where)
        pairs, added, removed = rules.pair([rules.renamed(rule, names) for rule in before], after)
        at = where + (RULES,)
        for before_rule, after_rule in pairs:
            if rules.key(before_rule) != rules.key(after_rule):
                tighter = rules.tighter(before_rule, after_rule)
                effect = (
                    "payloads that passed may now be rejected" if tighter else "more payloads pass"
                )
                cls, reason = self.constraint(
                    ctx, tighter, f"{after_rule.default_message()}: {effect}"
                )
                before_words: str | None
                after_words: str | None
                if set(before_rule.fields) != set(after_rule.fields):
                    kind = "rule_fields"
                    before_words, after_words = ", ".join(before_rule.fields), ", ".join(
                        after_rule.fields
                    )
                else:
                    kind = "rule_condition"
                    before_words = None if before_rule.when is None else before_rule.when.describe()
                    after_words = None if after_rule.when is None else after_rule.when.describe()
                self.rec.add(at, kind, before_words, after_words, cls, reason)
            if before_rule.vendor_message != after_rule.vendor_message:
                self.doc(
                    at,
                    "rule_message",
                    before_rule.vendor_message,
                    after_rule.vendor_message,
                    "only the words of the violation change",
                )
            self.rec.notes(at, before_rule.notes, after_rule.notes)
        for rule in added:
            cls, reason = self.constraint(ctx, True, "payloads must now satisfy this rule")
            self.rec.appeared(at, "rule_added", rule.default_message(), cls, reason)
        for rule in removed:
            cls, reason = self.constraint(
                ctx, False, "payloads no longer need to satisfy this rule"
            )
            self.rec.disappeared(at, "rule_removed", rule.default_message(), cls, reason)


def _is_object(schema: ir.Schema) -> bool:
    return "object" in schema.types or bool(schema.properties)


def descendants(where: Path, schema: ir.Schema, in_code: bool, root: Path) -> Iterator[Candidate]:
    """The fields inside a value (through forms, items and other keys), as rename candidates."""
    _, forms = split(schema)
    labels: list[str | None] = list(form_labels(forms)) if len(forms) > 1 else [None]
    for form, label in zip(forms, labels, strict=True):
        base = where + (paths.form(label),) if label else where
        for prop in form.properties:
            at = base + (paths.name(prop.wire_name),)
            yield Candidate(at, prop, in_code, root)
            yield from descendants(at, prop.schema, in_code and prop.in_code, root)
        if form.items is not None:
            yield from descendants(base + (ITEMS,), form.items, in_code, root)
        if form.additional is not None and not form.additional.never:
            yield from descendants(base + (EXTRA,), form.additional, in_code, root)


def scope(rec: Recorder, run: Callable[[Walker], None]) -> None:
    """Compare one scope twice: gather removed and added fields, pair renames, then report."""
    scratch = rec.scratch()
    run(Walker(scratch))
    run(Walker(rec, pair(scratch.removed, scratch.added)))


def response_body(rec: Recorder, where: Path, before: ir.Schema, after: ir.Schema) -> None:
    scope(rec, lambda walker: walker.value(where, before, after, Ctx("response")))
