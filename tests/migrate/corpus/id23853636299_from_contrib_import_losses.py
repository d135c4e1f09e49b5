# source: public GitHub file, code-index id 23853636299; head of the file up to the model function (Python 2 prints after it omitted)
import os
import tensorflow as tf
from tensorflow.contrib import layers
from tensorflow.contrib import losses
from tensorflow.contrib import learn
from tensorflow.examples.tutorials.mnist import input_data

tf.logging.set_verbosity(tf.logging.INFO)

# creating custom estimator
def model_function(features, targets, mode):
    # Configure the single layer perceptron model
    outputs = layers.fully_connected(inputs=features,
                                     num_outputs=10,
                                     activation_fn=None)
    # Calculate loss using mean squared error
    loss = losses.softmax_cross_entropy(outputs, targets)
    
    # Create an optimizer for minimizing the loss function
    optimizer = layers.optimize_loss(loss=loss,
                                     global_step=tf.contrib.framework.get_global_step(),
                                     learning_rate= 0.001,
                                     optimizer='SGD')
    probs = tf.nn.softmax(outputs)
    return {'probs': probs, 'labels':tf.arg_max(probs,1)}, loss, optimizer
