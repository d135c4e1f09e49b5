# source: public GitHub file, code-index id 27562639203; enclosing code excerpted
import tensorflow as tf
import numpy as np

optimizer = tf.optimizers.Adam(lr=lr)

for epoch in range(500000):

    for step, x in enumerate(train_db):


        with tf.GradientTape() as tape:
            x_rec_logits ,h_rec= model(x)

            rec_loss=tf.losses.mean_squared_error(x,x_rec_logits)
            rec_loss=tf.reduce_mean(rec_loss)
            l1_loss=tf.losses.mean_absolute_error(h_rec,np.zeros(h_rec.shape))
            l1_loss=tf.cast(tf.reduce_mean(l1_loss),tf.float32)
            rec_loss+=l1r*l1_loss
        grads = tape.gradient(rec_loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
