# source: public GitHub file, code-index id 752264648; enclosing code excerpted, import added; tab-indented like the original
import tensorflow as tf


class Seq2Seq:
	# Initialize training tensors.
	def train_op(self):
		# Initialize loss.
		if self.seq2seq_loss:
			self.loss = tf.contrib.seq2seq.sequence_loss(logits=self.lastOutput, targets=self.dec_yy_n, weights=self.seq_loss_weight)
		else:
			self.loss = tf.reduce_sum(tf.losses.softmax_cross_entropy(logits=self.lastOutput, onehot_labels=self.dec_yy_o))

		self.train = self.optimizer(self.learning_rate).minimize(self.loss)
