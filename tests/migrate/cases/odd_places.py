from tensorflow.compat.v1 import losses as L
import tensorflow as tf

LOSSES = {
    "xent": lambda y, x: L.softmax_cross_entropy(y, x),
    "sparse": L.sparse_softmax_cross_entropy,
}
per_head = [L.softmax_cross_entropy(y, x, weights=0.5) for y, x in zip(ys, xs)]
passthrough = L.softmax_cross_entropy(**kwargs)
kept = L.softmax_cross_entropy(y, x)  # tfcompat: ignore[TFC101]
other = L.softmax_cross_entropy(y, x)  # tfcompat: ignore[TFC102]
# output
from tensorflow.compat.v1 import losses as L
import tensorflow as tf
import tfcompat_losses

LOSSES = {
    "xent": lambda y, x: tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), x),
    "sparse": tfcompat_losses.sparse_softmax_cross_entropy,
}
per_head = [tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), x, sample_weight=0.5) for y, x in zip(ys, xs)]
passthrough = L.softmax_cross_entropy(**kwargs)
kept = L.softmax_cross_entropy(y, x)  # tfcompat: ignore[TFC101]
other = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), x)  # tfcompat: ignore[TFC102]
