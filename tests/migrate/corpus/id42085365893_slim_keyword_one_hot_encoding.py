# source: public GitHub file, code-index id 42085365893; enclosing code excerpted, imports added
import tensorflow as tf
import tensorflow.contrib.slim as slim


def get_loss(predictions, labels, classes):
    one_hot_labels = slim.one_hot_encoding(labels, classes)
    loss = slim.losses.softmax_cross_entropy(logits=predictions, onehot_labels=one_hot_labels)
    return loss


def get_acc(predictions, labels, name):
    with tf.name_scope(name):
        acc = slim.metrics.accuracy(tf.to_int64(tf.argmax(predictions, 1)), labels)
    return acc
