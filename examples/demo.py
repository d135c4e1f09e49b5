"""`make demo`: the shim and the codemod on the bundled legacy TF1 example.

1. The shim: the example's loss terms through ``tf.compat.v1.losses`` and through ``tfcompat_losses``.
2. The codemod: migrate a *copy* of ``examples/legacy_tf1`` (the original is never touched), show the
   diff and the report, write it, and check that a second run changes nothing.
3. Equivalence: run the original and the migrated training step and compare every loss term and the
   gradients w.r.t. the weights, the bias and the labels.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LEGACY = HERE / "legacy_tf1"
OUT = ROOT / "demo-out" / "legacy_tf1"
TOLERANCE = 1e-6

STEP = """
import json, sys
sys.path.insert(0, sys.argv[1])
from train import make_batch, train_step
total, terms, grads = train_step(*make_batch())
print(json.dumps({
    "total": float(total),
    "terms": {k: float(v) for k, v in terms.items()},
    "grads": [None if g is None else g.numpy().tolist() for g in grads],
}))
"""


def banner(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


def shim_vs_tf1() -> None:
    import tensorflow as tf

    import tfcompat_losses

    sys.path.insert(0, str(LEGACY))
    from train import NUM_CLASSES, make_batch

    x, labels, mask = make_batch()
    logits = tf.constant(x) @ tf.constant(
        np.random.RandomState(1).randn(4, NUM_CLASSES), tf.float32
    )
    onehot = tf.one_hot(labels, NUM_CLASSES)
    cases = {
        "softmax_cross_entropy": lambda m: m.softmax_cross_entropy(onehot, logits),
        "  + label_smoothing=0.1": lambda m: m.softmax_cross_entropy(
            onehot, logits, label_smoothing=0.1
        ),
        "  + weights=mask": lambda m: m.softmax_cross_entropy(onehot, logits, weights=mask),
        "sparse, reduction=SUM": lambda m: m.sparse_softmax_cross_entropy(
            labels, logits, weights=mask, reduction=m.Reduction.SUM
        ),
    }
    print(f"{'call':<26}{'tf.compat.v1':>14}{'tfcompat_losses':>17}{'difference':>12}")
    for name, call in cases.items():
        old = float(call(tf.compat.v1.losses))
        new = float(call(tfcompat_losses))
        print(f"{name:<26}{old:>14.7f}{new:>17.7f}{abs(old - new):>12.1e}")
        if old != new:
            raise SystemExit(f"demo: the shim differs from tf.compat.v1 for {name.strip()}")


def migrate_copy() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    shutil.copytree(LEGACY, OUT, ignore=shutil.ignore_patterns("__pycache__"))
    cli = [sys.executable, "-m", "migrate"]
    print(f"$ tfcompat-migrate {OUT.relative_to(ROOT)}   # diff and report, writes nothing")
    subprocess.run([*cli, str(OUT)], check=False)
    print(f"\n$ tfcompat-migrate --write {OUT.relative_to(ROOT)}")
    subprocess.run([*cli, "--write", "--no-diff", str(OUT)], check=False)
    print(f"\n$ tfcompat-migrate --check {OUT.relative_to(ROOT)}   # a second run changes nothing")
    again = subprocess.run([*cli, "--check", "--no-diff", str(OUT)], check=False)
    print(f"(exit code {again.returncode})")


def run_step(folder: Path) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", STEP, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"demo: the training step in {folder} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare() -> None:
    before, after = run_step(LEGACY), run_step(OUT)
    worst = 0.0
    print(f"{'loss term':<20}{'original':>14}{'migrated':>14}{'difference':>12}")
    for name, old in [*before["terms"].items(), ("total", before["total"])]:
        new = after["total"] if name == "total" else after["terms"][name]
        worst = max(worst, abs(old - new))
        print(f"{name:<20}{old:>14.7f}{new:>14.7f}{abs(old - new):>12.1e}")
    for name, old, new in zip(
        ("d/dweights", "d/dbias", "d/dlabels"), before["grads"], after["grads"], strict=True
    ):
        if (old is None) != (new is None):
            raise SystemExit(
                f"demo: {name}: one side has no gradient ({old is None}, {new is None})"
            )
        diff = 0.0 if old is None else float(np.max(np.abs(np.array(old) - np.array(new))))
        worst = max(worst, diff)
        print(f"{name:<20}{'max |difference|':>28}{diff:>12.1e}")
    if worst > TOLERANCE:
        raise SystemExit(f"demo: the migrated code differs by {worst:.3g} (> {TOLERANCE})")
    print(
        f"\nLosses and gradients match (largest difference {worst:.1e}; a non-zero gradient "
        "difference is float32 rounding: the tape sums the terms' gradients in another order)."
    )


def main() -> None:
    banner("1/3 The shim: tf.compat.v1.losses vs tfcompat_losses")
    shim_vs_tf1()
    banner("2/3 The codemod, on a copy of examples/legacy_tf1")
    migrate_copy()
    banner("3/3 Original vs migrated training step")
    compare()


if __name__ == "__main__":
    main()
