# source: public GitHub file, code-index id 5898395454; enclosing code excerpted, import added
import tensorflow as tf


def evaluate(logits, labels, loss_type, reg_const):
    with tf.name_scope('loss'):
        if loss_type == 'sigmoid':
            classification_loss = tf.nn.sigmoid_cross_entropy_with_logits(
                labels=labels / 2.0, logits=logits)
        elif loss_type == 'softmax':
            classification_loss = tf.compat.v1.nn.softmax_cross_entropy_with_logits(
                labels=labels, logits=logits)
        elif loss_type == 'margin':
            classification_loss = _margin_loss(
                labels=tf.stop_gradient(labels), raw_logits=logits) + reg_const * tf.reduce_sum(
                tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES))
        else:
            raise NotImplementedError('Not implemented')
    return classification_loss
