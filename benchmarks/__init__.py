"""atsgen's benchmark suite: `python -m benchmarks` (or `make bench`); see benchmarks/README.md.

Suites: validation (generated validators vs jsonschema, fastjsonschema, jsonschema-rs), importtime (vendor
module import cost), generation (`atsgen generate` vs datamodel-codegen and openapi-python-client),
scaling (a synthetic spec of N operations).
"""
