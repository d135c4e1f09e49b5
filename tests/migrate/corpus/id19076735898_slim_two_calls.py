# source: public GitHub file, code-index id 19076735898; enclosing code excerpted, imports added
import tensorflow as tf
import tensorflow.contrib.slim as slim

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
rar_logits, rar_probs, rar_end_point = bulid_Net(X)
adv_logits, adv_probs, adv_end_point = bulid_Net(X_adv)

with tf.name_scope("classifition_loss"):
    loss_1 = slim.losses.softmax_cross_entropy(rar_logits, Y)
    loss_2 = slim.losses.softmax_cross_entropy(adv_logits, Y)
    classification_loss = loss_1 + loss_2
