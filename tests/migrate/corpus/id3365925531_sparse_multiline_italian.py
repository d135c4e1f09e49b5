# source: public GitHub file, code-index id 3365925531; enclosing code excerpted, import added
import tensorflow as tf


def cnn_model_fn(features, labels, mode, logits):
    # CALCOLARE L'ERRORE
    loss = tf.losses.sparse_softmax_cross_entropy(
        labels=labels, 
        logits=logits
    )


    # CONFIGURO LE OPERAZIONI DI TRAINING
    if mode == tf.estimator.ModeKeys.TRAIN:
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.001)
        return optimizer.minimize(loss=loss, global_step=tf.train.get_global_step())
