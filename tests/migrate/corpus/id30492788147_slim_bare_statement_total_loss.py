# source: public GitHub file, code-index id 30492788147; enclosing code excerpted, imports added
import tensorflow as tf
import tensorflow.contrib.slim as slim


def train(images, labels, V2model):
    with slim.arg_scope(V2model.inception_resnet_v2_arg_scope()):
        logits, end_points = V2model.inception_resnet_v2(inputs=images, num_classes=1001)
        #激活函数softmax
        prob = tf.nn.softmax(logits)
        oneHotLabels = slim.one_hot_encoding(labels=labels, num_classes=1001)

        # 创建损失函数
        slim.losses.softmax_cross_entropy(logits=prob, onehot_labels=oneHotLabels)
        totalLoss = slim.losses.get_total_loss()

        optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
        return slim.learning.create_train_op(total_loss=totalLoss, optimizer=optimizer)
