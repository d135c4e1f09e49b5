# source: public GitHub file, code-index id 1293667384; enclosing code excerpted
"""Loss function collections."""

import tensorflow as tf


class SparseXentLoss(BaseLoss):
    def __call__(self, input_tensor, label_tensor):
        with tf.name_scope("XentLoss"):
            per_example_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.to_int64(label_tensor), logits=input_tensor, name="SparseXentLoss")
            loss = tf.reduce_mean(per_example_loss)

        return loss

class MSELoss(BaseLoss):
    def __call__(self, input_tensor, label_tensor):
        """
        Arguments:
            input_tensor: input logits, shape: [batch_size],
            label_tensor: label numbers, shape: [batch_size].
        """
        with tf.name_scope("LogCoshLoss"):
            col_pred = (input_tensor.get_shape().as_list()[1])
            if col_pred != 1:
                raise AssertionError
            input_tensor = tf.squeeze(input_tensor, 1)
            loss = tf.losses.mean_squared_error(tf.cast(label_tensor, tf.float64), \
                       tf.cast(input_tensor, tf.float64), weights=1.0, scope="MSELoss")
        return loss
