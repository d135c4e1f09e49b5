"""Engine options: what the user chose (from flags or ``[tool.tfcompat-migrate]``).

Every field has a safe default; the CLI maps flags and ``pyproject.toml`` keys onto them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Assumption", "Denominator", "Fallback", "Options", "TF1Mode"]


class Fallback(str, enum.Enum):
    """What to do with a call that cannot be rewritten to native Keras exactly."""

    PLAIN = "plain"
    """Write it out in plain TF2 ops where that is exact (``tf.nn``, ``tf.reduce_sum``,
    ``tf.math.divide_no_nan``...), else the shim (the default)."""
    SHIM = "shim"
    """Rewrite it to the exact ``tfcompat_losses`` equivalent: a one-line diff."""
    REPORT = "report"
    """Leave it untouched and report it."""


class Denominator(str, enum.Enum):
    """What a normalising reduction divides by under a multi-replica ``tf.distribute`` strategy."""

    PER_REPLICA = "per-replica"
    """Each replica's own denominator, as TF1 computed it (the default: the same numbers)."""
    GLOBAL = "global"
    """The whole global batch's (all-reduced): per-replica losses sum to the single-device loss.
    A different number from TF1's: an explicit opt-in, computed by the shim."""


class TF1Mode(str, enum.Enum):
    """Whether a module is TF1 code (decides how ``tf.nn.softmax_cross_entropy_with_logits`` is read)."""

    AUTO = "auto"
    """TF1 when the module uses an API that exists only in TF 1.x through TF's plain namespace
    (``tf.placeholder``, ``tf.Session``, ``tf.contrib``, ``tf.losses.softmax_cross_entropy``,
    ..., see ``migrate.engine.symbols.TF1_ONLY``). The CLI's project pre-scan sets ``YES`` for every
    module when any file of the project does, or when the project declares TensorFlow 1.x.
    ``tf.compat.v1.nn.softmax_cross_entropy_with_logits`` (also through ``import
    tensorflow.compat.v1 as tf``) is v1 in every mode."""
    YES = "yes"
    """The user says the whole tree is TF1 code."""
    NO = "no"
    """The user says the tree is TF2 code."""


class Assumption(str, enum.Enum):
    """A repository-wide fact the user may assert instead of per-module detection."""

    AUTO = "auto"
    """Detect it in each module (text evidence; errs on the safe side)."""
    YES = "yes"
    """Assume it holds everywhere."""
    NO = "no"
    """Assume it never holds (the user vouches for it)."""


@dataclass(frozen=True)
class Options:
    """What the engine may do.

    Attributes:
        fallback: calls that cannot be rewritten to native Keras exactly are written out in
            plain TF2 ops where that is exact, else routed to the shim (``Fallback.PLAIN``,
            default); routed to the ``tfcompat_losses`` shim (``Fallback.SHIM``: one-line
            diffs); or left untouched and reported (``Fallback.REPORT``).
        tf1: whether modules are TF1 code (``tf.nn.softmax_cross_entropy_with_logits`` is then
            the v1 function that stops the gradient into labels). Default: detect per module.
        select: rule codes or code prefixes to apply (``None``: all rules).
        ignore: rule codes or code prefixes never to apply (wins over ``select``).
        loss_collections: whether code reads the ``GraphKeys.LOSSES`` collection
            (``get_total_loss()``, ``get_losses()``, ``get_collection(GraphKeys.LOSSES)``).
            A native Keras loss is not added to it, so a call whose loss is collected is only
            rewritten natively when nothing reads the collection. ``AUTO`` (default) looks at
            the module itself only; set ``YES`` when any file of the repository reads it
            (``migrate.engine.text_facts.reads_loss_collections`` is a cheap text test for a pre-scan),
            ``NO`` when the user vouches nothing does.
        non_float32: whether logits may be float16/bfloat16/float64. Keras 3 computes losses in
            float32 (floatx) while TF1 computes in the logits' dtype, so such calls are not
            rewritten natively. ``AUTO`` (default) treats any mention of ``float16``,
            ``bfloat16``, ``float64``, ``mixed_precision``, ``set_floatx``, ``.half`` or
            ``.double`` in the module's code as evidence; ``YES``: never rewrite losses
            natively; ``NO``: the user vouches that logits are float32.
        distributed: whether losses may be computed inside a multi-replica ``tf.distribute``
            strategy. Keras 3 then divides ``"sum_over_batch_size"`` losses by the number of
            replicas and TF1 does not, so only ``"none"``/``"sum"`` rewrites stay native.
            ``AUTO`` (default) treats any mention of ``tf.distribute``, ``*Strategy``,
            ``strategy.run``/``experimental_run_v2``/``call_for_each_replica`` or an
            Estimator's ``train_distribute`` in the module as evidence; ``YES``: assume it
            everywhere; ``NO``: the user vouches it never happens.
        keras_masks: whether logits may carry a Keras mask (``_keras_mask``, attached by a
            Keras layer downstream of ``Embedding(mask_zero=True)``, ``Masking``...). Keras 3
            losses weight by the mask of ``y_pred`` and TF1 losses ignore it, so no call is
            rewritten natively. ``AUTO`` (default) treats any mention of ``mask_zero``,
            ``Masking``, ``supports_masking``, ``compute_mask`` or ``_keras_mask`` in the
            module as evidence; ``YES``: assume it everywhere; ``NO``: the user vouches that
            no logits carry one.
    """

    fallback: Fallback = Fallback.PLAIN
    tf1: TF1Mode = TF1Mode.AUTO
    select: frozenset[str] | None = None
    """Rule codes (or code prefixes) to apply; ``None`` means all."""
    ignore: frozenset[str] = frozenset()
    """Rule codes (or code prefixes) never to apply."""
    loss_collections: Assumption = Assumption.AUTO
    non_float32: Assumption = Assumption.AUTO
    distributed: Assumption = Assumption.AUTO
    keras_masks: Assumption = Assumption.AUTO
    denominator: Denominator = Denominator.PER_REPLICA
    """Under a strategy: TF1's per-replica denominators, or the global one (shim, opt-in)."""
    evidence: tuple[tuple[str, str], ...] = ()
    """``(field, why)`` for the assumptions a project pre-scan set to yes (``("tf1",
    "pkg/train.py uses TF1-only `tf.placeholder` (line 3)")``): the reason findings give."""

    def why(self, field: str) -> str:
        """Why the assumption ``field`` holds: the pre-scan's evidence, else the option."""
        for name, text in self.evidence:
            if name == field:
                return text
        return f"Options.{field}=yes"

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` is selected and not ignored."""
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return self.select is None or any(code.startswith(prefix) for prefix in self.select)
