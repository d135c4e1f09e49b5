"""A custom training loop with a legacy TF1 loss under MirroredStrategy, exact to one device.

Run it standalone (a few seconds on CPU)::

    python examples/distributed_training.py

It splits the CPU into 4 logical devices, trains a small classifier with
``tfcompat_losses.softmax_cross_entropy`` (TF1's default reduction, SUM_BY_NONZERO_WEIGHTS, with
zero weights spread unevenly over the replicas) and a Keras SGD optimizer, and checks the result
against single-device training with ``tf.compat.v1.losses.softmax_cross_entropy`` on the whole
global batch. It then shows what TF1's per-replica denominators would have given instead. The exit
status is 0 when the distributed run matches single-device training, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Run from a source checkout: use the checkout's package (installed copies work too).
_ROOT = Path(__file__).resolve().parents[1]
if (_ROOT / "tfcompat_losses" / "__init__.py").is_file():
    sys.path.insert(0, str(_ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

REPLICAS = 4
GLOBAL_BATCH = 16
FEATURES, CLASSES = 6, 4
STEPS = 5
LEARNING_RATE = 0.5

# Logical devices must be configured before TensorFlow initialises its runtime.
_cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(
    _cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(REPLICAS)]
)

import tfcompat_losses  # noqa: E402
from tfcompat_losses.distribute import denominator_mode  # noqa: E402


def make_data() -> tf.data.Dataset:
    """Weighted examples; about a third have weight 0 (padding, masked or filtered examples)."""
    rng = np.random.default_rng(0)
    n = GLOBAL_BATCH * STEPS
    x = rng.normal(size=(n, FEATURES)).astype(np.float32)
    labels = np.eye(CLASSES, dtype=np.float32)[rng.integers(0, CLASSES, n)]
    weights = rng.choice([0.0, 1.0, 1.0], size=n).astype(np.float32)
    return tf.data.Dataset.from_tensor_slices((x, labels, weights)).batch(GLOBAL_BATCH)


def make_model() -> tf.keras.Model:
    model = tf.keras.Sequential([tf.keras.Input((FEATURES,)), tf.keras.layers.Dense(CLASSES)])
    rng = np.random.default_rng(1)
    model.set_weights(
        [
            w.astype(np.float32)
            for w in (rng.normal(size=(FEATURES, CLASSES)), rng.normal(size=CLASSES))
        ]
    )
    return model


def train_distributed(strategy: tf.distribute.Strategy) -> tuple[list[float], list[np.ndarray]]:
    with strategy.scope():
        model = make_model()
        optimizer = tf.keras.optimizers.SGD(LEARNING_RATE)

    @tf.function(autograph=False)  # TF 2.12's autograph zip() has no strict=
    def train_step(batch: tuple[tf.Tensor, ...]) -> tf.Tensor:
        def replica_step(x: tf.Tensor, labels: tf.Tensor, weights: tf.Tensor) -> tf.Tensor:
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                # The legacy TF1 call, unchanged. Under the strategy it divides by the number of
                # non-zero weights of the *global* batch, so no manual scaling is needed.
                loss = tfcompat_losses.softmax_cross_entropy(labels, logits, weights)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(
                zip(grads, model.trainable_variables, strict=True)
            )  # sums over replicas
            return loss

        per_replica_loss = strategy.run(replica_step, args=batch)
        return strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica_loss, axis=None)

    dataset = strategy.experimental_distribute_dataset(make_data())
    losses = [float(train_step(batch)) for batch in dataset]
    return losses, [v.numpy() for v in model.trainable_variables]


def train_single_device() -> tuple[list[float], list[np.ndarray]]:
    """The reference: TF1's own loss on the whole global batch, on one device."""
    model = make_model()
    optimizer = tf.keras.optimizers.SGD(LEARNING_RATE)
    losses = []
    for x, labels, weights in make_data():
        with tf.GradientTape() as tape:
            loss = tf.compat.v1.losses.softmax_cross_entropy(labels, model(x), weights)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        losses.append(float(loss))
    return losses, [v.numpy() for v in model.trainable_variables]


def max_difference(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b, strict=True))


def main() -> int:
    strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(REPLICAS)])
    print(f"MirroredStrategy over {strategy.num_replicas_in_sync} logical CPU devices")

    reference_losses, reference_vars = train_single_device()
    losses, variables = train_distributed(strategy)
    with denominator_mode("per_replica"):  # TF1's behaviour, for comparison only
        tf1_losses, tf1_vars = train_distributed(strategy)

    print("step  single device  tfcompat_losses  TF1 per-replica (summed)")
    for step, row in enumerate(zip(reference_losses, losses, tf1_losses, strict=True)):
        print(f"{step:4d}  {row[0]:13.6f}  {row[1]:15.6f}  {row[2]:24.6f}")
    exact = max_difference(variables, reference_vars)
    drift = max_difference(tf1_vars, reference_vars)
    print(
        f"max |variable difference| vs single device: tfcompat_losses {exact:.2e}, TF1 {drift:.2e}"
    )
    matches = exact < 1e-5 and np.allclose(losses, reference_losses, rtol=1e-5, atol=1e-6)
    if matches:
        print("OK: distributed training matches single-device training.")
        return 0
    print("MISMATCH: distributed training differs from single-device training.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
