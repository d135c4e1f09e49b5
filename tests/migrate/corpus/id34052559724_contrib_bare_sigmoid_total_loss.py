# source: public GitHub file, code-index id 34052559724; enclosing code excerpted
import tensorflow as tf

from gomoku import networks


def model(features, scores):
  with tf.variable_scope('value') as value_scope:
    predicted_scores = networks.value(features)
    tf.contrib.losses.sigmoid_cross_entropy(predicted_scores, scores)
    total_loss = tf.contrib.losses.get_total_loss()
    train_op = tf.contrib.layers.optimize_loss(
        loss=total_loss,
        global_step=tf.contrib.framework.get_global_step(),
        learning_rate=0.01,
        optimizer='SGD')
    return predicted_scores, total_loss, train_op
