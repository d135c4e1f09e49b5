# source: public GitHub file, code-index id 11960790529; enclosing code excerpted, import added
import tensorflow as tf


def build(self, pn_ratio, learning_rate):
    # Loss and optimizer
    with tf.name_scope("loss"):
        scale_vector = (pn_ratio * (self.labels - 1) / -2) + ((self.labels + 1) / 2)
        logits = tf.concat([-self.preds, self.preds], axis=1)
        labels = tf.stack([(self.labels - 1) / -2, (self.labels + 1) / 2], axis=1)
        self.loss = tf.losses.softmax_cross_entropy(labels, logits, weights=scale_vector)
        tf.summary.scalar("loss", self.loss)
    self.sess = tf.Session()
