# source: public GitHub file, code-index id 10933036127; enclosing code excerpted, imports added
import tensorflow as tf
import tensorflow.contrib.slim as slim


class Trainer:
    def discriminator_loss(self, disc_out1, disc_out2, disc_labels):
        # Define loss for discriminator training
        disc_loss_scope = 'disc_loss'
        disc_loss = slim.losses.softmax_cross_entropy(disc_out1, disc_labels, scope=disc_loss_scope, weight=1.0)
        disc_loss += slim.losses.softmax_cross_entropy(disc_out2, disc_labels, scope=disc_loss_scope, weight=1.0)
        tf.scalar_summary('losses/discriminator loss', disc_loss)
        losses_disc = slim.losses.get_losses(disc_loss_scope)
        return losses_disc
