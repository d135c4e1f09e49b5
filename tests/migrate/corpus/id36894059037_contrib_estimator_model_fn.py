# source: public GitHub file, code-index id 36894059037; enclosing code excerpted, import added
import tensorflow as tf


def _model_fn(features, labels, mode, FLAGS, concat_embeddings):
    hidden_layer_0 = tf.contrib.layers.relu(
        concat_embeddings, FLAGS.hidden_units)
    logits = tf.contrib.layers.linear(hidden_layer_0, FLAGS.num_classes)

    predictions = tf.contrib.layers.softmax(logits)
    if mode == tf.contrib.learn.ModeKeys.INFER:
      return predictions, None, None

    target_one_hot = tf.one_hot(labels, FLAGS.num_classes)
    target_one_hot = tf.reduce_sum(
        input_tensor=target_one_hot, reduction_indices=[1])
    loss = tf.contrib.losses.softmax_cross_entropy(logits, target_one_hot)
    if mode == tf.contrib.learn.ModeKeys.EVAL:
      return predictions, loss, None
    return predictions, loss, None
