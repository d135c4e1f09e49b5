# source: public GitHub file, code-index id 210513019; enclosing code excerpted, import and placeholders added
import tensorflow as tf

output_y = tf.placeholder(tf.int32, [None, 10])
dense = tf.layers.dense(inputs=tf.placeholder(tf.float32, [None, 64]), units=1024, activation=tf.nn.relu)

#logits=tf.layers.dense(
#    inputs=dropout,
#    units=10
#)

logits=tf.layers.dense(
    inputs=dense,
    units=10
)

loss=tf.losses.softmax_cross_entropy(onehot_labels=output_y,
                                     logits=logits)
#train_op=tf.train.AdamOptimizer(learning_rate=0.0001).minimize(loss)
train_op=tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(loss)
