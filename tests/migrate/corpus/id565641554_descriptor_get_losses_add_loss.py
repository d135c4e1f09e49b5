# source: public GitHub file, code-index id 565641554; enclosing code excerpted, import added
import tensorflow as tf


class _LossDescriptor(_TensorDescriptor):
    def __get__(self, instance, owner):
        val = _TensorDescriptor.__get__(self, instance, owner)

        if val not in tf.losses.get_losses():
            val = tf.identity(val, name='{}/value'.format(self.loss_summary))
            tf.losses.add_loss(val)

        return val
