# source: public GitHub file, code-index id 18117122200; enclosing code excerpted, import added
import tensorflow as tf


class TextCNN:
    def loss(self):
        # CalculateMean cross-entropy loss
        with tf.name_scope("loss"):
            losses = tf.contrib.losses.softmax_cross_entropy(self.scores, self.input_y, label_smoothing = self.label_smoothing)
            selflosses = tf.contrib.losses.softmax_cross_entropy(tf.cast(self.input_y, tf.float32),
                        tf.cast(self.input_y, tf.float32), label_smoothing = self.label_smoothing)
            self.kl = tf.reduce_mean(losses - selflosses)
