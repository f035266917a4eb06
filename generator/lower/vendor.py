"""The vendor-level parts of a spec: the vendor block, sources, provenance, notes, auth schemes, error envelopes.

`Citations` knows the spec's sources, so every `source:` a spec cites, every confidence that needs evidence and
every note is lowered and checked in one place; shape and operation lowering share the same `Citations`. The
functions here lower the parts that appear once per vendor (its id, environments, auth schemes and error
envelopes); an envelope's body is lowered by the shapes and handed in.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from atsgen_runtime.http import environment_variables, server_variable_environment_variable
from generator import ir, naming
from generator.diagnostics import SpecPath
from generator.kinds import auth
from generator.lower import checks
from generator.lower.report import Reporter, clip, suggest, suggest_or_list

VENDOR_PATH: SpecPath = ("vendor",)


class Citations:
    """The spec's sources, and what cites them: provenance, notes and `source:` references."""

    def __init__(self, report: Reporter, sources: Mapping[str, ir.Source]) -> None:
        self.report = report
        self.sources = sources

    def source_ref(self, sid: str | None, path: SpecPath) -> str | None:
        if sid is not None and sid not in self.sources:
            hint = (
                suggest(sid, self.sources) or "; add it under `sources`, or cite one listed there"
            )
            self.report.error(
                path, f"unknown source {sid!r}: it is not listed under `sources`{hint}"
            )
        return sid

    def provenance(self, data: Mapping[str, Any], path: SpecPath) -> ir.Provenance:
        confidence = ir.Confidence(data.get("confidence", "documented"))
        evidence = data.get("evidence")
        if confidence is not ir.Confidence.DOCUMENTED and evidence is None:
            self.report.error(
                path + ("confidence",),
                f"confidence {confidence.value!r} needs `evidence`: say which sources support it",
                at_key=True,
            )
        return ir.Provenance(
            confidence, evidence, self.source_ref(data.get("source"), path + ("source",))
        )

    def notes(self, notes: list[Any], path: SpecPath) -> tuple[ir.Note, ...]:
        """Remarks for reviewers; a recorded contradiction (`says` + `resolution`) is also a warning."""
        out = []
        for index, note in enumerate(notes):
            npath = path + (index,)
            if isinstance(note, str):
                out.append(ir.Note(text=note, loc=self.report.loc(npath)))
                continue
            self.source_ref(note.get("source"), npath + ("source",))
            out.append(
                ir.Note(
                    says=note["says"],
                    resolution=note["resolution"],
                    source=note.get("source"),
                    loc=self.report.loc(npath),
                )
            )
            self.report.warning(
                npath,
                f"the document says: {clip(note['says'])} The spec: {clip(note['resolution'])}",
            )
        return tuple(out)


# -- the vendor block ---------------------------------------------------------------------------------


def check_vendor_id(report: Reporter, vendor_id: str) -> None:
    """The id names the spec file and the generated module, so it must be both."""
    path = VENDOR_PATH + ("id",)
    stem = Path(report.doc.file).stem
    if vendor_id != stem:
        report.error(
            path,
            f"the vendor id {vendor_id!r} must equal the file name stem {stem!r}: rename the file to "
            f"{vendor_id}.yaml, or set the id to {stem!r}",
        )
    if keyword.iskeyword(vendor_id):
        report.error(
            path,
            f"the vendor id {vendor_id!r} is a Python keyword, so the generated module ats_sdk.{vendor_id} could "
            "not be imported; choose another id",
        )
    taken = naming.module_collision(vendor_id)
    if taken is not None:
        report.error(
            path,
            f"the vendor id {vendor_id!r} would name the generated module ats_sdk.{vendor_id}, but that is "
            f"already {taken}; choose another id",
        )


def sources(
    report: Reporter, data: Mapping[str, Any], seeds_dir: Path | None
) -> dict[str, ir.Source]:
    """The documents a spec cites, by id; a named file must be in the seeds folder, when there is one."""
    return {sid: _source(report, sid, s, ("sources", sid), seeds_dir) for sid, s in data.items()}


def _source(
    report: Reporter, sid: str, s: Mapping[str, Any], path: SpecPath, seeds: Path | None
) -> ir.Source:
    file = s.get("file")
    if file is not None and seeds is not None and seeds.is_dir() and not (seeds / file).is_file():
        report.error(
            path + ("file",), f"no document {file!r} in the seeds folder; check the file name"
        )
    return ir.Source(
        id=sid,
        title=s["title"],
        file=file,
        url=s.get("url"),
        url_confidence=ir.Confidence(s.get("url_confidence", "documented")),
        description=s.get("description"),
    )


def environments(cite: Citations, v: Mapping[str, Any]) -> tuple[ir.Environment, ...]:
    return tuple(
        ir.Environment(
            name=name,
            url=env["url"].rstrip("/"),
            description=env.get("description"),
            provenance=cite.provenance(env, VENDOR_PATH + ("environments", name)),
            variables=server_variables(
                cite.report, v["id"], env, VENDOR_PATH + ("environments", name)
            ),
        )
        for name, env in v["environments"].items()
    )


# A server variable in a URL: `{name}`, as OpenAPI writes them.
_URL_VARIABLE = re.compile(r"\{([^{}]*)\}")


def server_variables(
    report: Reporter, vendor_id: str, env: Mapping[str, Any], path: SpecPath
) -> tuple[ir.ServerVariable, ...]:
    """An environment's declared server variables. Every `{name}` in the URL must be declared (an
    undeclared one reaches DNS as written, and OpenAPI tools reject it) and every declared one used.
    """
    declared: Mapping[str, Any] = env.get("variables", {})
    used = _URL_VARIABLE.findall(env["url"])
    for name in dict.fromkeys(used):
        if name not in declared:
            report.error(
                path + ("url",),
                f"the URL's {{{name}}} is not declared; add it under variables "
                f"(with a default, an enum or both){suggest(name, declared)}",
            )
    out = []
    for name, variable in declared.items():
        where = path + ("variables", name)
        if name not in used:
            report.error(
                where, f"the URL has no {{{name}}}; use it in the URL or remove it", at_key=True
            )
        # Clients read the value from <VENDOR>_<NAME>: it may not be the variable that names the base
        # URL or the environment, or a client would read one setting as the other.
        env_name = server_variable_environment_variable(vendor_id, name)
        if env_name in environment_variables(vendor_id):
            report.error(
                where,
                f"clients would read this variable from {env_name}, which names the base URL or "
                "the environment; rename the variable",
                at_key=True,
            )
        default, enum = variable.get("default"), tuple(variable.get("enum", ()))
        if default is not None and enum and default not in enum:
            report.error(
                where + ("default",),
                f"the default {default!r} is not one of the enum ({', '.join(map(repr, enum))})",
            )
        if name in _host_variables(env["url"]):
            _check_host_values(report, where, default, enum)
        out.append(ir.ServerVariable(name, default, enum, variable.get("description")))
    return tuple(out)


# What a server variable's value may be in the host name: clients refuse anything else there (percent-
# encoding makes no host name), so a default or enum value outside it would make no client at all.
_HOST_VALUE = re.compile(r"[A-Za-z0-9.-]*")


def _host_variables(url: str) -> set[str]:
    """The server variables in a URL's host (before the first `/` after the scheme)."""
    return set(_URL_VARIABLE.findall(url.split("://", 1)[-1].split("/", 1)[0]))


def _check_host_values(
    report: Reporter, where: SpecPath, default: str | None, enum: tuple[str, ...]
) -> None:
    if default is not None and not _HOST_VALUE.fullmatch(default):
        report.error(
            where + ("default",),
            f"the default {default!r} cannot be part of a host name; "
            "use only letters, digits, '-' and '.'",
        )
    for value in enum:
        if not _HOST_VALUE.fullmatch(value):
            report.error(
                where + ("enum",),
                f"{value!r} cannot be part of a host name; use only letters, digits, '-' and '.'",
            )


def default_environment(report: Reporter, v: Mapping[str, Any]) -> str:
    """The environment a client uses unless told otherwise; it must be one of the environments."""
    default_env: str = v.get("default_environment", "production")
    if default_env not in v["environments"]:
        where = (
            VENDOR_PATH + ("default_environment",)
            if "default_environment" in v
            else VENDOR_PATH + ("environments",)
        )
        report.error(
            where,
            f"the default environment {default_env!r} is not in environments "
            f"({', '.join(v['environments'])}); add it or set default_environment",
        )
    return default_env


# -- auth schemes and error envelopes -----------------------------------------------------------------


def auth_scheme(cite: Citations, sid: str, s: Mapping[str, Any], path: SpecPath) -> ir.AuthScheme:
    report = cite.report
    kind = auth.of(s["type"])
    for key in sorted(set(s) & (auth.spec_keys() - kind.keys)):
        report.error(
            path + (key,), f"{key!r} does not apply to a {kind.name} scheme; remove it", at_key=True
        )
    for credential in sorted(set(s.get("env", {})) - set(kind.credentials)):
        report.error(
            path + ("env", credential),
            f"a {kind.name} scheme reads only {' and '.join(sorted(kind.credentials))} from the "
            f"environment, not {credential!r}; remove it",
            at_key=True,
        )
    for key, what in kind.needs(s):
        if key not in s:
            report.error(path, f"{_article(kind.name)} {kind.name} scheme needs `{key}`: {what}")
    for key, why in kind.misplaced(s):
        report.error(path + (key,), f"{key!r} {why}; remove it", at_key=True)
    return ir.AuthScheme(
        id=sid,
        type=kind.name,
        description=s.get("description"),
        header=s.get("header", auth.STANDARD_HEADER),
        prefix=s.get("prefix", kind.default_prefix) if kind.default_prefix is not None else None,
        token_url=s.get("token_url"),
        token_content_type=s.get("token_content_type", "application/x-www-form-urlencoded"),
        token_fields=kind.token_fields(s.get("token_fields", {})),
        default_expires_in=s.get("default_expires_in"),
        env=tuple(s.get("env", {}).items()),
        location=s.get("in", "header"),
        name=s.get("name"),
        provenance=cite.provenance(s, path),
        notes=cite.notes(s.get("notes", []), path + ("notes",)),
        loc=report.loc(path),
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def envelope(
    cite: Citations, eid: str, e: Mapping[str, Any], path: SpecPath, body: ir.Schema
) -> ir.ErrorEnvelope:
    """An error envelope around its lowered `body`; its pointers must name fields of that body."""
    report = cite.report
    for key in ("message", "code", "details"):
        if key in e and not checks.pointer_resolves(body, e[key]):
            hint = suggest_or_list(e[key], checks.pointers(body), "pointers into the body")
            report.error(
                path + (key,), f"{e[key]!r} does not name a field of the envelope's body{hint}"
            )
    return ir.ErrorEnvelope(
        id=eid,
        description=e.get("description"),
        body=body,
        message_pointer=e["message"],
        code_pointer=e.get("code"),
        details_pointer=e.get("details"),
        provenance=cite.provenance(e, path),
        notes=cite.notes(e.get("notes", []), path + ("notes",)),
        loc=report.loc(path),
    )
