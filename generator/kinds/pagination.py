"""Pagination styles: each one described once, for every generator stage that handles `pagination:`.

How a style pages at run time belongs to the SDK runtime: `atsgen_runtime.pagination.STYLES` has one class
per style with the query parameters and body pointers it reads (its roles, whose keys are the spec keys),
how a client walks the pages and how the mock serves one. Each class here wraps one of those (`runtime`)
and adds what the generator's stages need from the style:

- lowering (`lower/operations.py`): `keys`, `params` and `pointers` (what must exist, and be an integer),
  `numbered` (the style takes `first_page`);
- docs (`emit/docs.py`) and the diff: `words`, the pagination in a sentence; clients: `start_words`;
- OpenAPI (`emit/openapi.py`): `openapi`, the `x-atsgen-pagination` object;
- the spec module (`emit/spec_module.py`): `spec_arguments`, the `PaginationSpec` call's arguments.

`PaginationStyle` is the IR's style: a name only `named` makes. The spec schema
(`generator/spec_schema.json` `$defs/pagination`) lists the same names and keys, for editors; a test
holds them equal. Adding a style: its class in the runtime's `pagination.py` (and `STYLES`), its entry
here (`KINDS`), its name in the spec schema's `style` enum (and any new key there), and a guide section.

This module reads the IR through attributes only, so `ir` can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NewType

from atsgen_runtime import pagination as styles
from generator.kinds import UnknownMember

if TYPE_CHECKING:
    from generator import ir

PaginationStyle = NewType("PaginationStyle", str)
"""The name of a style the registry describes (the spec's `pagination.style`)."""

Code = Callable[[str], str]
"""Renders a wire name or pointer for the docs (Markdown code)."""

Role = styles.Role
"""A query parameter or body pointer a style reads (the runtime's, re-exported for the lowering)."""

COMMON_KEYS = frozenset({"style", "items"})
FIRST_PAGE = "first_page"


@dataclass(frozen=True)
class Kind:
    """One style: the runtime's class, and how the docs say what it does."""

    runtime: type[styles.Style]
    how: str
    """How the next page is found, in the docs' words (after the parameters)."""
    starts: str
    """Where the iteration starts, for the iterator's docstring ({param} is a role's wire name)."""

    @property
    def name(self) -> PaginationStyle:
        return PaginationStyle(self.runtime.name)

    @property
    def params(self) -> tuple[styles.Role, ...]:
        return tuple(self.runtime.params)

    @property
    def pointers(self) -> tuple[styles.Role, ...]:
        return tuple(self.runtime.pointers)

    @property
    def numbered(self) -> bool:
        return bool(self.runtime.numbered)

    @property
    def keys(self) -> frozenset[str]:
        """The spec keys of this style (the other styles' keys are refused)."""
        roles = {role.key for role in self.params + self.pointers}
        return COMMON_KEYS | roles | ({FIRST_PAGE} if self.numbered else set())

    def words(self, p: ir.Pagination, code: Code) -> str:
        """The pagination in the docs' words: "offset: page size in `limit`, offset in `offset`; items at
        `/data`, total at `/meta/total`"."""
        named = dict(p.params)
        params = [
            f"{role.words} in {code(named[role.key])}" for role in self.params if role.key in named
        ]
        if self.numbered:
            params.append(f"first page {p.first_page}")
        head = ", ".join([*params, *([self.how] if self.how else [])])
        at = dict(p.pointers)
        found = [
            f"{role.words} at {code(at[role.key])}" for role in self.pointers if role.key in at
        ]
        # "" is the whole body, which an empty code span would not show.
        items = f"items at {code(p.items_pointer)}" if p.items_pointer else "the body is the items"
        return f"{p.style}: {head}; " + ", ".join([items, *found])

    def diff_words(self, p: ir.Pagination) -> str:
        """The pagination in the diff's words: "offset: limit and offset, items at /data"."""
        head = " and ".join(name for _, name in p.params)
        first = f", first page {p.first_page}" if self.numbered else ""
        at = dict(p.pointers)
        found = "".join(
            f", {role.words} at {at[role.key]}" for role in self.pointers if role.key in at
        )
        items = f"items at {p.items_pointer}" if p.items_pointer else "the body is the items"
        return f"{p.style}: {head}{first}, {items}{found}"

    def start_words(self, p: ir.Pagination) -> str:
        """Where `iter_<operation>` starts, for its docstring."""
        return self.starts.format(**{k: f"`{v}`" for k, v in p.params}, first_page=p.first_page)

    def openapi(self, p: ir.Pagination) -> dict[str, Any]:
        """The `x-atsgen-pagination` object: the style, its parameters, the items and its pointers."""
        out: dict[str, Any] = {"style": p.style, **dict(p.params), "items": p.items_pointer}
        out.update(dict(p.pointers))
        if self.numbered:
            out[FIRST_PAGE] = p.first_page
        return out

    def spec_arguments(self, p: ir.Pagination) -> dict[str, Any]:
        """The runtime's `PaginationSpec` fields as plain values (the emitter writes them as code)."""
        out: dict[str, Any] = {"style": p.style, "items": p.items_pointer}
        if p.params:
            out["params"] = dict(p.params)
        if p.pointers:
            out["pointers"] = dict(p.pointers)
        if self.numbered:
            out[FIRST_PAGE] = p.first_page
        return out


KINDS: Mapping[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            styles.Offset,
            "",
            "Fetches pages lazily as the iteration goes, starting at {offset} (default 0).",
        ),
        Kind(
            styles.Page,
            "",
            "Fetches pages lazily as the iteration goes, starting at the page {page} names "
            "(default {first_page}).",
        ),
        Kind(
            styles.Cursor,
            "the next cursor from the body",
            "Fetches pages lazily as the iteration goes, each with the cursor the page before gave.",
        ),
        Kind(
            styles.LinkHeader,
            'the next page at the `Link` header\'s `rel="next"` URL (same origin only)',
            "Fetches pages lazily as the iteration goes, following each page's `Link` header to the "
            "next (only on the client's own origin).",
        ),
    )
}
"""Every pagination style, by name; the runtime's `STYLES`, in the same order."""


def of(style: str) -> Kind:
    kind = KINDS.get(style)
    if kind is None:
        raise UnknownMember("pagination style", style)
    return kind


def named(style: str) -> PaginationStyle:
    """The IR's style for a name the registry describes."""
    return of(style).name


def spec_keys() -> frozenset[str]:
    """Every key some style takes: the spec schema's `$defs/pagination` properties."""
    return frozenset().union(*(kind.keys for kind in KINDS.values()))
