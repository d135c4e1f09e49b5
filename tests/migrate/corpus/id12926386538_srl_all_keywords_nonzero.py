# source: public GitHub file, code-index id 12926386538; enclosing code excerpted, import added
import tensorflow as tf


def srl_bilinear(mode, srl_logits_transposed, srl_targets, num_labels, mask, label_smoothing, count):
    if label_smoothing > 0:
      srl_targets_onehot = tf.one_hot(indices=srl_targets, depth=num_labels, axis=-1)
      loss = tf.losses.softmax_cross_entropy(logits=tf.reshape(srl_logits_transposed, [-1, num_labels]),
                                             onehot_labels=tf.reshape(srl_targets_onehot, [-1, num_labels]),
                                             weights=tf.reshape(mask, [-1]),
                                             label_smoothing=label_smoothing,
                                             reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS)

    else:
      cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=srl_logits_transposed, labels=srl_targets)
      cross_entropy *= mask
      loss = tf.cond(tf.equal(count, 0.), lambda: tf.constant(0.), lambda: tf.reduce_sum(cross_entropy) / count)
    return loss
