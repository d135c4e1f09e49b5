# source: public GitHub file, code-index id 20396442468; enclosing code excerpted, import added; tab-indented like the original
import tensorflow as tf


class Model(tf.keras.Model):
	def loss(self, logits, labels):
		"""
		Calculates the model cross-entropy loss after one forward pass.
		"""
		return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels, logits))
