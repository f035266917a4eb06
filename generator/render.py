"""Templates and formatting: Jinja2 with StrictUndefined, black in process.

Templates receive finished values from the emitters (identifiers, literals, docstrings, source lines) and only
lay out text. Python output is formatted with black, pinned in pyproject.toml, so output bytes depend on the
spec and templates alone.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

_HERE = Path(__file__).resolve().parent
# An installed atsgen carries its templates inside the package; a checkout has them beside it.
TEMPLATES_DIR = (
    _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
)


# The SDK runtime, read where it is written and imported from (templates/runtime/ in a checkout, the
# atsgen_runtime package of an installed atsgen): the generated SDK ships a copy of each of its modules.
def _runtime_dir() -> Path:
    # Found, not imported: mypy cannot follow an editable install's import hook to type the package.
    spec = importlib.util.find_spec("atsgen_runtime")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the SDK runtime (atsgen_runtime) is not installed with atsgen")
    return Path(spec.submodule_search_locations[0]).resolve()


RUNTIME_DIR = _runtime_dir()
RUNTIME_ORIGIN = "templates/runtime"
"""Where the runtime is edited, as its copies' headers name it."""
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


def runtime_modules() -> tuple[str, ...]:
    """The runtime's module files (`http.py`, ...), read from its folder so none can be left out."""
    return tuple(sorted(path.name for path in RUNTIME_DIR.glob("*.py")))


def runtime_source(module: str) -> str:
    """A runtime module's text, copied as is (real Python, linted, type-checked and tested as such)."""
    return (RUNTIME_DIR / module).read_text(encoding="utf-8")


def format_python(source: str, name: str, emitted_stable: bool = False) -> str:
    """`source` as the pinned black formats it, fragment by fragment; as it is when `emitted_stable` (the
    emitter laid it out as black does: see `formatting`)."""
    from generator import formatting

    try:
        return formatting.current().format_module(source, emitted_stable=emitted_stable)
    except formatting.FormatError as exc:
        raise RenderError(f"black could not format {name}: {exc}") from exc
