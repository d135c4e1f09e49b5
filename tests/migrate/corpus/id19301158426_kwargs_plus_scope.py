# source: public GitHub file, code-index id 19301158426; enclosing code excerpted, import added
import tensorflow as tf


class Net:
    @tf_summary(name='loss')
    def build_loss(self):
        param = {'labels': self.labels, 'logits': self.prediction}
        xentropy = tf.losses.sparse_softmax_cross_entropy(**param, scope='xentropy')
        return tf.reduce_mean(xentropy, name='mean_loss')
