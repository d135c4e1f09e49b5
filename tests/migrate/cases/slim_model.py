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
    dense = tfcompat_losses.contrib.softmax_cross_entropy(net, labels)
    sparse = tfcompat_losses.contrib.sparse_softmax_cross_entropy(net, ids, weights=weights)
    return dense, sparse, slim.losses.get_total_loss()
