# options: fallback=report
import tensorflow as tf

a = tf.losses.softmax_cross_entropy(y, logits, weights=w)
b = tf.losses.softmax_cross_entropy(y, logits)
# output
# options: fallback=report
import tensorflow as tf

a = tf.losses.softmax_cross_entropy(y, logits, weights=w)
b = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), logits)
