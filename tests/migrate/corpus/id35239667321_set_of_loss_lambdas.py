# source: public GitHub file, code-index id 35239667321; enclosing code excerpted
import tensorflow as tf

loss_functions = {
    lambda labels, predictions: tf.losses.mean_squared_error(labels=labels, predictions=predictions),
    lambda labels, predictions: tf.losses.absolute_difference(labels=labels, predictions=predictions),
    lambda labels, predictions: -tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=predictions),
    lambda labels, predictions: tf.losses.sigmoid_cross_entropy(multi_class_labels=labels, logits=predictions),
    lambda labels, predictions: tf.losses.huber_loss(labels=labels, predictions=predictions),
    lambda labels, predictions: tf.losses.mean_pairwise_squared_error(labels=labels, predictions=predictions),
    lambda labels, predictions: tf.losses.sigmoid_cross_entropy(multi_class_labels=labels, logits=predictions),
    lambda labels, predictions: tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=predictions)
}

optimizers = [
    tf.train.RMSPropOptimizer,
    lambda lrate: tf.train.MomentumOptimizer(learning_rate=lrate, momentum=0.5),
    tf.train.AdamOptimizer,
]
