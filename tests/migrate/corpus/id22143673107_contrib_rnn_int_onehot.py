# source: public GitHub file, code-index id 22143673107; enclosing code excerpted, import added
import tensorflow as tf


def rnn_model(features, target):
    encoding = tf.concat([fw_encoding, bw_encoding], axis=1)
    target = tf.one_hot(target, 4, 1, 0)
    # logits = tf.contrib.layers.fully_connected(encoding, 4, activation_fn=None)
    logits = tf.contrib.layers.stack(encoding, tf.contrib.layers.fully_connected, [100, 4])
    loss = tf.contrib.losses.softmax_cross_entropy(logits, target)

    # # Create a training op.
    train_op = tf.contrib.layers.optimize_loss(
        loss,
        tf.contrib.framework.get_global_step(),
        optimizer='Adam',
        learning_rate=0.001)

    return ({'class': tf.argmax(logits, 1), 'prob': tf.nn.softmax(logits)}, loss, train_op)
