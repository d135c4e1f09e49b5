"""Repository-wide facts that no single module can tell (read as text, never parsed or run).

The engine sees one module at a time, but some of its decisions depend on code that is
usually elsewhere in the project:

* in TF1 code, ``tf.nn.softmax_cross_entropy_with_logits`` is TF1's v1 function (no gradient
  into the labels): a helper module that happens to use no TF1-only name is TF1 code too when
  the project's other files use ``tf.placeholder``, ``tf.Session``, ``tf.contrib``...
  (``Options.tf1``; the project's declared TensorFlow, ``migrate.cli.project``, counts too);

* a native Keras loss is not added to ``GraphKeys.LOSSES``: a reader in another file
  (``tf.losses.get_total_loss()``, ``get_losses``, ``get_collection(GraphKeys.LOSSES)``) would
  silently lose terms (``Options.loss_collections``);
* under a multi-replica ``tf.distribute`` strategy, usually set up in the training script,
  Keras 3 divides ``sum_over_batch_size`` by the replica count (``Options.distributed``);
* a global mixed-precision or floatx policy makes logits float16/bfloat16/float64, which Keras 3
  would compute in float32 (``Options.non_float32``);
* a Keras layer that builds masks (``Embedding(mask_zero=True)``, ``Masking``), usually in the
  model's module, attaches one to the logits, which Keras 3 losses apply and TF1 ignores
  (``Options.keras_masks``).

So before the run the CLI scans the project (the directory of the configuration file, else the
git repository root, else the given paths); the first file that shows one of these sets the
matching option to ``Assumption.YES`` for every module. Files are read as bytes and tested with
a cheap pattern first; then the engine's own text test decides (comments ignored).
"""

from __future__ import annotations

from collections.abc import Iterable

from migrate.files.discovery import Candidate
from migrate.files.fileio import FileIOError, decode_source, read_bytes

__all__ = ["EVIDENCE_FIELDS", "find_repository_evidence"]

EVIDENCE_FIELDS = ("tf1", "loss_collections", "distributed", "non_float32", "keras_masks")
"""The ``Options`` fields a pre-scan may set, in the order they are reported."""

_QUICK: dict[str, tuple[bytes, ...]] = {
    "tf1": (b"tensorflow",),
    "loss_collections": (b"get_total_loss", b"get_losses", b"LOSSES", b"get_collection"),
    "distributed": (b"distribute", b"Strategy", b"experimental_run_v2", b"call_for_each_replica"),
    "non_float32": (b"mixed_precision", b"set_floatx", b"mixed_float16", b"mixed_bfloat16"),
    "keras_masks": (
        b"mask_zero",
        b"Masking",
        b"supports_masking",
        b"compute_mask",
        b"_keras_mask",
    ),
}
"""Byte strings of which every file with the evidence contains one: a file with none of the
still-missing fields' strings is not decoded or tokenised (``in`` on bytes: a fast C search)."""


def _quick(fields: Iterable[str]) -> tuple[bytes, ...]:
    return tuple(text for field in sorted(fields) for text in _QUICK[field])


def find_repository_evidence(
    candidates: Iterable[Candidate], wanted: Iterable[str] = EVIDENCE_FIELDS
) -> dict[str, tuple[str, str]]:
    """``{options field: (display path of the first file showing it, what it shows)}`` for the
    ``wanted`` fields.

    Stops reading as soon as every wanted field has a file.
    """
    from migrate.engine.text_facts import repository_evidence
    from migrate.engine.tf1_evidence import tf1_evidence

    missing = set(wanted)
    found: dict[str, tuple[str, str]] = {}
    quick = _quick(missing)
    for candidate in candidates:
        if not missing:
            break
        if candidate.skip_reason is not None or candidate.missing or candidate.error:
            continue
        try:
            data, _ = read_bytes(candidate.path)
        except FileIOError:
            continue
        if not any(text in data for text in quick):
            continue
        if candidate.notebook:
            text = data.decode("utf-8", errors="replace").replace('\\"', '"')
        else:
            try:
                text = decode_source(data).text
            except FileIOError:
                continue
        shown = {field: "" for field in repository_evidence(text) & missing}
        if "tf1" in missing:
            tf1 = tf1_evidence(text)
            if tf1 is not None:
                shown["tf1"] = f"uses TF1-only {tf1}"
        new = sorted(shown)
        for field in new:
            found[field] = (candidate.display, shown[field])
            missing.discard(field)
        if new and missing:
            quick = _quick(missing)
    return found
