# source: public GitHub file, code-index id 40313662879; enclosing code excerpted, import added
import tensorflow as tf


def calculate_loss(y, y_pred):
    """ Function that calculates the softmax cross-entropy
        loss of a predicction """
    loss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=y_pred)
    return loss


def create_Adam_op(loss, alpha, beta1, beta2, epsilon):
    optimizer = tf.train.AdamOptimizer(alpha, beta1=beta1, beta2=beta2,
                                       epsilon=epsilon)
    return optimizer.minimize(loss)
