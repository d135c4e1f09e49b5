# source: public GitHub file, code-index id 2876294747; enclosing code excerpted
import tensorflow as tf
import tensorflow_hub as hub

module_url = "https://tfhub.dev/google/universal-sentence-encoder/2"
embed = hub.Module(module_url)

def similarity(astring, bstring):
    # Reduce logging output.
    tf.logging.set_verbosity(tf.logging.ERROR)

    similarities = 1 - tf.losses.cosine_distance(embed([astring]), embed([bstring]), axis=1)

    with tf.Session() as session:
        session.run([tf.global_variables_initializer(), tf.tables_initializer()])
        computed_similarity = session.run(similarities)
        return computed_similarity
