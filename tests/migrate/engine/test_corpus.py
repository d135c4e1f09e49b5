"""The codemod against real public TF1 code (``tests/migrate/corpus/``).

Each corpus file is a short excerpt of a public repository (first line: where it comes from).
The expectations below come from reading each snippet against TF1 semantics and
docs/migration.md, never from the engine's output: which rule and action every target call
gets, what the emitted code must (and must not) contain. Generic invariants are checked on
every file: no error for Python 3, ``error`` and an untouched text for Python 2, output parses,
a second run changes nothing, every comment survives, labels of native Keras rewrites keep
TF1's stopped gradient. A handful of calls are executed before and after on TF 2.21.

Known bugs are ``xfail(strict=True)``: they fail loudly once fixed.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from migrate.engine.options import Assumption, Fallback, Options, TF1Mode
from migrate.engine.transform import transform_source
from migrate.report.results import Action, SourceResult

CORPUS = Path(__file__).parents[1] / "corpus"
FILES = sorted(CORPUS.glob("*.py"))
RW, SHIM, REPORT = Action.REWRITE, Action.SHIM, Action.REPORT
CCE = "tf.keras.losses.CategoricalCrossentropy(from_logits=True)"
SCCE = "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
BCE = "tf.keras.losses.BinaryCrossentropy(from_logits=True)"
MSE = "tf.keras.losses.MeanSquaredError()"
MAE = "tf.keras.losses.MeanAbsoluteError()"
HUBER = "tf.keras.losses.Huber()"


@dataclass(frozen=True)
class Expect:
    """What the codemod must do with one corpus file (calls in source order)."""

    calls: tuple[tuple[str, Action], ...] = ()
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    unchanged: bool = False
    error: bool = False
    bug: str | None = None
    """Set for a known engine bug: the case is xfail(strict=True) with this reason."""
    options: Options = field(default_factory=Options)


def _one(code: str, action: Action, n: int = 1) -> tuple[tuple[str, Action], ...]:
    return ((code, action),) * n


EXPECT: dict[str, Expect] = {
    "id10492831190_compat_v1_mixed_pos_kw": Expect(
        _one("TFC101", RW), contains=(f"{CCE}(tf.stop_gradient(labels), logits)",)
    ),
    # TF 0.x's `weight=` is `weights=`; the collection is read (`get_losses`): the shim, which
    # accepts `weight=` too
    # `get_losses(disc_loss_scope)` reads the collection by name scope: the losses must be
    # created under `scope=`, which only the shim does (TF 0.12's `weight=` spelled `weights=`)
    "id10933036127_slim_scope_weight_get_losses": Expect(
        (*_one("TFC103", SHIM, 2), ("TFC119", RW)),
        contains=(
            "disc_loss = tfcompat_losses.contrib.softmax_cross_entropy(disc_out1, disc_labels, "
            "scope=disc_loss_scope, weights=1.0)",
            "disc_loss += tfcompat_losses.contrib.softmax_cross_entropy(disc_out2, disc_labels, "
            "scope=disc_loss_scope, weights=1.0)",
            "losses_disc = tf.compat.v1.losses.get_losses(disc_loss_scope)",
        ),
        absent=("add_loss",),
    ),
    # positional nn call in TF1 code: TF 1.x rejected it, TF 0.x read (logits, labels), TF2
    # reads (labels, logits): reported, left as is
    "id1154157392_pre10_positional_logits_first": Expect(_one("TFC106", REPORT), unchanged=True),
    # tensor weights with the default SUM_BY_NONZERO_WEIGHTS: never native
    # tensor weights under SUM_BY_NONZERO_WEIGHTS: plain TF2 ops divide by the non-zero weights
    "id11960790529_tensor_weights": Expect(
        _one("TFC101", RW),
        contains=(
            "weights = tf.cast(scale_vector, tf.float32)",
            "tf.math.count_nonzero(tf.broadcast_to(weights, tf.shape(xent)), dtype=tf.float32)",
            "self.loss = tf.cast(tf.math.divide_no_nan(total, nonzero), xent.dtype)",
        ),
        absent=("CategoricalCrossentropy", "tfcompat_losses"),
    ),
    # every argument a call: bound in the source's order (logits, labels, weights) first
    "id12926386538_srl_all_keywords_nonzero": Expect(
        _one("TFC101", RW),
        contains=(
            "loss_logits = tf.reshape(srl_logits_transposed, [-1, num_labels])\n"
            "      loss_labels = tf.reshape(srl_targets_onehot, [-1, num_labels])\n"
            "      loss_weights = tf.reshape(mask, [-1])\n",
            "if label_smoothing > 0 else",
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_xent.dtype)",
            "tf.nn.sparse_softmax_cross_entropy_with_logits(logits=srl_logits_transposed, "
            "labels=srl_targets)",
        ),
    ),
    "id13109293783_compat_v1_nn_attention": Expect(
        _one("TFC106", RW),
        contains=(
            "tf.nn.softmax_cross_entropy_with_logits(logits=self.fc_out, "
            "labels=tf.stop_gradient(self.input_y))",
        ),
    ),
    # a user bug (core order, logits passed as labels) plus get_total_loss: shim keeps it as is
    "id14982303797_core_swapped_args_total_loss": Expect(
        (("TFC101", RW), ("TFC119", RW)),
        contains=(
            "labels=tf.stop_gradient(tf.cast(logits, one_hot_labels.dtype)), logits=one_hot_labels)",
            "    tf.compat.v1.losses.add_loss(tf.cast(tf.math.divide_no_nan(",
        ),
        absent=("tfcompat_losses",),
    ),
    "id15046955974_compat_v1_in_reduce_mean": Expect(
        _one("TFC101", RW),
        contains=(f"tf.reduce_mean({CCE}(tf.stop_gradient(y), output))",),
    ),
    # inline tf.one_hot has no gradient: not wrapped
    "id1512613763_inline_one_hot_labels": Expect(
        _one("TFC101", RW),
        contains=(f"{CCE}(tf.one_hot(labels, depth=2), logits)",),
        absent=("stop_gradient(tf.one_hot",),
    ),
    "id1523650674_compat_v1_nn_keyword": Expect(
        _one("TFC106", RW),
        contains=("(logits=score, labels=tf.stop_gradient(self.input_y))",),
    ),
    # the collection functions are TF1's under their TF2 name, the unbindable call reported
    "id15456742473_kwargs_dict_total_loss": Expect(
        (("TFC102", REPORT), *_one("TFC119", RW, 2)),
        contains=(
            "tf.losses.sparse_softmax_cross_entropy(**cls_params)",
            "total_loss = tf.compat.v1.losses.get_total_loss()",
            "tf.compat.v1.losses.add_loss(total_loss)",
        ),
    ),
    "id16117801159_yolo_convert_to_tensor": Expect(
        (("TFC117", RW), ("TFC101", RW)),
        contains=(
            f"{CCE}(tf.stop_gradient(tf.convert_to_tensor(y_true[:, :5])), "
            "tf.convert_to_tensor(y_pred[:, :5]))",
            "tf.keras.losses.BinaryCrossentropy(from_logits=True)(tf.convert_to_tensor(y_true[:, "
            "5:]), tf.convert_to_tensor(y_pred[:, 5:]))",
        ),
    ),
    "id17237323851_sparse_bare_total_loss": Expect(
        (("TFC102", RW), ("TFC119", RW)),
        contains=(
            "tf.nn.sparse_softmax_cross_entropy_with_logits(",
            "tf.compat.v1.losses.add_loss(",
        ),
        absent=("tfcompat_losses",),
    ),
    "id18097453324_compat_v1_alias_then_compat_v1": Expect(
        _one("TFC101", RW),
        contains=("CategoricalCrossentropy(from_logits=True)", "stop_gradient(y)"),
    ),
    # a non-literal label_smoothing: contrib applies it only when > 0 (and along axis 1)
    # contrib smooths over axis 1, with a smoothing held in an attribute: plain ops, TF1's `> 0`
    "id18117122200_contrib_smoothing_attr": Expect(
        _one("TFC103", RW, 2),
        contains=(
            "tf.cast(self.input_y, self.scores.dtype) * (1.0 - self.label_smoothing) + "
            "self.label_smoothing / tf.cast(tf.shape(self.scores)[1], self.scores.dtype) "
            "if self.label_smoothing > 0 else tf.cast(self.input_y, self.scores.dtype)",
        ),
        absent=("tfcompat_losses",),
    ),
    "id19076735898_slim_two_calls": Expect(
        _one("TFC103", RW, 2),
        contains=(
            f"{CCE}(tf.stop_gradient(Y), rar_logits)",
            f"{CCE}(tf.stop_gradient(Y), adv_logits)",
        ),
    ),
    "id19084816621_mixed_tabs_spaces": Expect(error=True),
    "id19301158426_kwargs_plus_scope": Expect(_one("TFC102", REPORT), unchanged=True),
    "id20396442468_tf2_positional_nn_tabs": Expect(unchanged=True),
    "id210513019_module_level_cnn": Expect(
        _one("TFC101", RW), contains=(f"loss={CCE}(tf.stop_gradient(output_y),",)
    ),
    # integer one-hot labels (tf.one_hot(target, 4, 1, 0)) held in a name: wrapped
    "id22143673107_contrib_rnn_int_onehot": Expect(
        _one("TFC103", RW), contains=(f"{CCE}(tf.stop_gradient(target), logits)",)
    ),
    "id22300468712_slim_get_total_loss": Expect(
        (("TFC103", RW), ("TFC119", RW)),
        contains=("\ntf.compat.v1.losses.add_loss(loss)  # TF1 adds",),
        absent=("tfcompat_losses",),
    ),
    # references in dicts go to the same-signature shim, the lambda's call is rewritten
    "id22306338109_compat_v1_dict_and_lambda": Expect(
        (("TFC100", SHIM), ("TFC100", SHIM), ("TFC101", RW)),
        contains=(
            '{"ExpID" : tfcompat_losses.softmax_cross_entropy }',
            '{"Y_output" :tfcompat_losses.softmax_cross_entropy,',
            f"lambda y,yhat : {CCE}(tf.stop_gradient(y),yhat)",
        ),
    ),
    # labels = softmax of the logits: TF1 stops that gradient, so the wrap is essential here
    "id22556896114_softmax_labels_from_logits": Expect(
        (("TFC101", RW), ("TFC111", RW), *_one("TFC101", RW, 2)),
        contains=(
            # `recon_z` is never read: joining GraphKeys.LOSSES is the call's only effect
            "recon_z = tf.math.divide_no_nan(recon_z_total, tf.cast(tf.size(recon_z_losses), "
            "tf.float32))\n    tf.compat.v1.losses.add_loss(recon_z)",
            f"{CCE}(tf.stop_gradient(y), fake_y)",
            f"{CCE}(tf.stop_gradient(real_label), true_y)",
            f"{CCE}(tf.stop_gradient(tf.nn.softmax(unlabeled_y)), unlabeled_y)",
        ),
    ),
    "id23616311968_contrib_conv_model": Expect(
        _one("TFC103", RW), contains=(f"{CCE}(tf.stop_gradient(target), logits)",)
    ),
    # `tf` never bound (tf_upgrade_v2-style extract): read as tensorflow, no import added
    "id23853636299_from_contrib_import_losses": Expect(
        _one("TFC103", RW),
        contains=(
            f"loss = {CCE}(tf.stop_gradient(targets), outputs)",
            "from tensorflow.contrib import layers\n",
        ),
        absent=("from tensorflow.contrib import losses",),
    ),
    "id25003493840_unbound_tf_extracted_snippet": Expect(
        _one("TFC101", RW),
        contains=(f"loss = {CCE}(\n            tf.stop_gradient(labels), logits)",),
        absent=("import tensorflow",),
    ),
    # contrib weighs a weights tensor by its static rank (squeeze [..., 1], sum the axes it does
    # not cover, count non-zero weights times the elements each weighs): written out in plain ops
    "id25299951190_contrib_multiline_tensor_weights": Expect(
        _one("TFC103", RW),
        contains=(
            "tf.squeeze(loss_weights, [-1]) if len(loss_weights.shape) > 1",
            "tf.cast(tf.math.divide_no_nan(loss_total, loss_present), loss_xent.dtype)",
        ),
        absent=("CategoricalCrossentropy", "tfcompat_losses"),
    ),
    "id28179975109_elif_cost_function": Expect(
        (("TFC111", RW), ("TFC101", RW)),
        contains=(
            f"{CCE}(tf.stop_gradient(self.target), self.output)",
            "tf.keras.losses.MeanSquaredError()(self.target, self.output)",
        ),
    ),
    "id29236271046_sparse_plus_l2": Expect(
        (("TFC111", RW), ("TFC102", RW)),
        contains=(
            f"{SCCE}(labels, logits) + L2",
            "tf.sqrt(tf.keras.losses.MeanSquaredError()(y, pred), name='rmse')",
        ),
    ),
    "id30492788147_slim_bare_statement_total_loss": Expect(
        (("TFC103", RW), ("TFC119", RW)),
        contains=(
            "labels=tf.stop_gradient(tf.cast(oneHotLabels, prob.dtype)), logits=prob)",
            "tf.compat.v1.losses.add_loss(",
        ),
        absent=("tfcompat_losses",),
    ),
    "id3082197762_contrib_bare_scope_calls": Expect(
        _one("TFC103", RW, 2),
        contains=("logits=fc8_1)", "logits=fc8_2)", "tf.compat.v1.losses.add_loss("),
        absent=("tfcompat_losses", "scope="),
    ),
    "id32246445663_compat_v1_gather_weights": Expect(
        _one("TFC101", RW),
        contains=(
            "msg_loss_weights = tf.gather(class_weight, tf.cast(expected[:, 1] == 1, tf.int32))",
            "msg_loss = tf.cast(tf.math.divide_no_nan(msg_loss_total, msg_loss_nonzero), "
            "msg_loss_xent.dtype)",
        ),
        absent=("CategoricalCrossentropy", "tfcompat_losses"),
    ),
    "id33328453278_py2_print_statement": Expect(error=True),
    "id3365925531_sparse_multiline_italian": Expect(
        _one("TFC102", RW), contains=(f"loss = {SCCE}(\n        labels,",)
    ),
    "id33900910296_sparse_multiline_retrain": Expect(
        _one("TFC102", RW), contains=(f"{SCCE}(\n            ground_truth_input, logits)",)
    ),
    # rank-3 logits without weights: both divide by batch * time
    "id34220820829_keras_custom_loss_rank3": Expect(
        _one("TFC101", RW), contains=(f"{CCE}(tf.stop_gradient(y_true_slice),",)
    ),
    "id35424013531_compat_v1_nn_sparse_to_dense": Expect(
        _one("TFC106", RW),
        contains=(
            "tf.nn.softmax_cross_entropy_with_logits(logits=logit_words,"
            "labels=tf.stop_gradient(onehot_labels))",
        ),
    ),
    "id3582463323_tf2_positional_nn_tf_function": Expect(unchanged=True),
    "id3583988104_nested_in_maximum": Expect(
        _one("TFC101", RW),
        contains=(f"tf.reduce_mean({CCE}(tf.stop_gradient(self.tw_one_hot), self.reward_pred))",),
    ),
    "id36894059037_contrib_estimator_model_fn": Expect(
        _one("TFC103", RW), contains=(f"{CCE}(tf.stop_gradient(target_one_hot), logits)",)
    ),
    "id37718374970_losses_alias_kwargs_wrapper": Expect(
        (("TFC117", REPORT), ("TFC101", REPORT), ("TFC102", REPORT)), unchanged=True
    ),
    "id39269933298_slim_bare_statement_smoothing0": Expect(
        _one("TFC103", RW),
        contains=("logits=logits[0])", "tf.compat.v1.losses.add_loss("),
        absent=("tfcompat_losses", "smoothing"),
    ),
    "id39796519209_contrib_method_return": Expect(
        _one("TFC103", RW),
        contains=(f"return {CCE}(tf.stop_gradient(onehot_labels), self.logits)",),
    ),
    "id40313662879_calculate_loss": Expect(
        _one("TFC101", RW), contains=(f"loss = {CCE}(tf.stop_gradient(y), y_pred)",)
    ),
    # v2 lets the gradient into labels, like TF2's function: renamed, never wrapped
    "id41876857176_nn_v2_multiline": Expect(
        _one("TFC105", RW),
        contains=(
            "tf.compat.v2.nn.softmax_cross_entropy_with_logits(\n            logits=logits, "
            "labels=one_hot_labels_rs\n        )",
        ),
        absent=("tf.nn.softmax_cross_entropy_with_logits_v2(", "stop_gradient"),
    ),
    "id42085365893_slim_keyword_one_hot_encoding": Expect(
        _one("TFC103", RW), contains=(f"{CCE}(tf.stop_gradient(one_hot_labels), predictions)",)
    ),
    "id45049402683_compat_v1_estimator_multiline": Expect(
        _one("TFC101", RW), contains=(f"{CCE}(\n              tf.stop_gradient(labels), logits)",)
    ),
    "id47932793162_contrib_slim_mnist": Expect(
        _one("TFC103", RW),
        contains=(f"{CCE}(tf.stop_gradient(y), logits)", "from tensorflow.contrib import slim"),
    ),
    # TF 0.x's `weight=` is contrib's weights tensor: plain ops with contrib's weighting
    "id48173641667_slim_pre10_weight_kw": Expect(
        _one("TFC103", RW),
        contains=(
            "labels=tf.stop_gradient(tf.cast(one_hot_labels, self.logits.dtype)), "
            "logits=self.logits)",
            "raw_loss_weights = tf.cast(label_weights, tf.float32)",
            "raw_loss = tf.cast(tf.math.divide_no_nan(raw_loss_total, raw_loss_present), "
            "raw_loss_xent.dtype)",
        ),
        absent=("tfcompat_losses", "add_loss"),
    ),
    "id48435027545_simclr_compat_v1_trailing_comma": Expect(
        _one("TFC101", RW, 2),
        contains=(
            f"{CCE}(\n        tf.stop_gradient(labels), tf.concat([logits_ab, logits_aa], 1),\n    )",
        ),
    ),
    "id4952486582_slim_keyword_total_loss": Expect(
        (("TFC103", RW), ("TFC119", RW)),
        contains=("tf.compat.v1.losses.add_loss(loss)", "tf.compat.v1.losses.get_total_loss()"),
        absent=("tfcompat_losses",),
    ),
    "id54303798244_mixup_keyword": Expect(
        _one("TFC101", RW), contains=(f"{CCE}(tf.stop_gradient(l), logits_x)",)
    ),
    "id5898395454_compat_v1_nn_multiline": Expect(
        _one("TFC106", RW),
        contains=(
            "tf.nn.softmax_cross_entropy_with_logits(\n"
            "                labels=tf.stop_gradient(labels), logits=logits)",
            "_margin_loss(\n                labels=tf.stop_gradient(labels), raw_logits=logits)",
        ),
    ),
    "id63944847459_resnet_smoothing_var_and_sparse": Expect(
        (("TFC101", RW), ("TFC102", RW)),
        contains=(
            "cross_entropy = tf.cast(tf.math.divide_no_nan(cross_entropy_total, "
            "tf.cast(tf.size(cross_entropy_xent), tf.float32)), cross_entropy_xent.dtype)",
            f"{SCCE}(labels,\n          logits)",
        ),
    ),
    "id6416915102_slim_sparse_losses_alias": Expect(
        (("TFC104", RW), ("TFC119", RW)),
        contains=(
            "labels=tf.reshape(labelsPlaceholder, [tf.shape(labelsPlaceholder)[0]]), logits=logits)",
            "tf.compat.v1.losses.add_loss(",
            "loss = tf.compat.v1.losses.get_total_loss() # XE automatically added",
        ),
        absent=("tfcompat_losses", "import tensorflow.contrib.slim as slim"),
    ),
    # TF1 code (tf.placeholder): the v1 nn function, labels wrapped
    "aymericdamien_TensorFlow-Examples_recurrent_network_cell": Expect(
        _one("TFC106", RW), contains=("    logits=logits, labels=tf.stop_gradient(Y)))",)
    ),
    "id65974398465_notebook_cell_sparse_nn": Expect(unchanged=True),
    # MEAN without weights divides by the element count: sum_over_batch_size, as a string or default
    # the excerpt never reads `pre_loss`: joining GraphKeys.LOSSES is the call's only effect
    "id6735185914_yolo_pretrain_reduction_mean": Expect(
        _one("TFC101", RW),
        contains=(
            "# TF1's softmax_cross_entropy: MEAN divides by",
            "tf.compat.v1.losses.add_loss(pre_loss)",
        ),
        absent=("tfcompat_losses",),
    ),
    "id70135101456_compat_v1_sparse_criterion": Expect(
        _one("TFC102", RW), contains=(f"criterion = {SCCE}(batch_labels, logits)",)
    ),
    "id7014304176_sparse_no_spaces": Expect(
        _one("TFC102", RW), contains=(f"loss={SCCE}(y_,logits)",)
    ),
    "id752264648_tabs_reduce_sum": Expect(
        _one("TFC101", RW),
        contains=(
            f"\t\t\tself.loss = tf.reduce_sum({CCE}(tf.stop_gradient(self.dec_yy_o), "
            "self.lastOutput))",
        ),
    ),
    "loktarxiao_image_classification_template_src_losses": Expect(
        _one("TFC101", RW),
        contains=(
            "if label_smoothing > 0 else tf.cast(y_true, y_pred.dtype)",
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss "
            "elements\n        loss = tf.cast(",
        ),
        absent=("tfcompat_losses",),
    ),
    # weights=1.0 is TF1's default: dropped
    "pat-coady_tiny_imagenet_src_losses": Expect(
        _one("TFC102", RW),
        contains=(f"ce_loss = {SCCE}(labels,\n",),
        absent=("weights", "sample_weight"),
    ),
    # compat.v1 module that keeps using `tf`: TF2 names through a new plain tensorflow import
    "tianxiang84_python_tensorflow_simpleMNIST": Expect(
        _one("TFC106", RW),
        contains=(
            "import tensorflow as tf2\n",
            "tf2.nn.softmax_cross_entropy_with_logits(labels=tf2.stop_gradient(y_), logits=y)",
        ),
    ),
    # --- issue 11: the rest of tf.compat.v1.losses, contrib/slim, the collections, tf.nn ----
    # every element-wise loss of one if/elif chain (TF1 code: `tensorflow.contrib` import):
    # the averaging losses without weights are Keras' mean; hinge and log loss have no exact
    # Keras counterpart (plain ops); TF1's cosine_distance raises ValueError without `axis`:
    # only the shim raises it too; the pairwise loss has its own denominators (shim)
    "id8259049538_kd_loss_every_elementwise_loss": Expect(
        (
            ("TFC111", RW),
            ("TFC110", RW),
            ("TFC115", SHIM),
            ("TFC114", RW),
            ("TFC112", RW),
            ("TFC113", RW),
            ("TFC116", SHIM),
        ),
        contains=(
            f"loss = {MSE}(bert_feat, encoded)",
            f"loss = {MAE}(bert_feat, encoded)",
            "loss = tfcompat_losses.cosine_distance(bert_feat, encoded)",
            "tf.nn.relu(1.0 - (2 * tf.cast(bert_feat, tf.float32) - 1.0) * tf.cast(encoded, "
            "tf.float32))",
            f"loss = {HUBER}(bert_feat, encoded)",
            "loss_predictions32 = tf.cast(encoded, tf.float32)\n",
            "tf.math.log(loss_predictions32 + 1e-07)",
            "loss = tfcompat_losses.mean_pairwise_squared_error(bert_feat, encoded)",
            "from tensorflow.contrib.rnn import BasicLSTMCell",
        ),
    ),
    # keyword calls in lambdas (a set display), TF1 code (tf.train.*Optimizer): Keras where
    # exact, the pairwise loss to the shim, `_v2` renamed; sigmoid labels keep their gradient
    # (TF1 does not stop it), softmax labels do not (the set's hinge lambda is left out of this
    # excerpt: the dict of lambdas below has one)
    "id35239667321_set_of_loss_lambdas": Expect(
        (
            ("TFC111", RW),
            ("TFC110", RW),
            ("TFC101", RW),
            ("TFC117", RW),
            ("TFC112", RW),
            ("TFC116", SHIM),
            ("TFC117", RW),
            ("TFC105", RW),
        ),
        contains=(
            f"lambda labels, predictions: {MSE}(labels, predictions),",
            f"lambda labels, predictions: {MAE}(labels, predictions),",
            f"lambda labels, predictions: -{CCE}(tf.stop_gradient(labels), predictions),",
            f"lambda labels, predictions: {BCE}(labels, predictions),",
            f"lambda labels, predictions: {HUBER}(labels, predictions),",
            "tfcompat_losses.mean_pairwise_squared_error(labels=labels, predictions=predictions)",
            "tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=labels, logits=predictions)",
        ),
        absent=("stop_gradient(labels), predictions)\n", f"{BCE}(tf.stop_gradient"),
    ),
    # a weights parameter (`weights=1.` by default, but any tensor at run time): TF1 divides by
    # the non-zero weights, which no Keras reduction does; compute_weighted_loss is TF1's
    # weighting itself (and TF1-only, so the module is TF1 code and the MSE is TF1's)
    "id36143352419_ddpg_weights_param": Expect(
        (("TFC111", RW), ("TFC118", RW)),
        contains=(
            "tf.math.squared_difference(tf.cast(q_values, tf.float32), tf.cast(",
            "tf.convert_to_tensor(actor_q_values)",
            "SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights",
            "return critic_loss, actor_loss",
        ),
        absent=("MeanSquaredError", "tfcompat_losses", "tf.losses."),
    ),
    # Dopamine's DQN: Reduction.NONE returns the element-wise losses, which Keras' per-example
    # means are not: plain ops, no division
    "id23074558807_dopamine_huber_mse_none": Expect(
        (("TFC112", RW), ("TFC111", RW)),
        contains=("tf.minimum(", "tf.math.squared_difference(", "(NONE: no division)"),
        absent=("Huber(", "MeanSquaredError", "tfcompat_losses", "Reduction"),
    ),
    # a mask as weights under SUM_BY_NONZERO_WEIGHTS, and NONE with the same mask: plain ops
    "id16324261492_bert_mse_mask_nonzero_and_none": Expect(
        _one("TFC111", RW, 2),
        contains=(
            "tf.math.count_nonzero(",
            "SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights",
            "(NONE: no division)",
            "masked_logits = logits * tf.to_float(target_mask)",
        ),
        absent=("MeanSquaredError", "tfcompat_losses", "Reduction"),
    ),
    # magenta (tensorflow.compat.v1 module): weights tensors, and get_total_loss() reads the
    # collection, so the losses keep joining it; `tf.losses.get_total_loss` is compat.v1's
    # already (no finding); TF2 names come through an added `tensorflow` import
    "id14776494_magenta_sigmoid_weights_total_loss": Expect(
        (("TFC117", RW), ("TFC111", RW)),
        contains=(
            "import tensorflow as tf2\n",
            "losses.add_loss(onset_losses)",
            "losses.add_loss(velocity_losses)",
            "loss = tf.losses.get_total_loss()",
            "count_nonzero(",
        ),
        absent=("BinaryCrossentropy", "MeanSquaredError", "tfcompat_losses"),
    ),
    # weights tensors in `return` statements of static methods: plain ops
    "id23314196037_tacotron_staticmethod_returns": Expect(
        (("TFC118", RW), ("TFC117", RW)),
        contains=(
            "tf.expand_dims(mask, axis=2)",
            "tf.squeeze(done_hat, axis=-1)",
            "tf.nn.sigmoid_cross_entropy_with_logits(",
            "tf.math.count_nonzero(",
        ),
        absent=("BinaryCrossentropy", "tfcompat_losses", "tf.losses."),
    ),
    # log loss (epsilon inside the log): plain ops; REGULARIZATION_LOSSES is not the LOSSES
    # collection, so nothing reads the losses' collection and no add_loss is emitted
    "id5400755777_esmm_log_loss_sum_over_batch": Expect(
        _one("TFC113", RW, 3),
        contains=(
            "ctr_loss_predictions32 = tf.cast(ctr_preds, tf.float32)\n",
            "cvr_loss_predictions32 = tf.cast(cvr_preds, tf.float32)\n",
            "batch_weight",
            "tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)",
        ),
        absent=("add_loss", "tfcompat_losses", "BinaryCrossentropy", "Reduction"),
    ),
    # arguments with effects (TF Hub module calls): each evaluated once, in the source's order;
    # TF1 does not normalise, CosineSimilarity does: plain ops
    "id2876294747_hub_cosine_similarity_effects": Expect(
        _one("TFC115", RW),
        contains=("axis=(1,), keepdims=True)", "1 - tf.reduce_sum("),
        absent=("cosine_distance(", "CosineSimilarity", "tfcompat_losses"),
    ),
    # a dict of lambdas in TF1 code: cosine_distance without `axis` raises in TF1 (the shim
    # raises too); hinge and log loss as one plain-ops expression each (the lambda's parameters
    # have no effects: migration.md section 8); the nn sigmoid call is TF2's spelling already,
    # the nn softmax one is TF1's v1
    "id23240684118_loss_fn_dict_of_lambdas": Expect(
        (
            ("TFC115", SHIM),
            ("TFC114", RW),
            ("TFC110", RW),
            ("TFC113", RW),
            ("TFC106", RW),
        ),
        contains=(
            "{'cos': lambda YH, Y : tfcompat_losses.cosine_distance(Y, YH), 'hinge': lambda YH, "
            "Y : tf.math.divide_no_nan(tf.reduce_sum(tf.nn.relu(1.0 - (2 * tf.cast(Y, tf.float32) "
            "- 1.0) * tf.cast(YH, tf.float32)))",
            f"'l1': lambda YH, Y : {MAE}(Y, YH)",
            "tf.math.log(tf.cast(YH, tf.float32) + 1e-07)",
            "tf.nn.sigmoid_cross_entropy_with_logits(labels = Y, logits = YH)",
            "tf.nn.softmax_cross_entropy_with_logits(labels = tf.stop_gradient(Y), logits = YH)}"
            ".get(name)",
        ),
    ),
    # NONE with a weights tensor computed in the call, inside `return tf.reduce_sum(...)`;
    # `loss_collection=None` collects nothing (dropped, no add_loss); TF1 code (enable_eager)
    "id7873041835_huber_return_none_weights": Expect(
        _one("TFC112", RW),
        contains=("tf.expand_dims(weights, axis=2)", "tf.minimum(", "(NONE: no division)"),
        absent=("Huber(", "loss_collection", "add_loss", "tfcompat_losses", "Reduction"),
    ),
    # SUM (Keras' sum of per-example means is not TF1's sum of every element) with a delta held
    # in a variable: plain ops; the nn sigmoid call already has TF2's keywords
    "id1070604280_rpn_huber_delta_var_sum": Expect(
        _one("TFC112", RW),
        contains=(
            "labels=tf.to_float(valid_anchor_labels), logits=valid_label_logits)",
            "tf.minimum(",
            "(SUM: no division)",
            "/ delta",
        ),
        absent=("Huber(", "tfcompat_losses", "Reduction"),
    ),
    # four default huber calls in a list display: Keras' Huber (delta 1.0) in place
    "id25113047410_huber_list_display": Expect(
        _one("TFC112", RW, 4),
        contains=(
            f"            {HUBER}(pz, lz),\n            {HUBER}(ph, lh),\n",
            f"{HUBER}(pd, ld)]",
            "tf.nn.sigmoid_cross_entropy_with_logits(\n                logits=pos_prob, "
            "labels=pos_labels[:, 0])",
        ),
    ),
    # slim (tensorflow.contrib.slim) bare statements with a weights tensor: contrib weighs it
    # by its static rank, written out in plain ops; contrib adds every loss to the collection,
    # which get_total_loss (TF1's under tf.compat.v1) reads
    "id39315535076_slim_bare_mse_weights_total_loss": Expect(
        (("TFC131", RW), ("TFC131", RW), ("TFC119", RW)),
        contains=(
            "tf.square(tf.cast(logits, tf.float32) - tf.cast(dense_joints, tf.float32))",
            "tf.square(tf.cast(auxiliary_logits, tf.float32) - tf.cast(dense_joints, tf.float32))",
            "            tf.compat.v1.losses.add_loss(tf.math.divide_no_nan(total, present))\n",
            "total_loss = tf.compat.v1.losses.get_total_loss()",
            "import tensorflow.contrib.slim as slim",
        ),
        absent=("slim.losses",),
    ),
    # `slim = tf.contrib.slim`, the collection is read by get_total_loss: plain ops that add the
    # loss to it; slim's streaming metric of a similar name is no target
    "id49501001483_slim_mse_total_loss_metrics": Expect(
        (("TFC131", RW), ("TFC119", RW)),
        contains=(
            "tf.square(tf.cast(predictions, tf.float32) - tf.cast(y_batch, tf.float32))",
            "tf.compat.v1.losses.add_loss(net_loss)",
            "total_loss = tf.compat.v1.losses.get_total_loss(add_regularization_losses=True)",
            "slim.metrics.streaming_mean_absolute_error(predictions, y_batch)",
        ),
        absent=("MeanSquaredError", "tfcompat_losses", "slim.losses"),
    ),
    # `import tf_slim as slim` in compat.v1 code: contrib's logits-first sparse loss, and an
    # MSE whose two arguments both call the model: Keras' order differs from the source's, so
    # keywords keep the evaluation order
    "id16981700044_tf_slim_mse_two_method_calls": Expect(
        (("TFC104", RW), ("TFC104", RW), ("TFC131", RW)),
        contains=(
            f"self.min_loss = {SCCE}(self.labels, self.logits)",
            f"self.max_loss_1 = {SCCE}(self.labels, self.logits_hat)",
            f"self.max_loss_2 = {MSE}(y_pred=self.encoder(self.z, reuse=True, return_feat=True),",
            "y_true=self.encoder(self.z_hat, reuse=True, return_feat=True))",
        ),
        absent=("import tf_slim",),
    ),
    # get_losses(scope) filters the collection by name scope: the loss built under
    # `scope=disc_loss_scope` must still be found there, so the scope is not "only names"
    "id30210464661_slim_sigmoid_scoped_get_losses": Expect(
        (("TFC137", SHIM), ("TFC119", RW), ("TFC119", RW)),
        contains=(
            "tfcompat_losses.contrib.sigmoid_cross_entropy(disc_out, labels_disc, "
            "scope=disc_loss_scope)",
            "losses_disc = tf.compat.v1.losses.get_losses(disc_loss_scope)",
            "tf.compat.v1.losses.get_regularization_losses(disc_loss_scope)",
        ),
    ),
    # a bare contrib statement (the collection is its only effect) read by contrib's
    # get_total_loss: plain ops joining the collection, labels cast to the logits' dtype
    "id34052559724_contrib_bare_sigmoid_total_loss": Expect(
        (("TFC137", RW), ("TFC119", RW)),
        contains=(
            "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(scores, "
            "predicted_scores.dtype), logits=predicted_scores)",
            "tf.compat.v1.losses.add_loss(",
            "total_loss = tf.compat.v1.losses.get_total_loss()",
        ),
        absent=("BinaryCrossentropy", "tfcompat_losses", "contrib.losses"),
    ),
    # `self.loss += ...`: contrib's log loss (predictions first) and hinge loss (logits first,
    # unreduced); the positional v1 nn call in TF1 code is reported
    "id33696860727_contrib_log_hinge_augassign": Expect(
        (("TFC106", REPORT), ("TFC133", RW), ("TFC134", RW)),
        contains=(
            "tf.nn.softmax_cross_entropy_with_logits(\n                self.model.similarity, "
            "self.labels))",
            "predictions32 = tf.cast(self.model.prediction, tf.float32)\n",
            "tf.math.log(predictions32 + 1e-07)",
            "self.loss += tf.nn.relu(1.0 - (2 * tf.cast(self.labels, tf.float32) - 1.0) * "
            "tf.cast(self.model.prediction, tf.float32))",
        ),
        absent=("contrib.losses", "tfcompat_losses"),
    ),
    # contrib (predictions first) called as (targets, predictions); `tf.float64` in the module
    # is non-float32 evidence, so no Keras: plain ops in float32, as contrib computed
    "id44790613333_contrib_mse_estimator_metric": Expect(
        _one("TFC131", RW),
        contains=(
            "tf.square(tf.cast(targets, tf.float32) - tf.cast(predictions, tf.float32))",
            "tf.contrib.metrics.streaming_root_mean_squared_error(",
        ),
        absent=("MeanSquaredError", "tfcompat_losses", "contrib.losses"),
    ),
    # TF1's function passed to Keras' compile (TF1 code: tf.train.AdamOptimizer): a reference
    "id17148533283_keras_compile_tf1_mse_reference": Expect(
        _one("TFC100", SHIM),
        contains=(
            "loss=tfcompat_losses.mean_squared_error,",
            "#optimizer=tf.train.GradientDescentOptimizer(learning_rate=1),",
        ),
    ),
    # TF2 code: tf.losses.mean_squared_error is Keras' own function (a reference, a call),
    # tf.losses.Reduction is Keras' (under tf.distribute): nothing to do
    "id47659208642_tf2_compile_keras_mse_reference": Expect(unchanged=True),
    "id27562639203_tf2_tape_keras_mse_mae": Expect(unchanged=True),
    "id31305024247_tf2_keras_reduction_none_strategy": Expect(unchanged=True),
    # TF1's Reduction passed to a contrib head (TF1 code): TF1's object under tf.compat.v1
    "id48323309197_contrib_head_tf1_reduction": Expect(
        _one("TFC119", RW),
        contains=("loss_reduction=tf.compat.v1.losses.Reduction.SUM_OVER_BATCH_SIZE\n",),
    ),
    "id15885970394_estimator_add_loss_regularization_total": Expect(
        _one("TFC119", RW, 3),
        contains=(
            "    tf.compat.v1.losses.add_loss(loss)\n",
            "regularization_loss = tf.compat.v1.losses.get_regularization_loss()",
            "total_loss = tf.compat.v1.losses.get_total_loss(add_regularization_losses=True)",
        ),
    ),
    "id565641554_descriptor_get_losses_add_loss": Expect(
        _one("TFC119", RW, 2),
        contains=(
            "if val not in tf.compat.v1.losses.get_losses():",
            "tf.compat.v1.losses.add_loss(val)",
        ),
    ),
    # TF1's `targets=` is TF2's `labels=` (same function otherwise)
    "id25906996552_weighted_xent_targets_kw": Expect(
        _one("TFC120", RW),
        contains=(
            "loss = tf.nn.weighted_cross_entropy_with_logits(labels=labels, logits=logits,"
            "pos_weight = 3.)",
        ),
    ),
    # wrappers forwarding `dim=dim, axis=axis` (TF1 raises when both are set; TF2 has no dim)
    # and `_sentinel=_sentinel` (TF1 raises unless None; TF2 has no _sentinel): values known
    # only at run time, so reported and left as they are
    "id48506277478_nn_wrappers_sentinel_variable": Expect(
        (("TFC105", REPORT), ("TFC120", REPORT)), unchanged=True
    ),
    # compat.v1's MSE in a TF2 Keras model: Keras' mean is exact; Keras' own Layer.add_loss is
    # no target
    "id27277389787_keras_model_compat_v1_mse_add_loss": Expect(
        _one("TFC111", RW, 3),
        contains=(
            f"self.add_loss({MSE}(observed_images, predicted_observed_images))",
            f"{MSE}(self.adc_function, self.adc_function_linear).numpy()",
            f"{MSE}(self.adc_function, self.adc_function_srgb).numpy()",
        ),
    ),
    # a reduction and a collection passed through as parameters: no literal to map, the shim;
    # TF1's Reduction as parameter defaults becomes compat.v1's
    "id40872174764_dice_compute_weighted_positional": Expect(
        (("TFC119", RW), ("TFC118", SHIM), ("TFC119", RW)),
        contains=(
            "loss_collection=tf.GraphKeys.LOSSES, "
            "reduction=tf.compat.v1.losses.Reduction.SUM_BY_NONZERO_WEIGHTS, _square=False):",
            "loss = tfcompat_losses.compute_weighted_loss(loss, weights, scope, loss_collection, "
            "reduction)",
        ),
    ),
    # NONE then TF1's weighting with a computed weights tensor: plain ops for both
    "id3513029144_estimator_sigmoid_none_then_weighted": Expect(
        (("TFC117", RW), ("TFC118", RW)),
        contains=(
            "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(labels, logits.dtype), "
            "logits=logits)",
            "tf.add(tf.multiply(labels, 1.0), 0.2)",
            "tf.math.count_nonzero(",
        ),
        absent=("BinaryCrossentropy", "tfcompat_losses", "Reduction.NONE"),
    ),
    # float64 inputs (TF1 casts them to float32 anyway): no Keras, plain ops; `weights=1.0` is
    # the default and `scope` only names ops
    "id1293667384_mse_float64_casts_scope": Expect(
        _one("TFC111", RW),
        contains=("tf.math.squared_difference(tf.cast(", "tf.to_int64(label_tensor)"),
        absent=("MeanSquaredError", "tfcompat_losses", 'MSELoss"', "weights="),
    ),
    # compat.v1 in TF2 code: a reduction given as TF1's string "none" (plain ops, no division);
    # the compat.v1 calls do not make the module TF1 code, so tf.nn's softmax is TF2's
    "id5636224567_pointpillars_compat_v1_huber_none_string": Expect(
        _one("TFC112", RW),
        contains=(
            "tf.minimum(",
            "(NONE: no division)",
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred)",
            "K.binary_crossentropy(y_true, y_pred)",
        ),
        absent=("Huber(", "stop_gradient", "tfcompat_losses"),
    ),
    # lambdas with weights and NONE: one plain-ops expression each (the lambda's parameters and
    # `kwargs["huber_delta"]` have no effects, so they may be read twice)
    "id2963716645_compat_v1_lambdas_weights_none": Expect(
        (("TFC110", RW), ("TFC113", RW), ("TFC112", SHIM)),
        contains=(
            "loss_func = lambda x, y, z: tf.abs(tf.cast(y, tf.float32) - tf.cast(x, tf.float32)) * "
            "tf.cast(z, tf.float32)",
            # TF1 weighs the whole log loss, both terms
            "loss_func = lambda x, y, z: (-(tf.cast(x, tf.float32) * tf.math.log(tf.cast(y, "
            "tf.float32) + 1e-07)) - (1 - tf.cast(x, tf.float32)) * tf.math.log(1 - tf.cast(y, "
            "tf.float32) + 1e-07)) * tf.cast(z, tf.float32)",
            'kwargs["huber_delta"]',
        ),
        # the Huber loss reads its error three times: no one-expression form (a lambda), the shim
        absent=("MeanAbsoluteError", "Huber("),
    ),
}


def _params() -> list[Any]:
    params = []
    for path in FILES:
        expect = EXPECT.get(path.stem)
        marks = [pytest.mark.xfail(strict=True, reason=expect.bug)] if expect and expect.bug else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def _comments(source: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [t.string for t in tokens if t.type == tokenize.COMMENT]


def _run(path: Path) -> tuple[str, SourceResult, Expect]:
    source = path.read_text(encoding="utf-8")
    expect = EXPECT[path.stem]
    return source, transform_source(source, path=path.name, options=expect.options), expect


def test_corpus_is_big_enough_and_fully_specified() -> None:
    assert len(FILES) >= 40
    assert {p.stem for p in FILES} == set(EXPECT)
    for path in FILES:
        assert path.read_text(encoding="utf-8").startswith("# source: "), path.name


@pytest.mark.parametrize("path", _params())
def test_corpus_file(path: Path) -> None:
    source, result, expect = _run(path)
    if expect.error:
        assert result.error is not None
        assert result.output == source
        assert not result.findings
        return
    assert result.error is None, result.error
    # every target call gets a finding, with the rule and action the docs promise
    found = [(f.code, f.action) for f in sorted(result.findings, key=lambda f: (f.line, f.column))]
    assert found == list(expect.calls)
    if expect.unchanged:
        assert result.output == source
    for text in expect.contains:
        assert text in result.output, text
    for text in expect.absent:
        assert text not in result.output, text
    _check_invariants(source, result)


def _check_invariants(source: str, result: SourceResult) -> None:
    output = result.output
    compile(output, "<output>", "exec")  # parses as Python 3
    again = transform_source(output, options=Options())
    assert again.error is None
    assert again.output == output  # a second run changes nothing
    assert not [f for f in again.findings if f.action is not Action.REPORT]
    # comments survive (no corpus file has a comment on an import line the codemod removes)
    missing = [c for c in _comments(source) if c not in output]
    assert not missing
    # Keras 3 has no Reduction enum; mean_with_sample_weight matches no TF1 reduction
    assert "keras.losses.Reduction" not in output
    assert "mean_with_sample_weight" not in output
    # dense labels of a native rewrite keep TF1's stopped gradient (or are an inline one_hot)
    for match in re.finditer(r"keras\.losses\.CategoricalCrossentropy\([^)]*\)\(", output):
        head = output[match.end() : match.end() + 80].lstrip()
        assert head.startswith(("tf.stop_gradient(", "tf2.stop_gradient(", "tf.one_hot(")), head
    # every added stop_gradient belongs to a finding
    added = output.count("stop_gradient(") - source.count("stop_gradient(")
    assert added <= sum(f.action is Action.REWRITE for f in result.findings)


# --- minimal repros of the bugs found on the corpus -------------------------------------


# a whole-statement call is only useful for TF1's GraphKeys.LOSSES collection (read by a
# total loss built elsewhere): a discarded Keras call would silently drop the term
@pytest.mark.parametrize(
    ("source", "shim_call"),
    [
        (
            "import tensorflow as tf\ndef f(y, logits):\n"
            "    tf.contrib.losses.softmax_cross_entropy(logits, y)\n",
            "tfcompat_losses.contrib.softmax_cross_entropy(logits, y)",
        ),
        (
            "import tensorflow as tf\ndef f(y, logits):\n"
            "    tf.losses.softmax_cross_entropy(y, logits)\n",
            "tfcompat_losses.softmax_cross_entropy(y, logits)",
        ),
    ],
    ids=["contrib", "core"],
)
def test_bare_statement_loss_only_lives_in_the_collection(source: str, shim_call: str) -> None:
    """Its only effect is to join GraphKeys.LOSSES: plain ops keep it (`add_loss`), as the shim."""
    result = transform_source(source)
    assert [f.action for f in result.findings] == [Action.REWRITE]
    assert "    tf.compat.v1.losses.add_loss(tf.cast(tf.math.divide_no_nan(" in result.output
    shim = transform_source(source, options=Options(fallback=Fallback.SHIM))
    assert [f.action for f in shim.findings] == [Action.SHIM]
    assert shim_call in shim.output


# the emitted `tf.keras.losses...`/`tf.nn...` attribute is no use of an imported `losses`/`nn`
# (a kept `from tensorflow.contrib import losses` raises ImportError on TF2)
@pytest.mark.parametrize(
    ("source", "dead_import"),
    [
        (
            "from tensorflow.contrib import losses\nl = losses.softmax_cross_entropy(x, y)\n",
            "from tensorflow.contrib import losses",
        ),
        (
            "from tensorflow.compat.v1 import losses\nl = losses.softmax_cross_entropy(y, x)\n",
            "from tensorflow.compat.v1 import losses",
        ),
        (
            "import tensorflow.compat.v1 as tf\nfrom tensorflow.compat.v1 import nn\n"
            "l = nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x)\n",
            "from tensorflow.compat.v1 import nn",
        ),
    ],
    ids=["contrib-losses", "compat-v1-losses", "compat-v1-nn"],
)
def test_import_named_like_an_emitted_attribute_is_removed(source: str, dead_import: str) -> None:
    result = transform_source(source)
    assert [f.action for f in result.findings] == [Action.REWRITE]
    assert dead_import not in result.output


# `tensorflow.compat.v1.compat.v1.losses...` is the same function as
# `tensorflow.compat.v1.losses...` in TF 2.21
@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("tf.compat.v1.losses.softmax_cross_entropy(y, x)", "TFC101"),
        ("tf.compat.v1.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)", "TFC106"),
    ],
    ids=["losses", "nn"],
)
def test_compat_v1_spelled_again_under_a_compat_v1_alias(call: str, code: str) -> None:
    result = transform_source(f"import tensorflow.compat.v1 as tf\nloss = {call}\n")
    assert [f.code for f in result.findings] == [code]
    assert "stop_gradient(y)" in result.output


# issue 11 (id2963716645): a weighted log loss written as one expression (in a lambda) must
# weigh the whole loss, `(A - B) * w`; `A - B * w` weighs only its second term
@pytest.mark.slow
def test_log_loss_in_a_lambda_weighs_both_terms() -> None:
    pytest.importorskip("tensorflow")
    import numpy as np
    import tensorflow as tf

    source = (
        "import tensorflow as tf\n"
        "f = lambda y, p: tf.compat.v1.losses.log_loss(y, p, weights=2.0, "
        "reduction='weighted_sum')\n"
    )
    result = transform_source(source)
    assert [(f.code, f.action) for f in result.findings] == [("TFC113", Action.REWRITE)]
    y = tf.constant([1.0, 0.0, 1.0])
    p = tf.constant([0.9, 0.2, 0.4])
    namespace: dict[str, Any] = {}
    exec(compile(result.output, "<after>", "exec"), namespace)
    expected = tf.compat.v1.losses.log_loss(y, p, weights=2.0, reduction="weighted_sum")
    np.testing.assert_allclose(namespace["f"](y, p).numpy(), expected.numpy(), rtol=1e-6)


# issue 11 (id30210464661): `get_losses(scope)` selects the collected losses by name scope,
# so a loss built with `scope=` must still be found under it after the rewrite
@pytest.mark.slow
def test_scope_read_by_get_losses_still_finds_the_loss() -> None:
    pytest.importorskip("tensorflow")
    pytest.importorskip("tf_slim")
    import tensorflow as tf

    source = (
        "import tensorflow as tf\n"
        "import tf_slim as slim\n"
        "d_loss = slim.losses.sigmoid_cross_entropy(logits, labels, scope='disc_loss')\n"
        "found = slim.losses.get_losses('disc_loss')\n"
    )
    result = transform_source(source)
    assert result.error is None
    with tf.Graph().as_default():
        namespace: dict[str, Any] = {
            "logits": tf.constant([[1.0, -2.0], [0.5, 0.3]]),
            "labels": tf.constant([[1.0, 0.0], [0.0, 1.0]]),
        }
        exec(compile(result.output, "<after>", "exec"), namespace)
        assert [t.name for t in namespace["found"]] == [namespace["d_loss"].name]


# --- a handful of real calls executed before and after on TF 2.21 -----------------------

# (corpus file, index of the target call in the file, {name: input kind}, options)
EXECUTED: list[tuple[str, int, dict[str, str], Options]] = [
    ("id22556896114_softmax_labels_from_logits", 2, {"unlabeled_y": "logits"}, Options()),
    (
        "id34220820829_keras_custom_loss_rank3",
        0,
        {"y_true_slice": "onehot3", "y_pred_slice": "logits3"},
        Options(),
    ),
    (
        "id6735185914_yolo_pretrain_reduction_mean",
        0,
        {"self.pretraining_labels": "onehot", "global_pool": "logits"},
        Options(),
    ),
    ("pat-coady_tiny_imagenet_src_losses", 0, {"labels": "ids", "logits": "logits"}, Options()),
    (
        "aymericdamien_TensorFlow-Examples_recurrent_network_cell",
        0,
        {"logits": "logits", "Y": "onehot"},
        Options(tf1=TF1Mode.YES),
    ),
    (
        "id41876857176_nn_v2_multiline",
        0,
        {"logits": "logits", "one_hot_labels_rs": "onehot"},
        Options(),
    ),
    ("id19076735898_slim_two_calls", 0, {"rar_logits": "logits", "Y": "onehot"}, Options()),
    (
        "id1512613763_inline_one_hot_labels",
        0,
        {"logits": "logits2", "labels": "ids2"},
        Options(),
    ),
    (
        "id11960790529_tensor_weights",
        0,
        {"labels": "onehot", "logits": "logits", "scale_vector": "weights"},
        Options(),
    ),
    # plain TF2 ops: smoothing held in a variable (TF1 tests `> 0` in Python), contrib's
    # smoothing axis, weights computed in the call, the collection kept with add_loss
    (
        "id18117122200_contrib_smoothing_attr",
        0,
        {"self.scores": "logits", "self.input_y": "onehot", "self.label_smoothing": "smoothing"},
        Options(),
    ),
    (
        "id32246445663_compat_v1_gather_weights",
        0,
        {"expected": "onehot", "predicted": "logits", "class_weight": "class_weight"},
        Options(),
    ),
    (
        "id63944847459_resnet_smoothing_var_and_sparse",
        0,
        {"logits": "logits", "one_hot_labels": "onehot", "label_smoothing": "smoothing"},
        Options(),
    ),
    (
        "loktarxiao_image_classification_template_src_losses",
        0,
        {"y_true": "onehot", "y_pred": "logits", "label_smoothing": "smoothing"},
        Options(),
    ),
    (
        "id22300468712_slim_get_total_loss",
        0,
        {"predictions": "logits", "labels": "onehot"},
        Options(loss_collections=Assumption.YES),
    ),
    (
        "id17237323851_sparse_bare_total_loss",
        0,
        {"labels": "ids", "logits": "logits"},
        Options(distributed=Assumption.YES),
    ),
]
_TARGET = re.compile(r"(softmax_cross_entropy|softmax_cross_entropy_with_logits(_v2)?)$")
_ELEMENTWISE = re.compile(
    r"^(absolute_difference|mean_squared_error|huber_loss|log_loss|hinge_loss|cosine_distance"
    r"|sigmoid_cross_entropy|compute_weighted_loss)$"
)


def _call_source(path: Path, index: int, target: re.Pattern[str] = _TARGET) -> str:
    text = path.read_text(encoding="utf-8")
    calls = [
        node
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and target.search(node.func.attr)
        and not node.func.attr.startswith("sparse_softmax_cross_entropy_with")
    ]
    calls.sort(key=lambda n: (n.lineno, n.col_offset))
    segment = ast.get_source_segment(text, calls[index])
    assert segment is not None
    return textwrap.dedent(segment)


def _inputs(kinds: dict[str, str]) -> dict[str, Any]:
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(7)
    batch, classes = 6, 5
    ids = rng.integers(0, classes, size=batch)
    ids2 = rng.integers(0, 2, size=batch)
    weights = rng.normal(size=batch).astype(np.float32)
    weights[::3] = 0.0
    values = {
        "logits": (rng.normal(size=(batch, classes)) * 3).astype(np.float32),
        "logits2": rng.normal(size=(batch, 2)).astype(np.float32),
        "logits3": rng.normal(size=(4, 3, classes)).astype(np.float32),
        "onehot": np.eye(classes, dtype=np.float32)[ids],
        "onehot3": np.eye(classes, dtype=np.float32)[rng.integers(0, classes, size=(4, 3))],
        "ids": ids.astype(np.int32),
        "ids2": ids2.astype(np.int32),
        "weights": weights,
        "smoothing": np.float32(0.1),
        "class_weight": np.array([0.25, 2.0], np.float32),
    }
    # issue 11's losses (drawn after the softmax inputs, which keep their values)
    mask = rng.integers(0, 2, size=(batch, classes)).astype(np.float32)
    mask[0] = 0.0  # a whole example without weight
    values.update(
        {
            "reg": rng.normal(size=(batch, classes)).astype(np.float32),
            "reg2": (rng.normal(size=(batch, classes)) * 2).astype(np.float32),
            "reg3": rng.normal(size=(batch, classes, 1)).astype(np.float32),
            "l1": np.abs(rng.normal(size=(batch, classes, 4))).astype(np.float32),
            "vec": rng.normal(size=batch).astype(np.float32),
            "vec2": (rng.normal(size=batch) * 3).astype(np.float32),
            "probs": (1 / (1 + np.exp(-rng.normal(size=(batch, classes))))).astype(np.float32),
            "binary": rng.integers(0, 2, size=(batch, classes)).astype(np.float32),
            "mask2d": mask,
            "delta": np.float32(1.0 / 9),
        }
    )
    return {name: tf.constant(values[kind]) for name, kind in kinds.items()}


def _execute(source: str, kinds: dict[str, str], v1: bool) -> tuple[Any, list[Any]]:
    import numpy as np
    import tensorflow as tf
    import tf_slim

    tensors = _inputs(kinds)
    with tf.GradientTape(persistent=True) as tape:
        for t in tensors.values():
            if t.dtype.is_floating:
                tape.watch(t)
        namespace: dict[str, Any] = {"slim": tf_slim, "self": types.SimpleNamespace()}
        if v1:
            namespace["tf"] = tf.compat.v1
        for name, t in tensors.items():
            if name.startswith("self."):
                owner = namespace["self"]
                *path, leaf = name.removeprefix("self.").split(".")
                for part in path:  # `self.model.prediction`
                    if not hasattr(owner, part):
                        setattr(owner, part, types.SimpleNamespace())
                    owner = getattr(owner, part)
                setattr(owner, leaf, t)
            else:
                namespace[name] = t
        exec(compile(source, "<corpus-call>", "exec"), namespace)
        loss = namespace["loss"]
    floats = [t for t in tensors.values() if t.dtype.is_floating]
    grads = tape.gradient(loss, floats)
    return loss.numpy(), [
        np.zeros(t.shape) if g is None else tf.convert_to_tensor(g).numpy()  # IndexedSlices too
        for t, g in zip(floats, grads, strict=True)
    ]


def _execute_before_and_after(
    stem: str,
    index: int,
    kinds: dict[str, str],
    options: Options,
    target: re.Pattern[str] = _TARGET,
) -> None:
    import numpy as np

    call = _call_source(CORPUS / f"{stem}.py", index, target)
    module = "slim" if call.startswith("slim.") else "tf"
    header = "import tf_slim as slim\n" if module == "slim" else ""
    before = f"{header}import tensorflow as tf\nloss = {call}\n"
    result = transform_source(before, options=options)
    assert result.error is None and result.changed, stem
    original = f"loss = {call}\n"  # `tf` is bound to tf.compat.v1 (the TF1 oracle)
    original = original.replace("tf.contrib.losses.", "slim.losses.")  # contrib's = tf_slim's
    value0, grads0 = _execute(original, kinds, v1=True)
    value1, grads1 = _execute(result.output, kinds, v1=False)
    assert value0.dtype == value1.dtype, stem
    np.testing.assert_allclose(value1, value0, rtol=1e-5, atol=1e-6, err_msg=stem)
    for g0, g1 in zip(grads0, grads1, strict=True):
        np.testing.assert_allclose(g1, g0, rtol=1e-5, atol=1e-6, err_msg=stem)


@pytest.mark.slow
def test_real_calls_execute_the_same_before_and_after() -> None:
    pytest.importorskip("tensorflow")
    checked = 0
    for stem, index, kinds, options in EXECUTED:
        _execute_before_and_after(stem, index, kinds, options)
        checked += 1
    assert checked == len(EXECUTED)


# issue 11's losses: (corpus file, index of the call among the element-wise losses of the
# file, {name: input kind}, options); a lone `tf.losses.mean_squared_error` call is TF2's
# (Keras') function, so those are run as TF1 code (the corpus files are TF1 code)
TF1 = Options(tf1=TF1Mode.YES)
EXECUTED_ELEMENTWISE: list[tuple[str, int, dict[str, str], Options]] = [
    # Keras: Huber on rank-1 inputs, MSE/MAE (TF1 code), contrib's MSE predictions first
    ("id25113047410_huber_list_display", 0, {"pz": "vec", "lz": "vec2"}, Options()),
    (
        "id8259049538_kd_loss_every_elementwise_loss",
        0,
        {"bert_feat": "reg", "encoded": "reg2"},
        TF1,
    ),
    (
        "id8259049538_kd_loss_every_elementwise_loss",
        1,
        {"bert_feat": "reg", "encoded": "reg2"},
        Options(),
    ),
    (
        "id44790613333_contrib_mse_estimator_metric",
        0,
        {"targets": "vec", "predictions": "vec2"},
        Options(),
    ),
    # plain ops: hinge and log loss (TF1's label mapping and epsilon)
    (
        "id8259049538_kd_loss_every_elementwise_loss",
        3,
        {"bert_feat": "binary", "encoded": "reg2"},
        Options(),
    ),
    (
        "id8259049538_kd_loss_every_elementwise_loss",
        5,
        {"bert_feat": "binary", "encoded": "probs"},
        Options(),
    ),
    # plain ops: a mask with zeros under SUM_BY_NONZERO_WEIGHTS, then NONE
    (
        "id16324261492_bert_mse_mask_nonzero_and_none",
        0,
        {"target_weights": "reg", "logits": "reg2", "target_mask": "mask2d"},
        TF1,
    ),
    (
        "id16324261492_bert_mse_mask_nonzero_and_none",
        1,
        {"target_weights": "reg", "logits": "reg2", "target_mask": "mask2d"},
        TF1,
    ),
    # plain ops: Huber NONE; Huber SUM with a delta held in a tensor
    (
        "id23074558807_dopamine_huber_mse_none",
        0,
        {"target": "vec", "replay_chosen_q": "vec2"},
        Options(),
    ),
    (
        "id1070604280_rpn_huber_delta_var_sum",
        0,
        {"pos_anchor_boxes": "reg", "pos_box_logits": "reg2", "delta": "delta"},
        Options(),
    ),
    # plain ops: log loss with weights under SUM_OVER_BATCH_SIZE
    (
        "id5400755777_esmm_log_loss_sum_over_batch",
        0,
        {"ctr_labels": "binary", "ctr_preds": "probs", "batch_weight": "mask2d"},
        Options(),
    ),
    # plain ops: compute_weighted_loss with [batch, time, 1] weights; sigmoid with a mask
    (
        "id23314196037_tacotron_staticmethod_returns",
        0,
        {"l1_loss": "l1", "mask": "mask2d"},
        Options(),
    ),
    (
        "id23314196037_tacotron_staticmethod_returns",
        1,
        {"done": "binary", "done_hat": "reg3", "mask": "mask2d"},
        Options(),
    ),
    # plain ops: weights with zeros and negative values, labels behind stop_gradient; NONE
    (
        "id36143352419_ddpg_weights_param",
        0,
        {"q_values": "vec", "target_q_values": "vec2", "weights": "weights"},
        TF1,
    ),
    (
        "id3513029144_estimator_sigmoid_none_then_weighted",
        0,
        {"logits": "logits", "labels": "binary"},
        Options(),
    ),
    # contrib/slim: the collection is read (plain ops that add to it), contrib's unreduced hinge
    (
        "id49501001483_slim_mse_total_loss_metrics",
        0,
        {"predictions": "reg", "y_batch": "reg2"},
        Options(loss_collections=Assumption.YES),
    ),
    (
        "id34052559724_contrib_bare_sigmoid_total_loss",
        0,
        {"predicted_scores": "logits", "scores": "binary"},
        Options(loss_collections=Assumption.YES),
    ),
    (
        "id33696860727_contrib_log_hinge_augassign",
        1,
        {"self.model.prediction": "reg2", "self.labels": "binary"},
        Options(),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stem", "index", "kinds", "options"),
    EXECUTED_ELEMENTWISE,
    ids=[f"{stem.split('_')[0]}-{index}" for stem, index, _, _ in EXECUTED_ELEMENTWISE],
)
def test_issue11_real_calls_execute_the_same_before_and_after(
    stem: str, index: int, kinds: dict[str, str], options: Options
) -> None:
    pytest.importorskip("tensorflow")
    _execute_before_and_after(stem, index, kinds, options, _ELEMENTWISE)


# --- a real notebook (nbformat 4, Python 2 kernel metadata, TF1 code) --------------------


def test_real_notebook() -> None:
    import json

    from migrate.cli.process import transform_bytes

    path = CORPUS / "aymericdamien_TensorFlow-Examples_recurrent_network.ipynb"
    data = path.read_bytes()
    outcome = transform_bytes(
        data, display=path.name, options=Options(), notebook=True, want_diff=False
    )
    assert outcome.result.error is None
    # the cell with the loss is cells[3]; the call starts on its 5th line, column 26
    [finding] = outcome.result.findings
    assert (finding.code, finding.action) == ("TFC106", Action.REWRITE)
    assert (finding.cell, finding.line, finding.column) == (3, 5, 26)
    assert outcome.new_data is not None
    before, after = json.loads(data), json.loads(outcome.new_data)
    changed = [
        (i, a, b)
        for i, (c0, c1) in enumerate(zip(before["cells"], after["cells"], strict=True))
        for a, b in zip(c0["source"], c1["source"], strict=True)
        if a != b
    ]
    assert changed == [
        (3, "    logits=logits, labels=Y))\n", "    logits=logits, labels=tf.stop_gradient(Y)))\n")
    ]
    assert after["cells"][1]["outputs"] == before["cells"][1]["outputs"]
    assert after["metadata"] == before["metadata"]
    again = transform_bytes(
        outcome.new_data, display=path.name, options=Options(), notebook=True, want_diff=False
    )
    assert again.new_data is None
    assert not [f for f in again.result.findings if f.action is not Action.REPORT]


def test_v1_nn_sentinel_keyword_is_valid() -> None:
    # TF1's v1 signature: `_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None`
    source = (
        "import tensorflow as tf\nsess = tf.Session()\n"
        "l = tf.nn.softmax_cross_entropy_with_logits(_sentinel=None, labels=y, logits=x)\n"
    )
    result = transform_source(source)
    assert [(f.code, f.action) for f in result.findings] == [("TFC106", Action.REWRITE)]
    assert "labels=tf.stop_gradient(y), logits=x)" in result.output
    assert "_sentinel" not in result.output


def _notebook(*sources: str) -> bytes:
    import json

    cells = [
        {"cell_type": "code", "execution_count": i, "metadata": {}, "outputs": [], "source": s}
        for i, s in enumerate(sources, 1)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 2}).encode()


def test_notebook_time_cell_magic_body_is_python() -> None:
    from migrate.cli.process import transform_bytes

    data = _notebook(
        "import tensorflow as tf\n", "%%time\nloss = tf.losses.softmax_cross_entropy(y, x)"
    )
    outcome = transform_bytes(data, display="nb", options=Options(), notebook=True, want_diff=False)
    assert [f.cell for f in outcome.result.findings] == [1]


def test_notebook_parse_error_names_the_cell() -> None:
    from migrate.cli.process import transform_bytes

    data = _notebook(
        "import tensorflow as tf\n",
        "loss = tf.losses.softmax_cross_entropy(y, x)\n",
        "print 'loss', loss",
    )
    outcome = transform_bytes(data, display="nb", options=Options(), notebook=True, want_diff=False)
    assert outcome.new_data is None  # left untouched
    assert outcome.result.error is not None
    assert "cell" in outcome.result.error


# `loss_collection=tf.GraphKeys.LOSSES` is TF1's default spelled out: not a reader
def test_default_loss_collection_spelled_out_is_not_a_reader() -> None:
    source = (
        "import tensorflow as tf\n"
        "loss = tf.losses.softmax_cross_entropy(y, x, loss_collection=tf.GraphKeys.LOSSES)\n"
    )
    result = transform_source(source)
    assert [(f.code, f.action) for f in result.findings] == [("TFC101", Action.REWRITE)]
    assert f"loss = {CCE}(tf.stop_gradient(y), x)" in result.output


# a name only a star import of a target namespace may bind gets at least a report
def test_star_import_of_a_target_namespace_is_reported() -> None:
    source = "from tensorflow.compat.v1.losses import *\nloss = softmax_cross_entropy(y, x)\n"
    assert [f.code for f in transform_source(source).findings] == ["TFC101"]
