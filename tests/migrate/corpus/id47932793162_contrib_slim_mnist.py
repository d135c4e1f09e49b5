# source: public GitHub file, code-index id 47932793162; enclosing code excerpted (whole file, trimmed)
import tensorflow as tf
from tensorflow.contrib import slim

with tf.Graph().as_default() as graph:
    x = tf.placeholder(tf.float32, shape=[None, 784])
    y = tf.placeholder(tf.float32, shape=[None, 10])
    fc = slim.fully_connected(x, 1024)
    logits = slim.fully_connected(fc, 10, activation_fn=None)

    with tf.name_scope('loss'):
        loss = slim.losses.softmax_cross_entropy(logits, y)
        tf.summary.scalar('loss', loss)

    train_op = slim.optimize_loss(loss, slim.get_or_create_global_step(),
            learning_rate=0.01,
            optimizer='Adam')
