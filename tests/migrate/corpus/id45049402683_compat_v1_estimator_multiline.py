# source: public GitHub file, code-index id 45049402683; enclosing code excerpted, import added
import tensorflow as tf


def model_fn(features, labels, mode, logits):
    if mode == tf.estimator.ModeKeys.PREDICT:
        return None
    else:

#          loss = bilinear_loss(labels, logits, pen_mat, alpha=ALPHA)
          loss = tf.compat.v1.losses.softmax_cross_entropy(
              onehot_labels=labels, logits=logits)
          accuracy = tf.compat.v1.metrics.accuracy(
              labels=tf.argmax(labels, axis=1),
              predictions=tf.argmax(logits, axis=1)
          )
    return loss, accuracy
