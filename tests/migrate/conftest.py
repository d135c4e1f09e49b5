"""The codemod's tests mirror ``migrate/`` (``cli/``, ``files/``, ``engine/``, ``rules/``,
``report/``); what several of them share stays here: ``_cli_fakes.py`` (a fake engine for the
CLI tests), the golden ``cases/`` and the real-code ``corpus/``.

The test folders are not packages (pytest's default ``prepend`` import mode puts each test's
folder on ``sys.path``), so this folder is put there too, for ``from _cli_fakes import ...``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
