# source: public GitHub file, code-index id 31305024247; enclosing code excerpted
import tensorflow as tf


@tf.function
def tf_weighted_crossentropy(label, pred, weight=None, weight_add=0, weight_mul=1):
    '''
    calculates weighted loss
    '''
    weight = weight_mul * weight + weight_add
    with tf.control_dependencies([tf.debugging.assert_greater_equal(weight, 0.0)]):
        weight_mask = label * weight + tf.ones_like(label)

    label = tf.stack([label == 0, label == 1], axis=-1)
    pred = tf.concat([1 - pred, pred], axis=-1)

    strategy = tf.distribute.get_strategy()
    bce = tf.keras.losses.BinaryCrossentropy(reduction=tf.losses.Reduction.NONE)
    loss = bce(label, pred, sample_weight=weight_mask)
    num_replicas = strategy.num_replicas_in_sync
    per_replica_batch_size = tf.shape(loss)[0]
    global_batch_size = per_replica_batch_size * num_replicas
    loss /= tf.cast(global_batch_size, loss.dtype)
    return loss
