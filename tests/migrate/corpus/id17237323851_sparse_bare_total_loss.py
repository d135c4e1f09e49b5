# source: public GitHub file, code-index id 17237323851; enclosing code excerpted, import added
import tensorflow as tf


class Model:
    def _build_loss(self,logits):
        length = 2 * self.targets['length'] - 1
        logits = tf.reshape(logits,[-1,Config.model.beam_size,tf.reduce_max(length)])
        # todo 添加 early-stop mask
        logits = tf.reduce_sum(logits,-1)
        labels = tf.zeros_like(logits)[:,0]
        tf.losses.sparse_softmax_cross_entropy(labels=labels,logits=logits)
        self.loss = tf.losses.get_total_loss()
