# source: public GitHub file, code-index id 25113047410; enclosing code excerpted
import tensorflow as tf


class DetectorNetLoss():
    def getLoss(self, output, labels, batch_size):
        pos_output = tf.reshape(output, shape=(-1, 5))
        pos_labels = tf.reshape(labels, shape=(-1, 5))
        pos_prob = tf.nn.sigmoid(pos_output[:, 0])
        pz, ph, pw, pd = pos_output[:, 1], pos_output[:, 2], pos_output[:, 3], pos_output[:, 4]
        lz, lh, lw, ld = pos_labels[:, 1], pos_labels[:, 2], pos_labels[:, 3], pos_labels[:, 4]

        regress_losses = [
            tf.losses.huber_loss(pz, lz),
            tf.losses.huber_loss(ph, lh),
            tf.losses.huber_loss(pw, lw),
            tf.losses.huber_loss(pd, ld)]
        classify_loss_without_neg = tf.reduce_mean(0.5 * tf.nn.sigmoid_cross_entropy_with_logits(
                logits=pos_prob, labels=pos_labels[:, 0]))

        for regress_loss in regress_losses:
            classify_loss_without_neg += regress_loss

        return classify_loss_without_neg
