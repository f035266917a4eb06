"""Where atsgen looks by default, relative to the working folder (the project's root)."""

from pathlib import Path

SPECS_DIR = Path("specs")
"""The specs: one YAML file per vendor."""

OUT_DIR = Path("generated")
"""The generated SDK, schemas and docs."""
