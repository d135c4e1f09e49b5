# source: public GitHub file, code-index id 32246445663; enclosing code excerpted, imports added
import numpy as np
import tensorflow as tf


def crossentropy_logists(expected, output_graphs, class_weight, ratio):
    loss_for_all_msg = []
    start_idx = int(np.ceil(len(output_graphs) * ratio))
    for predicted_graphs in output_graphs[start_idx:]:
        predicted = predicted_graphs.edges
        msg_loss = tf.compat.v1.losses.softmax_cross_entropy(
            expected,
            predicted,
            tf.gather(class_weight, tf.cast(expected[:, 1] == 1, tf.int32)),
        )
        loss_for_all_msg.append(msg_loss)
    loss = tf.math.reduce_sum(tf.stack(loss_for_all_msg))
    loss = loss / len(output_graphs)
    return loss
