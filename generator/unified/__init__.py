"""The unified layer's declarations: the canonical candidate and each vendor's mapping to it.

    specs/unified/candidate.yaml           the canonical model, in the spec language's field syntax
    specs/unified/mappings/<vendor>.yaml   per operation, where each canonical field goes (closed transforms)

`load` reads them with the spec loader's machinery (positions, the schema check, diagnostics); `targets`
checks each mapping against the vendor's lowered spec. The mapping data itself is what the runtime engine
(`atsgen_runtime.unified`) reads, unchanged.

The release digest (`diff/releases.py`) covers the declarations, each named by its path inside specs/
(`unified/mappings/talynce.yaml`, apart from the spec `talynce.yaml`): a change to them needs a release like
a spec change.
"""
