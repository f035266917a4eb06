"""`python -m generator` is the `atsgen` command."""

from generator.cli import main

raise SystemExit(main())
