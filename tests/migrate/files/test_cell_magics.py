"""Which notebook cells hold Python: IPython's cell magics, read without IPython."""

from __future__ import annotations

import pytest

from migrate.files.cell_magics import is_python_cell, written_python_file


@pytest.mark.parametrize(
    ("source", "python"),
    [
        ("x = 1", True),
        ("%time x = 1\ny = 2", True),  # a line magic: masked, the cell is Python
        ("%%time\nx = 1", True),
        ("\n%%timeit -n 1 -r 1\nx = 1", True),
        ("%%capture out --no-stderr\n%%prun -s cumulative\nx = 1", True),  # stacked
        ("%%debug\nx = 1", True),
        ("%%bash\necho hi", False),
        ("%%writefile train.py\nx = 1", False),  # written to a file, not run in the kernel
        ("%%python3\nx = 1", False),  # another process and namespace
        ("%%capture\n%%bash\necho hi", False),  # the inner magic decides
        ("%%\nx = 1", False),
    ],
)
def test_python_cell_magics(source: str, python: bool) -> None:
    assert is_python_cell(source) is python


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("%%writefile train.py\nx = 1\n", ("%%writefile train.py\n", "x = 1\n", "train.py")),
        ("\n%%writefile -a 'my m.py'\nx", ("\n%%writefile -a 'my m.py'\n", "x", "my m.py")),
        ("%%writefile notes.txt\nx = 1", None),
        ("%%writefile {name}\nx = 1", None),  # expanded by IPython at run time: unknown
        ("%%time\nx = 1", None),
        ("x = 1", None),
    ],
)
def test_written_python_file(source: str, expected: tuple[str, str, str] | None) -> None:
    assert written_python_file(source) == expected
