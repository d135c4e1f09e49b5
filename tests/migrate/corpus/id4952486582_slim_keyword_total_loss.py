# source: public GitHub file, code-index id 4952486582; enclosing code excerpted, imports added
import tensorflow as tf
slim = tf.contrib.slim

vgg = tf.contrib.slim.nets.vgg
logits, end_points = vgg.vgg_16(inputs=images, num_classes=num_classes, is_training=is_training)

# 손실 함수 정의
loss = slim.losses.softmax_cross_entropy(logits=logits, onehot_labels=labels)
total_loss = slim.losses.get_total_loss()

# 옵티마이저 정의
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
