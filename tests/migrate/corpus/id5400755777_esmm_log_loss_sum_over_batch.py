# source: public GitHub file, code-index id 5400755777; enclosing code excerpted, import added
import tensorflow as tf


def model_fn(labels, mask, batch_weight, ctr_preds, ctcvr_preds, cvr_preds):
    ctr_labels = labels['ctr']
    ctcvr_labels = labels['ctcvr']
    cvr_labels = tf.boolean_mask(ctcvr_labels, mask)
    ctr_loss = tf.losses.log_loss(ctr_labels, ctr_preds, weights=batch_weight, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE)
    ctcvr_loss = tf.losses.log_loss(ctcvr_labels, ctcvr_preds, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE)
    cvr_loss = tf.losses.log_loss(cvr_labels, cvr_preds, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE)
    reg_loss = tf.reduce_sum(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
    return tf.add_n([ctr_loss, ctcvr_loss, cvr_loss, reg_loss])
