# source: public GitHub file, code-index id 3513029144; enclosing code excerpted, import added
import tensorflow as tf


def model_fn(features, labels, mode, params, clip_norm, dtype):
    labels = tf.cast(labels, dtype)
    logits = conv_net_kelz(features)
    logits = tf.cast(logits, tf.float32)

    logits = tf.clip_by_value(logits, clip_norm, 1.0 - clip_norm)
    # without weights
    #loss = tf.losses.sigmoid_cross_entropy(logits=logits, multi_class_labels=labels)

    # weights masking to emphasize positive examples
    cross_entropy_per_class = tf.losses.sigmoid_cross_entropy(logits=logits, multi_class_labels=labels,
                                                              reduction=tf.losses.Reduction.NONE)
    loss = tf.losses.compute_weighted_loss(cross_entropy_per_class, weights=tf.add(tf.multiply(labels, 1.0), 0.2))

    if mode == tf.estimator.ModeKeys.TRAIN:
        update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    return loss
