# source: public GitHub file, code-index id 25906996552; enclosing code excerpted, import added
import tensorflow as tf


def build_loss(path_output, labels, num_path, learn_rate):
    initializer = tf.keras.initializers.he_normal()
    fc_weights = tf.get_variable(name='fc_weights',shape=(64,1),initializer=initializer)
    fc_weights_stack = tf.tile(tf.expand_dims(fc_weights, 0), [num_path, 1, 1])
    logits = tf.reshape(tf.matmul(path_output,fc_weights_stack),[-1])
    loss = tf.nn.weighted_cross_entropy_with_logits(targets=labels, logits=logits,pos_weight = 3.) 
    loss = tf.reduce_mean(loss)
    optimizer = tf.train.AdamOptimizer(learn_rate)
    return optimizer, loss
