# source: public GitHub file, code-index id 30210464661; enclosing code excerpted
import tensorflow as tf
from tensorflow.python.ops import math_ops

slim = tf.contrib.slim

sess = tf.Session()
g = tf.Graph()
with sess.as_default():
    with g.as_default():
        img_rec, gen_rec, disc_out = GANAE(images, cartoons, edges, order, num_layers=NUM_LAYERS)

        # Define loss for discriminator training
        disc_loss_scope = 'disc_loss'
        dL_disc = slim.losses.sigmoid_cross_entropy(disc_out, labels_disc, scope=disc_loss_scope)
        losses_disc = slim.losses.get_losses(disc_loss_scope)
        losses_disc += slim.losses.get_regularization_losses(disc_loss_scope)
        disc_loss = math_ops.add_n(losses_disc, name='disc_total_loss')

        tf.scalar_summary('losses/d-loss disc', dL_disc)
