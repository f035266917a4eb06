"""The unified layer's declarations: the canonical candidate and each vendor's mapping to it.

    specs/unified/candidate.yaml           the canonical model, in the spec language's field syntax
    specs/unified/mappings/<vendor>.yaml   per operation, where each canonical field goes (closed transforms)

`files` names them (standard library only, for the no-change fast path); `load` reads them with the spec
loader's machinery (positions, the schema check, diagnostics) from disk or from bytes (a git revision, for
`atsgen diff`); `targets` checks each mapping against the vendor's lowered spec; `job` is the generation
job that renders `ats_sdk.unified`, `docs/unified.md` and the canonical JSON Schema from them
(`emit/unified.py`, `emit/unified_docs.py`). The mapping data itself is what the runtime engine
(`atsgen_runtime.unified`) reads, unchanged; `diff/unified.py` classifies changes to it.

The release digest (`diff/releases.py`) covers the declarations, each named by its path inside specs/
(`unified/mappings/talynce.yaml`, apart from the spec `talynce.yaml`): a change to them needs a release like
a spec change.
"""
