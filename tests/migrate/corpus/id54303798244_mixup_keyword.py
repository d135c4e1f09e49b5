# source: public GitHub file, code-index id 54303798244; enclosing code excerpted, import added
import tensorflow as tf


def model(self, lr, wd, logits_x, l, loss_u, w_u, ema_op, post_ops):
    loss_s = tf.losses.softmax_cross_entropy(onehot_labels=l, logits=logits_x)
    loss_s = tf.reduce_mean(loss_s)

    #######################################################################

    loss = loss_s + w_u*loss_u

    post_ops.append(ema_op)
    post_ops.extend([tf.assign(v, v * (1 - wd)) for v in model_vars('classify') if 'kernel' in v.name])

    opt = tf.train.AdamOptimizer(lr)
    return opt.minimize(loss, colocate_gradients_with_ops=True)
