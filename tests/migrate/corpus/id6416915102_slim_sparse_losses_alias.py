# source: public GitHub file, code-index id 6416915102; enclosing code excerpted, imports added
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.contrib.slim import losses

labelsPlaceholder = tf.placeholder(dtype=tf.int32, shape=[None], name="labelsPlaceholder")
logits = createCNN(imagePlaceholder, dropoutPlaceholder)

# Specify the loss function
# slim.losses.softmax_cross_entropy(onehot_labels=oneHotLabelsPlaceholder, logits=logits)
slim.losses.sparse_softmax_cross_entropy(labels=labelsPlaceholder, logits=logits)
loss = losses.get_total_loss() # XE automatically added to the list by Slim

optimizer = tf.train.AdamOptimizer(learning_rate=LEARNING_RATE)
