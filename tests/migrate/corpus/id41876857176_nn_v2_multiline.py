# source: public GitHub file, code-index id 41876857176; enclosing code excerpted, import added
import tensorflow as tf


def model_fn(features, labels, mode, params, logits, one_hot_labels):
    one_hot_labels_rs = tf.expand_dims(one_hot_labels, 0)

    # Compute the loss.
    # softmax_cross_entropy_with_logits_v2() computes the softmax and the loss, so
    # the raw logits must be passed into it.
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(
            logits=logits, labels=one_hot_labels_rs
        )
    )
    return loss
