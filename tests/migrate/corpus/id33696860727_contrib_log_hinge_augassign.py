# source: public GitHub file, code-index id 33696860727; enclosing code excerpted
import tensorflow as tf


class Trainer(object):
    def __init__(self, model, optimizer='SGD', loss='log', learning_rate=0.005, reg_rate=1e-5,
                 momentum=0.9):
        self.model = model
        self.labels = tf.placeholder(tf.float32, shape=(None, NUM_LABELS), name='labels')

        # adding L2 regularization
        params = tf.trainable_variables()
        l2_loss = sum([tf.nn.l2_loss(var) for var in params]) * reg_rate
        self.loss = reg_rate * l2_loss

        # setting the loss
        if loss.lower() == 'cross-entropy':
            self.loss += tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(
                self.model.similarity, self.labels))
        elif loss.lower() == 'log':
            self.loss += tf.contrib.losses.log_loss(self.model.prediction, self.labels)
        elif loss.lower() == 'hinge':
            self.loss += tf.contrib.losses.hinge_loss(self.model.prediction, self.labels)
