"""Compare two versions of one operation: route, auth, retry safety, request (path, query, headers, body),
responses, pagination, docs and provenance."""

from __future__ import annotations

from collections.abc import Sequence

from generator import ir, naming
from generator.diff import describe, match, paths, schemas
from generator.diff.changes import Change, Classification, SourceRef
from generator.diff.paths import Path
from generator.diff.record import Recorder
from generator.diff.schemas import Ctx, Walker
from generator.kinds import locations
from generator.kinds import pagination as pagination_kinds

BREAKING, COMPATIBLE, DOCUMENTATION = (
    Classification.BREAKING,
    Classification.COMPATIBLE,
    Classification.DOCUMENTATION,
)


def compare_operation(
    vendor_id: str,
    before: ir.Operation | None,
    after: ir.Operation | None,
) -> list[Change]:
    op = after or before
    assert op is not None
    rec = Recorder(vendor_id, op.id, SourceRef.of(op.source))
    where: Path = ("operation",)
    if before is None or after is None:
        route = f"{op.method} {op.path}"
        if before is None:
            rec.appeared(
                where, "operation_added", route, COMPATIBLE, f"a new client method {op.python_name}"
            )
        else:
            rec.disappeared(
                where,
                "operation_removed",
                route,
                BREAKING,
                f"the client method {op.python_name} is removed",
            )
        return rec.changes
    if before.method != after.method:
        rec.add(
            where,
            "method",
            before.method,
            after.method,
            BREAKING,
            "the call is now sent with another HTTP method",
        )
    if before.path != after.path:
        rec.add(
            where, "path", before.path, after.path, BREAKING, "the call is now sent to another path"
        )
    if before.source.id != after.source.id:
        rec.add(
            where,
            "source",
            describe.source(before.source),
            describe.source(after.source),
            DOCUMENTATION,
            "the document the operation comes from",
        )
    rec.prose(
        where,
        "summary",
        before.summary,
        after.summary,
        "the first line of the method's docstring",
    )
    rec.prose(where, "description", before.description, after.description)
    _auth(rec, before, after)
    if before.retry_safe != after.retry_safe:
        reason = (
            "failed calls are now retried automatically"
            if after.retry_safe
            else "failed calls are no longer retried unless the caller passes max_retries"
        )
        rec.flag(where, "retry_safe", before.retry_safe, after.retry_safe, COMPATIBLE, reason)
    if before.deprecated != after.deprecated:
        rec.flag(
            where,
            "deprecated",
            before.deprecated,
            after.deprecated,
            DOCUMENTATION,
            "still callable; only the docs change",
        )
    rec.provenance(where, before.provenance, after.provenance)
    rec.notes(where, before.notes, after.notes)
    _request(rec, before.request, after.request)
    _responses(rec, before, after)
    _pagination(rec, before, after)
    return rec.changes


def _auth(rec: Recorder, before: ir.Operation, after: ir.Operation) -> None:
    for scheme in after.auth:
        if scheme not in before.auth:
            rec.appeared(
                ("auth",),
                "auth_added",
                scheme,
                COMPATIBLE,
                f"the call now accepts the {scheme} scheme",
            )
    for scheme in before.auth:
        if scheme not in after.auth:
            rec.disappeared(
                ("auth",),
                "auth_removed",
                scheme,
                BREAKING,
                f"clients that authenticate with {scheme} can no longer make this call",
            )


def _request(rec: Recorder, before: ir.Request, after: ir.Request) -> None:
    ctx = Ctx("request")

    def walk(walker: Walker) -> None:
        for part in locations.parts():
            before_part, after_part = before.part(part), after.part(part)
            assert before_part is not None and after_part is not None
            walker.value((part,), before_part, after_part, ctx)
        before_body, after_body = before.body, after.body
        if before_body is not None and after_body is not None:
            walker.value(("body",), before_body.schema, after_body.schema, ctx)
        elif after_body is not None:  # a new body: its fields can be where removed parameters went
            for prop in after_body.schema.properties:
                walker.added(("body", paths.name(prop.wire_name)), prop, ctx)
        elif before_body is not None:
            for prop in before_body.schema.properties:
                walker.removed(
                    ("body", paths.name(prop.wire_name)), prop, ctx, before_body.schema.closed
                )

    schemas.scope(rec, walk)
    _path_order(rec, before, after)
    _body(rec, before.body, after.body)


def _path_order(rec: Recorder, before: ir.Request, after: ir.Request) -> None:
    before_names = [p.python_name for p in before.path.properties_in_code]
    after_names = [p.python_name for p in after.path.properties_in_code]
    if before_names != after_names and sorted(before_names) == sorted(after_names):
        rec.add(
            ("path",),
            "path_parameter_order",
            ", ".join(before_names),
            ", ".join(after_names),
            BREAKING,
            "path parameters are positional arguments of the client method",
        )


def _body(rec: Recorder, before: ir.Body | None, after: ir.Body | None) -> None:
    where: Path = ("body",)
    if before is None and after is not None:
        cls = BREAKING if after.required else COMPATIBLE
        rec.appeared(
            where,
            "body_added",
            f"{after.content_type}, {'required' if after.required else 'optional'}",
            cls,
            "the call now takes a body"
            + (": calls without one are rejected" if after.required else ""),
        )
        return
    if before is not None and after is None:
        rec.disappeared(
            where,
            "body_removed",
            before.content_type,
            BREAKING,
            "the call no longer takes a body: calls that send one are rejected",
        )
        return
    if before is None or after is None:
        return
    if before.content_type != after.content_type:
        rec.add(
            where,
            "content_type",
            before.content_type,
            after.content_type,
            BREAKING,
            "the body is now sent encoded differently",
        )
    if before.required != after.required:
        cls = BREAKING if after.required else COMPATIBLE
        reason = (
            "calls without a body are now rejected"
            if after.required
            else "the body may now be left out"
        )
        rec.flag(where, "body_required", before.required, after.required, cls, reason)
    rec.example(where, before, after)


def _responses(
    rec: Recorder,
    before: ir.Operation,
    after: ir.Operation,
) -> None:
    before_by_status = {r.status: r for r in before.responses}
    after_by_status = {r.status: r for r in after.responses}
    for status, response in after_by_status.items():
        where: Path = ("responses", paths.name(status))
        previous = before_by_status.get(status)
        if previous is None:
            reason = (
                "a new documented success response"
                if response.is_success
                else "a new documented error response (raised as an error, as before)"
            )
            rec.appeared(where, "response_added", _response_words(response), COMPATIBLE, reason)
        else:
            _response(rec, where, previous, response)
    for status, response in before_by_status.items():
        if status not in after_by_status:
            where = ("responses", paths.name(status))
            if response.is_success:
                rec.disappeared(
                    where,
                    "response_removed",
                    _response_words(response),
                    BREAKING,
                    "callers reading this response's body lose it",
                )
            else:
                rec.disappeared(
                    where,
                    "response_removed",
                    _response_words(response),
                    COMPATIBLE,
                    "no longer documented; errors are still raised as errors",
                )


def _response_words(response: ir.Response) -> str:
    if response.envelope is not None:
        return f"{response.status}: error envelope {response.envelope}"
    if response.body is None:
        return f"{response.status}: no body"
    return f"{response.status}: {describe.schema(response.body)}"


def _response(
    rec: Recorder,
    where: Path,
    before: ir.Response,
    after: ir.Response,
) -> None:
    if before.content_type != after.content_type:
        rec.add(
            where,
            "content_type",
            before.content_type,
            after.content_type,
            BREAKING,
            "the response is now read as another content type",
        )
    if before.envelope != after.envelope:
        rec.add(
            where,
            "envelope",
            before.envelope,
            after.envelope,
            COMPATIBLE,
            "error messages are now read from another envelope",
        )
    rec.prose(where, "description", before.description, after.description)
    rec.example(where, before, after)
    _errors(rec, where, before.errors, after.errors)
    _headers(rec, where, before.headers, after.headers)
    rec.provenance(where, before.provenance, after.provenance)
    rec.notes(where, before.notes, after.notes)
    before_body, after_body = before.body, after.body
    if before_body is not None and after_body is not None:
        schemas.response_body(rec, where, before_body, after_body)
    elif after_body is not None:
        rec.appeared(
            where,
            "response_body_added",
            describe.schema(after_body),
            COMPATIBLE,
            "callers can read a documented body",
        )
    elif before_body is not None:
        cls = BREAKING if before.is_success else COMPATIBLE
        rec.disappeared(
            where,
            "response_body_removed",
            describe.schema(before_body),
            cls,
            "the body is no longer documented: callers reading it lose the model",
        )


def _errors(
    rec: Recorder,
    where: Path,
    before: Sequence[ir.DocumentedError],
    after: Sequence[ir.DocumentedError],
) -> None:
    def key(error: ir.DocumentedError) -> str:
        return describe.value([error.code, error.message])

    pairs, added, removed = match.keyed(before, after, key)
    for before_error, after_error in pairs:
        rec.prose(
            where,
            "error_description",
            before_error.description,
            after_error.description,
            "documented errors are documentation",
        )
        if before_error.confidence != after_error.confidence:
            rec.add(
                where,
                "confidence",
                before_error.confidence.value,
                after_error.confidence.value,
                DOCUMENTATION,
                "provenance of a documented error",
            )
    for item in added:
        rec.appeared(
            where,
            "error_added",
            _error_words(item),
            DOCUMENTATION,
            "documented errors are documentation (and mock data)",
        )
    for item in removed:
        rec.disappeared(
            where,
            "error_removed",
            _error_words(item),
            DOCUMENTATION,
            "documented errors are documentation (and mock data)",
        )


def _headers(
    rec: Recorder,
    where: Path,
    before: Sequence[ir.ResponseHeader],
    after: Sequence[ir.ResponseHeader],
) -> None:
    """Response headers, matched by name as HTTP matches them (ignoring case). Callers read them from
    `response_headers`: one removed, or read as another type, breaks them; one added cannot."""
    pairs, added, removed = match.keyed(before, after, lambda header: header.key)
    for old, new in pairs:
        at = (*where, "headers", paths.name(new.name))
        if (old.type, old.format) != (new.type, new.format):
            rec.add(
                at,
                "header_type",
                _header_words(old),
                _header_words(new),
                BREAKING,
                "callers reading the header get a value of another type (or None)",
            )
        if old.name != new.name:
            rec.add(
                at, "header_name", old.name, new.name, DOCUMENTATION, "header names ignore case"
            )
        if old.required != new.required:
            rec.add(
                at,
                "header_required",
                str(old.required).lower(),
                str(new.required).lower(),
                DOCUMENTATION,
                "the value is read as None when absent either way",
            )
        if old.example_text != new.example_text:
            rec.add(
                at,
                "header_example",
                old.example_text,
                new.example_text,
                DOCUMENTATION,
                "examples are documentation (and mock data)",
            )
        rec.prose(at, "description", old.description, new.description)
        rec.provenance(at, old.provenance, new.provenance)
        rec.notes(at, old.notes, new.notes)
    for header in added:
        rec.appeared(
            (*where, "headers", paths.name(header.name)),
            "header_added",
            _header_words(header),
            COMPATIBLE,
            "callers can read a new documented header",
        )
    for header in removed:
        rec.disappeared(
            (*where, "headers", paths.name(header.name)),
            "header_removed",
            _header_words(header),
            BREAKING,
            "callers reading the header from response_headers lose it",
        )


def _header_words(header: ir.ResponseHeader) -> str:
    shown = f"{header.type} ({header.format})" if header.format else header.type
    return f"{header.name}: {shown}"


def _error_words(error: ir.DocumentedError) -> str:
    parts = [
        f"code {describe.value(error.code)}" if error.code is not None else "",
        error.message or "",
    ]
    return ": ".join(part for part in parts if part)


def _pagination(rec: Recorder, before: ir.Operation, after: ir.Operation) -> None:
    where: Path = ("pagination",)
    before_page, after_page = before.pagination, after.pagination
    if before_page == after_page:
        return
    method = naming.iterator_name(after.python_name)
    if after_page is not None and before_page is None:
        rec.appeared(
            where,
            "pagination_added",
            _page_words(after_page),
            COMPATIBLE,
            f"a new client method {method} reads every page",
        )
    elif before_page is not None and after_page is None:
        rec.disappeared(
            where,
            "pagination_removed",
            _page_words(before_page),
            BREAKING,
            f"the client method {method} is removed",
        )
    elif before_page is not None and after_page is not None:
        rec.add(
            where,
            "pagination",
            _page_words(before_page),
            _page_words(after_page),
            BREAKING,
            f"{method} now reads pages differently",
        )


def _page_words(page: ir.Pagination) -> str:
    return pagination_kinds.of(page.style).diff_words(page)
