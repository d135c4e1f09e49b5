# source: public GitHub file, code-index id 3582463323; enclosing code excerpted, import added
import tensorflow as tf


class Model(tf.keras.Model):
    @tf.function
    def call(self, inputs):
        logits = self.dense1(inputs)
        logits = self.dense6(logits)
        return logits

    def loss(self, logits, labels):
        loss_output = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
        loss = tf.reduce_mean(loss_output)
        return loss
