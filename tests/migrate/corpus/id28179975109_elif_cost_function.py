# source: public GitHub file, code-index id 28179975109; enclosing code excerpted, import added
import tensorflow as tf


class Network:
    def configure_learning(self):
        """ Configure learning for network """
        self.predictor = self.output  # Simple prediction runs will request the value of output neurons

        # Setup error function
        if self.cost_function == "mean-squared-error":
            self.error = tf.losses.mean_squared_error(self.target, self.output)
        elif self.cost_function == "cross-entropy":
            self.error = tf.losses.softmax_cross_entropy(self.target, self.output)
        else:
            raise Exception("Invalid cost function")
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=self.learning_rate)
