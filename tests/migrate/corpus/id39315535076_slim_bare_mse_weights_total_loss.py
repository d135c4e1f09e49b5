# source: public GitHub file, code-index id 39315535076; enclosing code excerpted
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.contrib.slim.nets import inception


def _inference(training_batch, num_joint_coords, scope):
    with slim.arg_scope([slim.model_variable], device='/cpu:0'):
        with slim.arg_scope(inception.inception_v3_arg_scope()):
            logits, endpoints = inception.inception_v3(inputs=training_batch.images,
                                                       num_classes=num_joint_coords,
                                                       scope=scope)

            dense_joints, weights = _sparse_joints_to_dense(training_batch,
                                                            num_joint_coords)

            auxiliary_logits = endpoints['AuxLogits']

            slim.losses.mean_squared_error(predictions=logits,
                                           labels=dense_joints,
                                           weights=weights)
            slim.losses.mean_squared_error(predictions=auxiliary_logits,
                                           labels=dense_joints,
                                           weights=weights,
                                           scope='aux_logits')

            # TODO(brendan): Calculate loss averages for tensorboard

            total_loss = slim.losses.get_total_loss()

    return total_loss
