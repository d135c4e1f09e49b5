# source: aymericdamien/TensorFlow-Examples notebooks/3_NeuralNetworks/recurrent_network.ipynb (code-index id 65794768158), two code cells joined, RNN() body omitted
import tensorflow as tf
X = tf.placeholder("float", [None, 28, 28])
Y = tf.placeholder("float", [None, 10])
logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)

# Define loss and optimizer
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits=logits, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)
