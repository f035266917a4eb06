"""One module per kind of thing a spec can say, each the single authority every stage reads.

A kind is an open set of members that each stage must handle: string and integer formats, cross-field rule
kinds, auth schemes, parameter locations. Each member is described once, in its kind's module, with
everything the stages need from it (the loader's syntax, the validator's check, the JSON Schema and OpenAPI
forms, the docs' words, the examples, the diff's classification), so adding a member means editing that
module (and, where the generated SDK must run it, the runtime) rather than hunting through every stage.

A stage that meets a member its kind does not know raises `UnknownMember` naming it: never a silent default.
"""

from __future__ import annotations


class UnknownMember(LookupError):
    """A member of a kind that its registry does not describe: a bug in the stage that passed it on."""

    def __init__(self, kind: str, name: object) -> None:
        super().__init__(f"unknown {kind}: {name!r}")
        self.kind = kind
        self.name = name
