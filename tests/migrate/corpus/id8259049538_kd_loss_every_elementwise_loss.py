# source: public GitHub file, code-index id 8259049538; enclosing code excerpted
import tensorflow as tf
from tensorflow.contrib.rnn import BasicLSTMCell, GRUCell, LayerNormBasicLSTMCell, DropoutWrapper, ResidualWrapper, MultiRNNCell, OutputProjectionWrapper


def compute_kd_loss(bert_feat, encoded, loss_type):
    if loss_type == 'mean_squared_error':
        loss = tf.losses.mean_squared_error(bert_feat, encoded)
    elif loss_type == 'absolute_difference':
        loss = tf.losses.absolute_difference(bert_feat, encoded)
    elif loss_type == 'cosine_distance':
        loss = tf.losses.cosine_distance(bert_feat, encoded)
    elif loss_type == 'hinge_loss':
        loss = tf.losses.hinge_loss(bert_feat, encoded)
    elif loss_type == 'huber_loss':
        loss = tf.losses.huber_loss(bert_feat, encoded)
    elif loss_type == 'log_loss':
        loss = tf.losses.log_loss(bert_feat, encoded)
    elif loss_type == 'mean_pairwise_squared_error':
        loss = tf.losses.mean_pairwise_squared_error(bert_feat, encoded)
    elif loss_type == 'cross_entropy':
        tf.logging.error("Not implemented loss type!")
        loss = 0
    else:
        tf.logging.error("Not implemented loss type!")
        loss = 0
    return loss
