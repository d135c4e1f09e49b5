# source: public GitHub file, code-index id 23074558807; enclosing code excerpted
import tensorflow as tf


class DQNAgent(object):

  def _build_train_op(self):
    replay_action_one_hot = tf.one_hot(
        self._replay.actions, self.num_actions, 1., 0., name='action_one_hot')
    replay_chosen_q = tf.reduce_sum(
        self._replay_net_outputs.q_values * replay_action_one_hot,
        reduction_indices=1,
        name='replay_chosen_q')

    target = tf.stop_gradient(self._build_target_q_op())
    if self.loss_type == 'Huber':
      loss = tf.losses.huber_loss(
          target, replay_chosen_q, reduction=tf.losses.Reduction.NONE)
    elif self.loss_type == 'MSE':
      loss = tf.losses.mean_squared_error(
          target, replay_chosen_q, reduction=tf.losses.Reduction.NONE)
    if self.summary_writer is not None:
      with tf.variable_scope('Losses'):
        tf.summary.scalar(self.loss_type+'Loss', tf.reduce_mean(loss))
    return self.optimizer.minimize(tf.reduce_mean(loss))
