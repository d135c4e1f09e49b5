# source: public GitHub file, code-index id 33328453278; enclosing code excerpted; Python 2 print statements as in the original, loss line in its style
import tensorflow as tf

xs = tf.placeholder(tf.float32, [None, 784])
ys = tf.placeholder(tf.float32, [None, 10])
prediction = add_layer(xs, 784, 10)

with tf.name_scope('loss'):
    cross_entropy=tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=ys, logits=prediction))
    tf.summary.scalar('loss',cross_entropy)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5000):
        sess.run(train_step,feed_dict={xs:x_train,ys:y_train,keep_prob:0.5})
        if i%500==0:
            print sess.run(cross_entropy,feed_dict={xs:x_train,ys:y_train,keep_prob:1})
