# source: public GitHub file, code-index id 25299951190; enclosing code excerpted, import added
import tensorflow as tf


def model_fn(X, y, logits, LABEL_VOCAB_SIZE):
    loss = None
    if y is not None:
        zeros_with_shape = tf.zeros_like(y, dtype=tf.int64)
        weights = tf.to_float(tf.reshape(tf.not_equal(zeros_with_shape, y), [-1]))

        target = tf.one_hot(y, LABEL_VOCAB_SIZE, 1, 0)
        loss = tf.contrib.losses.softmax_cross_entropy(
                tf.reshape(logits, [-1, LABEL_VOCAB_SIZE]),
                tf.reshape(target, [-1, LABEL_VOCAB_SIZE]),
                weights=weights)
        named_loss = tf.identity(loss, name='loss')
    return loss
