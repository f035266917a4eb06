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
    before_vendors = {vendor.id: vendor for vendor in before}
    after_vendors = {vendor.id: vendor for vendor in after}
    changes: list[Change] = []
    for vendor_id in sorted(set(before_vendors) | set(after_vendors)):
        changes.extend(compare_vendor(before_vendors.get(vendor_id), after_vendors.get(vendor_id)))
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
    before_ops = {op.id: op for op in before.operations}
    after_ops = {op.id: op for op in after.operations}
    for op_id in sorted(set(before_ops) | set(after_ops)):
        changes.extend(compare_operation(after.id, before_ops.get(op_id), after_ops.get(op_id)))
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
    for before_env, after_env in pairs:
        where: Path = ("environments", paths.name(after_env.name))
        source = SourceRef.of(after.source(after_env.provenance.source or ""))
        if before_env.url != after_env.url:
            rec.add(
                where,
                "base_url",
                before_env.url,
                after_env.url,
                BREAKING,
                f"every request in the {after_env.name} environment now goes to {after_env.url}",
                source=source,
            )
        rec.prose(
            where, "description", before_env.description, after_env.description, source=source
        )
        rec.provenance(where, before_env.provenance, after_env.provenance, source=source)
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
    for before_scheme, after_scheme in pairs:
        _auth_scheme(rec, after, before_scheme, after_scheme)
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
    rec: Recorder, vendor: ir.Vendor, before_scheme: ir.AuthScheme, after_scheme: ir.AuthScheme
) -> None:
    where: Path = ("auth", paths.name(after_scheme.id))
    source = SourceRef.of(vendor.source(after_scheme.provenance.source or ""))

    def breaking(kind: str, before_value: str | None, after_value: str | None, reason: str) -> None:
        if before_value != after_value:
            rec.add(where, kind, before_value, after_value, BREAKING, reason, source=source)

    breaking(
        "auth_type",
        before_scheme.type,
        after_scheme.type,
        "credentials are now sent another way",
    )
    breaking(
        "header",
        before_scheme.header,
        after_scheme.header,
        f"the credential is now sent in the {after_scheme.header} header",
    )
    breaking(
        "key_in",
        before_scheme.location,
        after_scheme.location,
        f"the credential is now sent in the {after_scheme.location}",
    )
    breaking(
        "key_name",
        before_scheme.name,
        after_scheme.name,
        f"the credential is now sent as {after_scheme.name}",
    )
    breaking(
        "prefix",
        before_scheme.prefix,
        after_scheme.prefix,
        "the credential is now sent with another prefix",
    )
    breaking(
        "token_url",
        before_scheme.token_url,
        after_scheme.token_url,
        "tokens are now fetched from another URL",
    )
    breaking(
        "token_content_type",
        before_scheme.token_content_type,
        after_scheme.token_content_type,
        "token requests are now encoded differently",
    )
    before_fields, after_fields = dict(before_scheme.token_fields), dict(after_scheme.token_fields)
    for role in sorted(set(before_fields) | set(after_fields)):
        breaking(
            "token_fields",
            describe.labelled(role, before_fields.get(role)),
            describe.labelled(role, after_fields.get(role)),
            "token requests now name this field differently",
        )
    if before_scheme.default_expires_in != after_scheme.default_expires_in:
        rec.add(
            where,
            "default_expires_in",
            describe.number(before_scheme.default_expires_in),
            describe.number(after_scheme.default_expires_in),
            COMPATIBLE,
            "tokens without expires_in are now refreshed on another schedule",
            source=source,
        )
    before_env, after_env = dict(before_scheme.env), dict(after_scheme.env)
    for credential in sorted(set(before_env) | set(after_env)):
        before_var, after_var = before_env.get(credential), after_env.get(credential)
        if before_var == after_var:
            continue
        if before_var is None:
            rec.appeared(
                where,
                "env_var_added",
                f"{credential}: {after_var}",
                COMPATIBLE,
                f"clients can now read the {credential} from {after_var}",
                source=source,
            )
        elif after_var is None:
            rec.disappeared(
                where,
                "env_var_removed",
                f"{credential}: {before_var}",
                BREAKING,
                f"clients no longer read the {credential} from {before_var}: set it explicitly",
                source=source,
            )
        else:
            rec.add(
                where,
                "env_var",
                f"{credential}: {before_var}",
                f"{credential}: {after_var}",
                BREAKING,
                f"clients now read the {credential} from {after_var}, not {before_var}",
                source=source,
            )
    rec.prose(
        where, "description", before_scheme.description, after_scheme.description, source=source
    )
    rec.provenance(where, before_scheme.provenance, after_scheme.provenance, source=source)
    rec.notes(where, before_scheme.notes, after_scheme.notes, source=source)


def _scheme_words(scheme: ir.AuthScheme) -> str:
    kind = auth_kinds.of(scheme.type)
    return f"{scheme.id}: {kind.words} in {kind.carrier(scheme)}"


def _envelopes(rec: Recorder, before: ir.Vendor, after: ir.Vendor) -> None:
    pairs, added, removed = match.keyed(
        before.error_envelopes, after.error_envelopes, lambda e: e.id
    )
    for before_env, after_env in pairs:
        where: Path = ("error_envelopes", paths.name(after_env.id))
        source = SourceRef.of(after.source(after_env.provenance.source or ""))
        scoped = Recorder(rec.vendor, None, source)
        if before_env.message_pointer != after_env.message_pointer:
            scoped.add(
                where,
                "message_pointer",
                before_env.message_pointer,
                after_env.message_pointer,
                COMPATIBLE,
                "error messages are now read from another place in the body",
            )
        for kind, before_value, after_value in (
            ("code_pointer", before_env.code_pointer, after_env.code_pointer),
            ("details_pointer", before_env.details_pointer, after_env.details_pointer),
        ):
            if before_value == after_value:
                continue
            what = kind.removesuffix("_pointer")
            if after_value is None:
                scoped.add(
                    where,
                    kind,
                    before_value,
                    None,
                    BREAKING,
                    f"errors no longer carry a {what}: callers reading it get None",
                )
            else:
                scoped.add(
                    where,
                    kind,
                    before_value,
                    after_value,
                    COMPATIBLE,
                    f"errors now read their {what} from {after_value}",
                )
        scoped.prose(where, "description", before_env.description, after_env.description)
        scoped.provenance(where, before_env.provenance, after_env.provenance)
        scoped.notes(where, before_env.notes, after_env.notes)
        schemas.response_body(scoped, where, before_env.body, after_env.body)
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
    for before_src, after_src in pairs:
        where: Path = ("sources", paths.name(after_src.id))
        source = SourceRef.of(after_src)
        rec.prose(
            where,
            "title",
            before_src.title,
            after_src.title,
            "the document's title, as docs cite it",
            source=source,
        )
        for kind, before_value, after_value in (
            ("url", before_src.url, after_src.url),
            ("file", before_src.file, after_src.file),
        ):
            if before_value != after_value:
                rec.add(
                    where,
                    f"source_{kind}",
                    before_value,
                    after_value,
                    DOCUMENTATION,
                    f"the document's {kind}, as docs cite it",
                    source=source,
                )
        if before_src.url_confidence != after_src.url_confidence:
            rec.add(
                where,
                "url_confidence",
                before_src.url_confidence.value,
                after_src.url_confidence.value,
                DOCUMENTATION,
                "provenance of the document's URL",
                source=source,
            )
        rec.prose(
            where, "description", before_src.description, after_src.description, source=source
        )
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
