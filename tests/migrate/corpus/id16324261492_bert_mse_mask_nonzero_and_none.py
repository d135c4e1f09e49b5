# source: public GitHub file, code-index id 16324261492; enclosing code excerpted, import added
import tensorflow as tf


def create_model(bert_output_layer, output_weights, output_bias, seq_length, target_weights, target_mask):
    with tf.variable_scope("loss"):
        logits = tf.matmul(bert_output_layer, output_weights, transpose_b=True)  # [batch_size * seq_length, 1]
        logits = tf.nn.bias_add(logits, output_bias)  # [batch_size * seq_length, 1]
        logits = tf.reshape(logits, [-1, seq_length])
        loss = tf.losses.mean_squared_error(
            labels=target_weights,
            predictions=logits,
            weights=target_mask,
            reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS)
        per_example_loss = tf.losses.mean_squared_error(
            labels=target_weights,
            predictions=logits,
            weights=target_mask,
            reduction=tf.losses.Reduction.NONE)
        per_example_loss = tf.reduce_sum(per_example_loss, axis=-1)
        masked_logits = logits * tf.to_float(target_mask)
        return loss, per_example_loss, masked_logits
