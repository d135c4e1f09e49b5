# source: public GitHub file, code-index id 1070604280; enclosing code excerpted, import added
import tensorflow as tf


def rpn_losses(anchor_boxes, box_logits, pos_mask, nr_valid, valid_anchor_labels, valid_label_logits):
  label_loss = tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.to_float(valid_anchor_labels), logits=valid_label_logits)
  label_loss = tf.reduce_mean(label_loss, name='label_loss')

  pos_anchor_boxes = tf.boolean_mask(anchor_boxes, pos_mask)
  pos_box_logits = tf.boolean_mask(box_logits, pos_mask)
  delta = 1.0 / 9
  box_loss = tf.losses.huber_loss(
    pos_anchor_boxes, pos_box_logits, delta=delta,
    reduction=tf.losses.Reduction.SUM) / delta
  box_loss = tf.div(
    box_loss,
    tf.cast(nr_valid, tf.float32), name='box_loss')

  # add_moving_summary(label_loss, box_loss, nr_valid, nr_pos)
  return label_loss, box_loss
