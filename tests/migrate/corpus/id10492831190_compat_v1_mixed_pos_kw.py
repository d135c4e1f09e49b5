# source: public GitHub file, code-index id 10492831190; enclosing code excerpted, import added
import tensorflow as tf


def cnn_model_fn(features, labels, mode, logits):
    # compute the losses for model training
    losses = tf.compat.v1.losses.softmax_cross_entropy(labels, logits=logits)

    # make a training ops
    if mode == tf.estimator.ModeKeys.TRAIN:
        optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate=1e-4)
        train_op = optimizer.minimize(
            loss=losses, global_step=tf.compat.v1.train.get_global_step()
        )
        return tf.estimator.EstimatorSpec(mode, loss=losses, train_op=train_op)
