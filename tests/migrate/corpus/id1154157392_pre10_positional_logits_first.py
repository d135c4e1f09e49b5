# source: public GitHub file, code-index id 1154157392; enclosing code excerpted, import added
import tensorflow as tf


#logits => output of INFERENCE MODEL
#labels => true labels corresponding to output logits
def calculateLossOp(logits, labels):
    #calculate cross entropy
    crossEntropy = tf.nn.softmax_cross_entropy_with_logits(logits, labels, name="cross-entropy")

    #calculate loss
    loss = tf.reduce_mean(crossEntropy, name="loss")

    return loss


def trainingOp(loss, learningRate):
    tf.scalar_summary(loss.op.name, loss)       #don't know what this does?
    optimizer = tf.train.GradientDescentOptimizer(learningRate)
