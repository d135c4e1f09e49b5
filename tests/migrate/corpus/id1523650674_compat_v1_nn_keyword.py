# source: public GitHub file, code-index id 1523650674; enclosing code excerpted, import added
import tensorflow as tf


class Discriminator:
    def build(self, batch_size, hidden_unit):
        self.h_0 = tf.compat.v1.constant(value=0, dtype=tf.compat.v1.float32, shape=[batch_size, hidden_unit])
        score = self.predict(input_x=self.input_x)
        self.score = score

        with tf.compat.v1.name_scope('Dloss'):
            pred_loss = tf.compat.v1.nn.softmax_cross_entropy_with_logits(logits=score, labels=self.input_y)
            # todo reg loss
            reg_loss = 0
            self.loss = tf.compat.v1.reduce_mean(pred_loss)
