# source: public GitHub file, code-index id 47659208642; enclosing code excerpted
import tensorflow as tf
from tensorflow import keras
import numpy as np

batch_size = 2048


class Hndx05Net(keras.Model):

    def train(self, dataset_train):
        train_data, label = dataset_train
        train_data = train_data.astype(np.float32)
        label = label.astype(np.float32)
        train_db = tf.data.Dataset.from_tensor_slices((train_data, label)).batch(batch_size)

        lr_schedule = keras.optimizers.schedules.ExponentialDecay(
            initial_learning_rate=1e-4,
            decay_steps=500,
            decay_rate=0.8)

        model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr_schedule), loss=tf.losses.mean_squared_error,
                      metrics=['mae'])
        model.fit(train_db, epochs=1500)


model = Hndx05Net()
