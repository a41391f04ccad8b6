"""The command line: argument definitions and dispatch. Each command parses its arguments,
calls one domain function and hands the result to a renderer (output.py); every error is
handled once, in the command group (internals.py).

The commands are registered in the order `magref --help` lists them."""

from __future__ import annotations

import sys

from magref import output
from magref.cli.app import EXIT_CODES, app

# isort: off
# Importing these registers their commands, in this order (the order of magref --help).
from magref.cli import forms  # noqa: F401, E402
from magref.cli import doses  # noqa: F401, E402
from magref.cli import files  # noqa: F401, E402

# isort: on

__all__ = ["EXIT_CODES", "app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="magref")
    except BrokenPipeError:  # raised by the final flush, after the command has returned
        output.quiet_closed_pipe()
        sys.exit(0)
