import tensorflow as tf

slim = tf.contrib.slim


def losses(net, labels, ids, weights):
    dense = slim.losses.softmax_cross_entropy(net, labels)
    sparse = slim.losses.sparse_softmax_cross_entropy(net, ids, weights=weights)
    return dense, sparse, slim.losses.get_total_loss()
# output
import tensorflow as tf


def losses(net, labels, ids, weights):
    dense_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, net.dtype)), logits=net)
    # TF1's softmax_cross_entropy: contrib's weighting divides by the number of loss elements
    dense = tf.cast(tf.math.divide_no_nan(tf.reduce_sum(tf.cast(dense_xent, tf.float32)), tf.cast(tf.size(dense_xent), tf.float32)), dense_xent.dtype)
    tf.compat.v1.losses.add_loss(dense)  # TF1 adds the loss to its collection (graph mode)
    sparse_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(ids, [tf.shape(ids)[0]]), logits=net)
    sparse_weights = tf.cast(weights, tf.float32)
    sparse_w = tf.squeeze(sparse_weights, [-1]) if len(sparse_weights.shape) > 1 and sparse_weights.shape[-1] in (None, 1) else sparse_weights  # contrib squeezes [..., 1] weights (static ranks)
    sparse_total = tf.reduce_sum(tf.reduce_sum(tf.cast(sparse_xent, tf.float32), axis=list(range(len(sparse_w.shape), len(sparse_xent.shape)))) * sparse_w)
    sparse_present = tf.reduce_sum(tf.reduce_sum(tf.cast(tf.not_equal(sparse_w, 0), tf.float32), axis=list(range(1, len(sparse_w.shape)))) * tf.cast(tf.reduce_prod(tf.shape(sparse_xent)[len(sparse_w.shape):]), tf.float32))
    # TF1's sparse_softmax_cross_entropy: contrib's weighting divides by the number of non-zero weights times the elements each one weighs
    sparse = tf.cast(tf.math.divide_no_nan(sparse_total, sparse_present), sparse_xent.dtype)
    tf.compat.v1.losses.add_loss(sparse)  # TF1 adds the loss to its collection (graph mode)
    return dense, sparse, tf.compat.v1.losses.get_total_loss()
