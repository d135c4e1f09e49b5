# source: public GitHub file, code-index id 22300468712; enclosing code excerpted, slim import added
import tensorflow as tf
slim = tf.contrib.slim

images, labels = load_batch(dataset)

# 모델 생성
predictions = mnist_model.mnist_convnet(images)

# 손실 함수 정의
loss = slim.losses.softmax_cross_entropy(predictions, labels)

# multi-taks model의 경우 multi loss 추가한 후 total_loss 활용
total_loss = slim.losses.get_total_loss()

optimizer = tf.train.AdamOptimizer(learning_rate=0.0001)
train_op = slim.learning.create_train_op(total_loss, optimizer)
