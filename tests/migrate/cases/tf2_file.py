import tensorflow as tf


@tf.function
def step(model, x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        nn = tf.nn.softmax_cross_entropy_with_logits(y, logits)
        keyword = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits)
        legacy = tf.compat.v1.losses.softmax_cross_entropy(y, logits, reduction="weighted_sum")
    return tape.gradient(nn + keyword + legacy, model.trainable_variables)
# output
import tensorflow as tf


@tf.function
def step(model, x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        nn = tf.nn.softmax_cross_entropy_with_logits(y, logits)
        keyword = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits)
        legacy = tf.keras.losses.CategoricalCrossentropy(from_logits=True, reduction="sum")(tf.stop_gradient(y), logits)
    return tape.gradient(nn + keyword + legacy, model.trainable_variables)
