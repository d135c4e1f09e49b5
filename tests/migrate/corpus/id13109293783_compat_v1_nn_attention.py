# source: public GitHub file, code-index id 13109293783; enclosing code excerpted, import added
import tensorflow as tf


class AttLSTM:
    def build(self, num_classes):
        FC_b = tf.compat.v1.Variable(tf.compat.v1.constant(0.1, shape=[num_classes]), name="FC_b")
        self.fc_out = tf.compat.v1.nn.xw_plus_b(self.att_drop, FC_W, FC_b, name="FC_out")
        self.scores = tf.compat.v1.nn.softmax(self.fc_out, name='scores')

        with tf.compat.v1.name_scope("loss"):
            losses = tf.compat.v1.nn.softmax_cross_entropy_with_logits(logits=self.fc_out, labels=self.input_y)
            self.loss = tf.compat.v1.reduce_mean(losses, name='loss')
