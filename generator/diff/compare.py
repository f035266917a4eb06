"""Compare two versions of the loaded specs (the IR, not YAML text): every change, classified.

Vendors pair by id, operations by operation id, responses by status, environments, auth schemes, error
envelopes and sources by name. Shapes are compared by `schemas.Walker`, one scope at a time (a request across
its parts, a response body, an envelope body), twice: a first pass gathers removed and added fields, `renames`
pairs those that are one field renamed or moved, and the second pass reports with that knowledge.

Changes come out grouped by vendor (ids in order), the vendor-wide changes first, then operations by id; inside
a group, in the order of the spec (operation, request parts, responses, pagination).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from generator import ir
from generator.diff import describe, match, paths, schemas
from generator.diff.changes import Change, Classification, SourceRef
from generator.diff.operations import compare_operation
from generator.diff.paths import Path
from generator.diff.record import Recorder
from generator.kinds import auth as auth_kinds

BREAKING, COMPATIBLE, DOCUMENTATION = (
    Classification.BREAKING,
    Classification.COMPATIBLE,
    Classification.DOCUMENTATION,
)
T = TypeVar("T")


def compare(before: Iterable[ir.Vendor], after: Iterable[ir.Vendor]) -> list[Change]:
    b_vendors = {vendor.id: vendor for vendor in before}
    a_vendors = {vendor.id: vendor for vendor in after}
    changes: list[Change] = []
    for vendor_id in sorted(set(b_vendors) | set(a_vendors)):
        changes.extend(compare_vendor(b_vendors.get(vendor_id), a_vendors.get(vendor_id)))
    return changes


def compare_vendor(before: ir.Vendor | None, after: ir.Vendor | None) -> list[Change]:
    vendor = after or before
    assert vendor is not None
    rec = Recorder(vendor.id, None, None)
    if before is None or after is None:
        operations = ", ".join(op.id for op in vendor.operations)
        if before is None:
            rec.appeared(
                ("vendor",),
                "vendor_added",
                f"{vendor.name} ({operations})",
                COMPATIBLE,
                f"a new module ats_sdk.{vendor.id}",
            )
        else:
            rec.disappeared(
                ("vendor",),
                "vendor_removed",
                f"{vendor.name} ({operations})",
                BREAKING,
                f"the module ats_sdk.{vendor.id} is removed",
            )
        return rec.changes
    _vendor_facts(rec, before, after)
    _environments(rec, before, after)
    _auth_schemes(rec, before, after)
    _envelopes(rec, before, after)
    _sources(rec, before, after)
    changes = rec.changes
    b_ops = {op.id: op for op in before.operations}
    a_ops = {op.id: op for op in after.operations}
    for op_id in sorted(set(b_ops) | set(a_ops)):
        changes.extend(compare_operation(after.id, b_ops.get(op_id), a_ops.get(op_id)))
    return changes


# -- the vendor ---------------------------------------------------------------------------------------


def _vendor_facts(rec: Recorder, before: ir.Vendor, after: ir.Vendor) -> None:
    where: Path = ("vendor",)
    rec.prose(where, "name", before.name, after.name, "the display name in docs and docstrings")
    rec.prose(where, "description", before.description, after.description)
    if before.docs != after.docs:
        rec.add(
            where,
            "docs",
            ", ".join(before.docs) or None,
            ", ".join(after.docs) or None,
            DOCUMENTATION,
            "links to the vendor's documentation",
        )
    rec.prose(
        where,
        "rate_limits",
        before.rate_limits,
        after.rate_limits,
        "rate limits are documented, not enforced by the SDK",
    )
    rec.provenance(where, before.provenance, after.provenance)
    rec.notes(("notes",), before.notes, after.notes)


def _environments(rec: Recorder, before: ir.Vendor, after: ir.Vendor) -> None:
    if before.default_environment != after.default_environment:
        rec.add(
            ("default_environment",),
            "default_environment",
            before.default_environment,
            after.default_environment,
            BREAKING,
            f"clients created without an environment now call {after.default_environment}",
        )
    pairs, added, removed = match.keyed(before.environments, after.environments, lambda e: e.name)
    for b_env, a_env in pairs:
        where: Path = ("environments", paths.name(a_env.name))
        source = SourceRef.of(after.source(a_env.provenance.source or ""))
        if b_env.url != a_env.url:
            rec.add(
                where,
                "base_url",
                b_env.url,
                a_env.url,
                BREAKING,
                f"every request in the {a_env.name} environment now goes to {a_env.url}",
                source=source,
            )
        rec.prose(where, "description", b_env.description, a_env.description, source=source)
        rec.provenance(where, b_env.provenance, a_env.provenance, source=source)
    for env in added:
        rec.appeared(
            ("environments", paths.name(env.name)),
            "environment_added",
            f"{env.name}: {env.url}",
            COMPATIBLE,
            "clients can now select this environment",
        )
    for env in removed:
        rec.disappeared(
            ("environments", paths.name(env.name)),
            "environment_removed",
            f"{env.name}: {env.url}",
            BREAKING,
            "clients that select this environment now fail",
        )


def _auth_schemes(rec: Recorder, before: ir.Vendor, after: ir.Vendor) -> None:
    pairs, added, removed = match.keyed(before.auth, after.auth, lambda s: s.id)
    for b_scheme, a_scheme in pairs:
        _auth_scheme(rec, after, b_scheme, a_scheme)
    for scheme in added:
        rec.appeared(
            ("auth", paths.name(scheme.id)),
            "auth_scheme_added",
            _scheme_words(scheme),
            COMPATIBLE,
            "clients can now authenticate this way",
        )
    for scheme in removed:
        rec.disappeared(
            ("auth", paths.name(scheme.id)),
            "auth_scheme_removed",
            _scheme_words(scheme),
            BREAKING,
            "clients that authenticate this way now fail",
        )


def _auth_scheme(
    rec: Recorder, vendor: ir.Vendor, b_scheme: ir.AuthScheme, a_scheme: ir.AuthScheme
) -> None:
    where: Path = ("auth", paths.name(a_scheme.id))
    source = SourceRef.of(vendor.source(a_scheme.provenance.source or ""))

    def breaking(kind: str, b_value: str | None, a_value: str | None, reason: str) -> None:
        if b_value != a_value:
            rec.add(where, kind, b_value, a_value, BREAKING, reason, source=source)

    breaking(
        "auth_type",
        b_scheme.type,
        a_scheme.type,
        "credentials are now sent another way",
    )
    breaking(
        "header",
        b_scheme.header,
        a_scheme.header,
        f"the credential is now sent in the {a_scheme.header} header",
    )
    breaking(
        "prefix",
        b_scheme.prefix,
        a_scheme.prefix,
        "the credential is now sent with another prefix",
    )
    breaking(
        "token_url",
        b_scheme.token_url,
        a_scheme.token_url,
        "tokens are now fetched from another URL",
    )
    breaking(
        "token_content_type",
        b_scheme.token_content_type,
        a_scheme.token_content_type,
        "token requests are now encoded differently",
    )
    b_fields, a_fields = dict(b_scheme.token_fields), dict(a_scheme.token_fields)
    for role in sorted(set(b_fields) | set(a_fields)):
        breaking(
            "token_fields",
            describe.labelled(role, b_fields.get(role)),
            describe.labelled(role, a_fields.get(role)),
            "token requests now name this field differently",
        )
    if b_scheme.default_expires_in != a_scheme.default_expires_in:
        rec.add(
            where,
            "default_expires_in",
            describe.number(b_scheme.default_expires_in),
            describe.number(a_scheme.default_expires_in),
            COMPATIBLE,
            "tokens without expires_in are now refreshed on another schedule",
            source=source,
        )
    b_env, a_env = dict(b_scheme.env), dict(a_scheme.env)
    for credential in sorted(set(b_env) | set(a_env)):
        b_var, a_var = b_env.get(credential), a_env.get(credential)
        if b_var == a_var:
            continue
        if b_var is None:
            rec.appeared(
                where,
                "env_var_added",
                f"{credential}: {a_var}",
                COMPATIBLE,
                f"clients can now read the {credential} from {a_var}",
                source=source,
            )
        elif a_var is None:
            rec.disappeared(
                where,
                "env_var_removed",
                f"{credential}: {b_var}",
                BREAKING,
                f"clients no longer read the {credential} from {b_var}: set it explicitly",
                source=source,
            )
        else:
            rec.add(
                where,
                "env_var",
                f"{credential}: {b_var}",
                f"{credential}: {a_var}",
                BREAKING,
                f"clients now read the {credential} from {a_var}, not {b_var}",
                source=source,
            )
    rec.prose(where, "description", b_scheme.description, a_scheme.description, source=source)
    rec.provenance(where, b_scheme.provenance, a_scheme.provenance, source=source)
    rec.notes(where, b_scheme.notes, a_scheme.notes, source=source)


def _scheme_words(scheme: ir.AuthScheme) -> str:
    return f"{scheme.id}: {auth_kinds.of(scheme.type).words} in {scheme.header}"


def _envelopes(rec: Recorder, before: ir.Vendor, after: ir.Vendor) -> None:
    pairs, added, removed = match.keyed(
        before.error_envelopes, after.error_envelopes, lambda e: e.id
    )
    for b_env, a_env in pairs:
        where: Path = ("error_envelopes", paths.name(a_env.id))
        source = SourceRef.of(after.source(a_env.provenance.source or ""))
        scoped = Recorder(rec.vendor, None, source)
        if b_env.message_pointer != a_env.message_pointer:
            scoped.add(
                where,
                "message_pointer",
                b_env.message_pointer,
                a_env.message_pointer,
                COMPATIBLE,
                "error messages are now read from another place in the body",
            )
        for kind, b_value, a_value in (
            ("code_pointer", b_env.code_pointer, a_env.code_pointer),
            ("details_pointer", b_env.details_pointer, a_env.details_pointer),
        ):
            if b_value == a_value:
                continue
            what = kind.removesuffix("_pointer")
            if a_value is None:
                scoped.add(
                    where,
                    kind,
                    b_value,
                    None,
                    BREAKING,
                    f"errors no longer carry a {what}: callers reading it get None",
                )
            else:
                scoped.add(
                    where,
                    kind,
                    b_value,
                    a_value,
                    COMPATIBLE,
                    f"errors now read their {what} from {a_value}",
                )
        scoped.prose(where, "description", b_env.description, a_env.description)
        scoped.provenance(where, b_env.provenance, a_env.provenance)
        scoped.notes(where, b_env.notes, a_env.notes)
        schemas.response_body(scoped, where, b_env.body, a_env.body)
        rec.changes.extend(scoped.changes)
    for envelope in added:
        rec.appeared(
            ("error_envelopes", paths.name(envelope.id)),
            "envelope_added",
            f"message at {envelope.message_pointer}",
            COMPATIBLE,
            "a new documented error body",
        )
    for envelope in removed:
        rec.disappeared(
            ("error_envelopes", paths.name(envelope.id)),
            "envelope_removed",
            f"message at {envelope.message_pointer}",
            COMPATIBLE,
            "no response uses it any more",
        )


def _sources(rec: Recorder, before: ir.Vendor, after: ir.Vendor) -> None:
    pairs, added, removed = match.keyed(before.sources, after.sources, lambda s: s.id)
    for b_src, a_src in pairs:
        where: Path = ("sources", paths.name(a_src.id))
        source = SourceRef.of(a_src)
        rec.prose(
            where,
            "title",
            b_src.title,
            a_src.title,
            "the document's title, as docs cite it",
            source=source,
        )
        for kind, b_value, a_value in (
            ("url", b_src.url, a_src.url),
            ("file", b_src.file, a_src.file),
        ):
            if b_value != a_value:
                rec.add(
                    where,
                    f"source_{kind}",
                    b_value,
                    a_value,
                    DOCUMENTATION,
                    f"the document's {kind}, as docs cite it",
                    source=source,
                )
        if b_src.url_confidence != a_src.url_confidence:
            rec.add(
                where,
                "url_confidence",
                b_src.url_confidence.value,
                a_src.url_confidence.value,
                DOCUMENTATION,
                "provenance of the document's URL",
                source=source,
            )
        rec.prose(where, "description", b_src.description, a_src.description, source=source)
    for src in added:
        rec.appeared(
            ("sources", paths.name(src.id)),
            "source_added",
            describe.source(src),
            DOCUMENTATION,
            "a document the spec cites",
            source=SourceRef.of(src),
        )
    for src in removed:
        rec.disappeared(
            ("sources", paths.name(src.id)),
            "source_removed",
            describe.source(src),
            DOCUMENTATION,
            "a document the spec no longer cites",
            source=SourceRef.of(src),
        )
