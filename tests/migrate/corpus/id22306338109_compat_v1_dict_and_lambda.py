# source: public GitHub file, code-index id 22306338109; enclosing code excerpted, imports added
import tensorflow as tf
from tensorflow import keras


def compile_model(model, c_loss):
    adv_loss = {"ExpID" : tf.compat.v1.losses.softmax_cross_entropy }
    loss_fcn = {"Y_output" :tf.compat.v1.losses.softmax_cross_entropy,
                "ExpID" : lambda y,yhat : tf.compat.v1.losses.softmax_cross_entropy(y,yhat)}

    loss_w = {"Y_output": 0.66*3./(3.+15.)*(1.-c_loss),"ExpID" : 0.33*15./(3.+15.)*c_loss}

    # useful discriminator:
    model_opt = keras.optimizers.Adam(learning_rate=0.001);
    model.compile(optimizer =  model_opt,
                  loss =loss_fcn,
                  loss_weights=loss_w)
    return adv_loss
