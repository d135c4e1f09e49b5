"""Loss functions of a legacy TF1 classifier (the codemod's demo input: never edited in place)."""
import tensorflow.compat.v1 as tf
import tf_slim as slim


def classification_loss(onehot_labels, logits):
    # Plain call with TF1's default reduction and no weights: Keras' mean is exact here.
    return tf.losses.softmax_cross_entropy(onehot_labels, logits)


def smoothed_loss(onehot_labels, logits):
    return tf.losses.softmax_cross_entropy(
        onehot_labels=onehot_labels,
        logits=logits,
        label_smoothing=0.1,  # regularise the targets
    )


def masked_loss(onehot_labels, logits, mask):
    # Weighted by a mask: TF1 divides by the number of non-zero weights, Keras by the batch size.
    return tf.losses.softmax_cross_entropy(onehot_labels, logits, weights=mask)


def summed_sparse_loss(labels, logits, weights):
    return tf.losses.sparse_softmax_cross_entropy(
        labels, logits, weights=weights, reduction=tf.losses.Reduction.SUM
    )


def per_example_loss(onehot_labels, logits):
    # TF1's nn function: no gradient flows into the labels.
    return tf.nn.softmax_cross_entropy_with_logits(labels=onehot_labels, logits=logits)


def slim_loss(logits, onehot_labels):
    # tf.contrib / slim order: logits first.
    return slim.losses.softmax_cross_entropy(logits, onehot_labels)
