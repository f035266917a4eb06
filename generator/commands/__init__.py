"""One module per `atsgen` command, each with `register(subparsers)`; handlers import heavy modules lazily
so that `atsgen --help` and a no-change `atsgen generate` start fast."""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

Subparsers = argparse._SubParsersAction  # the type argparse gives add_subparsers()


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit status 2)."""
