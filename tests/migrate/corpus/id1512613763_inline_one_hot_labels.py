# source: public GitHub file, code-index id 1512613763; enclosing code excerpted, import added
import tensorflow as tf


def loss_fn(self, logits, labels):
    if self.hparams.output_dim > 1:
        predictions = tf.argmax(logits, axis=-1)
    else:
        predictions = tf.cast(tf.round(tf.nn.sigmoid(logits)), tf.int64)

    tf.logging.info("predictions")

    if self.hparams.output_dim > 1:
      loss = tf.reduce_mean(
        tf.losses.softmax_cross_entropy(logits=logits, onehot_labels=tf.one_hot(labels, depth=2)))
    else:
      loss = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=labels))
    return loss
