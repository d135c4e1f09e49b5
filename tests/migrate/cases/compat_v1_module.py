import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def model_loss(features, labels, num_classes):
    logits = tf.layers.dense(features, num_classes)
    onehot = tf.one_hot(labels, num_classes)
    loss = tf.losses.softmax_cross_entropy(onehot, logits, weights=2.0, scope="xent")
    aux = tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=logits, dim=-1)
    return loss + tf.reduce_mean(aux)
# output
import numpy as np
import tensorflow.compat.v1 as tf
import tensorflow as tf2

tf.disable_v2_behavior()


def model_loss(features, labels, num_classes):
    logits = tf.layers.dense(features, num_classes)
    onehot = tf.one_hot(labels, num_classes)
    loss = tf2.keras.losses.CategoricalCrossentropy(from_logits=True)(tf2.stop_gradient(onehot), logits, sample_weight=2.0)
    aux = tf2.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=logits, axis=-1)
    return loss + tf.reduce_mean(aux)
