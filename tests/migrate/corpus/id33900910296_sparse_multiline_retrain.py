# source: public GitHub file, code-index id 33900910296; enclosing code excerpted, import added
import tensorflow as tf


def add_final_training_ops(self, logits, ground_truth_input, global_step, final_tensor_name):
    final_tensor = tf.nn.softmax(logits, name=final_tensor_name)

    tf.summary.histogram('activations', final_tensor)

    with tf.name_scope('cross_entropy'):
        cross_entropy_mean = tf.losses.sparse_softmax_cross_entropy(
            labels=ground_truth_input, logits=logits)
    tf.summary.scalar('cross_entropy', cross_entropy_mean)

    with tf.name_scope('train'):
        optimizer = tf.train.GradientDescentOptimizer(self.learning_rate)
        train_step = optimizer.minimize(cross_entropy_mean, global_step=global_step)
    return train_step
