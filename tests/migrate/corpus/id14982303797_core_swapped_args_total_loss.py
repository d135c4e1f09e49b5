# source: public GitHub file, code-index id 14982303797; enclosing code excerpted, imports added
import tensorflow as tf
slim = tf.contrib.slim


def run(dataset, inception, image_size):
    images, _, labels = load_batch(dataset, height=image_size, width=image_size)
    with slim.arg_scope(inception.inception_v1_arg_scope()):
        logits, _ = inception.inception_v1(images, num_classes=dataset.num_classes, is_training=True)

    # Specify the loss function:
    one_hot_labels = slim.one_hot_encoding(labels, dataset.num_classes)
   # slim.losses.softmax_cross_entropy(logits, one_hot_labels) # name update (see below)
    tf.losses.softmax_cross_entropy(logits, one_hot_labels)
    #total_loss = slim.losses.get_total_loss()  # name update (see below)
    total_loss = tf.losses.get_total_loss()
    return total_loss
