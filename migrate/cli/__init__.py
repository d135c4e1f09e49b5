"""The command line and the run around the engine: flags and configuration, the project
pre-scan, the run loop over supervised worker processes, and one file's way through the codemod.

``main(argv) -> int`` (``migrate.cli.main``) is the whole contract; it is re-exported here for
the ``tfcompat-migrate = "migrate.cli:main"`` entry point.
"""

from migrate.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
