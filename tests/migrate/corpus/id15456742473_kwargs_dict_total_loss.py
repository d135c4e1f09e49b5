# source: public GitHub file, code-index id 15456742473; enclosing code excerpted, import added
import tensorflow as tf


class Model:
    def _build_loss(self):
        # Classification loss
        cls_params = {
            "logits": self._layers["Classify"],
            "labels": self._inputs["roi_labels"],
            "scope": "ClsLoss"
        }
        tf.losses.sparse_softmax_cross_entropy(**cls_params)

        with tf.name_scope("Losses/"):
            total_loss = tf.losses.get_total_loss()
            tf.losses.add_loss(total_loss)
            return total_loss
