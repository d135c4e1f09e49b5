import tensorflow as tf

slim = tf.contrib.slim


def losses(net, labels, ids, weights):
    dense = slim.losses.softmax_cross_entropy(net, labels)
    sparse = slim.losses.sparse_softmax_cross_entropy(net, ids, weights=weights)
    return dense, sparse, slim.losses.get_total_loss()
# output
import tensorflow as tf
import tfcompat_losses.contrib

slim = tf.contrib.slim


def losses(net, labels, ids, weights):
    dense_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, net.dtype)), logits=net)
    # TF1's softmax_cross_entropy: contrib's weighting divides by the number of loss elements
    dense = tf.cast(tf.math.divide_no_nan(tf.reduce_sum(tf.cast(dense_xent, tf.float32)), tf.cast(tf.size(dense_xent), tf.float32)), dense_xent.dtype)
    tf.compat.v1.losses.add_loss(dense)  # TF1 adds the loss to its collection (graph mode)
    sparse = tfcompat_losses.contrib.sparse_softmax_cross_entropy(net, ids, weights=weights)
    return dense, sparse, tf.compat.v1.losses.get_total_loss()
