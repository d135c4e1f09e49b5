# source: public GitHub file, code-index id 29236271046; enclosing code excerpted, import added
import tensorflow as tf


def build_graph(labels, logits, y, pred, l2_reg, weigths_collection):
    rmse = tf.sqrt(tf.losses.mean_squared_error(y, pred), name='rmse')

    # Define loss function (cross entropy and L2 regularization) and optimizer
    with tf.variable_scope('L2_regularization'):
        L2 = l2_reg * tf.add_n([tf.nn.l2_loss(w) for w in tf.get_collection(weigths_collection)])
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits) + L2
    return loss
