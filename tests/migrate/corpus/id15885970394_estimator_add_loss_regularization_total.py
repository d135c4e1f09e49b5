# source: public GitHub file, code-index id 15885970394; enclosing code excerpted
import tensorflow as tf

from network import network
from loss import wing_loss


def model_fn(features, labels, mode, params, config):
    is_training = mode == tf.estimator.ModeKeys.TRAIN
    landmarks = network(features, is_training, num_landmarks=params['num_landmarks'])

    losses = wing_loss(landmarks - labels, w=params['w'], epsilon=params['epsilon'])
    loss = tf.reduce_mean(losses, axis=0)
    tf.losses.add_loss(loss)
    tf.summary.scalar('wing_loss', loss)

    # add L2 regularization
    with tf.name_scope('weight_decay'):
        add_weight_decay(params['weight_decay'])
        regularization_loss = tf.losses.get_regularization_loss()
        tf.summary.scalar('regularization_loss', regularization_loss)

    total_loss = tf.losses.get_total_loss(add_regularization_losses=True)
    return total_loss
