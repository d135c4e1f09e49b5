"""Notebooks: code cells rewritten, everything else (and Jupyter's JSON layout) kept.

nbformat (a dev dependency only) is the oracle for the layout Jupyter writes and for validity.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from _cli_fakes import NEW, OLD, fake_engine_fixture  # noqa: F401

from migrate.cli import main
from migrate.files.cell_magics import mask_magics, unmask_magics


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Training ☃"),
        nbformat.v4.new_code_cell("%pip install tensorflow\nimport tensorflow as tf"),
        nbformat.v4.new_code_cell("%%bash\necho softmax_cross_entropy"),
        nbformat.v4.new_code_cell(
            f"files = !ls\nfor f in files:\n    !echo $f\nloss = {OLD}y, z)\nloss?"
        ),
        nbformat.v4.new_code_cell("print(loss)"),
    ]
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="0.69\n")]
    nb.cells[3].execution_count = 7
    nb.cells[3].metadata["tags"] = ["train"]
    return nb


def test_mask_and_unmask_round_trip() -> None:
    source = "%time x = 1\nif x:\n    !ls \\\n  -la\ny = 2"
    masked: list[str] = []
    hidden = mask_magics(source, masked)
    compile(hidden, "<cell>", "exec")
    assert len(hidden.split("\n")) == len(source.split("\n"))
    assert unmask_magics(hidden, masked) == source


def test_leading_magics_mask_as_imports_in_the_first_cell_only() -> None:
    masked: list[str] = []
    first = mask_magics(
        "%pip install tf\nimport os\n# note\n!ls\nx = 1\n%time y", masked, leading_imports=True
    )
    assert first.split("\n")[0].startswith("import __tfcompat")
    assert first.split("\n")[3].startswith("import __tfcompat")
    assert first.split("\n")[5].startswith("pass  # __tfcompat"), "after code: a statement"
    later = mask_magics("%pip install tf\nimport os", masked)
    assert later.startswith("pass  # __tfcompat")
    assert unmask_magics(first + "\n" + later, masked).split("\n")[3] == "!ls"


def test_added_import_goes_below_the_first_cells_magics(tmp_path: Path) -> None:
    """The real engine: the TF2 import joins the first cell's imports, under `%pip`."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%pip install tensorflow\nimport tensorflow.compat.v1 as tf"),
        nbformat.v4.new_code_cell(
            "!nvidia-smi\nloss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=z)"
        ),
    ]
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    assert main(["--write", "--quiet", str(path)]) == 0
    new = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    assert new.cells[0].source == "%pip install tensorflow\nimport tensorflow as tf"
    assert new.cells[1].source.startswith("!nvidia-smi\nloss = tf.keras.losses.")


def test_code_cells_rewritten_everything_else_kept(tmp_path: Path, fake_engine: list[str]) -> None:
    nb = _notebook()
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    assert main(["--write", "--jobs", "1", str(path)]) == 0

    expected = _notebook()
    for i, cell in enumerate(expected.cells):
        cell.id = nb.cells[i].id
    expected.cells[3].source = expected.cells[3].source.replace(OLD, NEW)
    assert path.read_text(encoding="utf-8") == nbformat.writes(expected)
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    assert main(["--check", str(path)]) == 0, "idempotent"


def test_string_sources_and_key_order_preserved(tmp_path: Path, fake_engine: list[str]) -> None:
    nb = json.loads(nbformat.writes(_notebook()))
    for cell in nb["cells"][:3]:  # some tools write sources as one string
        cell["source"] = "".join(cell["source"])
    nb["metadata"] = {"z_last": 1, **nb["metadata"], "a_first": 2}  # not sorted
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    path = tmp_path / "list.ipynb"
    path.write_text(text, encoding="utf-8")
    assert main(["--write", str(path)]) == 0
    new_text = path.read_text(encoding="utf-8")
    old_lines, new_lines = text.splitlines(), new_text.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [(f'    "loss = {OLD}y, z)\\n",', f'    "loss = {NEW}y, z)\\n",')]


def test_findings_carry_cell_index_and_cell_relative_line(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(_notebook()), encoding="utf-8")
    assert main(["--output-format", "json", str(path)]) == 1
    [file] = json.loads(capsys.readouterr().out)["files"]
    [finding] = file["findings"]
    assert (finding["cell"], finding["line"], finding["column"]) == (3, 4, 8)
    assert main(["--quiet", str(path)]) == 1
    assert capsys.readouterr().out == f"{path}:cell 4:4:8: TFC999 [shim] routed to the shim\n"


@pytest.mark.parametrize(
    ("mutate", "status", "message"),
    [
        (lambda nb: nb.cells.append(nbformat.v4.new_code_cell("print 'py2'")), 2, "cannot parse"),
        (lambda nb: nb.update(nbformat=3), 2, "expected nbformat 4, received nbformat=3"),
        (lambda nb: nb.metadata["kernelspec"].update(language="R"), 0, None),
    ],
)
def test_unsupported_notebooks_are_left_byte_identical(
    tmp_path: Path,
    fake_engine: list[str],
    capsys: pytest.CaptureFixture[str],
    mutate: object,
    status: int,
    message: str | None,
) -> None:
    nb = _notebook()
    mutate(nb)  # type: ignore[operator]
    path = tmp_path / "odd.ipynb"
    data = json.dumps(nb, indent=1).encode()
    path.write_bytes(data)
    assert main(["--write", str(path)]) == status
    assert path.read_bytes() == data
    if message:
        assert message in capsys.readouterr().out


def test_invalid_json_is_an_error(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [softmax_cross_entropy')
    assert main([str(path)]) == 2
    assert "invalid notebook: expected JSON, received a syntax error at line 1" in (
        capsys.readouterr().out
    )


def test_json_nested_too_deeply_is_an_error_not_a_crash(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.ipynb"
    path.write_text(
        '{"x": "softmax_cross_entropy", "cells": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    assert main([str(path)]) == 2
    expected = (
        "deep.ipynb: error: invalid notebook: expected nbformat JSON (a few levels deep), "
        "received JSON nested too deeply to read"
    )
    assert expected in capsys.readouterr().out


def test_python_cell_magic_body_is_processed_and_magic_line_kept(
    tmp_path: Path, fake_engine: list[str]
) -> None:
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell(f"%%time\n%time a = 1\nloss = {OLD}y, z)"))
    nb.cells.append(nbformat.v4.new_code_cell(f"%%capture\n%%bash\necho {OLD}y, z)"))
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    assert main(["--write", "--jobs", "1", str(path)]) == 0
    after = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    assert after.cells[5].source == f"%%time\n%time a = 1\nloss = {NEW}y, z)"
    assert after.cells[6].source == nb.cells[6].source


def test_parse_error_names_the_cell_and_the_line_in_it(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell("%%time\nif loss:\n    print 'py2'"))
    path = tmp_path / "py2.ipynb"
    data = nbformat.writes(nb).encode()
    path.write_bytes(data)
    assert main(["--write", str(path)]) == 2
    assert path.read_bytes() == data
    out = capsys.readouterr().out
    # the 6th cell (index 5), third line of that cell (line 15 of the cells joined into one module)
    assert "cell 6 as Python 3 (line 3 of the cell" in out
    assert "looks like Python 2" in out


def test_writefile_python_body_is_a_module_of_its_own(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    nb = _notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(f"%%writefile train.py\nimport x\nloss = {OLD}y, z)\n")
    )
    nb.cells.append(nbformat.v4.new_code_cell(f"%%writefile notes.txt\nloss = {OLD}y, z)\n"))
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    assert main(["--output-format", "json", str(path)]) == 1
    [file] = json.loads(capsys.readouterr().out)["files"]
    cells_lines = [(f["cell"], f["line"], f["column"]) for f in file["findings"]]
    assert cells_lines == [(3, 4, 8), (5, 3, 8)]  # line 3 of cell 5: the magic line is line 1
    assert fake_engine[-1] == f"{path} cell 6 (%%writefile train.py)"  # its own engine run
    assert main(["--write", str(path)]) == 0
    after = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    assert after.cells[5].source == f"%%writefile train.py\nimport x\nloss = {NEW}y, z)\n"
    assert after.cells[6].source == nb.cells[6].source


def test_writefile_python_2_body_is_an_error_naming_the_cell(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell(f"%%writefile t.py\nloss = {OLD}y, z)\nprint loss\n"))
    path = tmp_path / "py2.ipynb"
    data = nbformat.writes(nb).encode()
    path.write_bytes(data)
    assert main(["--write", str(path)]) == 2
    assert path.read_bytes() == data
    assert "cell 6 as Python 3 (line 3 of the cell, column 1)" in capsys.readouterr().out
