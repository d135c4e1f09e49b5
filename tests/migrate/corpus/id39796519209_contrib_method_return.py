# source: public GitHub file, code-index id 39796519209; enclosing code excerpted, import added
import tensorflow as tf


class Policy:
    def get_output(self):
        return tf.argmax(self.logits, axis=1)

    def get_loss(self):
        onehot_labels = tf.one_hot(self.action, self.num_actions)
        return tf.contrib.losses.softmax_cross_entropy(self.logits, onehot_labels)
