# source: public GitHub file, code-index id 15046955974; enclosing code excerpted, import added
import tensorflow as tf

y = tf.compat.v1.placeholder(tf.float32, [None, 10])
keep_prob = tf.compat.v1.placeholder(tf.float32)
w_fc2 = tf.compat.v1.get_variable('w_fc2', shape=[1024, 10], initializer=tf.compat.v1.glorot_uniform_initializer())
b_fc2 = tf.Variable(tf.constant(0.1, shape=[10]))
output = tf.matmul(h_fc1_drop, w_fc2) + b_fc2

loss = tf.reduce_mean(tf.compat.v1.losses.softmax_cross_entropy(y, output))
optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate=0.001)
train_op = optimizer.minimize(loss)
