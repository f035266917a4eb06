"""`python -m generator` is the `atsgen` command."""

from generator.cli import command

command()
