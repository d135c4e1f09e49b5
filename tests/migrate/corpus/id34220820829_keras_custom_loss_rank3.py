# source: public GitHub file, code-index id 34220820829; enclosing code excerpted, imports added
import tensorflow as tf
from keras.models import load_model

WARMUP_STEPS = 50


def loss_warmup(y_true, y_pred):
    y_true_slice = y_true[:, WARMUP_STEPS:, :]
    y_pred_slice = y_pred[:, WARMUP_STEPS:, :]

    # Calculate the MSE loss for each value in these tensors.
    # This outputs a 3-rank tensor of the same shape.
    loss = tf.losses.softmax_cross_entropy(onehot_labels=y_true_slice,
                                           logits=y_pred_slice)

    # Keras may reduce this across the first axis (the batch)
    loss_mean = tf.reduce_mean(loss)

    return loss_mean
