"""The unified layer's declarations: the canonical candidate and each vendor's mapping to it.

    specs/unified/candidate.yaml           the canonical model, in the spec language's field syntax
    specs/unified/mappings/<vendor>.yaml   per operation, where each canonical field goes (closed transforms)

`load` reads them with the spec loader's machinery (positions, the schema check, diagnostics); `targets`
checks each mapping against the vendor's lowered spec. The mapping data itself is what the runtime engine
(`atsgen_runtime.unified`) reads, unchanged.

The spec-release digest (`diff/releases.py`) does not cover `specs/unified/` yet: nothing in the SDK is
generated from it until `ats_sdk.unified` is. When it is, the declarations join the digest, named with their
folder (the digest keeps only a file's base name, and `unified/mappings/talynce.yaml` would collide with
`talynce.yaml`).
"""
