"""End to end with the real engine: TF1 snippets through ``main``, files, notebooks, project scans.

Expectations are the documented mapping (issue 3), not output copied from the engine: the
TF1 call without weights becomes ``CategoricalCrossentropy(from_logits=True)`` with
``stop_gradient`` on the labels; weights held in a tensor are written out in plain TF2 ops (the
shim with ``--fallback shim``); v2 code is untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from migrate.cli import main

TF1 = (
    "import tensorflow.compat.v1 as tf\n"
    "\n"
    "\n"
    "def loss_fn(labels, logits):\n"
    "    return tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=logits)\n"
)
TF1_WEIGHTED = (
    "import tensorflow.compat.v1 as tf\n"
    "\n"
    "\n"
    "def loss_fn(labels, logits, mask):\n"
    "    return tf.losses.softmax_cross_entropy(labels, logits, weights=mask)\n"
)
TF2 = (
    "import tensorflow as tf\n"
    "\n"
    "\n"
    "def loss_fn(labels, logits):\n"
    "    return tf.nn.softmax_cross_entropy_with_logits(labels, logits)\n"
)
READER = "import tensorflow.compat.v1 as tf\n\ntotal = tf.losses.get_total_loss()\n"


def _project(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_tree_is_migrated_and_second_run_is_clean(tmp_path: Path) -> None:
    _project(tmp_path, {"a.py": TF1, "b.py": TF1_WEIGHTED, "c.py": TF2})
    assert main(["--write", "--quiet", str(tmp_path)]) == 0
    a = (tmp_path / "a.py").read_text()
    assert "keras.losses.CategoricalCrossentropy(from_logits=True)" in a
    assert "stop_gradient(labels)" in a
    assert "softmax_cross_entropy(" not in a
    b = (tmp_path / "b.py").read_text()
    assert "tf.math.divide_no_nan(" in b and "tf.math.count_nonzero(" in b
    assert "tfcompat_losses" not in b and "softmax_cross_entropy(labels" not in b
    assert (tmp_path / "c.py").read_text() == TF2
    snapshot = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["--check", str(tmp_path)]) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == snapshot
    compile(a, "a.py", "exec")
    compile(b, "b.py", "exec")


def test_crlf_file_gets_crlf_in_new_lines(tmp_path: Path) -> None:
    path = tmp_path / "win.py"
    path.write_bytes(TF1.replace("\n", "\r\n").encode())
    assert main(["--write", "--quiet", str(path)]) == 0
    data = path.read_bytes()
    assert b"CategoricalCrossentropy" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_python2_file_is_an_error_and_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = 'import tensorflow as tf\nprint "x"\nloss = tf.losses.softmax_cross_entropy(y, z)\n'
    path = tmp_path / "py2.py"
    path.write_text(source)
    assert main(["--write", str(path)]) == 2
    assert path.read_text() == source
    assert "this looks like Python 2 code" in capsys.readouterr().out


def test_suppression_comment_keeps_the_call(tmp_path: Path) -> None:
    source = TF1.replace("logits=logits)\n", "logits=logits)  # tfcompat: ignore[TFC101]\n")
    path = tmp_path / "keep.py"
    path.write_text(source)
    assert main(["--check", str(path)]) == 0
    assert path.read_text() == source


@pytest.mark.parametrize(
    ("train", "note", "flag"),
    [
        (READER, "reads the TF1 loss collection (GraphKeys.LOSSES)", "--loss-collections"),
        (
            "import tensorflow as tf\nstrategy = tf.distribute.MirroredStrategy()\n",
            "uses tf.distribute",
            "--distributed",
        ),
        (
            "import tensorflow as tf\ntf.keras.mixed_precision.set_global_policy('mixed_float16')\n",
            "sets a global precision policy",
            "--non-float32",
        ),
        (
            "import tensorflow as tf\nconfig = tf.estimator.RunConfig(train_distribute=s)\n",
            "uses tf.distribute",
            "--distributed",
        ),
        (
            "import tensorflow as tf\nemb = tf.keras.layers.Embedding(100, 8, mask_zero=True)\n",
            "builds Keras masks",
            "--keras-masks",
        ),
    ],
)
def test_evidence_elsewhere_in_the_project_blocks_native_rewrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], train: str, note: str, flag: str
) -> None:
    """model.py alone looks safe; train.py reads GraphKeys.LOSSES (a Keras loss would drop out
    of it: plain ops add it, as TF1), runs it under a strategy (Keras 3 then divides by the
    replica count), sets a float16 policy (Keras 3 computes in float32) or builds Keras masks:
    plain TF2 ops, or the shim with --fallback shim."""
    (tmp_path / ".git").mkdir()
    _project(tmp_path, {"pkg/model.py": TF1, "train.py": train})
    model = str(tmp_path / "pkg" / "model.py")
    assert main(["--output-format", "json", model]) == 1
    captured = capsys.readouterr()
    [file] = json.loads(captured.out)["files"]
    [finding] = file["findings"]
    assert finding["action"] == "rewrite" and "plain TF2 ops" in finding["message"]
    assert f"note: {tmp_path / 'train.py'} {note}" in captured.err
    assert main(["--output-format", "json", "--fallback", "shim", model]) == 1
    [file] = json.loads(capsys.readouterr().out)["files"]
    assert [f["action"] for f in file["findings"]] == ["shim"]
    assert main(["--output-format", "json", flag, "no", model]) == 1
    [file] = json.loads(capsys.readouterr().out)["files"]
    assert [f["action"] for f in file["findings"]] == ["rewrite"]
    assert "keras.losses" in file["findings"][0]["message"]


@pytest.mark.parametrize(
    ("flag", "config", "action", "form"),
    [
        ([], "", "rewrite", "keras.losses"),
        (["--distributed", "yes"], "", "rewrite", "plain TF2 ops"),
        ([], 'distributed = "yes"\n', "rewrite", "plain TF2 ops"),
        (["--distributed", "no"], 'distributed = "yes"\n', "rewrite", "keras.losses"),
        (["--distributed", "yes", "--denominator", "global"], "", "shim", "global denominator"),
        ([], 'distributed = "yes"\ndenominator = "global"\n', "shim", "global denominator"),
    ],
)
def test_distributed_flag_and_config(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flag: list[str],
    config: str,
    action: str,
    form: str,
) -> None:
    """Keras 3 divides sum_over_batch_size by the replica count and TF1 does not: under
    tf.distribute (which another file may set up) the default reduction is written out in plain
    ops, each replica dividing by its own denominator as in TF1; the global denominator is an
    opt-in, computed by the shim."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[tool.tfcompat-migrate]\n{config}")
    _project(tmp_path, {"model.py": TF1})
    model = str(tmp_path / "model.py")
    assert main(["--output-format", "json", *flag, model]) == 1
    [file] = json.loads(capsys.readouterr().out)["files"]
    assert [f["action"] for f in file["findings"]] == [action]
    assert form in file["findings"][0]["message"]


def test_notebook_end_to_end(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("%pip install tensorflow\nimport tensorflow.compat.v1 as tf"),
        nbformat.v4.new_markdown_cell("Loss:"),
        nbformat.v4.new_code_cell(
            "!nvidia-smi\nloss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=z)"
        ),
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="ok\n")]
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    assert main(["--write", "--quiet", str(path)]) == 0
    new = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(new)
    assert "%pip install tensorflow" in new.cells[0].source.splitlines()
    assert "import tensorflow as " in new.cells[0].source, "the TF2 import lands in the first cell"
    assert new.cells[2].source.startswith("!nvidia-smi\nloss = ")
    assert "CategoricalCrossentropy(from_logits=True)" in new.cells[2].source
    assert new.cells[2].outputs == nb.cells[2].outputs
    assert [c.id for c in new.cells] == [c.id for c in nb.cells]
    assert main(["--check", str(path)]) == 0


@pytest.mark.slow
def test_ctrl_c_on_a_parallel_write_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    """A real SIGINT to the whole process group (as a terminal sends it) mid-run, --jobs 2."""
    import os
    import signal
    import subprocess
    import sys

    from migrate.engine.transform import transform_source

    body = "".join(
        f"\n\ndef loss_{i}(labels, logits, mask):\n"
        f"    a = tf.losses.softmax_cross_entropy(labels, logits)\n"
        f"    b = tf.losses.softmax_cross_entropy(labels, logits, weights=mask)\n"
        f"    return a + b\n"
        for i in range(6)
    )
    originals = {}
    for i in range(12):
        path = tmp_path / f"m{i:02d}.py"
        path.write_text(f"import tensorflow.compat.v1 as tf\n{body}")
        originals[path] = path.read_text()
    cli = Path(sys.executable).parent / "tfcompat-migrate"
    proc = subprocess.Popen(
        [str(cli), "--write", "--jobs", "2", "--no-diff", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the first finding: workers are busy writing
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out[-2000:] + err[-2000:]
    assert "Traceback" not in err
    assert "Interrupted: every file is either untouched or completely rewritten." in out
    assert not [p.name for p in tmp_path.iterdir() if "tfcompat-tmp" in p.name]
    changed = [p for p, text in originals.items() if p.read_text() != text]
    assert 0 < len(changed) < len(originals)
    for path in changed:
        assert path.read_text() == transform_source(originals[path]).output


def test_a_gitignored_scratch_copy_is_its_own_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like `make demo`: a copy under an ignored folder is not judged by the host repo's readers."""
    (tmp_path / ".git").mkdir()
    _project(tmp_path, {".gitignore": "/scratch/\n", "train.py": READER, "scratch/m.py": TF1})
    assert main(["--output-format", "json", str(tmp_path / "scratch")]) == 1
    captured = capsys.readouterr()
    [file] = json.loads(captured.out)["files"]
    assert [f["action"] for f in file["findings"]] == ["rewrite"]
    assert "note:" not in captured.err


def test_progress_bar_is_drawn_on_a_terminal_stderr(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    for i in range(3):
        (tmp_path / f"m{i}.py").write_text(TF1)
    controller, terminal = pty.openpty()
    cli = Path(sys.executable).parent / "tfcompat-migrate"
    proc = subprocess.run(
        [str(cli), "--check", "--no-diff", "--jobs", "1", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        text=True,
    )
    os.close(terminal)
    drawn = os.read(controller, 65536).decode()
    os.close(controller)
    assert proc.returncode == 1
    assert "3/3 files" in drawn and drawn.endswith("\r\x1b[2K")
    assert "\r" not in proc.stdout, "the bar never goes to standard output"


def test_notebook_cell_magics_end_to_end(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import tensorflow as tf"),
        nbformat.v4.new_code_cell(
            "%%time\nloss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=z)"
        ),
        nbformat.v4.new_code_cell(
            "%%writefile train.py\nimport tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, z, weights=w)\n"
        ),
        nbformat.v4.new_code_cell("%%bash\necho tf.losses.softmax_cross_entropy(y, z)"),
    ]
    path = tmp_path / "train.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    assert main(["--write", "--quiet", str(path)]) == 0
    new = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    assert new.cells[1].source == (
        "%%time\nloss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)"
        "(tf.stop_gradient(y), z)"
    )
    # train.py is a module of its own: tensor weights with TF1's default reduction -> plain
    # TF2 ops, with TF2's namespace imported in that module (the kernel's imports do not reach it)
    written = new.cells[2].source
    assert written.startswith("%%writefile train.py\nimport tensorflow as tf\n")
    assert "tf.math.count_nonzero(" in written and written.endswith(
        "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_xent.dtype)\n"
    )
    assert new.cells[3].source == nb.cells[3].source
    assert main(["--check", str(path)]) == 0


HELPER = (
    "import tensorflow as tf\n"
    "def xent(logits, y):\n"
    "    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=y))\n"
)


@pytest.mark.parametrize(
    ("files", "note"),
    [
        (
            {"pkg/train.py": "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"},
            "pkg/train.py uses TF1-only `tf.placeholder` (line 2)",
        ),
        ({"requirements.txt": "numpy\ntensorflow-gpu==1.15.0\n"}, "requirements.txt declares"),
        (
            {"pyproject.toml": '[project]\ndependencies = ["tensorflow>=1.12,<2"]\n'},
            "pyproject.toml declares TensorFlow >=1.12,<2",
        ),
    ],
)
def test_tf1_ness_is_decided_for_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], note: str
) -> None:
    """Issue 9: pkg/metrics.py uses no TF1-only name, but the project is TF1 code: its
    `tf.nn.softmax_cross_entropy_with_logits` is TF1's v1 function (no gradient into labels)."""
    (tmp_path / ".git").mkdir()
    _project(tmp_path, {"pkg/metrics.py": HELPER, **files})
    metrics = str(tmp_path / "pkg" / "metrics.py")
    assert main(["--check", "--output-format", "json", metrics]) == 1
    captured = capsys.readouterr()
    [file] = json.loads(captured.out)["files"]
    assert [(f["code"], f["action"]) for f in file["findings"]] == [("TFC106", "rewrite")]
    assert note in file["findings"][0]["message"]
    assert "the project is TF1 code" in captured.err
    assert main(["--check", "--tf1", "no", metrics]) == 0  # the user says it is TF2 code


def test_a_tf2_project_leaves_tf2_calls_alone(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _project(
        tmp_path,
        {
            "pkg/metrics.py": HELPER,
            "pkg/train.py": "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n",
            "requirements.txt": "tensorflow>=2.4\n",
        },
    )
    assert main(["--check", str(tmp_path / "pkg")]) == 0
