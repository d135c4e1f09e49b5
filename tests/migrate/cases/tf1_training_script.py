"""A TF 1.x training script: placeholders, several losses, comments inside calls."""
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
ids = tf.placeholder(tf.int64, [None])
mask = tf.placeholder(tf.float32, [None])

logits = tf.layers.dense(x, 10)

# Mean over the batch: exact in Keras.
xent = tf.losses.softmax_cross_entropy(
    onehot_labels=y,  # one-hot targets
    logits=logits,
    label_smoothing=0.1,  # regularise
)
# Per-example weights with zeros: TF1 divides by the non-zero ones.
sparse = tf.losses.sparse_softmax_cross_entropy(ids, logits, weights=mask)
summed = tf.losses.sparse_softmax_cross_entropy(
    ids, logits, weights=mask, reduction=tf.losses.Reduction.SUM)
v1 = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
already = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=logits)
train_op = tf.train.AdamOptimizer(1e-3).minimize(xent + sparse + summed + v1)
# output
"""A TF 1.x training script: placeholders, several losses, comments inside calls."""
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
ids = tf.placeholder(tf.int64, [None])
mask = tf.placeholder(tf.float32, [None])

logits = tf.layers.dense(x, 10)

# Mean over the batch: exact in Keras.
xent = tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(
    tf.stop_gradient(y),  # one-hot targets
    logits,
    # regularise
)
# Per-example weights with zeros: TF1 divides by the non-zero ones.
sparse_labels = tf.squeeze(ids, [-1]) if len(ids.shape) == len(logits.shape) else ids  # TF1 squeezes [batch, 1] labels
sparse_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=sparse_labels, logits=logits)
sparse_weights = tf.cast(tf.squeeze(mask, [-1]) if len(mask.shape) == len(logits.shape) else mask, tf.float32)  # TF1 squeezes [batch, 1] weights
sparse_total = tf.reduce_sum(tf.cast(sparse_xent, tf.float32) * sparse_weights)
sparse_nonzero = tf.math.count_nonzero(tf.broadcast_to(sparse_weights, tf.shape(sparse_xent)), dtype=tf.float32)
# TF1's sparse_softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights
sparse = tf.cast(tf.math.divide_no_nan(sparse_total, sparse_nonzero), sparse_xent.dtype)
summed = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")(
    ids, logits, sample_weight=mask)
v1 = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=logits))
already = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=logits)
train_op = tf.train.AdamOptimizer(1e-3).minimize(xent + sparse + summed + v1)
