# source: public GitHub file, code-index id 48323309197; enclosing code excerpted, import added
import tensorflow as tf
import tensorflow_hub as hub

text_embedding = hub.text_embedding_column(
    "content",
    module_spec="https://tfhub.dev/google/nnlm-en-dim128/1"
)

binary_label_head = tf.contrib.estimator.binary_classification_head(
    num_classes,
    loss_reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE
)

estimator = tf.contrib.estimator.DNNEstimator(
    head=binary_label_head,
    hidden_units=[64,10],
    feature_columns=[text_embedding]
)
