"""Run in a subprocess against an SDK generated from fixture specs (its folder first on PYTHONPATH): for
every vendor in its `ats_sdk.unified`, `through_mock.check_vendor`. Prints one JSON object: vendor ->
what was checked. argv[1]: the specs folder the SDK was generated from (for the canonical model)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# The SDK under test comes first (PYTHONPATH); then the tests folder and the project, for the helpers.
HERE = Path(__file__).resolve().parent
sys.path.extend([str(HERE.parent), str(HERE.parent.parent)])

from generator.diagnostics import Diagnostics  # noqa: E402
from generator.load import discover, load  # noqa: E402
from generator.unified.load import load as load_unified  # noqa: E402
from unified.through_mock import check_vendor  # noqa: E402


def main() -> None:
    import ats_sdk.unified

    specs = Path(sys.argv[1])
    declared = load_unified(specs / "unified", load(discover(specs)).vendors, Diagnostics(), {})
    assert declared.model is not None
    print(json.dumps({v: check_vendor(v, declared.model) for v in ats_sdk.unified.MAPPINGS}))


if __name__ == "__main__":
    main()
