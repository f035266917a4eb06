"""The three renderings of a list of changes: text for a terminal, Markdown for a pull-request comment, JSON.

Text groups changes by vendor and operation, one line per change, then a summary line with counts.
Markdown gives a table of counts by vendor, then breaking, compatible and documentation changes in that
order, each grouped by vendor and operation with the source document linked; groups longer than
`COLLAPSE_OVER` changes are collapsible. Every piece of spec text is escaped (`generator.markdown`).

JSON is an array with one object per change, in the same order as the text, each with exactly these keys:

    vendor          the vendor id
    operation       the operation id, or null for a vendor-wide change (environments, auth schemes,
                    error envelopes, sources, the vendor itself)
    location        where, in wire names: "body.tags[]", "query.limit", "responses.200.candidate.OID",
                    "body.metadata.*" (any other key), "body (rules)", "body.x (array form)", "auth.bearer",
                    "environments.production", "operation", "pagination"
    kind            what changed: a spec keyword ("max_length", "required", "nullable", "python_name", ...)
                    or an event ("field_added", "field_removed", "field_renamed", "field_moved",
                    "enum_value_added", "operation_removed", "wire_name_known", ...)
    before, after   what it was and what it is now, in plain words; null when there was or is nothing
    classification  "breaking", "compatible" or "documentation"
    reason          one line: the effect on callers of the generated SDK
    source          the operation's vendor document {"id", "title", "url"} (url may be null), or, for a
                    vendor-wide change, the document its provenance names; null when there is none

No changes is `[]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from generator import markdown
from generator.diff.changes import (
    CLASSIFICATIONS,
    Change,
    Classification,
    SourceRef,
    clipped,
    counts,
)

FORMATS = ("text", "markdown", "json")
COLLAPSE_OVER = 5
"""Markdown groups with more changes than this are collapsed under a `<details>` summary."""
CLIP = 100
"""Text and Markdown clip each before/after value to this many characters (JSON keeps them whole)."""
VENDOR_WIDE = "(vendor-wide)"

# Control characters in spec text are drawn as their Unicode pictures, so nothing reaches the terminal that
# it would act on (U+001B would start an escape sequence).
_VISIBLE = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}


def render(changes: list[Change], fmt: str, base: str, head: str) -> str:
    if fmt == "json":
        return render_json(changes)
    if fmt == "markdown":
        return render_markdown(changes, base, head)
    return render_text(changes, base, head)


def render_json(changes: list[Change]) -> str:
    return json.dumps([change.as_json() for change in changes], indent=2, ensure_ascii=False) + "\n"


def summary(changes: list[Change]) -> str:
    """`3 changes: 1 breaking, 1 compatible, 1 documentation`."""
    by_class = counts(changes)
    parts = ", ".join(f"{by_class[c]} {c.value}" for c in CLASSIFICATIONS)
    return f"{len(changes)} change{'' if len(changes) == 1 else 's'}: {parts}"


def groups(changes: list[Change]) -> Iterator[tuple[str, str | None, list[Change]]]:
    """(vendor, operation, changes) in order of first appearance (the comparison's order)."""
    order: dict[tuple[str, str | None], list[Change]] = {}
    for change in changes:
        order.setdefault((change.vendor, change.operation), []).append(change)
    for (vendor, operation), members in order.items():
        yield vendor, operation, members


# -- text -----------------------------------------------------------------------------------------------


def _plain(value: str) -> str:
    return value.translate(_VISIBLE)


def _source_text(source: SourceRef | None) -> str:
    if source is None:
        return ""
    return f"  [source: {source.title}" + (f" <{source.url}>" if source.url else "") + "]"


def render_text(changes: list[Change], base: str, head: str) -> str:
    title = f"atsgen diff: {base} -> {head}"
    if not changes:
        return _plain(f"{title}: no changes") + "\n"
    width = max(len(c.value) for c in CLASSIFICATIONS)
    lines = [title]
    vendor_shown = None
    for vendor, operation, members in groups(changes):
        if vendor != vendor_shown:
            lines += ["", vendor]
            vendor_shown = vendor
        source = members[0].source if operation is not None else None
        lines.append(f"  {operation or VENDOR_WIDE}{_source_text(source)}")
        for change in members:
            lines.append(
                f"    {change.classification.value:<{width}}  {change.location}: {change.what(CLIP)} ({change.reason})"
            )
    lines += ["", summary(changes)]
    return "\n".join(_plain(line) for line in lines) + "\n"


# -- Markdown -------------------------------------------------------------------------------------------


def _value(value: str | None) -> str:
    return "*none*" if value is None else markdown.code(value)


def _change_cell(change: Change) -> str:
    label = markdown.text(change.label)
    before, after = clipped(change.before, change.after, CLIP)
    if before is None and change.kind.endswith("_added"):
        return f"{label}: {_value(after)}"
    if after is None and change.kind.endswith("_removed"):
        return f"{label}: {_value(before)}"
    return f"{label} {_value(before)} → {_value(after)}"


def _source_link(source: SourceRef | None) -> str:
    if source is None:
        return ""
    title = markdown.text(source.title)
    return " · source: " + (markdown.link(title, source.url) if source.url else title)


def render_markdown(changes: list[Change], base: str, head: str) -> str:
    lines = [f"## Spec changes: {markdown.code(base)} → {markdown.code(head)}", ""]
    if not changes:
        lines.append("No changes.")
        return "\n".join(lines) + "\n"
    by_class = counts(changes)
    lines += [
        ", ".join(
            (
                f"**{by_class[c]} {c.value}**"
                if c is Classification.BREAKING and by_class[c]
                else f"{by_class[c]} {c.value}"
            )
            for c in CLASSIFICATIONS
        )
        + f" ({len(changes)} change{'' if len(changes) == 1 else 's'}).",
        "",
        "| Vendor | Breaking | Compatible | Documentation |",
        "|---|---:|---:|---:|",
    ]
    vendors = sorted({c.vendor for c in changes})
    for vendor in vendors:
        mine = counts([c for c in changes if c.vendor == vendor])
        lines.append(
            f"| {markdown.text(vendor)} | "
            + " | ".join(str(mine[c]) for c in CLASSIFICATIONS)
            + " |"
        )
    if len(vendors) > 1:
        lines.append(
            "| **Total** | " + " | ".join(f"**{by_class[c]}**" for c in CLASSIFICATIONS) + " |"
        )
    for classification in CLASSIFICATIONS:
        chosen = [c for c in changes if c.classification is classification]
        if not chosen:
            continue
        lines += ["", f"### {classification.value.capitalize()} changes ({len(chosen)})"]
        for vendor, operation, members in groups(chosen):
            where = markdown.code(operation) if operation is not None else "vendor-wide"
            source = members[0].source if operation is not None else None
            lines += ["", f"#### {markdown.text(vendor)} · {where}{_source_link(source)}", ""]
            table = ["| Location | Change | Why |", "|---|---|---|"]
            table += [
                f"| {markdown.code(c.location)} | {_change_cell(c)} | {markdown.text(c.reason)}{_vendor_source(c, operation)} |"
                for c in members
            ]
            if len(members) > COLLAPSE_OVER:
                lines += [
                    f"<details><summary>{len(members)} changes</summary>",
                    "",
                    *table,
                    "",
                    "</details>",
                ]
            else:
                lines += table
    return "\n".join(lines) + "\n"


def _vendor_source(change: Change, operation: str | None) -> str:
    """Vendor-wide changes cite their own document in the row (operations cite theirs in the heading)."""
    if operation is not None or change.source is None:
        return ""
    return " (" + _source_link(change.source).removeprefix(" · ") + ")"
