# source: public GitHub file, code-index id 48506277478; enclosing code excerpted, import added
import tensorflow as tf


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits, axis=axis, name=name, dim=dim)


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None, _sentinel=None):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name=name, _sentinel=_sentinel)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None, _sentinel=None):
    return tf.nn.sigmoid_cross_entropy_with_logits(_sentinel=_sentinel, labels=labels, logits=logits, name=name)


def l2_loss(t, name=None):
    return tf.nn.l2_loss(t, name=name)
