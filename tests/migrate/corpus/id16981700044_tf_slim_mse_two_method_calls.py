# source: public GitHub file, code-index id 16981700044; enclosing code excerpted
import tensorflow as tf
import tf_slim as slim


class Model(object):

    def build_model(self):
        tf.compat.v1.disable_eager_execution()
        self.z = tf.compat.v1.placeholder(tf.compat.v1.float32, [None, self.x_size, self.y_size, self.no_channels], 'z')
        self.labels = tf.compat.v1.placeholder(tf.compat.v1.int64, [None], 'labels')
        self.z_hat = tf.compat.v1.get_variable('z_hat', [self.batch_size, self.x_size, self.y_size, self.no_channels])

        self.logits = self.encoder(self.z)
        self.logits_hat = self.encoder(self.z_hat, reuse=True)

        # loss for the minimizer
        self.min_loss = slim.losses.sparse_softmax_cross_entropy(self.logits, self.labels)

        # first term of the loss for the maximizer (== loss for the minimizer)
        self.max_loss_1 = slim.losses.sparse_softmax_cross_entropy(self.logits_hat, self.labels)

        # second term of the loss for the maximizer
        self.max_loss_2 = slim.losses.mean_squared_error(self.encoder(self.z, reuse=True, return_feat=True),
                                                         self.encoder(self.z_hat, reuse=True, return_feat=True))

        # final loss for the maximizer
        self.max_loss = self.max_loss_1 - self.gamma * self.max_loss_2
