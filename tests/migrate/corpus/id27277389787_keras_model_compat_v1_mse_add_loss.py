# source: public GitHub file, code-index id 27277389787; enclosing code excerpted
import tensorflow as tf


class TensoRezModel(tf.keras.Model):

    def call(self, observed_images):

        observed_images = self.apply_adc_function(observed_images)

        predicted_observed_images = self.predict_observed_images()

        # saturating to 1 here intentionally kills gradients in the saturated parts, so we're not penalized
        predicted_observed_images = tf.minimum(1.0, predicted_observed_images)

        self.add_loss(tf.compat.v1.losses.mean_squared_error(observed_images, predicted_observed_images))

    def print_adc_stats(self):
        if self.model_adc:
            print("ADC function:")
            print(self.adc_function.numpy())

            print("ADC MSE vs linear: {}".format(tf.compat.v1.losses.mean_squared_error(self.adc_function, self.adc_function_linear).numpy()))
            print("ADC MSE vs   sRGB: {}".format(tf.compat.v1.losses.mean_squared_error(self.adc_function, self.adc_function_srgb).numpy()))
