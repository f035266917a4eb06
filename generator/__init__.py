"""atsgen: executable vendor specs for applicant-tracking APIs.

Stages, each in its own module: `yamlpos` (YAML with positions) -> `schema_check` (the spec format) ->
`lower/` (meaning checks, the intermediate form in `ir`; a package, one module per job) -> `emit/*` (JSON
Schema, validators, models, docs, clients) -> `render` (Jinja2 + black) -> `write` (atomic, incremental).
`cli` is the command line.
"""

__version__ = "0.1.0"
