# source: public GitHub file, code-index id 6735185914; enclosing code excerpted, import added
import tensorflow as tf


class Model:
    def _build_graph(self):
        self.lr = tf.placeholder(dtype=tf.float32, shape=[], name='lr')
        with tf.variable_scope('pretraining'):
            conv = self._conv_layer(features, self.num_classes, 1, 1, 'conv1')
            axes = [1, 2] if self.data_format == 'channels_last' else [2, 3]
            global_pool = tf.reduce_mean(conv, axis=axes, name='global_pool')
            pre_loss = tf.losses.softmax_cross_entropy(self.pretraining_labels, global_pool, reduction=tf.losses.Reduction.MEAN)
            self.pre_category_pred = tf.argmax(global_pool, 1)
