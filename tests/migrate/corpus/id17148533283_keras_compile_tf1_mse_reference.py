# source: public GitHub file, code-index id 17148533283; enclosing code excerpted
import tensorflow as tf
from tensorflow import keras


class Sequential:
    def __init__(self, input_size, output_size):
        hidden_layer_size = int((input_size+output_size)/2)

        self._model = keras.Sequential([
            keras.layers.Dense(input_size, activation=tf.nn.relu),
            keras.layers.Dense(hidden_layer_size, activation=tf.nn.relu),
            keras.layers.Dense(output_size, activation=tf.nn.softmax)
        ])

        self._model.compile(#optimizer=tf.train.GradientDescentOptimizer(learning_rate=1),
                            optimizer=tf.train.AdamOptimizer(0.001),
                            loss=tf.losses.mean_squared_error,
                            metrics=['accuracy'])
