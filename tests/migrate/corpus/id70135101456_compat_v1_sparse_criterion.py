# source: public GitHub file, code-index id 70135101456; enclosing code excerpted, import added
import tensorflow as tf

logits = simple_cnn_model(batch_images)

# --- Loss and Optimizer ---
criterion = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=batch_labels, logits=logits)
# Note: In TF1, loss.backward() and optimizer.step() are combined in optimizer.minimize
optimizer = tf.compat.v1.train.GradientDescentOptimizer(learning_rate=LEARNING_RATE)
train_op = optimizer.minimize(criterion)
