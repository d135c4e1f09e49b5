# source: public GitHub file, code-index id 49501001483; enclosing code excerpted
import tensorflow as tf
from model import model
from data import load_data

slim = tf.contrib.slim


def main():
    graph = tf.Graph()
    with graph.as_default():
        image_batch, y_batch = load_data(image_files, 2)

        predictions = model(image_batch)

        net_loss = slim.losses.mean_squared_error(predictions, y_batch)
        total_loss = slim.losses.get_total_loss(add_regularization_losses=True)

        names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
            'accuracy': slim.metrics.streaming_mean_absolute_error(predictions, y_batch)
        })
        return total_loss, names_to_values, names_to_updates
