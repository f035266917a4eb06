"""Where the unified declarations live in a specs folder. Standard library only: a no-change `atsgen
generate` reads these files' bytes for its input key without importing the loader (YAML, jsonschema).
"""

from __future__ import annotations

from pathlib import Path

FOLDER = "unified"
MODEL_FILE = "candidate.yaml"
MAPPINGS_DIR = "mappings"


def declaration_files(unified_dir: Path) -> list[Path]:
    """The canonical model, then every mapping in a stable order."""
    return [unified_dir / MODEL_FILE] + sorted((unified_dir / MAPPINGS_DIR).glob("*.yaml"))
