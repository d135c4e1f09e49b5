"""One training step of the legacy classifier: every loss term, summed, and its gradients."""
import numpy as np
import tensorflow as tf

from losses import (
    classification_loss,
    masked_loss,
    per_example_loss,
    slim_loss,
    smoothed_loss,
    summed_sparse_loss,
)

NUM_CLASSES = 5


def make_batch(seed=0, batch=8, features=4):
    rng = np.random.RandomState(seed)
    x = rng.randn(batch, features).astype("float32")
    labels = rng.randint(0, NUM_CLASSES, size=batch).astype("int32")
    mask = np.array([1, 0, 1, 0, 1, 1, 0, 1], dtype="float32")[:batch]
    return x, labels, mask


def train_step(x, labels, mask, seed=0):
    """Return the total loss, each term, and the gradients w.r.t. weights, bias and (soft) labels."""
    rng = np.random.RandomState(seed + 1)
    w = tf.Variable(rng.randn(x.shape[1], NUM_CLASSES).astype("float32"))
    b = tf.Variable(np.zeros(NUM_CLASSES, "float32"))
    onehot = tf.Variable(tf.one_hot(labels, NUM_CLASSES))  # a variable, to see label gradients
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, w) + b
        terms = {
            "classification": classification_loss(onehot, logits),
            "smoothed": smoothed_loss(onehot, logits),
            "masked": masked_loss(onehot, logits, mask),
            "summed_sparse": summed_sparse_loss(labels, logits, mask),
            "per_example_mean": tf.reduce_mean(per_example_loss(onehot, logits)),
            "slim": slim_loss(logits, onehot),
        }
        total = tf.add_n(list(terms.values()))
    grads = tape.gradient(total, [w, b, onehot])
    return total, terms, grads


if __name__ == "__main__":
    total, terms, _ = train_step(*make_batch())
    for name, value in terms.items():
        print(f"{name:>18}: {float(value):.6f}")
    print(f"{'total':>18}: {float(total):.6f}")
