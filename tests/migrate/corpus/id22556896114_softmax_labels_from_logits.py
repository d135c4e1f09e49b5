# source: public GitHub file, code-index id 22556896114; enclosing code excerpted, import added
import tensorflow as tf


def losses(args, y, fake_y, z, fake_z, real_label, true_y, unlabeled_y):
    alpha1 = tf.random_uniform(shape=[64, 1], minval=0., maxval=1.)
    recon_y = tf.losses.softmax_cross_entropy(y, fake_y)
    recon_z = tf.losses.mean_squared_error(z, fake_z)
    labeled_loss = tf.losses.softmax_cross_entropy(real_label, true_y)
    unlabeled_loss = tf.losses.softmax_cross_entropy(tf.nn.softmax(unlabeled_y), unlabeled_y) - 0.1 * tf.reduce_sum(tf.log(tf.reduce_mean(tf.nn.softmax(unlabeled_y), 0))) / 300.0

    e_loss_y = recon_y * args.wy + unlabeled_loss * args.beta + labeled_loss
    return e_loss_y
