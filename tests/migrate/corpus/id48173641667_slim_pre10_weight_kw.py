# source: public GitHub file, code-index id 48173641667; enclosing code excerpted, import added
import tensorflow as tf
slim = tf.contrib.slim


def build_training(self, labels):
    one_hot_labels = slim.one_hot_encoding(labels, self.num_classes)

    # Set the label weights to zero when we don't know the class.
    label_weights = tf.select(
        tf.equal(labels, -1),
        tf.zeros_like(
            labels, dtype=tf.float32),
        tf.ones_like(
            labels, dtype=tf.float32))

    raw_loss = slim.losses.softmax_cross_entropy(
        self.logits, one_hot_labels, weight=label_weights)
    loss = raw_loss * self.loss_weight
    return loss
