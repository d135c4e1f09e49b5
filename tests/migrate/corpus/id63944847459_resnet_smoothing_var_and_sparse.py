# source: public GitHub file, code-index id 63944847459; enclosing code excerpted, import added
import tensorflow as tf


def model_fn(features, labels, mode, logits, label_smoothing):
    if label_smoothing != 0.0:
        one_hot_labels = tf.one_hot(labels, 1001)
        cross_entropy = tf.losses.softmax_cross_entropy(logits=logits,
          onehot_labels=one_hot_labels,
          label_smoothing=label_smoothing)
    else:
        cross_entropy = tf.compat.v1.losses.sparse_softmax_cross_entropy(logits=logits,
          labels=labels)
    tf.identity(cross_entropy, name='cross_entropy')
    tf.compat.v1.summary.scalar('cross_entropy', cross_entropy)
    return cross_entropy
