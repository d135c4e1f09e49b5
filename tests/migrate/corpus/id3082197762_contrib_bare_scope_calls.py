# source: public GitHub file, code-index id 3082197762; enclosing code excerpted (loss function of the file)
import tensorflow as tf
import numpy as np


def loss( fc6, fc7, fc8_1, fc8_2, labels_1, labels_2 ) :
    fc6 = tf.split( fc6, 3 )
    fc7 = tf.split( fc7, 3 )

    with tf.op_scope( [ fc7 ], 'loss_dist', 'L2LOSS' ) :
        similar_image_l2        = tf.sqrt( tf.reduce_sum( tf.pow( tf.subtract( fc7[0], fc7[1] ), 2 ), 1 ) )
        unsimilar_image_l2      = tf.sqrt( tf.reduce_sum( tf.pow( tf.subtract( fc7[0], fc7[2] ), 2 ), 1 ) )
        loss_dist = tf.reduce_mean( tf.maximum( tf.add( tf.subtract( similar_image_l2, unsimilar_image_l2 ), 0.3 ), 0 ), name='value' )
        tf.add_to_collection( 'losses', loss_dist )

    tf.contrib.losses.softmax_cross_entropy( fc8_1, labels_1, scope='loss_cls_1')
    tf.contrib.losses.softmax_cross_entropy( fc8_2, labels_2, scope='loss_cls_2')
