# source: public GitHub file, code-index id 2963716645; enclosing code excerpted
import tensorflow as tf


def get_loss(labels, predictions, loss_type, scope=None, **kwargs):
    if loss_type == "absolute_difference":
        loss_func = lambda x, y, z: tf.compat.v1.losses.absolute_difference(labels=x,
                                                                            predictions=y,
                                                                            weights=z,
                                                                            reduction=tf.losses.Reduction.NONE)
    elif loss_type == "log_loss":
        loss_func = lambda x, y, z: tf.compat.v1.losses.log_loss(labels=x,
                                                                 predictions=y,
                                                                 weights=z,
                                                                 reduction=tf.losses.Reduction.NONE)
    elif loss_type == "huber_loss":
        loss_func = lambda x, y, z: tf.compat.v1.losses.huber_loss(labels=x,
                                                                   predictions=y,
                                                                   weights=z,
                                                                   delta=kwargs["huber_delta"],
                                                                   reduction=tf.losses.Reduction.NONE)
    else:
        print("Not valid loss function was defined")
        return tf.zeros((1,))

    shape = tf.shape(labels)
    axes = tf.range(tf.shape(shape)[0] - 1)
    loss_1 = loss_func(labels, predictions, labels)
    nonzero = tf.reduce_sum(labels, axis=axes) + 1e-9
    loss_1 = tf.reduce_sum(loss_1, axis=axes) / nonzero
    return tf.reduce_mean(loss_1)
