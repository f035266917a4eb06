"""Templates and formatting: Jinja2 with StrictUndefined, black in process.

Templates receive finished values from the emitters (identifiers, literals, docstrings, source lines) and only
lay out text. Python output is formatted with black, pinned in pyproject.toml, so output bytes depend on the
spec and templates alone.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

_HERE = Path(__file__).resolve().parent
# An installed atsgen carries its templates inside the package; a checkout has them beside it.
TEMPLATES_DIR = (
    _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
)
LINE_LENGTH = 100


class RenderError(Exception):
    """A template or the formatter failed; names the output file."""


@functools.cache
def environment() -> jinja2.Environment:
    import jinja2  # here, not at the top: a no-change run imports this module but renders nothing

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    import jinja2

    try:
        return environment().get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"template {template}{where}: {exc}") from exc


def static(path: str) -> str:
    """A file under templates/ copied as is (runtime modules: real Python, linted as such)."""
    return (TEMPLATES_DIR / path).read_text(encoding="utf-8")


def format_python(source: str, name: str) -> str:
    import black

    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)
    try:
        return black.format_str(source, mode=mode)
    # black raises several types (InvalidInput, ...) for source it cannot parse.
    except Exception as exc:
        raise RenderError(f"black could not format {name}: {exc}") from exc
