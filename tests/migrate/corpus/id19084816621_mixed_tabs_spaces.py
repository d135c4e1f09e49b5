# source: public GitHub file, code-index id 19084816621; enclosing code excerpted; tabs and spaces mixed as in the original (TabError in Python 3)
import tensorflow as tf


class MLP:
    def loss(self, logits, labels):
        """
        Returns:
          loss: scalar float Tensor, full loss = cross_entropy + reg_loss
        """
	layers_reg_loss = sum(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
        cross_entropy = tf.nn.softmax_cross_entropy_with_logits(logits, labels, name='crossentropy')
        ce_loss = tf.reduce_mean(cross_entropy, name='ce_loss')
	loss = layers_reg_loss + ce_loss
        tf.scalar_summary('cross-entropy loss', ce_loss)
        return loss
