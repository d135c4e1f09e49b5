# source: public GitHub file, code-index id 5636224567; enclosing code excerpted
import tensorflow as tf
from tensorflow.python.keras import backend as K


class PointPillarNetworkLoss:

    def loc_loss(self, y_true: tf.Tensor, y_pred: tf.Tensor):
        mask = tf.tile(tf.expand_dims(self.mask, -1), [1, 1, 1, 1, 3])
        loss = tf.compat.v1.losses.huber_loss(y_true,
                                    y_pred,
                                    reduction="none")

        masked_loss = tf.boolean_mask(loss, mask)
        return self.loc_weight * tf.reduce_mean(masked_loss)

    def heading_loss(self, y_true: tf.Tensor, y_pred: tf.Tensor):
        loss = K.binary_crossentropy(y_true, y_pred)
        masked_loss = tf.boolean_mask(loss, self.mask)
        return self.heading_weight * tf.reduce_mean(masked_loss)

    def class_loss(self, y_true: tf.Tensor, y_pred: tf.Tensor):
        loss = tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        masked_loss = tf.boolean_mask(loss, self.mask)
        return self.class_weight * tf.reduce_mean(masked_loss)
