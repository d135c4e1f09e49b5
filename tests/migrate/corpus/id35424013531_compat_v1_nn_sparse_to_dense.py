# source: public GitHub file, code-index id 35424013531; enclosing code excerpted, import added
import tensorflow as tf


def step(caption, i, batch_size, n_words, output2, word_emb_W, word_emb_b, caption_mask, loss):
    labels = tf.expand_dims(caption[:, i+1], 1)
    indices = tf.expand_dims(tf.range(0, batch_size, 1), 1)
    concated = tf.concat([indices, labels],1)
    onehot_labels = tf.sparse_to_dense(concated, tf.stack([batch_size, n_words]), 1.0, 0.0)

    logit_words = tf.compat.v1.nn.xw_plus_b(output2, word_emb_W, word_emb_b)

    # Computing the loss
    cross_entropy = tf.compat.v1.nn.softmax_cross_entropy_with_logits(logits=logit_words,labels=onehot_labels)
    cross_entropy = cross_entropy * caption_mask[:,i]

    current_loss = tf.reduce_sum(cross_entropy)/batch_size
    return loss + current_loss
