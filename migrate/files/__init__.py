"""Files in and out: which files to process, reading them without losing a byte, atomic writes,
notebooks and cell magics, and where a text does not parse.

This layer never imports the engine: the notebook layer reaches the per-module transform through
the ``ModuleCodemod`` interface that its caller (``migrate.cli.process``) passes in.
"""
