"""`atsgen diff`: compare two versions of the specs semantically and classify each change for callers.

sources.py     read each side (git revision, working tree, spec paths) and load it into the IR
compare.py     pair vendors; vendor-wide changes (environments, auth, envelopes, sources)
operations.py  one operation: route, auth, retry safety, request parts, responses, pagination
schemas.py     two shapes and the fields in them, with request/response direction (`Walker`)
renames.py     which removed and added fields are one field renamed or moved
rules.py       cross-field rules: pairing, and whether a change tightens one
limits.py      limits as the spec states them, and what a changed one does
describe.py    values, types, fields and notes in plain words
paths.py       locations in wire names (`body.tags[]`)
record.py      the recorder comparers report into
changes.py     the `Change` value and its `Classification`
report.py      text, Markdown and JSON renderings (the JSON structure is documented there)
"""
