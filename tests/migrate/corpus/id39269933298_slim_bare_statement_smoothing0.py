# source: public GitHub file, code-index id 39269933298; enclosing code excerpted, imports added
import tensorflow as tf
slim = tf.contrib.slim


def loss(logits, labels, batch_size=None):
    assert batch_size is not None, 'point a value to batch_size'
    sparse_labels = tf.reshape(labels, [batch_size, 1])
    indices = tf.reshape(tf.range(batch_size), [batch_size, 1])
    concated = tf.concat(axis=1, values=[indices, sparse_labels])
    num_classes = logits[0].get_shape()[-1].value
    dense_labels = tf.sparse_to_dense(concated, [batch_size, num_classes], 1.0, 0.0)

    # Cross entropy loss for the main softmax prediction.
    slim.losses.softmax_cross_entropy(logits[0], dense_labels, label_smoothing=0, weights=1.0)
