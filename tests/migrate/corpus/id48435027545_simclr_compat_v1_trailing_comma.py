# source: public GitHub file, code-index id 48435027545; enclosing code excerpted, import added
import tensorflow as tf


def simclr_loss(_, hidden, temperature=1.0):
    hidden = tf.math.l2_normalize(hidden, -1)
    large_num = 1e9
    hidden1, hidden2 = tf.split(hidden, 2, 0)
    batch_size = tf.shape(hidden1)[0]
    labels = tf.one_hot(tf.range(batch_size), batch_size * 2)
    masks = tf.one_hot(tf.range(batch_size), batch_size)
    logits_aa = tf.matmul(hidden1, hidden1, transpose_b=True) / temperature
    logits_aa = logits_aa - masks * large_num
    logits_bb = tf.matmul(hidden2, hidden2, transpose_b=True) / temperature
    logits_bb = logits_bb - masks * large_num
    logits_ab = tf.matmul(hidden1, hidden2, transpose_b=True) / temperature
    logits_ba = tf.matmul(hidden2, hidden1, transpose_b=True) / temperature
    loss_a = tf.compat.v1.losses.softmax_cross_entropy(
        labels, tf.concat([logits_ab, logits_aa], 1),
    )
    loss_b = tf.compat.v1.losses.softmax_cross_entropy(
        labels, tf.concat([logits_ba, logits_bb], 1),
    )
    return loss_a + loss_b
