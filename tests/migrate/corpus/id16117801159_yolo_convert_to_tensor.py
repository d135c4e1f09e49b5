# source: public GitHub file, code-index id 16117801159; enclosing code excerpted (python block of a markdown page)
import tensorflow as tf


def overall_loss(y_true, y_pred):
    """计算整体损失"""
    confidence_loss = tf.losses.sigmoid_cross_entropy(tf.convert_to_tensor(y_true[:, 5:]), tf.convert_to_tensor(y_pred[:, 5:]))
    classification_loss = tf.losses.softmax_cross_entropy(tf.convert_to_tensor(y_true[:, :5]), tf.convert_to_tensor(y_pred[:, :5]))
    return tf.reduce_mean(tf.reduce_sum(tf.stack([confidence_loss, classification_loss]), axis=1))
