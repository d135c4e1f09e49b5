# source: public GitHub file, code-index id 23616311968; enclosing code excerpted, imports added
import tensorflow as tf
from tensorflow.contrib import layers


def conv_model(feature, target, mode):
    target = tf.one_hot(tf.cast(target, tf.int32), 10, 1, 0)
    h_fc1 = layers.dropout(
        layers.fully_connected(
            feature, 1024, activation_fn=tf.nn.relu),
        keep_prob=0.5,
        is_training=mode == tf.contrib.learn.ModeKeys.TRAIN)

    # Compute logits (1 per class) and compute loss.
    logits = layers.fully_connected(h_fc1, 10, activation_fn=None)
    loss = tf.contrib.losses.softmax_cross_entropy(logits, target)

    # Create a tensor for training op.
    train_op = layers.optimize_loss(
        loss,
        tf.contrib.framework.get_global_step(),
        optimizer='SGD',
        learning_rate=0.001)

    return tf.argmax(logits, 1), loss, train_op
